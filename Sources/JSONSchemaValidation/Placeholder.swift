// JSONSchemaValidation: work in progress; see the issues.
