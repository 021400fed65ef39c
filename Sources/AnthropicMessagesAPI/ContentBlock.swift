public import ChatCompletionsAPI

/// A block of a message's content, in requests and responses.
public enum ContentBlock: Sendable, Hashable {
    case text(String)
    /// A call of a client tool: its id, the tool's name, and the input (a JSON object).
    case toolUse(id: String, name: String, input: JSONValue)
    /// A tool's result, answering the call `toolUseID`.
    case toolResult(toolUseID: String, content: String, isError: Bool)
    /// The model's thinking before its answer, with the signature Anthropic attaches (empty here:
    /// a local server has nothing to sign; it is accepted back as it is).
    case thinking(String, signature: String)
    /// Thinking Anthropic encrypted; nothing a local model can read, so it is dropped from prompts.
    case redactedThinking(String)

    /// The block's `type`.
    public var typeName: String {
        switch self {
        case .text: "text"
        case .toolUse: "tool_use"
        case .toolResult: "tool_result"
        case .thinking: "thinking"
        case .redactedThinking: "redacted_thinking"
        }
    }

    /// The block as Anthropic writes it.
    public var json: JSONValue {
        switch self {
        case .text(let text): ["type": "text", "text": .string(text)]
        case .toolUse(let id, let name, let input):
            ["type": "tool_use", "id": .string(id), "name": .string(name), "input": input]
        case .toolResult(let id, let content, let isError):
            [
                "type": "tool_result", "tool_use_id": .string(id), "content": .string(content),
                "is_error": .bool(isError),
            ]
        case .thinking(let text, let signature):
            ["type": "thinking", "thinking": .string(text), "signature": .string(signature)]
        case .redactedThinking(let data): ["type": "redacted_thinking", "data": .string(data)]
        }
    }

    /// Block types Anthropic has that a text-only server without server tools cannot take.
    static let refusedTypes: [String: String] = [
        "image": "Image blocks are not supported: this server reads text only.",
        "document": "Document blocks are not supported: this server reads text only.",
        "search_result": "search_result blocks are not supported by this server.",
        "server_tool_use": "Server tools are not run by this server.",
        "web_search_tool_result": "Server tools are not run by this server.",
        "container_upload": "Code execution containers are not supported by this server.",
    ]

    /// Reads a request's block.
    public init(json value: JSONValue, at path: String) throws(InvalidRequestError) {
        let fields = try JSONFields(value, at: path)
        guard let type = try fields.string("type") else { throw fields.missing("type") }
        if let refusal = Self.refusedTypes[type] {
            throw InvalidRequestError(
                message: "'\(path)': " + refusal, param: fields.path("type"), code: "unsupported_value")
        }
        switch type {
        case "text":
            try fields.refuseUnknown(["type", "text", "cache_control", "citations"])
            self = .text(try fields.requiredString("text"))
        case "tool_use":
            try fields.refuseUnknown(["type", "id", "name", "input", "cache_control"])
            guard let input = fields.value("input") else { throw fields.missing("input") }
            guard case .object = input else { throw fields.typeError("input", "an object", input) }
            self = .toolUse(id: try fields.requiredString("id"), name: try fields.requiredString("name"), input: input)
        case "tool_result":
            try fields.refuseUnknown(["type", "tool_use_id", "content", "is_error", "cache_control"])
            var text = ""
            if let content = fields.value("content") {
                if case .string(let string) = content {
                    text = string
                } else if let parts = try fields.array("content") {
                    var texts: [String] = []
                    for part in parts {
                        guard case .text(let partText) = try ContentBlock(json: part.value, at: part.path) else {
                            throw InvalidRequestError(
                                message: "'\(part.path)': a tool result holds text blocks only.", param: part.path,
                                code: "invalid_value")
                        }
                        texts.append(partText)
                    }
                    text = texts.joined(separator: "\n")
                }
            }
            self = .toolResult(
                toolUseID: try fields.requiredString("tool_use_id"), content: text,
                isError: try fields.bool("is_error") ?? false)
        case "thinking":
            try fields.refuseUnknown(["type", "thinking", "signature"])
            self = .thinking(try fields.requiredString("thinking"), signature: try fields.string("signature") ?? "")
        case "redacted_thinking":
            try fields.refuseUnknown(["type", "data"])
            self = .redactedThinking(try fields.requiredString("data"))
        default:
            throw InvalidRequestError(
                message: "'\(path)' has an unknown block type '\(type)'; the types taken are text, tool_use, "
                    + "tool_result, thinking and redacted_thinking.",
                param: fields.path("type"), code: "invalid_value")
        }
    }
}
