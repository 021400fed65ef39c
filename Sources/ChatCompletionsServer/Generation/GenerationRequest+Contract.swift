public import ChatCompletionsAPI
import ChatInference

extension GenerationRequest {
    /// Maps a validated chat request to an engine request: what the client left out stays absent
    /// (the engine resolves it: ``SamplingParameters/init(_:declared:)``). Parameters no local
    /// engine can honour are refused here with a clear error instead of being ignored.
    package init(_ request: ChatCompletionRequest, id: String) throws(InvalidRequestError) {
        func refuse(_ param: String, _ message: String) -> InvalidRequestError {
            InvalidRequestError(message: message, param: param, code: "unsupported_parameter")
        }
        if request.audio != nil { throw refuse("audio", "Audio output is not supported by this server.") }
        if let modalities = request.modalities, modalities.contains(where: { $0.rawValue != "text" }) {
            throw refuse("modalities", "This server produces text only; 'modalities' may only be [\"text\"].")
        }
        if request.prediction != nil {
            throw refuse("prediction", "Predicted outputs are not supported by this server.")
        }
        if request.webSearchOptions != nil {
            throw refuse("web_search_options", "Web search is not available: this server runs offline.")
        }
        if request.verbosity != nil {
            throw refuse("verbosity", "'verbosity' is not supported by this server; use max_tokens to bound length.")
        }
        if request.store == true {
            throw refuse("store", "This server does not store completions; omit 'store' or set it to false.")
        }
        if request.metadata != nil {
            throw refuse("metadata", "'metadata' tags stored completions, and this server stores none.")
        }
        // `prompt_cache_key` is accepted (the server logs it): caching here is automatic, by the
        // longest shared prefix, which already groups what a key would. Options are not.
        if request.promptCacheOptions != nil {
            throw refuse(
                "prompt_cache_options",
                "Prompt caching here is automatic (longest shared prefix, kept in host memory up to --cache-ram); cache options are not supported."
            )
        }
        if request.moderation != nil {
            throw refuse("moderation", "Moderation is not available on this server.")
        }
        if request.streamOptions?.includeObfuscation == true {
            throw refuse("stream_options.include_obfuscation", "Stream obfuscation is not supported by this server.")
        }
        if let max = request.maxTokens, let maxCompletion = request.maxCompletionTokens, max != maxCompletion {
            throw InvalidRequestError(
                message:
                    "'max_tokens' (\(max)) and 'max_completion_tokens' (\(maxCompletion)) disagree; send one of them.",
                param: "max_tokens", code: "invalid_value")
        }
        for (index, tool) in (request.tools ?? []).enumerated() where tool.type.rawValue != "function" {
            throw refuse("tools[\(index)].type", "Only function tools are supported by this server.")
        }
        switch request.toolChoice {
        case .custom: throw refuse("tool_choice", "Custom tools are not supported by this server.")
        case .allowedTools: throw refuse("tool_choice", "'allowed_tools' is not supported by this server.")
        default: break
        }
        var priority = Priority.normal
        if let tier = request.serviceTier {
            switch tier.rawValue {
            case "auto", "default": priority = .normal
            case "flex": priority = .low
            case "priority": priority = .high
            default:
                throw InvalidRequestError(
                    message:
                        "Service tier '\(tier.rawValue)' is not offered here; use auto, default, flex or priority.",
                    param: "service_tier", code: "invalid_value")
            }
        }
        self.init(
            id: id, model: request.model, messages: request.messages, tools: request.tools ?? [],
            toolChoice: request.toolChoice, parallelToolCalls: request.parallelToolCalls ?? true,
            responseFormat: request.responseFormat, sampling: try SamplingRequest(request),
            maxTokens: request.effectiveMaxTokens,
            stop: request.stop?.values ?? [], choices: request.n ?? 1,
            logprobs: request.logprobs == true ? (request.topLogprobs ?? 0) : nil,
            promptLogprobs: request.wantsPromptLogprobs ? (request.promptTopLogprobs ?? 0) : nil,
            adapter: request.peft, logPrompt: request.logPrompt ?? false, priority: priority,
            reasoningEffort: request.reasoningEffort?.rawValue, templateVariables: request.chatTemplateKwargs ?? [:],
            reasoningBudget: request.reasoningBudgetTokens)
    }
}

extension SamplingRequest {
    /// The sampling members of a validated request (chat or text completion), as the client gave
    /// them: one mapping for every API that has these members.
    init(_ request: some SamplingMembers) throws(InvalidRequestError) {
        var bias: [Int32: Float] = [:]
        for (key, value) in request.logitBias ?? [:] {
            guard let token = Int32(key), token >= 0 else {
                throw InvalidRequestError(
                    message: "logit_bias keys must be token ids (non-negative integers); got '\(key)'.",
                    param: "logit_bias", code: "invalid_value")
            }
            bias[token] = Float(value)
        }
        self.init(
            temperature: request.temperature, topP: request.topP, topK: request.topK, minP: request.minP,
            frequencyPenalty: request.frequencyPenalty, presencePenalty: request.presencePenalty,
            repetitionPenalty: request.repetitionPenalty, logitBias: bias,
            seed: request.seed.map { UInt64(bitPattern: Int64($0)) }, ignoreEOS: request.ignoreEOS ?? false)
    }
}
