// ChatTemplates: work in progress; see the issues.
