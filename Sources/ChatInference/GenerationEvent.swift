public import ChatCompletionsAPI

/// What an engine reports while it answers a ``GenerationRequest``, in order: `started` once, then
/// content, reasoning and tool-call fragments per choice, a `finished` per choice, and `completed` last.
public enum GenerationEvent: Sendable, Hashable {
    /// The prompt has been read.
    case started(PromptReport)
    /// More text for a choice, with the log-probabilities of the tokens it carries (when asked).
    case content(choice: Int, text: String, logprobs: [TokenLogprob])
    /// More of a choice's thinking (a reasoning model's text before its answer).
    case reasoning(choice: Int, text: String)
    /// A fragment of a tool call for a choice: the first fragment of a call has its id and name.
    case toolCall(choice: Int, ToolCallDelta)
    /// A choice ended: why, the tokens it generated, how many of those were thinking, and the stop
    /// sequence that ended it (when one did).
    case finished(
        choice: Int, reason: FinishReason, completionTokens: Int, reasoningTokens: Int, stopSequence: String? = nil)
    /// Everything ended; figures for the request's log line.
    case completed(GenerationTimings)
}

/// Facts about the prompt, known once it has been read.
public struct PromptReport: Sendable, Hashable {
    /// Tokens in the rendered prompt.
    public var promptTokens: Int
    /// Of those, tokens whose computation was reused from cache.
    public var cachedTokens: Int
    /// Log-probability of each prompt token after the first (when asked).
    public var promptLogprobs: [TokenLogprob]?
    /// The model that answers (the model id; with an adapter, the adapter id).
    public var model: String
    /// Identifies the model file and engine settings; changes exactly when they do.
    public var systemFingerprint: String
    /// Keywords of non-strict schemas (the answer's, tools' parameters) the output is not held to.
    public var unenforcedSchemaKeywords: [UnenforcedKeyword]

    public init(
        promptTokens: Int, cachedTokens: Int, promptLogprobs: [TokenLogprob]?, model: String, systemFingerprint: String,
        unenforcedSchemaKeywords: [UnenforcedKeyword] = []
    ) {
        self.unenforcedSchemaKeywords = unenforcedSchemaKeywords
        self.promptTokens = promptTokens
        self.cachedTokens = cachedTokens
        self.promptLogprobs = promptLogprobs
        self.model = model
        self.systemFingerprint = systemFingerprint
    }
}

/// Where the time of a request went.
public struct GenerationTimings: Sendable, Hashable {
    /// Seconds waiting for a free sequence.
    public var queued: Double
    /// Seconds reading the prompt.
    public var prompt: Double
    /// Seconds generating.
    public var generation: Double
    /// Tokens generated over all choices.
    public var generatedTokens: Int

    public init(queued: Double, prompt: Double, generation: Double, generatedTokens: Int) {
        self.queued = queued
        self.prompt = prompt
        self.generation = generation
        self.generatedTokens = generatedTokens
    }
}

/// A keyword of a non-strict schema that the grammar does not hold the output to.
public struct UnenforcedKeyword: Sendable, Hashable {
    /// The keyword, as written (`multipleOf`, `pattern`, …).
    public var keyword: String
    /// Whose schema it is in: the answer's (nil), or the parameters of tool number `tool`.
    public var tool: Int?
    /// Where in that schema, as a JSON Pointer fragment (`#/properties/n/multipleOf`).
    public var path: String
    /// Why it is not enforced, in plain words.
    public var reason: String

    public init(keyword: String, tool: Int?, path: String, reason: String) {
        self.keyword = keyword
        self.tool = tool
        self.path = path
        self.reason = reason
    }
}
