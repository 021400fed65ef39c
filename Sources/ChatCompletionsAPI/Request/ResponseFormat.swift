/// The form the model's answer must take.
public enum ResponseFormat: Sendable, Hashable {
    /// Free text (the default).
    case text
    /// Any valid JSON object ("JSON mode"); the prompt should ask for JSON too.
    case jsonObject
    /// JSON that follows a given schema ("structured outputs").
    case jsonSchema(JSONSchemaFormat)
    /// JSON mode with a schema beside the type, `{"type": "json_object", "schema": {…}}`: the form
    /// OctoAI and llama.cpp's server accept.
    case jsonObjectWithSchema(JSONValue)

    /// The format's `type` on the wire.
    public var type: String {
        switch self {
        case .text: return "text"
        case .jsonObject, .jsonObjectWithSchema: return "json_object"
        case .jsonSchema: return "json_schema"
        }
    }

    /// The JSON Schema the answer must follow, if any.
    public var schema: JSONValue? {
        switch self {
        case .jsonSchema(let format): return format.schema
        case .jsonObjectWithSchema(let schema): return schema
        default: return nil
        }
    }
}

/// A named JSON Schema for structured outputs.
public struct JSONSchemaFormat: Sendable, Hashable {
    /// The format's name: letters, digits, `_` and `-`, at most 64 characters.
    public var name: String
    /// What the format is for, to guide the model.
    public var description: String?
    /// The JSON Schema the answer must follow.
    public var schema: JSONValue?
    /// Whether the answer must follow the schema exactly.
    public var strict: Bool?

    /// A JSON Schema format.
    public init(name: String, description: String? = nil, schema: JSONValue? = nil, strict: Bool? = nil) {
        self.name = name
        self.description = description
        self.schema = schema
        self.strict = strict
    }
}

extension ResponseFormat: Codable {
    private enum CodingKeys: String, CodingKey {
        case type
        case jsonSchema = "json_schema"
        case schema
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "text":
            try decoder.rejectUnknownMembers(known: ["type"])
            self = .text
        case "json_object":
            try decoder.rejectUnknownMembers(known: ["type", "schema"])
            if let schema = try container.rawValueIfPresent(forKey: .schema) {
                self = .jsonObjectWithSchema(schema)
            } else {
                self = .jsonObject
            }
        case "json_schema":
            try decoder.rejectUnknownMembers(known: ["type", "json_schema"])
            self = .jsonSchema(try container.decode(JSONSchemaFormat.self, forKey: .jsonSchema))
        default:
            let path = decoder.codingPath + [CodingKeys.type]
            throw DecodingError.issue(
                "Invalid value for '\(parameterPath(path))': '\(type)' is not a response format; expected 'text', "
                    + "'json_object' or 'json_schema'.",
                code: "invalid_value", at: path)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .text, .jsonObject: break
        case .jsonSchema(let format): try container.encode(format, forKey: .jsonSchema)
        case .jsonObjectWithSchema(let schema): try container.encode(schema, forKey: .schema)
        }
    }
}

extension JSONSchemaFormat: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, schema, strict
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        schema = try container.rawValueIfPresent(forKey: .schema)
        strict = try container.decodeIfPresent(Bool.self, forKey: .strict)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(schema, forKey: .schema)
        try container.encodeIfPresent(strict, forKey: .strict)
    }
}
