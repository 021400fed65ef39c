// JSONSchemaGrammar: work in progress; see the issues.
