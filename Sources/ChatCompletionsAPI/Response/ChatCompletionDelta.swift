/// What one chunk adds to a streamed message: the role (first chunk), a piece of content or
/// refusal, or pieces of tool calls.
public struct ChatCompletionDelta: Sendable, Hashable {
    /// The message's role, usually only in the first chunk.
    public var role: Role?
    /// A piece of the answer's text.
    public var content: String?
    /// A piece of the refusal.
    public var refusal: String?
    /// Pieces of tool calls, matched up by their `index`.
    public var toolCalls: [ToolCallDelta]?
    /// A piece of the model's thinking before its answer (`reasoning_content`, the convention of
    /// DeepSeek, vLLM and llama.cpp; `reasoning` is read as the same field).
    public var reasoningContent: String?
    /// Members this type does not model.
    public var additionalFields: JSONObject

    /// A delta; empty by default (the shape of a choice's last chunk).
    public init(
        role: Role? = nil, content: String? = nil, refusal: String? = nil, toolCalls: [ToolCallDelta]? = nil,
        reasoningContent: String? = nil, additionalFields: JSONObject = [:]
    ) {
        self.role = role
        self.content = content
        self.refusal = refusal
        self.toolCalls = toolCalls
        self.reasoningContent = reasoningContent
        self.additionalFields = additionalFields
    }
}

/// A piece of a streamed tool call. The first piece of a call carries its `id`, `type` and
/// function name; later pieces carry more of the arguments' text.
public struct ToolCallDelta: Sendable, Hashable {
    /// Which tool call of the message this piece belongs to.
    public var index: Int
    /// The call's id, in its first piece.
    public var id: String?
    /// The kind of tool, in its first piece.
    public var type: ToolType?
    /// The function's name and a piece of its arguments.
    public var function: FunctionCallDelta?
    /// Members this type does not model.
    public var additionalFields: JSONObject

    /// A tool call piece.
    public init(
        index: Int, id: String? = nil, type: ToolType? = nil, function: FunctionCallDelta? = nil,
        additionalFields: JSONObject = [:]
    ) {
        self.index = index
        self.id = id
        self.type = type
        self.function = function
        self.additionalFields = additionalFields
    }
}

/// A piece of a streamed function call.
public struct FunctionCallDelta: Sendable, Hashable {
    /// The function's name, in the call's first piece.
    public var name: String?
    /// The next piece of the arguments' JSON text.
    public var arguments: String?

    /// A function call piece.
    public init(name: String? = nil, arguments: String? = nil) {
        self.name = name
        self.arguments = arguments
    }
}

extension ChatCompletionDelta: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case role, content, refusal
        case toolCalls = "tool_calls"
        case reasoningContent = "reasoning_content"
        case reasoning
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decodeIfPresent(Role.self, forKey: .role)
        content = try container.decodeIfPresent(String.self, forKey: .content)
        refusal = try container.decodeIfPresent(String.self, forKey: .refusal)
        toolCalls = try container.decodeIfPresent([ToolCallDelta].self, forKey: .toolCalls)
        reasoningContent =
            try container.decodeIfPresent(String.self, forKey: .reasoningContent)
            ?? container.decodeIfPresent(String.self, forKey: .reasoning)
        additionalFields = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(role, forKey: .role)
        try container.encodeIfPresent(content, forKey: .content)
        try container.encodeIfPresent(refusal, forKey: .refusal)
        try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
        try container.encodeIfPresent(reasoningContent, forKey: .reasoningContent)
        try encoder.encodeAdditional(
            additionalFields,
            skipping: presentNames([
                ("role", role != nil), ("content", content != nil), ("refusal", refusal != nil),
                ("tool_calls", toolCalls != nil), ("reasoning_content", reasoningContent != nil),
            ]))
    }
}

extension ToolCallDelta: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case index, id, type, function
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decode(Int.self, forKey: .index, default: 0)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        type = try container.decodeIfPresent(ToolType.self, forKey: .type)
        function = try container.decodeIfPresent(FunctionCallDelta.self, forKey: .function)
        additionalFields = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(type, forKey: .type)
        try container.encodeIfPresent(function, forKey: .function)
        try encoder.encodeAdditional(
            additionalFields,
            skipping: presentNames([
                ("index", true), ("id", id != nil), ("type", type != nil), ("function", function != nil),
            ]))
    }
}

extension FunctionCallDelta: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, arguments
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        arguments = try decodeArguments(in: container, forKey: .arguments)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(arguments, forKey: .arguments)
    }
}
