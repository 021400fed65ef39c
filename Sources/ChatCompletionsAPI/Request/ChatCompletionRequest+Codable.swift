extension ChatCompletionRequest: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case model, messages
        case frequencyPenalty = "frequency_penalty"
        case presencePenalty = "presence_penalty"
        case logitBias = "logit_bias"
        case logprobs
        case topLogprobs = "top_logprobs"
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
        case n
        case responseFormat = "response_format"
        case seed
        case serviceTier = "service_tier"
        case stop, stream
        case streamOptions = "stream_options"
        case temperature
        case topP = "top_p"
        case tools
        case toolChoice = "tool_choice"
        case parallelToolCalls = "parallel_tool_calls"
        case user
        case reasoningEffort = "reasoning_effort"
        case verbosity, modalities, prediction, metadata, store
        case promptCacheKey = "prompt_cache_key"
        case promptCacheOptions = "prompt_cache_options"
        case safetyIdentifier = "safety_identifier"
        case webSearchOptions = "web_search_options"
        case audio, moderation
        case minP = "min_p"
        case topK = "top_k"
        case repetitionPenalty = "repetition_penalty"
        case ignoreEOS = "ignore_eos"
        case logPrompt = "log_prompt"
        case loglikelihood
        case promptLogprobs = "prompt_logprobs"
        case peft
        case chatTemplateKwargs = "chat_template_kwargs"
        case reasoningBudgetTokens = "reasoning_budget_tokens"
    }

    /// The wire names of every parameter the request models, in encoding order.
    public static let parameterNames: [String] = CodingKeys.allCases.map(\.rawValue)

    /// Deprecated parameters that decoding rejects, with what to use instead.
    public static let deprecatedParameters: [String: String] = [
        "functions": "tools",
        "function_call": "tool_choice",
        "prompt_cache_retention": "prompt_cache_options.ttl",
    ]

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(
            known: Set(Self.parameterNames), deprecated: Self.deprecatedParameters)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        messages = try container.decode([ChatMessage].self, forKey: .messages)
        frequencyPenalty = try container.decodeIfPresent(Double.self, forKey: .frequencyPenalty)
        presencePenalty = try container.decodeIfPresent(Double.self, forKey: .presencePenalty)
        logitBias = try container.decodeIfPresent([String: Double].self, forKey: .logitBias)
        logprobs = try container.decodeIfPresent(Bool.self, forKey: .logprobs)
        topLogprobs = try container.decodeIfPresent(Int.self, forKey: .topLogprobs)
        maxTokens = try container.decodeIfPresent(Int.self, forKey: .maxTokens)
        maxCompletionTokens = try container.decodeIfPresent(Int.self, forKey: .maxCompletionTokens)
        n = try container.decodeIfPresent(Int.self, forKey: .n)
        responseFormat = try container.decodeIfPresent(ResponseFormat.self, forKey: .responseFormat)
        seed = try container.decodeIfPresent(Int.self, forKey: .seed)
        serviceTier = try container.decodeIfPresent(ServiceTier.self, forKey: .serviceTier)
        stop = try container.decodeIfPresent(StopSequences.self, forKey: .stop)
        stream = try container.decodeIfPresent(Bool.self, forKey: .stream)
        streamOptions = try container.decodeIfPresent(StreamOptions.self, forKey: .streamOptions)
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
        topP = try container.decodeIfPresent(Double.self, forKey: .topP)
        tools = try container.decodeIfPresent([Tool].self, forKey: .tools)
        toolChoice = try container.decodeIfPresent(ToolChoice.self, forKey: .toolChoice)
        parallelToolCalls = try container.decodeIfPresent(Bool.self, forKey: .parallelToolCalls)
        user = try container.decodeIfPresent(String.self, forKey: .user)
        reasoningEffort = try container.decodeIfPresent(ReasoningEffort.self, forKey: .reasoningEffort)
        verbosity = try container.decodeIfPresent(Verbosity.self, forKey: .verbosity)
        modalities = try container.decodeIfPresent([Modality].self, forKey: .modalities)
        prediction = try container.decodeIfPresent(Prediction.self, forKey: .prediction)
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata)
        store = try container.decodeIfPresent(Bool.self, forKey: .store)
        promptCacheKey = try container.decodeIfPresent(String.self, forKey: .promptCacheKey)
        promptCacheOptions = try container.decodeIfPresent(PromptCacheOptions.self, forKey: .promptCacheOptions)
        safetyIdentifier = try container.decodeIfPresent(String.self, forKey: .safetyIdentifier)
        webSearchOptions = try container.decodeIfPresent(WebSearchOptions.self, forKey: .webSearchOptions)
        audio = try container.decodeIfPresent(AudioOutputOptions.self, forKey: .audio)
        moderation = try container.decodeIfPresent(ModerationOptions.self, forKey: .moderation)
        minP = try container.decodeIfPresent(Double.self, forKey: .minP)
        topK = try container.decodeIfPresent(Int.self, forKey: .topK)
        repetitionPenalty = try container.decodeIfPresent(Double.self, forKey: .repetitionPenalty)
        ignoreEOS = try container.decodeIfPresent(Bool.self, forKey: .ignoreEOS)
        logPrompt = try container.decodeIfPresent(Bool.self, forKey: .logPrompt)
        loglikelihood = try container.decodeIfPresent(Bool.self, forKey: .loglikelihood)
        promptTopLogprobs = nil
        extraBody = nil
        peft = try container.decodeIfPresent(String.self, forKey: .peft)
        chatTemplateKwargs = try container.decodeIfPresent(JSONObject.self, forKey: .chatTemplateKwargs)
        reasoningBudgetTokens = try container.decodeIfPresent(Int.self, forKey: .reasoningBudgetTokens)
        try decodePromptLogprobs(from: container)
    }

    /// `prompt_logprobs` is vLLM's spelling of `loglikelihood`: `true`/`false`, or a count of
    /// alternatives per prompt token (which implies `true`).
    private mutating func decodePromptLogprobs(from container: KeyedDecodingContainer<CodingKeys>) throws {
        guard let raw = try container.rawValueIfPresent(forKey: .promptLogprobs) else { return }
        let wanted: Bool
        switch raw {
        case .bool(let flag):
            wanted = flag
        case .int, .double:
            guard let count = raw.intValue else {
                throw container.typeError(forKey: .promptLogprobs, expected: "a boolean or an integer", found: raw)
            }
            promptTopLogprobs = count
            wanted = true
        default:
            throw container.typeError(forKey: .promptLogprobs, expected: "a boolean or an integer", found: raw)
        }
        if let loglikelihood, loglikelihood != wanted {
            let path = container.codingPath + [CodingKeys.promptLogprobs]
            throw DecodingError.issue(
                "'prompt_logprobs' and 'loglikelihood' disagree: one asks for prompt log probabilities and the "
                    + "other does not; send only one of them.",
                code: "invalid_value", at: path)
        }
        loglikelihood = wanted
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(messages, forKey: .messages)
        try container.encodeIfPresent(frequencyPenalty, forKey: .frequencyPenalty)
        try container.encodeIfPresent(presencePenalty, forKey: .presencePenalty)
        if let logitBias {
            // Sorted for a stable body; whole biases go out as integers, the type OpenAI documents.
            let object = JSONObject(
                logitBias.sorted { $0.key < $1.key }.map { key, value in
                    (key, Int(exactly: value).map(JSONValue.int) ?? .double(value))
                })
            try container.encode(object, forKey: .logitBias)
        }
        try container.encodeIfPresent(logprobs, forKey: .logprobs)
        try container.encodeIfPresent(topLogprobs, forKey: .topLogprobs)
        try container.encodeIfPresent(maxTokens, forKey: .maxTokens)
        try container.encodeIfPresent(maxCompletionTokens, forKey: .maxCompletionTokens)
        try container.encodeIfPresent(n, forKey: .n)
        try container.encodeIfPresent(responseFormat, forKey: .responseFormat)
        try container.encodeIfPresent(seed, forKey: .seed)
        try container.encodeIfPresent(serviceTier, forKey: .serviceTier)
        try container.encodeIfPresent(stop, forKey: .stop)
        try container.encodeIfPresent(stream, forKey: .stream)
        try container.encodeIfPresent(streamOptions, forKey: .streamOptions)
        try container.encodeIfPresent(temperature, forKey: .temperature)
        try container.encodeIfPresent(topP, forKey: .topP)
        try container.encodeIfPresent(tools, forKey: .tools)
        try container.encodeIfPresent(toolChoice, forKey: .toolChoice)
        try container.encodeIfPresent(parallelToolCalls, forKey: .parallelToolCalls)
        try container.encodeIfPresent(user, forKey: .user)
        try container.encodeIfPresent(reasoningEffort, forKey: .reasoningEffort)
        try container.encodeIfPresent(verbosity, forKey: .verbosity)
        try container.encodeIfPresent(modalities, forKey: .modalities)
        try container.encodeIfPresent(prediction, forKey: .prediction)
        if let metadata {
            let object = JSONObject(metadata.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
            try container.encode(object, forKey: .metadata)
        }
        try container.encodeIfPresent(store, forKey: .store)
        try container.encodeIfPresent(promptCacheKey, forKey: .promptCacheKey)
        try container.encodeIfPresent(promptCacheOptions, forKey: .promptCacheOptions)
        try container.encodeIfPresent(safetyIdentifier, forKey: .safetyIdentifier)
        try container.encodeIfPresent(webSearchOptions, forKey: .webSearchOptions)
        try container.encodeIfPresent(audio, forKey: .audio)
        try container.encodeIfPresent(moderation, forKey: .moderation)
        try container.encodeIfPresent(minP, forKey: .minP)
        try container.encodeIfPresent(topK, forKey: .topK)
        try container.encodeIfPresent(repetitionPenalty, forKey: .repetitionPenalty)
        try container.encodeIfPresent(ignoreEOS, forKey: .ignoreEOS)
        try container.encodeIfPresent(logPrompt, forKey: .logPrompt)
        try container.encodeIfPresent(loglikelihood, forKey: .loglikelihood)
        try container.encodeIfPresent(promptTopLogprobs, forKey: .promptLogprobs)
        try container.encodeIfPresent(peft, forKey: .peft)
        try container.encodeIfPresent(chatTemplateKwargs, forKey: .chatTemplateKwargs)
        try container.encodeIfPresent(reasoningBudgetTokens, forKey: .reasoningBudgetTokens)
        if let extraBody { try encoder.encodeAdditional(extraBody) }
    }
}

/// Parsed and decoded strictly (``DecodableRequest``): malformed JSON (with line and column), a body
/// that is not an object, unknown or deprecated members, unknown roles or content part types, and
/// values of the wrong type are each an ``InvalidRequestError`` naming the parameter's path.
extension ChatCompletionRequest: DecodableRequest {}
