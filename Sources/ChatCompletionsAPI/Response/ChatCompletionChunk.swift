/// One server-sent event's worth of a streamed answer (`object: "chat.completion.chunk"`).
///
/// The first chunk of a choice usually carries the role, later ones pieces of content or tool
/// calls, the last one the finish reason. With `stream_options.include_usage` a final chunk with
/// empty `choices` carries the usage (some providers put usage on the last content chunk instead).
/// Decoding is tolerant in the same ways as ``ChatCompletion``.
public struct ChatCompletionChunk: Sendable, Hashable {
    /// The completion's id, the same in every chunk of a stream.
    public var id: String
    /// Always `chat.completion.chunk`.
    public var object: String
    /// When the completion was created, in seconds since 1970; the same in every chunk.
    public var created: Int
    /// The model that answers.
    public var model: String
    /// The pieces of each choice in this chunk; empty in a usage-only chunk.
    public var choices: [Choice]
    /// Token counts; usually only on the last chunk.
    public var usage: CompletionUsage?
    /// Identifies the backend configuration.
    public var systemFingerprint: String?
    /// The tier that processed the request.
    public var serviceTier: ServiceTier?
    /// The log probability of every prompt token after the first (usually on the first chunk).
    public var promptLogprobs: [TokenLogprob]?
    /// Members this type does not model (OpenAI's `obfuscation`, llama.cpp's `timings`, …).
    public var additionalFields: JSONObject

    /// A chunk.
    public init(
        id: String, object: String = "chat.completion.chunk", created: Int, model: String, choices: [Choice],
        usage: CompletionUsage? = nil, systemFingerprint: String? = nil, serviceTier: ServiceTier? = nil,
        promptLogprobs: [TokenLogprob]? = nil, additionalFields: JSONObject = [:]
    ) {
        self.id = id
        self.object = object
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
        self.systemFingerprint = systemFingerprint
        self.serviceTier = serviceTier
        self.promptLogprobs = promptLogprobs
        self.additionalFields = additionalFields
    }

    /// A piece of one choice.
    public struct Choice: Sendable, Hashable {
        /// Which choice this piece belongs to.
        public var index: Int
        /// What the piece adds to the message.
        public var delta: ChatCompletionDelta
        /// Why generation stopped; set on the choice's last piece only.
        public var finishReason: FinishReason?
        /// Log probabilities of the tokens in this piece, when requested.
        public var logprobs: ChoiceLogprobs?
        /// Members this type does not model (vLLM's `stop_reason`, …).
        public var additionalFields: JSONObject

        /// A piece of a choice.
        public init(
            index: Int, delta: ChatCompletionDelta, finishReason: FinishReason? = nil,
            logprobs: ChoiceLogprobs? = nil, additionalFields: JSONObject = [:]
        ) {
            self.index = index
            self.delta = delta
            self.finishReason = finishReason
            self.logprobs = logprobs
            self.additionalFields = additionalFields
        }
    }
}

extension ChatCompletionChunk: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, object, created, model, choices, usage
        case serviceTier = "service_tier"
        case systemFingerprint = "system_fingerprint"
        case promptLogprobs = "prompt_logprobs"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var extra = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        id = try container.decode(String.self, forKey: .id)
        object = try container.decode(String.self, forKey: .object, default: "chat.completion.chunk")
        created = try container.decode(Int.self, forKey: .created, default: 0)
        model = try container.decode(String.self, forKey: .model, default: "")
        choices = try container.decode([Choice].self, forKey: .choices, default: [])
        usage = try container.decodeIfPresent(CompletionUsage.self, forKey: .usage)
        serviceTier = try container.decodeIfPresent(ServiceTier.self, forKey: .serviceTier)
        systemFingerprint = try container.decodeIfPresent(String.self, forKey: .systemFingerprint)
        promptLogprobs = try container.decodeTolerantly([TokenLogprob].self, forKey: .promptLogprobs, keepingIn: &extra)
        additionalFields = extra
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(object, forKey: .object)
        try container.encode(created, forKey: .created)
        try container.encode(model, forKey: .model)
        try container.encode(choices, forKey: .choices)
        try container.encodeIfPresent(usage, forKey: .usage)
        try container.encodeIfPresent(serviceTier, forKey: .serviceTier)
        try container.encodeIfPresent(systemFingerprint, forKey: .systemFingerprint)
        try container.encodeIfPresent(promptLogprobs, forKey: .promptLogprobs)
        try encoder.encodeAdditional(
            additionalFields,
            skipping: presentNames([
                ("id", true), ("object", true), ("created", true), ("model", true), ("choices", true),
                ("usage", usage != nil), ("service_tier", serviceTier != nil),
                ("system_fingerprint", systemFingerprint != nil), ("prompt_logprobs", promptLogprobs != nil),
            ]))
    }
}

extension ChatCompletionChunk.Choice: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case index, delta
        case finishReason = "finish_reason"
        case logprobs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decode(Int.self, forKey: .index, default: 0)
        delta = try container.decode(ChatCompletionDelta.self, forKey: .delta, default: ChatCompletionDelta())
        finishReason = try container.decodeIfPresent(FinishReason.self, forKey: .finishReason)
        logprobs = try container.decodeIfPresent(ChoiceLogprobs.self, forKey: .logprobs)
        additionalFields = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    /// Writes `finish_reason` and `logprobs` always (`null` when unset), as OpenAI does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(delta, forKey: .delta)
        try container.encodeOrNull(finishReason, forKey: .finishReason)
        try container.encodeOrNull(logprobs, forKey: .logprobs)
        try encoder.encodeAdditional(additionalFields, skipping: Set(CodingKeys.allCases.map(\.rawValue)))
    }
}
