/// A call the model made to one of the request's tools.
///
/// For a function tool, `function` holds the function's name and its arguments as JSON text. For a
/// custom tool (`type` ``ToolType/custom``), `function.name` is the tool's name and
/// `function.arguments` its free-form input; on the wire that is `{"custom": {"name", "input"}}`.
///
/// Decoding is lenient in two ways, because tool calls come back from many providers: unknown
/// members (such as a streamed call's `index`) are ignored, and arguments sent as a JSON object
/// instead of a string are kept as that object's JSON text.
public struct ToolCall: Sendable, Hashable {
    /// The call's id, which the tool message answering it repeats as `tool_call_id`.
    public var id: String
    /// The kind of tool called; `function` unless a custom tool was called.
    public var type: ToolType
    /// The function (or custom tool) called and its arguments (or input).
    public var function: FunctionCall

    /// A call with this id to this function.
    public init(id: String, type: ToolType = .function, function: FunctionCall) {
        self.id = id
        self.type = type
        self.function = function
    }
}

/// The name of a called function and its arguments, as the JSON text the model wrote.
public struct FunctionCall: Sendable, Hashable {
    /// The function's name.
    public var name: String
    /// The arguments, as JSON text; the model may write invalid JSON, so parse with care.
    public var arguments: String

    /// A function call.
    public init(name: String, arguments: String) {
        self.name = name
        self.arguments = arguments
    }
}

extension ToolCall: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, type, function, custom
    }

    private enum CustomKeys: String, CodingKey {
        case name, input
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        type = try container.decodeIfPresent(ToolType.self, forKey: .type) ?? .function
        if type == .custom || (!container.contains(.function) && container.contains(.custom)) {
            let custom = try container.nestedContainer(keyedBy: CustomKeys.self, forKey: .custom)
            function = FunctionCall(
                name: try custom.decode(String.self, forKey: .name),
                arguments: try custom.decode(String.self, forKey: .input))
        } else {
            function = try container.decode(FunctionCall.self, forKey: .function)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        if type == .custom {
            var custom = container.nestedContainer(keyedBy: CustomKeys.self, forKey: .custom)
            try custom.encode(function.name, forKey: .name)
            try custom.encode(function.arguments, forKey: .input)
        } else {
            try container.encode(function, forKey: .function)
        }
    }
}

extension FunctionCall: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, arguments
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        arguments = try decodeArguments(in: container, forKey: .arguments) ?? ""
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(arguments, forKey: .arguments)
    }
}

/// Arguments as JSON text: a string as it is, an object or array as its serialization.
func decodeArguments<Key: CodingKey>(in container: KeyedDecodingContainer<Key>, forKey key: Key) throws -> String? {
    guard let raw = try container.rawValueIfPresent(forKey: key) else { return nil }
    switch raw {
    case .string(let text): return text
    case .object, .array: return raw.jsonString()
    default: throw container.typeError(forKey: key, expected: "a string", found: raw)
    }
}
