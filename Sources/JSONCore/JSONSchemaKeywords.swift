/// The JSON Schema keywords this project reads (draft 2020-12, with the earlier drafts' spellings
/// still met in tools' parameters): which hold subschemas and how, and what each constrains. One
/// table for the request limits, the grammar builder and the validator, so that a keyword added
/// here is walked, counted and enforced alike.
public enum JSONSchemaKeywords {
    /// How a keyword's value holds subschemas.
    public enum Holding: Sendable {
        /// One schema (`not`, `additionalProperties`, …).
        case schema
        /// One schema, or an array of them (`items`, as drafts before 2020-12 allow).
        case schemaOrList
        /// An array of schemas (`allOf`, `prefixItems`, …).
        case list
        /// An object whose members are schemas (`properties`, `patternProperties`, …); members that
        /// are arrays are not schemas (`dependencies` mixes both).
        case map
        /// An object whose members are named definitions (`$defs`, `definitions`).
        case definitions
    }

    /// Every keyword that holds subschemas, in the order walks visit them.
    public static let holdingSubschemas: [(keyword: String, holding: Holding)] = [
        ("properties", .map), ("$defs", .definitions), ("definitions", .definitions), ("patternProperties", .map),
        ("dependentSchemas", .map), ("dependencies", .map), ("additionalProperties", .schema),
        ("additionalItems", .schema), ("unevaluatedItems", .schema), ("unevaluatedProperties", .schema),
        ("not", .schema), ("if", .schema), ("then", .schema), ("else", .schema), ("contains", .schema),
        ("propertyNames", .schema), ("items", .schemaOrList), ("prefixItems", .list), ("anyOf", .list),
        ("allOf", .list), ("oneOf", .list),
    ]

    /// The keywords whose members are named definitions, referred to rather than applied.
    public static let definitions: Set<String> = Set(
        holdingSubschemas.filter { $0.holding == .definitions }.map(\.keyword))

    /// Where a subschema sits under its keyword.
    public enum Place: Sendable, Equatable {
        /// The keyword's value itself.
        case value
        /// An element of the keyword's array.
        case index(Int)
        /// A member of the keyword's object.
        case name(String)
    }

    /// The schemas directly inside `schema`, found only under keywords that hold schemas (a
    /// schema-like object inside `const`, `enum` or an unknown keyword is data). Values of the wrong
    /// shape (an array under `not`) are left out; values that are not schemas at all (`"not": 5`)
    /// are kept, for the caller to judge.
    public static func subschemas(of schema: JSONObject) -> [(keyword: String, place: Place, schema: JSONValue)] {
        var found: [(keyword: String, place: Place, schema: JSONValue)] = []
        for (keyword, holding) in holdingSubschemas {
            guard let value = schema[keyword] else { continue }
            switch (holding, value) {
            case (.list, .array(let elements)), (.schemaOrList, .array(let elements)):
                for (index, element) in elements.enumerated() { found.append((keyword, .index(index), element)) }
            case (.list, _), (.schema, .array):
                continue
            case (.schema, _), (.schemaOrList, _):
                found.append((keyword, .value, value))
            case (.map, .object(let members)), (.definitions, .object(let members)):
                for (name, member) in members {
                    if case .array = member { continue }
                    found.append((keyword, .name(name), member))
                }
            case (.map, _), (.definitions, _):
                continue
            }
        }
        return found
    }

    /// Keywords that never constrain a value: always accepted, never enforced.
    public static let annotations: Set<String> = [
        "title", "description", "default", "examples", "example", "$schema", "$id", "$comment", "deprecated",
        "readOnly", "writeOnly", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$vocabulary",
        "contentMediaType", "contentEncoding", "contentSchema", "discriminator", "externalDocs", "xml",
    ]

    /// Keywords that apply to any value.
    public static let general: Set<String> = [
        "type", "enum", "const", "nullable", "$ref", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
        "$dynamicRef", "$recursiveRef",
    ]

    /// Keywords that constrain objects only.
    public static let object: Set<String> = [
        "properties", "required", "additionalProperties", "patternProperties", "propertyNames", "minProperties",
        "maxProperties", "dependentRequired", "dependentSchemas", "dependencies", "unevaluatedProperties",
    ]

    /// Keywords that constrain arrays only.
    public static let array: Set<String> = [
        "items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains", "minContains",
        "maxContains", "unevaluatedItems",
    ]

    /// Keywords that constrain strings only.
    public static let string: Set<String> = ["minLength", "maxLength", "pattern", "format"]

    /// Keywords that constrain numbers only.
    public static let number: Set<String> = [
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    ]

    /// Whether `keyword` constrains values (as opposed to annotating them or being unknown, which
    /// JSON Schema treats as an annotation).
    public static func isAssertion(_ keyword: String) -> Bool {
        general.contains(keyword) || object.contains(keyword) || array.contains(keyword)
            || string.contains(keyword) || number.contains(keyword)
    }
}
