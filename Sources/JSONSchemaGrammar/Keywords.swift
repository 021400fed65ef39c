/// How the converter treats each JSON Schema keyword.
enum Keywords {
    /// Keywords that never constrain a value: always accepted, never enforced.
    static let annotations: Set<String> = [
        "title", "description", "default", "examples", "example", "$schema", "$id", "$comment", "deprecated",
        "readOnly", "writeOnly", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$vocabulary",
        "contentMediaType", "contentEncoding", "contentSchema", "discriminator", "externalDocs", "xml",
    ]

    /// Keywords that hold subschemas for references rather than constraints.
    static let containers: Set<String> = ["$defs", "definitions"]

    /// Keywords the converter knows how to apply to any value.
    static let general: Set<String> = ["type", "enum", "const", "nullable", "$ref", "allOf", "anyOf", "oneOf"]

    /// Keywords that constrain objects only.
    static let object: Set<String> = [
        "properties", "required", "additionalProperties", "patternProperties", "propertyNames", "minProperties",
        "maxProperties", "dependentRequired", "dependentSchemas", "dependencies", "unevaluatedProperties",
    ]

    /// Keywords that constrain arrays only.
    static let array: Set<String> = [
        "items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains", "minContains",
        "maxContains", "unevaluatedItems",
    ]

    /// Keywords that constrain strings only.
    static let string: Set<String> = ["minLength", "maxLength", "pattern", "format"]

    /// Keywords that constrain numbers only.
    static let number: Set<String> = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]

    /// Keywords no grammar here enforces, whatever the type of the value.
    static let unsupportedGeneral: Set<String> = ["not", "if", "then", "else", "$dynamicRef", "$recursiveRef"]

    /// Whether `keyword` constrains values (as opposed to annotating them or being unknown, which
    /// JSON Schema treats as an annotation).
    static func isAssertion(_ keyword: String) -> Bool {
        general.contains(keyword) || object.contains(keyword) || array.contains(keyword)
            || string.contains(keyword) || number.contains(keyword) || unsupportedGeneral.contains(keyword)
    }
}
