/// A complete answer to a chat completion request (`object: "chat.completion"`).
///
/// Decoding is tolerant, so that answers from any compatible provider can be read: members this
/// type does not model (llama.cpp's `timings`, OpenAI's `moderation`, …) are kept in
/// ``additionalFields``, enumerations accept unknown values, and a `prompt_logprobs` member in a
/// provider's own shape is kept there too instead of failing. Encoding writes the contract's
/// required members (and `null` for required ones that are `nil`), the optional ones that are set,
/// then ``additionalFields``. Required members a provider leaves out take neutral values (`object`
/// its constant, `created` 0, `model` empty, a choice's `index` 0); `id` and each choice's
/// `message` must be there.
public struct ChatCompletion: Sendable, Hashable {
    /// The completion's id, e.g. `chatcmpl-…`.
    public var id: String
    /// Always `chat.completion`.
    public var object: String
    /// When the completion was created, in seconds since 1970.
    public var created: Int
    /// The model that answered.
    public var model: String
    /// The alternative answers; more than one when the request's `n` was above 1.
    public var choices: [Choice]
    /// Token counts for the request.
    public var usage: CompletionUsage?
    /// Identifies the backend configuration, to make sense of `seed`.
    public var systemFingerprint: String?
    /// The tier that processed the request.
    public var serviceTier: ServiceTier?
    /// The log probability of every prompt token after the first, when the request asked for
    /// `loglikelihood` (wire name `prompt_logprobs`).
    public var promptLogprobs: [TokenLogprob]?
    /// The request's `metadata`, echoed back by providers that store completions.
    public var metadata: [String: String]?
    /// Members this type does not model, in the order they came.
    public var additionalFields: JSONObject

    /// A completion.
    public init(
        id: String, object: String = "chat.completion", created: Int, model: String, choices: [Choice],
        usage: CompletionUsage? = nil, systemFingerprint: String? = nil, serviceTier: ServiceTier? = nil,
        promptLogprobs: [TokenLogprob]? = nil, metadata: [String: String]? = nil, additionalFields: JSONObject = [:]
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
        self.metadata = metadata
        self.additionalFields = additionalFields
    }

    /// One alternative answer.
    public struct Choice: Sendable, Hashable {
        /// The choice's position among the choices.
        public var index: Int
        /// The answer.
        public var message: ChatCompletionMessage
        /// Why generation stopped.
        public var finishReason: FinishReason?
        /// Log probabilities of the answer's tokens, when requested.
        public var logprobs: ChoiceLogprobs?
        /// Members this type does not model (vLLM's `stop_reason`, …).
        public var additionalFields: JSONObject

        /// A choice.
        public init(
            index: Int, message: ChatCompletionMessage, finishReason: FinishReason? = nil,
            logprobs: ChoiceLogprobs? = nil,
            additionalFields: JSONObject = [:]
        ) {
            self.index = index
            self.message = message
            self.finishReason = finishReason
            self.logprobs = logprobs
            self.additionalFields = additionalFields
        }
    }
}

extension ChatCompletion: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, object, created, model, choices, usage
        case serviceTier = "service_tier"
        case systemFingerprint = "system_fingerprint"
        case promptLogprobs = "prompt_logprobs"
        case metadata
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var extra = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        id = try container.decode(String.self, forKey: .id)
        object = try container.decode(String.self, forKey: .object, default: "chat.completion")
        created = try container.decode(Int.self, forKey: .created, default: 0)
        model = try container.decode(String.self, forKey: .model, default: "")
        choices = try container.decode([Choice].self, forKey: .choices, default: [])
        usage = try container.decodeIfPresent(CompletionUsage.self, forKey: .usage)
        serviceTier = try container.decodeIfPresent(ServiceTier.self, forKey: .serviceTier)
        systemFingerprint = try container.decodeIfPresent(String.self, forKey: .systemFingerprint)
        promptLogprobs = try container.decodeTolerantly([TokenLogprob].self, forKey: .promptLogprobs, keepingIn: &extra)
        metadata = try container.decodeTolerantly([String: String].self, forKey: .metadata, keepingIn: &extra)
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
        if let metadata {
            let object = JSONObject(metadata.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
            try container.encode(object, forKey: .metadata)
        }
        try encoder.encodeAdditional(
            additionalFields,
            skipping: presentNames([
                ("id", true), ("object", true), ("created", true), ("model", true), ("choices", true),
                ("usage", usage != nil), ("service_tier", serviceTier != nil),
                ("system_fingerprint", systemFingerprint != nil), ("prompt_logprobs", promptLogprobs != nil),
                ("metadata", metadata != nil),
            ]))
    }
}

extension ChatCompletion.Choice: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case index, message
        case finishReason = "finish_reason"
        case logprobs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decode(Int.self, forKey: .index, default: 0)
        message = try container.decode(ChatCompletionMessage.self, forKey: .message)
        finishReason = try container.decodeIfPresent(FinishReason.self, forKey: .finishReason)
        logprobs = try container.decodeIfPresent(ChoiceLogprobs.self, forKey: .logprobs)
        additionalFields = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(message, forKey: .message)
        try container.encodeOrNull(finishReason, forKey: .finishReason)
        try container.encodeOrNull(logprobs, forKey: .logprobs)
        try encoder.encodeAdditional(additionalFields, skipping: Set(CodingKeys.allCases.map(\.rawValue)))
    }
}
