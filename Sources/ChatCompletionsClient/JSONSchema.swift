public import ChatCompletionsAPI

/// A JSON Schema, built from small values instead of written out as JSON.
///
/// ```swift
/// let schema = JSONSchema.object([
///     "city": .string(description: "The city's name"),
///     "temperature": .number(minimum: -90, maximum: 60),
///     "conditions": .enumeration(["sunny", "cloudy", "rain"]),
///     "forecast": .array(of: .string(), maxItems: 3),
/// ])
/// ```
///
/// Objects list every property as required and allow no others by default, which is what
/// OpenAI's strict structured outputs demand; an optional property is written as a
/// ``nullable(_:)`` one. ``value`` is the schema as JSON; any schema not covered by the builders
/// can be given as JSON with ``init(_:)``.
public struct JSONSchema: Sendable, Hashable {
    /// The schema as JSON.
    public var value: JSONValue

    /// A schema given as JSON.
    public init(_ value: JSONValue) { self.value = value }

    /// A string, optionally limited to a length range, a regular expression or a format (such as
    /// `date`, `date-time`, `email`, `uuid`).
    public static func string(
        description: String? = nil, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil,
        format: String? = nil
    ) -> JSONSchema {
        build(
            "string", description,
            [
                ("minLength", minLength.map { .int($0) }), ("maxLength", maxLength.map { .int($0) }),
                ("pattern", pattern.map { .string($0) }), ("format", format.map { .string($0) }),
            ])
    }

    /// An integer, optionally within bounds.
    public static func integer(description: String? = nil, minimum: Int? = nil, maximum: Int? = nil) -> JSONSchema {
        build("integer", description, [("minimum", minimum.map { .int($0) }), ("maximum", maximum.map { .int($0) })])
    }

    /// A number, optionally within bounds.
    public static func number(
        description: String? = nil, minimum: Double? = nil, maximum: Double? = nil
    )
        -> JSONSchema
    {
        build(
            "number", description,
            [("minimum", minimum.map { .double($0) }), ("maximum", maximum.map { .double($0) })])
    }

    /// `true` or `false`.
    public static func boolean(description: String? = nil) -> JSONSchema {
        build("boolean", description, [])
    }

    /// `null`.
    public static let null = JSONSchema(["type": "null"])

    /// An array of items following `items`, optionally with bounds on its length.
    public static func array(
        of items: JSONSchema, description: String? = nil, minItems: Int? = nil, maxItems: Int? = nil
    ) -> JSONSchema {
        build(
            "array", description,
            [("items", items.value), ("minItems", minItems.map { .int($0) }), ("maxItems", maxItems.map { .int($0) })])
    }

    /// An object with these properties, in this order. `required` defaults to all of them;
    /// `additionalProperties` to `false`.
    public static func object(
        _ properties: KeyValuePairs<String, JSONSchema>, required: [String]? = nil, description: String? = nil,
        additionalProperties: Bool = false
    ) -> JSONSchema {
        let members = JSONObject(properties.map { ($0.key, $0.value.value) })
        let names = required ?? properties.map(\.key)
        return build(
            "object", description,
            [
                ("properties", .object(members)), ("required", .array(names.map { .string($0) })),
                ("additionalProperties", .bool(additionalProperties)),
            ])
    }

    /// One of these strings.
    public static func enumeration(_ values: [String], description: String? = nil) -> JSONSchema {
        build("string", description, [("enum", .array(values.map { .string($0) }))])
    }

    /// Exactly this value.
    public static func constant(_ value: JSONValue, description: String? = nil) -> JSONSchema {
        var object: JSONObject = ["const": value]
        if let description { object["description"] = .string(description) }
        return JSONSchema(.object(object))
    }

    /// A value following at least one of these schemas.
    public static func anyOf(_ schemas: [JSONSchema], description: String? = nil) -> JSONSchema {
        var object: JSONObject = ["anyOf": .array(schemas.map(\.value))]
        if let description { object["description"] = .string(description) }
        return JSONSchema(.object(object))
    }

    /// `schema`, or `null`: how strict structured outputs spell an optional value.
    public static func nullable(_ schema: JSONSchema) -> JSONSchema {
        if case .object(var object) = schema.value, case .string(let type)? = object["type"] {
            object["type"] = [.string(type), "null"]
            if case .array(let values)? = object["enum"], !values.contains(.null) {
                object["enum"] = .array(values + [.null])
            }
            return JSONSchema(.object(object))
        }
        return anyOf([schema, .null])
    }

    /// A reference to a definition of the root schema's `$defs`, e.g. `reference("node")`.
    public static func reference(_ name: String) -> JSONSchema {
        JSONSchema(["$ref": .string("#/$defs/\(name)")])
    }

    /// This schema with `$defs` (definitions that ``reference(_:)`` points at) added.
    public func definitions(_ definitions: KeyValuePairs<String, JSONSchema>) -> JSONSchema {
        guard case .object(var object) = value else { return self }
        object["$defs"] = .object(JSONObject(definitions.map { ($0.key, $0.value.value) }))
        return JSONSchema(.object(object))
    }

    /// This schema with a description, to guide the model.
    public func description(_ text: String) -> JSONSchema {
        guard case .object(var object) = value else { return self }
        object["description"] = .string(text)
        return JSONSchema(.object(object))
    }

    private static func build(_ type: String, _ description: String?, _ members: [(String, JSONValue?)]) -> JSONSchema {
        var object: JSONObject = ["type": .string(type)]
        if let description { object["description"] = .string(description) }
        for case (let key, let value?) in members { object[key] = value }
        return JSONSchema(.object(object))
    }
}

extension JSONSchema: ExpressibleByDictionaryLiteral {
    /// A schema written as a JSON object literal.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(.object(JSONObject(elements)))
    }
}

extension JSONSchema: Codable {
    /// Reads a schema as any JSON value.
    public init(from decoder: any Decoder) throws {
        self.init(try JSONValue(from: decoder))
    }

    /// Writes the schema as its JSON.
    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}
