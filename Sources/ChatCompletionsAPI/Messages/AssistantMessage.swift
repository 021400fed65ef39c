/// A message the model wrote earlier in the conversation, sent back as history: its text, its
/// refusal, or the tool calls it made.
///
/// A ``ChatCompletionMessage`` sent back as it came (with `annotations`, and `null` for the
/// deprecated `function_call`) decodes too; those members are dropped.
public struct AssistantMessage: Sendable, Hashable {
    /// The text, or text and refusal parts; `nil` when the message only calls tools.
    public var content: MessageContent?
    /// The refusal the model gave instead of an answer.
    public var refusal: String?
    /// An optional name telling participants of the same role apart.
    public var name: String?
    /// The tool calls the model made.
    public var toolCalls: [ToolCall]?
    /// A reference to audio the model produced earlier.
    public var audio: AudioReference?
    /// The thinking that came before this answer (`reasoning_content`; `reasoning` is read as the
    /// same field). Templates that show earlier reasoning receive it.
    public var reasoningContent: String?

    /// An assistant message.
    public init(
        content: MessageContent? = nil, refusal: String? = nil, name: String? = nil, toolCalls: [ToolCall]? = nil,
        audio: AudioReference? = nil, reasoningContent: String? = nil
    ) {
        self.content = content
        self.refusal = refusal
        self.name = name
        self.toolCalls = toolCalls
        self.audio = audio
        self.reasoningContent = reasoningContent
    }

    /// The history entry for a message the model returned: its content, refusal, tool calls,
    /// audio id and reasoning.
    public init(_ message: ChatCompletionMessage) {
        self.init(
            content: message.content.map { .text($0) }, refusal: message.refusal, toolCalls: message.toolCalls,
            audio: message.audio.map { AudioReference(id: $0.id) }, reasoningContent: message.reasoningContent)
    }

    /// Points at audio the model produced in an earlier response.
    public struct AudioReference: Sendable, Hashable, Codable {
        /// The id of the earlier audio response.
        public var id: String

        /// A reference to the audio with this id.
        public init(id: String) { self.id = id }

        private enum CodingKeys: String, CodingKey {
            case id
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownMembers(known: ["id"])
            id = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .id)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
        }
    }
}

extension AssistantMessage: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case role, content, refusal, name
        case toolCalls = "tool_calls"
        case audio
        case reasoningContent = "reasoning_content"
        case reasoning
    }

    public init(from decoder: any Decoder) throws {
        // `annotations` belongs to response messages; clients that send a returned message back as
        // history include it, so it is accepted and dropped.
        try decoder.rejectUnknownMembers(
            known: Set(CodingKeys.allCases.map(\.rawValue)), deprecated: ["function_call": "tool_calls"],
            ignored: ["annotations"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try checkRole(in: container, key: .role, expected: .assistant)
        content = try container.decodeIfPresent(MessageContent.self, forKey: .content)
        refusal = try container.decodeIfPresent(String.self, forKey: .refusal)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        toolCalls = try container.decodeIfPresent([ToolCall].self, forKey: .toolCalls)
        audio = try container.decodeIfPresent(AudioReference.self, forKey: .audio)
        reasoningContent =
            try container.decodeIfPresent(String.self, forKey: .reasoningContent)
            ?? container.decodeIfPresent(String.self, forKey: .reasoning)
    }

    /// Writes `content: null` when there is no content, as OpenAI does for messages that only
    /// call tools; every other member only when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Role.assistant, forKey: .role)
        try container.encodeOrNull(content, forKey: .content)
        try container.encodeIfPresent(refusal, forKey: .refusal)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
        try container.encodeIfPresent(audio, forKey: .audio)
        try container.encodeIfPresent(reasoningContent, forKey: .reasoningContent)
    }
}
