import ChatInference

/// A grammar to enforce while generating, possibly lazily (only once a trigger appears).
package struct GrammarSpec: Sendable, Hashable {
    /// GBNF text.
    package var text: String
    /// The rule the output must match.
    package var root = "root"
    /// Regular expressions over the output; the grammar starts at the first match's first group.
    package var triggerPatterns: [String] = []
    /// Tokens that switch the grammar on.
    package var triggerTokens: [Int32] = []

    package var isLazy: Bool { !triggerPatterns.isEmpty || !triggerTokens.isEmpty }
}

/// Everything the scheduler needs to run one request at the token level.
struct GenerationJob: Sendable {
    /// For logs.
    var id: String
    /// The rendered, tokenized prompt.
    var promptTokens: [Int32]
    /// Number of independent choices sharing the prompt.
    var choices: Int
    /// How tokens are drawn.
    var sampling: SamplingParameters
    /// Seed actually used (request seed or a fresh one).
    var seed: UInt64
    /// Most tokens to generate per choice.
    var maxTokens: Int
    /// Strings that end a choice; never emitted.
    var stop: [String]
    /// The compiled grammar of each choice, in order (empty: unconstrained). Compiled before the
    /// job is submitted, so the scheduler thread never parses a grammar.
    var grammars: [GrammarConstraint] = []
    /// Alternatives per generated token when log-probabilities are wanted (nil: off).
    var topLogprobs: Int?
    /// Alternatives per prompt token when prompt log-likelihood is wanted (nil: off).
    var promptLogprobs: Int?
    /// LoRA adapter to apply to this job's sequences, if any.
    var adapter: LlamaAdapter?
    /// Queue priority: a waiting job is admitted before every waiting job of lower priority.
    var priority: GenerationRequest.Priority = .normal
    /// The markers around each tool call, when repeated calls should end the turn (see
    /// ``RepeatedCallGuard``).
    var callMarkers: (start: String, end: String)?
    /// When the job's time runs out (nil: never): unfinished choices then end with
    /// ``TokenFinish/timeLimit``, in the queue or at the next step.
    var deadline: ContinuousClock.Instant?
    /// Where the output starts relative to the model's thinking (nil: the model does not think, or
    /// its thinking is not tracked).
    var thinking: ThinkingStart?
    /// The most thinking tokens per choice before the thinking is closed (nil: no limit).
    var reasoningBudget: Int?
    /// The closing marker's tokens, decoded when the budget is spent.
    var thinkingCloseTokens: [Int32] = []
}

/// Why a choice ended, at the token level.
package enum TokenFinish: Sendable, Hashable {
    /// The model produced an end-of-generation token.
    case endOfGeneration
    /// A stop sequence matched: which one (nil: the choice was stopped as if by one, when a tool
    /// call repeated an earlier one).
    case stopSequence(String?)
    /// The token limit was reached.
    case length
    /// The job's deadline passed.
    case timeLimit
}

/// What the scheduler reports about a job, in order.
enum JobEvent: Sendable {
    /// The prompt is processed: its size, how much of it came from cache, and (when asked) the
    /// log-probability of each prompt token after the first.
    case prefilled(promptTokens: Int, cachedTokens: Int, promptLogprobs: [TokenLogprobData]?)
    /// New text for a choice, with the log-probabilities of the tokens it carries (when asked).
    case text(choice: Int, String, [TokenLogprobData])
    /// A choice ended, with the tokens it generated and how many of them were thinking.
    case finished(choice: Int, TokenFinish, completionTokens: Int, reasoningTokens: Int)
    /// All choices ended; timings for the log line.
    case completed(JobTimings)
}

/// Where the time of a job went.
struct JobTimings: Sendable, Hashable {
    /// Seconds waiting in the queue.
    var queued: Double
    /// Seconds from admission to the end of the prompt.
    var prefill: Double
    /// Seconds from the end of the prompt to the last token.
    var generation: Double
    /// Tokens generated over all choices.
    var generatedTokens: Int
}
