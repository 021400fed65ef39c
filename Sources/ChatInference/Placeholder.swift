// ChatInference: work in progress; see the issues.
