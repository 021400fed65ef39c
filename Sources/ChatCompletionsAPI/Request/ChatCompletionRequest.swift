/// The body of `POST /v1/chat/completions`: the conversation so far and how to continue it.
///
/// Every member but `messages` and `model` is optional, and only members that are set are encoded.
/// Besides OpenAI's parameters the request carries the provider extensions of OctoAI, vLLM and
/// llama.cpp (`min_p`, `top_k`, `repetition_penalty`, `ignore_eos`, `log_prompt`, `loglikelihood`,
/// `peft`) as ordinary members, and ``extraBody`` for anything else a provider accepts.
///
/// Decoding is strict: an unknown member, an unknown role or content part type, a value of the
/// wrong type, or a deprecated member (`functions`, `function_call`, `prompt_cache_retention`) is
/// an error naming the parameter. Use ``DecodableRequest/init(jsonBytes:)`` to get that error as an
/// ``InvalidRequestError``, and ``validate(limits:)`` to check the contract's ranges and rules.
public struct ChatCompletionRequest: Sendable, Hashable {
    /// The conversation so far, oldest first; at least one message.
    public var messages: [ChatMessage]
    /// The model to answer with.
    public var model: String
    /// Between −2 and 2; positive values discourage tokens in proportion to how often they already
    /// appeared.
    public var frequencyPenalty: Double?
    /// Between −2 and 2; positive values discourage tokens that already appeared at all.
    public var presencePenalty: Double?
    /// Bias added to the logits of tokens before sampling, by token id (written as a decimal
    /// string), each between −100 (ban) and 100 (force).
    public var logitBias: [String: Double]?
    /// Whether to return the log probability of each output token.
    public var logprobs: Bool?
    /// How many most likely alternatives to return per output token; needs `logprobs: true`.
    public var topLogprobs: Int?
    /// The most tokens to generate (superseded by `maxCompletionTokens` at OpenAI, still widely used).
    public var maxTokens: Int?
    /// The most tokens to generate, reasoning tokens included.
    public var maxCompletionTokens: Int?
    /// How many alternative answers (choices) to generate.
    public var n: Int?
    /// The form the answer must take: text, any JSON object, or JSON following a schema.
    public var responseFormat: ResponseFormat?
    /// A seed for best-effort deterministic sampling.
    public var seed: Int?
    /// The processing tier to use.
    public var serviceTier: ServiceTier?
    /// Up to four sequences that end generation when produced; they are not part of the answer.
    public var stop: StopSequences?
    /// Whether to stream the answer as server-sent events of chunks, ending with `data: [DONE]`.
    public var stream: Bool?
    /// Options for streaming; only with `stream: true`.
    public var streamOptions: StreamOptions?
    /// Sampling temperature between 0 and 2; lower is more deterministic.
    public var temperature: Double?
    /// Nucleus sampling: only the smallest set of tokens whose probabilities add up to `topP` is
    /// considered (0 to 1).
    public var topP: Double?
    /// The tools the model may call (at most 128).
    public var tools: [Tool]?
    /// Whether and which tool the model must call.
    public var toolChoice: ToolChoice?
    /// Whether the model may call several tools in one turn.
    public var parallelToolCalls: Bool?
    /// An id for the end user (superseded at OpenAI by `safetyIdentifier` and `promptCacheKey`).
    public var user: String?
    /// How hard a reasoning model should think.
    public var reasoningEffort: ReasoningEffort?
    /// How long and detailed the answer should be.
    public var verbosity: Verbosity?
    /// The kinds of output wanted, e.g. `[.text, .audio]`.
    public var modalities: [Modality]?
    /// Text the answer is expected to mostly repeat, to speed it up.
    public var prediction: Prediction?
    /// Up to 16 string pairs to store with the completion (keys up to 64 characters, values up to 512).
    public var metadata: [String: String]?
    /// Whether the provider should store the completion for later use (distillation, evals).
    public var store: Bool?
    /// A key that groups requests with a shared prefix, for better prompt cache hits.
    public var promptCacheKey: String?
    /// How the provider should cache the prompt.
    public var promptCacheOptions: PromptCacheOptions?
    /// A stable, privacy-preserving id of the end user (at most 64 characters), for abuse detection.
    public var safetyIdentifier: String?
    /// Options for models that search the web before answering.
    public var webSearchOptions: WebSearchOptions?
    /// How to speak, when audio output is requested.
    public var audio: AudioOutputOptions?
    /// Moderation to run on the input and output.
    public var moderation: ModerationOptions?
    /// Min-p sampling (0 to 1): drop tokens less likely than `minP` times the most likely one.
    public var minP: Double?
    /// Top-k sampling: only the `topK` most likely tokens are considered (0 turns it off).
    public var topK: Int?
    /// Penalty for repeating tokens; 1 is none, above 1 discourages repetition (must be above 0).
    public var repetitionPenalty: Double?
    /// Keep generating past the end-of-sequence token (wire name `ignore_eos`).
    public var ignoreEOS: Bool?
    /// Whether the provider may store the prompt (OctoAI's `log_prompt`).
    public var logPrompt: Bool?
    /// Whether to return the log probability of every prompt token after the first, in the
    /// response's `prompt_logprobs` (OctoAI's `loglikelihood`; also accepted as vLLM's
    /// `prompt_logprobs`).
    public var loglikelihood: Bool?
    /// How many most likely alternatives to return per prompt token, sent as vLLM's
    /// `prompt_logprobs: N`; setting it implies `loglikelihood`.
    public var promptTopLogprobs: Int?
    /// A parameter-efficient fine-tune (a LoRA adapter) to apply for this request, by id.
    public var peft: String?
    /// Extra variables for the model's chat template (`enable_thinking`, `reasoning_effort`, …),
    /// as vLLM, SGLang and llama.cpp's server accept them.
    public var chatTemplateKwargs: JSONObject?
    /// The most tokens a reasoning model may think before it must answer (llama.cpp's
    /// `reasoning_budget_tokens`); 0 ends thinking at once.
    public var reasoningBudgetTokens: Int?
    /// Members no property models, merged into the encoded object; on a name clash these win.
    /// Never decoded: strict decoding rejects unknown members instead.
    public var extraBody: JSONObject?

    /// A request; every parameter but the messages and the model may be left out.
    public init(
        messages: [ChatMessage],
        model: String,
        frequencyPenalty: Double? = nil,
        presencePenalty: Double? = nil,
        logitBias: [String: Double]? = nil,
        logprobs: Bool? = nil,
        topLogprobs: Int? = nil,
        maxTokens: Int? = nil,
        maxCompletionTokens: Int? = nil,
        n: Int? = nil,
        responseFormat: ResponseFormat? = nil,
        seed: Int? = nil,
        serviceTier: ServiceTier? = nil,
        stop: StopSequences? = nil,
        stream: Bool? = nil,
        streamOptions: StreamOptions? = nil,
        temperature: Double? = nil,
        topP: Double? = nil,
        tools: [Tool]? = nil,
        toolChoice: ToolChoice? = nil,
        parallelToolCalls: Bool? = nil,
        user: String? = nil,
        reasoningEffort: ReasoningEffort? = nil,
        verbosity: Verbosity? = nil,
        modalities: [Modality]? = nil,
        prediction: Prediction? = nil,
        metadata: [String: String]? = nil,
        store: Bool? = nil,
        promptCacheKey: String? = nil,
        promptCacheOptions: PromptCacheOptions? = nil,
        safetyIdentifier: String? = nil,
        webSearchOptions: WebSearchOptions? = nil,
        audio: AudioOutputOptions? = nil,
        moderation: ModerationOptions? = nil,
        minP: Double? = nil,
        topK: Int? = nil,
        repetitionPenalty: Double? = nil,
        ignoreEOS: Bool? = nil,
        logPrompt: Bool? = nil,
        loglikelihood: Bool? = nil,
        promptTopLogprobs: Int? = nil,
        peft: String? = nil,
        chatTemplateKwargs: JSONObject? = nil,
        reasoningBudgetTokens: Int? = nil,
        extraBody: JSONObject? = nil
    ) {
        self.messages = messages
        self.model = model
        self.frequencyPenalty = frequencyPenalty
        self.presencePenalty = presencePenalty
        self.logitBias = logitBias
        self.logprobs = logprobs
        self.topLogprobs = topLogprobs
        self.maxTokens = maxTokens
        self.maxCompletionTokens = maxCompletionTokens
        self.n = n
        self.responseFormat = responseFormat
        self.seed = seed
        self.serviceTier = serviceTier
        self.stop = stop
        self.stream = stream
        self.streamOptions = streamOptions
        self.temperature = temperature
        self.topP = topP
        self.tools = tools
        self.toolChoice = toolChoice
        self.parallelToolCalls = parallelToolCalls
        self.user = user
        self.reasoningEffort = reasoningEffort
        self.verbosity = verbosity
        self.modalities = modalities
        self.prediction = prediction
        self.metadata = metadata
        self.store = store
        self.promptCacheKey = promptCacheKey
        self.promptCacheOptions = promptCacheOptions
        self.safetyIdentifier = safetyIdentifier
        self.webSearchOptions = webSearchOptions
        self.audio = audio
        self.moderation = moderation
        self.minP = minP
        self.topK = topK
        self.repetitionPenalty = repetitionPenalty
        self.ignoreEOS = ignoreEOS
        self.logPrompt = logPrompt
        self.loglikelihood = loglikelihood
        self.promptTopLogprobs = promptTopLogprobs
        self.peft = peft
        self.chatTemplateKwargs = chatTemplateKwargs
        self.reasoningBudgetTokens = reasoningBudgetTokens
        self.extraBody = extraBody
    }

    /// Whether the caller asked for a streamed answer.
    public var isStreaming: Bool { stream == true }

    /// Whether prompt-token log probabilities are requested, by `loglikelihood` or `prompt_logprobs`.
    public var wantsPromptLogprobs: Bool { loglikelihood == true || (loglikelihood == nil && promptTopLogprobs != nil) }

    /// The limit on generated tokens: `maxCompletionTokens` if set, else `maxTokens`.
    public var effectiveMaxTokens: Int? { maxCompletionTokens ?? maxTokens }
}
