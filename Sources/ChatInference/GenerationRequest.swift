public import ChatCompletionsAPI

/// A chat completion as an engine sees it: the conversation, what to generate and how. The server
/// builds it from a validated request of any of its APIs, leaving what the client left out absent
/// (``sampling``): the engine resolves those values (``SamplingParameters/init(_:declared:)``).
public struct GenerationRequest: Sendable, Hashable {
    /// Request id, for logs (`chatcmpl-…`).
    public var id: String
    /// The model (or adapter) asked for.
    public var model: String
    /// The conversation.
    public var messages: [ChatMessage]
    /// A prompt to continue as it is, instead of a rendered conversation (legacy text completions).
    public var rawPrompt: RawPrompt?
    /// Tools the model may call.
    public var tools: [Tool]
    /// How tools may be used; nil means OpenAI's default (`auto` with tools, `none` without).
    public var toolChoice: ToolChoice?
    /// Whether several calls may come in one turn.
    public var parallelToolCalls: Bool
    /// Output format constraint.
    public var responseFormat: ResponseFormat?
    /// Token choice as the request asked for it; the engine fills what it left out.
    public var sampling: SamplingRequest
    /// Most tokens per choice; nil means the rest of the context.
    public var maxTokens: Int?
    /// Stop sequences.
    public var stop: [String]
    /// Number of choices.
    public var choices: Int
    /// Alternatives per generated token when log-probabilities are wanted (nil: off).
    public var logprobs: Int?
    /// Alternatives per prompt token when prompt log-likelihood is wanted (nil: off).
    public var promptLogprobs: Int?
    /// LoRA adapter id (`peft`).
    public var adapter: String?
    /// Whether the rendered prompt may be written to the prompt log.
    public var logPrompt: Bool
    /// Scheduling priority from `service_tier`.
    public var priority: Priority
    /// How hard a reasoning model should think (`reasoning_effort`), for templates that read it.
    public var reasoningEffort: String?
    /// Extra variables for the chat template (`chat_template_kwargs`); they win over the ones the
    /// engine sets.
    public var templateVariables: JSONObject
    /// The most tokens a choice may think before its thinking is closed (nil: no limit).
    public var reasoningBudget: Int?
    /// When the request's time runs out (nil: no limit). Choices still generating then end with
    /// finish reason `length`, whether they were waiting for a sequence or generating.
    public var deadline: ContinuousClock.Instant?

    /// A prompt given as text or as token ids, read without a chat template.
    public enum RawPrompt: Sendable, Hashable {
        /// Text, tokenized with the model's own rules (a BOS token where the model wants one).
        case text(String)
        /// Token ids in the model's vocabulary, used exactly.
        case tokens([Int])
    }

    /// Queue priority.
    public enum Priority: Int, Sendable, Hashable, Comparable {
        /// `flex`: runs when nothing else waits.
        case low = 0
        /// `auto` / `default`.
        case normal = 1
        /// `priority`: ahead of everything else in the queue.
        case high = 2

        public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The tier name echoed in responses.
        public var serviceTier: ServiceTier {
            switch self {
            case .low: return "flex"
            case .normal: return .default
            case .high: return "priority"
            }
        }
    }

    /// A request with every field given.
    public init(
        id: String, model: String, messages: [ChatMessage], tools: [Tool] = [], toolChoice: ToolChoice? = nil,
        parallelToolCalls: Bool = true, responseFormat: ResponseFormat? = nil,
        sampling: SamplingRequest = SamplingRequest(),
        maxTokens: Int? = nil, stop: [String] = [],
        choices: Int = 1, logprobs: Int? = nil, promptLogprobs: Int? = nil, adapter: String? = nil,
        logPrompt: Bool = false, priority: Priority = .normal, reasoningEffort: String? = nil,
        templateVariables: JSONObject = [:], reasoningBudget: Int? = nil, deadline: ContinuousClock.Instant? = nil
    ) {
        self.id = id
        self.model = model
        self.messages = messages
        self.rawPrompt = nil
        self.tools = tools
        self.toolChoice = toolChoice
        self.parallelToolCalls = parallelToolCalls
        self.responseFormat = responseFormat
        self.sampling = sampling
        self.maxTokens = maxTokens
        self.stop = stop
        self.choices = choices
        self.logprobs = logprobs
        self.promptLogprobs = promptLogprobs
        self.adapter = adapter
        self.logPrompt = logPrompt
        self.priority = priority
        self.reasoningEffort = reasoningEffort
        self.templateVariables = templateVariables
        self.reasoningBudget = reasoningBudget
        self.deadline = deadline
    }

    /// The tool choice in force: the request's, or OpenAI's default.
    public var effectiveToolChoice: ToolChoice {
        toolChoice ?? (tools.isEmpty ? .none : .auto)
    }
}
