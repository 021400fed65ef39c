public import ChatCompletionsAPI

/// Why the model stopped.
public enum StopReason: String, Sendable, Hashable {
    case endTurn = "end_turn"
    case maxTokens = "max_tokens"
    case stopSequence = "stop_sequence"
    case toolUse = "tool_use"
    case refusal
}

/// Token counts, as Anthropic reports them: `input_tokens` are those read afresh, cache reads apart.
public struct MessagesUsage: Sendable, Hashable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var cacheReadInputTokens: Int

    public init(inputTokens: Int, outputTokens: Int, cacheReadInputTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
    }

    /// Usage for a prompt of `promptTokens`, `cachedTokens` of them reused.
    public init(promptTokens: Int, cachedTokens: Int, outputTokens: Int) {
        self.init(
            inputTokens: promptTokens - cachedTokens, outputTokens: outputTokens, cacheReadInputTokens: cachedTokens)
    }

    public var json: JSONValue {
        [
            "input_tokens": .int(inputTokens), "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": .int(cacheReadInputTokens), "output_tokens": .int(outputTokens),
            "service_tier": "standard",
        ]
    }
}

/// The answer to a Messages request (a `message` object).
public struct MessagesResponse: Sendable, Hashable {
    public var id: String
    public var model: String
    public var content: [ContentBlock]
    public var stopReason: StopReason?
    public var stopSequence: String?
    public var usage: MessagesUsage

    public init(
        id: String, model: String, content: [ContentBlock], stopReason: StopReason?, stopSequence: String? = nil,
        usage: MessagesUsage
    ) {
        self.id = id
        self.model = model
        self.content = content
        self.stopReason = stopReason
        self.stopSequence = stopSequence
        self.usage = usage
    }

    public var json: JSONValue {
        [
            "id": .string(id), "type": "message", "role": "assistant", "model": .string(model),
            "content": .array(content.map(\.json)), "stop_reason": stopReason.map { .string($0.rawValue) } ?? .null,
            "stop_sequence": stopSequence.map(JSONValue.string) ?? .null, "usage": usage.json,
        ]
    }
}

/// An event of a streamed answer, with the name its `event:` line carries.
public enum MessagesStreamEvent: Sendable, Hashable {
    /// The message, empty, with the prompt's usage.
    case messageStart(MessagesResponse)
    /// A block begins at `index` (text and thinking empty, a tool use with an empty input).
    case contentBlockStart(index: Int, ContentBlock)
    case textDelta(index: Int, String)
    case thinkingDelta(index: Int, String)
    case signatureDelta(index: Int, String)
    /// A piece of a tool use's input, as JSON text.
    case inputJSONDelta(index: Int, String)
    case contentBlockStop(index: Int)
    /// The end: why, and the final usage.
    case messageDelta(stopReason: StopReason?, stopSequence: String?, usage: MessagesUsage)
    case messageStop
    case ping
    /// A failure after the stream began.
    case error(MessagesError)

    public var name: String {
        switch self {
        case .messageStart: "message_start"
        case .contentBlockStart: "content_block_start"
        case .textDelta, .thinkingDelta, .signatureDelta, .inputJSONDelta: "content_block_delta"
        case .contentBlockStop: "content_block_stop"
        case .messageDelta: "message_delta"
        case .messageStop: "message_stop"
        case .ping: "ping"
        case .error: "error"
        }
    }

    public var json: JSONValue {
        let type = JSONValue.string(name)
        switch self {
        case .messageStart(let message): return ["type": type, "message": message.json]
        case .contentBlockStart(let index, let block):
            return ["type": type, "index": .int(index), "content_block": block.json]
        case .textDelta(let index, let text):
            return ["type": type, "index": .int(index), "delta": ["type": "text_delta", "text": .string(text)]]
        case .thinkingDelta(let index, let text):
            return [
                "type": type, "index": .int(index), "delta": ["type": "thinking_delta", "thinking": .string(text)],
            ]
        case .signatureDelta(let index, let text):
            return [
                "type": type, "index": .int(index), "delta": ["type": "signature_delta", "signature": .string(text)],
            ]
        case .inputJSONDelta(let index, let text):
            return [
                "type": type, "index": .int(index),
                "delta": ["type": "input_json_delta", "partial_json": .string(text)],
            ]
        case .contentBlockStop(let index): return ["type": type, "index": .int(index)]
        case .messageDelta(let reason, let sequence, let usage):
            return [
                "type": type,
                "delta": [
                    "stop_reason": reason.map { .string($0.rawValue) } ?? .null,
                    "stop_sequence": sequence.map(JSONValue.string) ?? .null,
                ],
                "usage": usage.json,
            ]
        case .messageStop, .ping: return ["type": type]
        case .error(let error): return error.json
        }
    }

    /// The event as server-sent event text.
    public var serverSentEvent: ServerSentEvent { ServerSentEvent(event: name, data: json.jsonString()) }
}

/// An error in Anthropic's envelope: `{"type": "error", "error": {"type", "message"}}`.
public struct MessagesError: Error, Sendable, Hashable {
    /// `invalid_request_error`, `authentication_error`, `permission_error`, `not_found_error`,
    /// `request_too_large`, `rate_limit_error`, `api_error`, `overloaded_error`.
    public var type: String
    public var message: String

    public init(type: String, message: String) {
        self.type = type
        self.message = message
    }

    /// The error type Anthropic uses for an HTTP status.
    public static func type(forStatus status: Int) -> String {
        switch status {
        case 400, 422: "invalid_request_error"
        case 401: "authentication_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 413: "request_too_large"
        case 429: "rate_limit_error"
        case 503, 529: "overloaded_error"
        default: status >= 500 ? "api_error" : "invalid_request_error"
        }
    }

    public var json: JSONValue { ["type": "error", "error": ["type": .string(type), "message": .string(message)]] }
}
