import JSONCore

/// One schema, compiled: its keywords parsed and checked, subschemas replaced by their index in
/// the validator's node table (so that recursive schemas are plain cycles of indices).
struct SchemaNode: Sendable {
    /// `true` and `false` schemas, and the keywords of an object schema.
    enum Body: Sendable {
        case always(Bool)
        case keywords([Keyword])
    }

    /// Where the schema sits in the document (a JSON Pointer), for messages.
    var location: String
    var body: Body = .keywords([])
    /// OpenAPI 3.0's `nullable: true`: a `null` instance is valid whatever else the schema says.
    var nullable = false
    /// The schema resource (by `$id`) this schema belongs to; the dynamic scope is made of these.
    var resource: Int = 0
}

/// The JSON types that `type` can name.
enum InstanceType: String, Sendable, CaseIterable {
    case null, boolean, object, array, number, string, integer

    /// Whether `value` has this type (1.0 is an integer; every integer is a number).
    func admits(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.null, .null), (.boolean, .bool), (.object, .object), (.array, .array), (.string, .string): return true
        case (.number, .int), (.number, .double): return true
        case (.integer, _): return NumberArithmetic.isInteger(value)
        default: return false
        }
    }
}

/// A bound on a number: `minimum`, `exclusiveMaximum` and so on.
struct NumericBound: Sendable {
    /// The keyword that set the bound (its schema path segment).
    var keyword: String
    var limit: JSONValue
    var exclusive: Bool
}

/// A compiled keyword (or a group of keywords that only make sense together).
enum Keyword: Sendable {
    case type([InstanceType])
    case enumeration([JSONValue])
    case constant(JSONValue)
    /// `$ref` (or `$dynamicRef` whose target has no matching dynamic anchor).
    case reference(keyword: String, target: Int)
    /// `$dynamicRef`: `target` unless the dynamic scope holds an outer `$dynamicAnchor` named `anchor`.
    case dynamicReference(target: Int, anchor: String)
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(condition: Int, then: Int?, otherwise: Int?)

    case minimum(NumericBound)
    case maximum(NumericBound)
    case multipleOf(JSONValue)

    case minLength(Int)
    case maxLength(Int)
    case pattern(ECMARegex)
    case format(StringFormat)

    /// `properties`, `patternProperties` and `additionalProperties` (which depends on the other two).
    case members(properties: [String: Int], patterns: [(ECMARegex, Int)], additional: Int?)
    case propertyNames(Int)
    case required([String])
    case minProperties(Int)
    case maxProperties(Int)
    /// `dependentRequired`, or the array form of draft-07 `dependencies` (named by `keyword`).
    case dependentRequired(keyword: String, [(String, [String])])
    /// `dependentSchemas`, or the schema form of draft-07 `dependencies` (named by `keyword`).
    case dependentSchemas(keyword: String, [(String, Int)])

    /// `prefixItems`/`items` (2020-12) or `items`/`additionalItems` (draft-07 array form): the first
    /// `prefix.count` elements against their own schemas, the rest against `rest`.
    case items(prefixKeyword: String, prefix: [Int], restKeyword: String, rest: Int?)
    case contains(schema: Int, minimum: Int, maximum: Int?)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems

    /// Checked after every other keyword, against what they left unevaluated.
    case unevaluatedProperties(Int)
    case unevaluatedItems(Int)
}
