/// A legacy `POST /v1/completions` request: a prompt continued as it is, with no chat template.
/// Its sampling members are the chat request's (``SamplingMembers``), checked by the same rules.
public struct TextCompletionRequest: Sendable, Hashable, DecodableRequest, SamplingMembers {
    /// What to continue.
    public enum Prompt: Sendable, Hashable {
        /// One text.
        case text(String)
        /// Several texts, each completed on its own (choices `n` per text).
        case texts([String])
        /// One prompt given as token ids.
        case tokens([Int])
        /// Several prompts given as token ids.
        case tokenLists([[Int]])
    }

    public var model: String
    public var prompt: Prompt
    /// Text after the completion (insertion); only empty is meaningful to models that continue.
    public var suffix: String?
    /// Tokens to generate per choice, ≥ 0; OpenAI's default for this endpoint is 16.
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var n: Int?
    public var stream: Bool?
    public var streamOptions: StreamOptions?
    /// Log probabilities of each token and of this many alternatives, 0…5.
    public var logprobs: Int?
    /// Put the prompt before the completion in the answer.
    public var echo: Bool?
    public var stop: StopSequences?
    public var presencePenalty: Double?
    public var frequencyPenalty: Double?
    /// Choices generated server-side to return the best `n` of.
    public var bestOf: Int?
    public var logitBias: [String: Double]?
    public var user: String?
    public var seed: Int?
    public var topK: Int?
    public var minP: Double?
    public var repetitionPenalty: Double?
    public var ignoreEOS: Bool?

    /// The most alternatives `logprobs` may ask for on this endpoint.
    public static let maxLogprobs = 5

    /// A request continuing `prompt`.
    public init(model: String, prompt: Prompt) {
        self.model = model
        self.prompt = prompt
    }

    /// The prompts, each as text or token ids, in order.
    public var prompts: [Prompt] {
        switch prompt {
        case .text, .tokens: return [prompt]
        case .texts(let texts): return texts.map { .text($0) }
        case .tokenLists(let lists): return lists.map { .tokens($0) }
        }
    }

    /// Checks the request's ranges and rules and throws the first problem: the sampling rules of
    /// ``SamplingMembers`` (as for chat), `max_tokens` ≥ 0, `logprobs` 0…5, `best_of` 1…`maxN`,
    /// `stream_options` only with `stream: true`.
    public func validate(limits: ValidationLimits = .openAI) throws(InvalidRequestError) {
        var validator = RequestValidator(limits: limits, stopAtFirst: true)
        if model.isEmpty { validator.fail("model", "'model' must not be empty; name the model to use.") }
        validator.checkMinimum("max_tokens", maxTokens, 0)
        validator.checkIntegerRange("logprobs", logprobs, 0, Self.maxLogprobs)
        validator.checkIntegerRange("best_of", bestOf, 1, limits.maxN)
        if streamOptions != nil, stream != true {
            validator.fail("stream_options", "'stream_options' is only allowed when 'stream' is true.")
        }
        validator.checkSampling(self)
        if let first = validator.issues.first { throw first }
    }
}

extension TextCompletionRequest.Prompt: Codable {
    private static let shapes =
        "'prompt' must be a string, an array of strings, an array of token ids, or an array of arrays of token "
        + "ids (none empty)."

    public init(from decoder: any Decoder) throws {
        let value = try decoder.rawValue()
        func tokens(_ value: JSONValue) -> [Int]? {
            guard case .array(let items) = value, !items.isEmpty else { return nil }
            var ids: [Int] = []
            for item in items {
                guard let id = item.intValue else { return nil }
                ids.append(id)
            }
            return ids
        }
        switch value {
        case .string(let text): self = .text(text)
        case .array(let items) where !items.isEmpty && items.allSatisfy({ $0.stringValue != nil }):
            self = .texts(items.map { $0.stringValue! })
        case .array(let items) where !items.isEmpty:
            if let ids = tokens(value) {
                self = .tokens(ids)
            } else {
                let lists = items.compactMap(tokens)
                guard lists.count == items.count else {
                    throw DecodingError.issue(Self.shapes, code: "invalid_type", at: decoder.codingPath)
                }
                self = .tokenLists(lists)
            }
        default:
            throw DecodingError.issue(Self.shapes, code: "invalid_type", at: decoder.codingPath)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .texts(let texts): try container.encode(texts)
        case .tokens(let ids): try container.encode(ids)
        case .tokenLists(let lists): try container.encode(lists)
        }
    }
}

extension TextCompletionRequest: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case model, prompt, suffix
        case maxTokens = "max_tokens"
        case temperature
        case topP = "top_p"
        case n, stream
        case streamOptions = "stream_options"
        case logprobs, echo, stop
        case presencePenalty = "presence_penalty"
        case frequencyPenalty = "frequency_penalty"
        case bestOf = "best_of"
        case logitBias = "logit_bias"
        case user, seed
        case topK = "top_k"
        case minP = "min_p"
        case repetitionPenalty = "repetition_penalty"
        case ignoreEOS = "ignore_eos"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        prompt = try container.decode(Prompt.self, forKey: .prompt)
        suffix = try container.decodeIfPresent(String.self, forKey: .suffix)
        maxTokens = try container.decodeIfPresent(Int.self, forKey: .maxTokens)
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
        topP = try container.decodeIfPresent(Double.self, forKey: .topP)
        n = try container.decodeIfPresent(Int.self, forKey: .n)
        stream = try container.decodeIfPresent(Bool.self, forKey: .stream)
        streamOptions = try container.decodeIfPresent(StreamOptions.self, forKey: .streamOptions)
        logprobs = try container.decodeIfPresent(Int.self, forKey: .logprobs)
        echo = try container.decodeIfPresent(Bool.self, forKey: .echo)
        stop = try container.decodeIfPresent(StopSequences.self, forKey: .stop)
        presencePenalty = try container.decodeIfPresent(Double.self, forKey: .presencePenalty)
        frequencyPenalty = try container.decodeIfPresent(Double.self, forKey: .frequencyPenalty)
        bestOf = try container.decodeIfPresent(Int.self, forKey: .bestOf)
        logitBias = try container.decodeIfPresent([String: Double].self, forKey: .logitBias)
        user = try container.decodeIfPresent(String.self, forKey: .user)
        seed = try container.decodeIfPresent(Int.self, forKey: .seed)
        topK = try container.decodeIfPresent(Int.self, forKey: .topK)
        minP = try container.decodeIfPresent(Double.self, forKey: .minP)
        repetitionPenalty = try container.decodeIfPresent(Double.self, forKey: .repetitionPenalty)
        ignoreEOS = try container.decodeIfPresent(Bool.self, forKey: .ignoreEOS)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(prompt, forKey: .prompt)
        try container.encodeIfPresent(suffix, forKey: .suffix)
        try container.encodeIfPresent(maxTokens, forKey: .maxTokens)
        try container.encodeIfPresent(temperature, forKey: .temperature)
        try container.encodeIfPresent(topP, forKey: .topP)
        try container.encodeIfPresent(n, forKey: .n)
        try container.encodeIfPresent(stream, forKey: .stream)
        try container.encodeIfPresent(streamOptions, forKey: .streamOptions)
        try container.encodeIfPresent(logprobs, forKey: .logprobs)
        try container.encodeIfPresent(echo, forKey: .echo)
        try container.encodeIfPresent(stop, forKey: .stop)
        try container.encodeIfPresent(presencePenalty, forKey: .presencePenalty)
        try container.encodeIfPresent(frequencyPenalty, forKey: .frequencyPenalty)
        try container.encodeIfPresent(bestOf, forKey: .bestOf)
        try container.encodeIfPresent(logitBias, forKey: .logitBias)
        try container.encodeIfPresent(user, forKey: .user)
        try container.encodeIfPresent(seed, forKey: .seed)
        try container.encodeIfPresent(topK, forKey: .topK)
        try container.encodeIfPresent(minP, forKey: .minP)
        try container.encodeIfPresent(repetitionPenalty, forKey: .repetitionPenalty)
        try container.encodeIfPresent(ignoreEOS, forKey: .ignoreEOS)
    }
}
