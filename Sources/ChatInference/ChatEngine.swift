import JSONCore

/// Something that answers chat completions: the server talks only to this. `LlamaEngine` runs
/// GGUF models locally; another implementation could forward to an upstream server.
public protocol ChatEngine: Sendable {
    /// Every model (and adapter) that can be asked for.
    func models() async -> [ModelDescriptor]

    /// Starts answering. Errors known before any work (unknown model, prompt too long, queue full)
    /// are thrown here; failures later end the stream with an error. Cancelling the consumer
    /// stops the work within a decode step.
    func generate(
        _ request: GenerationRequest
    ) async throws(EngineError) -> AsyncThrowingStream<GenerationEvent, any Error>

    /// Token ids of `text` in a model's vocabulary.
    func tokenize(
        _ text: String, model: String?, addSpecial: Bool, parseSpecial: Bool
    ) async throws(EngineError) -> [Int]

    /// Text of token ids in a model's vocabulary.
    func detokenize(_ tokens: [Int], model: String?) async throws(EngineError) -> String

    /// The prompt the model's chat template makes of a request's conversation (with its tools
    /// and template variables), as a completion would read it.
    func applyTemplate(_ request: GenerationRequest) async throws(EngineError) -> String

    /// How many tokens the prompt of a request is, as a completion would read it.
    func countPromptTokens(_ request: GenerationRequest) async throws(EngineError) -> Int

    /// How busy the engine is now.
    func status() async -> EngineStatus

    /// Stops accepting work and lets running work finish.
    func shutdown() async
}

/// A snapshot of an engine's load.
public struct EngineStatus: Sendable, Hashable {
    /// Sequences generating or reading a prompt now.
    public var busySequences: Int
    /// Sequences that can run at once.
    public var capacity: Int
    /// Requests waiting for free sequences.
    public var queued: Int
    /// Whether the default model is loaded and requests are served (false while it loads).
    public var ready: Bool
    /// The same per loaded model (empty when an engine does not break its load down).
    public var models: [ModelLoad]

    public init(busySequences: Int, capacity: Int, queued: Int, ready: Bool = true, models: [ModelLoad] = []) {
        self.busySequences = busySequences
        self.capacity = capacity
        self.queued = queued
        self.ready = ready
        self.models = models
    }
}

/// Why an engine refused or failed a request; the server maps `kind` to an HTTP status.
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Broad cause.
    public enum Kind: Sendable, Hashable {
        /// The request cannot be served as asked (400).
        case invalidRequest
        /// The model or adapter does not exist (404).
        case notFound
        /// Too much work queued (429).
        case overloaded
        /// Shutting down, or the model cannot be loaded (503).
        case unavailable
        /// Something broke inside (500; details are logged, not returned).
        case `internal`
    }

    public var kind: Kind
    /// What is wrong, safe to show to the client.
    public var message: String
    /// What in the request the error is about, for the API in front to name in its own words.
    public var subject: Subject?
    /// What exactly went wrong, when the kind alone does not say; the server names it in its own
    /// terms (an OpenAI error code).
    public var reason: Reason?

    /// Finer causes than ``Kind``.
    public enum Reason: Sendable, Hashable {
        /// A parameter's value cannot be used (out of range, unknown token, empty prompt).
        case invalidValue
        /// The prompt, or prompt plus completion, does not fit the context.
        case contextLengthExceeded
        /// A message part the model cannot read (an image for a text-only model).
        case unsupportedContent
        /// A JSON Schema is invalid or asks for what cannot be enforced.
        case invalidSchema
        /// A JSON Schema is too large for the grammar engine.
        case schemaTooComplex
        /// The model's chat template failed on these messages.
        case templateError
        /// No model by that name.
        case modelNotFound
        /// No adapter by that name.
        case adapterNotFound
        /// The model exists but could not be loaded.
        case modelLoadFailed
        /// Every sequence is busy and the queue is full.
        case busy
        /// The engine is shutting down.
        case shuttingDown
    }

    /// The parts of a request an engine error can be about. The engine names them; each API
    /// renders them as its own member paths (Chat Completions: `max_tokens`, `messages[2].content[0]`).
    public enum Subject: Sendable, Hashable {
        /// The model asked for.
        case model
        /// The adapter asked for.
        case adapter
        /// The conversation as a whole, as the model's template reads it.
        case messages
        /// Part `part` of the content of message `message`.
        case messagePart(message: Int, part: Int)
        /// A prompt given as it is (text or token ids), with no template.
        case rawPrompt
        /// The limit on generated tokens.
        case maxTokens
        /// The token biases.
        case logitBias
        /// The number of choices.
        case choices
        /// The tools as a whole.
        case tools
        /// The tool choice.
        case toolChoice
        /// The parameters schema of tool `index`.
        case toolParameters(Int)
        /// The format the answer must have, as a whole.
        case outputFormat
        /// The schema the answer must meet; `named` when given with a name (OpenAI's `json_schema`).
        case outputSchema(named: Bool)
        /// The text to tokenize.
        case text
        /// The token ids to detokenize.
        case tokens
    }

    public init(_ kind: Kind, _ message: String, about subject: Subject? = nil, reason: Reason? = nil) {
        self.kind = kind
        self.message = message
        self.subject = subject
        self.reason = reason
    }

    public var description: String { message }
}

extension ChatEngine {
    /// The rendered prompt, tokenized as text with special tokens (an engine that adds tokens of its
    /// own around a prompt counts them itself).
    public func countPromptTokens(_ request: GenerationRequest) async throws(EngineError) -> Int {
        let prompt = try await applyTemplate(request)
        return try await tokenize(prompt, model: request.model, addSpecial: true, parseSpecial: true).count
    }
}
