import ChatCompletionsAPI
public import ChatInference
import Foundation
public import Logging
public import ServiceLifecycle

/// The ``ChatInference/ChatEngine`` that runs GGUF models with llama.cpp on this machine. The
/// default model starts loading at once (in the background: ``status()`` says when it is ready, and
/// requests for it wait); other models in the models directory load on first use.
///
/// As a ServiceLifecycle service, it runs until the default model is loaded (failing if it cannot
/// be), then until graceful shutdown, and then lets running requests finish.
public final class LlamaEngine: ChatEngine, Service {
    private let configuration: EngineConfiguration
    private let logger: Logger
    private let registry: ModelRegistry
    private let promptLog: PromptLog?
    private let defaultLoad: Task<Void, any Error>

    /// Finds the default model and starts loading it; throws when there is no such model.
    public convenience init(configuration: EngineConfiguration, logger: Logger) throws(EngineError) {
        try self.init(configuration: configuration, logger: logger, beforeLoading: { _ in })
    }

    /// As ``init(configuration:logger:)``, with a hook that runs before each model load (tests use
    /// it to hold a load back).
    package init(
        configuration: EngineConfiguration, logger: Logger,
        beforeLoading: @escaping @Sendable (String) async -> Void
    ) throws(EngineError) {
        self.configuration = configuration
        self.logger = logger
        LlamaBackend.ensureInitialised(logger: logger)
        let catalog = try ModelCatalog(configuration: configuration)
        let registry = ModelRegistry(
            catalog: catalog, configuration: configuration, logger: logger, beforeLoading: beforeLoading)
        self.registry = registry
        self.promptLog = configuration.promptLogPath.map { PromptLog(path: $0) }
        self.defaultLoad = Task { try await registry.loadDefault() }
    }

    /// Waits until the default model is loaded; throws if it could not be.
    public func waitUntilReady() async throws {
        try await defaultLoad.value
    }

    /// Waits for the default model, then for graceful shutdown, then lets running work finish.
    public func run() async throws {
        try await waitUntilReady()
        try? await gracefulShutdown()
        await shutdown()
    }

    public func models() async -> [ModelDescriptor] { registry.descriptors() }

    public func generate(
        _ request: GenerationRequest
    ) async throws(EngineError)
        -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        let loaded = try await registry.acquire(request.model)
        do {
            return try await generate(request, on: loaded)
        } catch {
            registry.release(loaded.id)
            throw error
        }
    }

    /// Answers `request` with a model in use by it, releasing the model when the answer ends.
    private func generate(
        _ request: GenerationRequest, on loaded: LoadedModel
    ) async throws(EngineError)
        -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        var adapter: LlamaAdapter?
        // A request that names the model by its alias is answered under that name, as it asked.
        var servedModel = request.model == configuration.alias ? request.model : loaded.id
        if let name = request.adapter {
            guard let found = loaded.adapters[name] else {
                throw EngineError(
                    .notFound, "The adapter '\(name)' does not exist.",
                    about: .adapter, reason: .adapterNotFound)
            }
            adapter = found
            servedModel = name
        }
        let prompt: String
        let tokens: [Int32]
        var thinking: ThinkingStart?
        switch request.rawPrompt {
        case .text(let text)?:
            prompt = text
            tokens = try tokenizePrompt(text, model: loaded.model)
        case .tokens(let ids)?:
            if let bad = ids.first(where: { $0 < 0 || $0 >= loaded.model.vocabularySize }) {
                throw EngineError(
                    .invalidRequest,
                    "Token \(bad) is outside this model's vocabulary (0…\(loaded.model.vocabularySize - 1)).",
                    about: .rawPrompt, reason: .invalidValue)
            }
            tokens = ids.map { Int32($0) }
            prompt = loaded.model.detokenize(tokens)
        case nil:
            let variables = ChatFormat.templateVariables(request)
            prompt = try loaded.format.prompt.render(
                request.messages, tools: OutputConstraints.promptTools(request), variables: variables)
            tokens = try tokenizePrompt(prompt, model: loaded.model)
            thinking = loaded.format.thinkingStart(prompt: prompt, variables: variables)
        }
        let compiled = try await GrammarCompiler.compile(
            request, format: loaded.format, thinking: thinking, model: loaded.model, scheduler: loaded.scheduler)
        let constraints = compiled.constraints
        if !compiled.grammars.isEmpty {
            logger.debug("\(request.id): grammar compiled in \(Int(compiled.seconds * 1000)) ms")
        }
        guard !tokens.isEmpty else {
            throw EngineError(
                .invalidRequest, "The prompt is empty.", about: request.rawPrompt == nil ? .messages : .rawPrompt,
                reason: .invalidValue)
        }
        let context = loaded.contextPerSequence
        let promptName = request.rawPrompt == nil ? "conversation" : "prompt"
        let promptSubject: EngineError.Subject = request.rawPrompt == nil ? .messages : .rawPrompt
        guard tokens.count < context else {
            throw EngineError(
                .invalidRequest,
                "This model's maximum context length is \(context) tokens, but the \(promptName) takes \(tokens.count) tokens. Shorten it.",
                about: promptSubject, reason: .contextLengthExceeded)
        }
        let defaults = registry.generationDefaults(for: loaded.id)
        var maxTokens = context - tokens.count
        if request.maxTokens == nil, let declared = defaults.maxTokens { maxTokens = min(maxTokens, declared) }
        if let asked = request.maxTokens {
            guard asked <= maxTokens else {
                throw EngineError(
                    .invalidRequest,
                    "This model's maximum context length is \(context) tokens. However, you requested \(tokens.count + asked) tokens (\(tokens.count) in the messages, \(asked) in the completion). Reduce the length of the messages or the completion.",
                    about: .maxTokens, reason: .contextLengthExceeded)
            }
            maxTokens = asked
        }
        if let bad = request.sampling.logitBias.keys.first(where: { Int($0) >= loaded.model.vocabularySize }) {
            throw EngineError(
                .invalidRequest,
                "logit_bias names token \(bad), but this model's vocabulary has \(loaded.model.vocabularySize) tokens (ids 0…\(loaded.model.vocabularySize - 1)).",
                about: .logitBias, reason: .invalidValue)
        }
        var declared = defaults
        if !compiled.grammars.isEmpty {
            // A declared repetition penalty is for free text: under a grammar it fights the syntax's
            // own repeated tokens (quotes, braces, markers), and a forced call or schema answer
            // runs on past its end. A request's own penalty still applies.
            declared.repetitionPenalty = nil
        }
        let sampling = SamplingParameters(request.sampling, declared: declared)
        let job = GenerationJob(
            id: request.id, promptTokens: tokens, choices: request.choices, sampling: sampling,
            seed: sampling.seed ?? UInt64.random(in: .min ... .max), maxTokens: maxTokens, stop: request.stop,
            grammars: compiled.grammars, topLogprobs: request.logprobs, promptLogprobs: request.promptLogprobs,
            adapter: adapter,
            priority: request.priority,
            callMarkers: constraints.toolSyntax.flatMap { syntax in
                syntax.family == .hermes && !request.tools.isEmpty ? (syntax.opening, syntax.closing) : nil
            }, deadline: request.deadline, thinking: thinking, reasoningBudget: request.reasoningBudget,
            thinkingCloseTokens: thinking.map { start in
                (try? loaded.model.tokenize(
                    start.syntax.close + start.syntax.afterClose, addSpecial: false, parseSpecial: true)) ?? []
            } ?? [])
        let events: AsyncThrowingStream<JobEvent, any Error>
        do {
            events = try loaded.scheduler.submit(job)
        } catch {
            throw error.engineError
        }
        if request.logPrompt {
            if let promptLog {
                promptLog.append(id: request.id, model: servedModel, prompt: prompt)
            } else {
                logger.notice(
                    "\(request.id): log_prompt asked for, but no prompt log is configured: the prompt is not stored")
            }
        }
        let model = loaded.model
        let report = PromptReport(
            promptTokens: tokens.count, cachedTokens: 0, promptLogprobs: nil, model: servedModel,
            systemFingerprint: loaded.fingerprint, unenforcedSchemaKeywords: constraints.unenforcedKeywords)
        // Harmony's messages are read whether or not calls are possible (a raw prompt's output is left as it is).
        let harmony = loaded.format.toolSyntax.family == .harmony && request.rawPrompt == nil
        let syntax = constraints.toolSyntax ?? (harmony ? .harmony : nil)
        let tools = constraints.promptTools
        let reasoningAsContent = loaded.format.reasoning == nil
        let thinkingStart = thinking
        let registry = registry
        return AsyncThrowingStream { continuation in
            let task = Task {
                // The model is released before the stream ends, so a caller that sees the end also
                // sees the model idle.
                var outputs = (0..<request.choices).map { _ in
                    ChoiceOutput(
                        syntax: syntax, thinking: thinkingStart, tools: tools, reasoningAsContent: reasoningAsContent)
                }
                do {
                    for try await event in events {
                        switch event {
                        case .prefilled(_, let cached, let promptLogprobs):
                            var report = report
                            report.cachedTokens = cached
                            report.promptLogprobs = promptLogprobs?.map { $0.wire(model) }
                            continuation.yield(.started(report))
                        case .text(let choice, let text, let logprobs):
                            for output in outputs[choice].feed(
                                text, logprobs: logprobs.map { $0.wire(model) }, choice: choice)
                            {
                                continuation.yield(output)
                            }
                        case .finished(let choice, let finish, let tokens, let reasoningTokens):
                            for output in outputs[choice].finish(choice: choice) { continuation.yield(output) }
                            var reason: FinishReason = finish == .length || finish == .timeLimit ? .length : .stop
                            if reason == .stop && outputs[choice].madeCalls { reason = .toolCalls }
                            var sequence: String?
                            if case .stopSequence(let matched) = finish { sequence = matched }
                            continuation.yield(
                                .finished(
                                    choice: choice, reason: reason, completionTokens: tokens,
                                    reasoningTokens: reasoningTokens, stopSequence: sequence))
                        case .completed(let timings):
                            continuation.yield(
                                .completed(
                                    GenerationTimings(
                                        queued: timings.queued, prompt: timings.prefill, generation: timings.generation,
                                        generatedTokens: timings.generatedTokens)))
                        }
                    }
                    registry.release(loaded.id)
                    continuation.finish()
                } catch {
                    registry.release(loaded.id)
                    continuation.finish(throwing: (error as? SchedulerError)?.engineError ?? error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func tokenize(
        _ text: String, model: String?, addSpecial: Bool, parseSpecial: Bool
    ) async throws(EngineError)
        -> [Int]
    {
        let loaded = try await registry.acquire(model)
        defer { registry.release(loaded.id) }
        do {
            return try loaded.model.tokenize(text, addSpecial: addSpecial, parseSpecial: parseSpecial).map(Int.init)
        } catch {
            throw EngineError(.invalidRequest, "\(error.message)", about: .text)
        }
    }

    public func applyTemplate(_ request: GenerationRequest) async throws(EngineError) -> String {
        let loaded = try await registry.acquire(request.model)
        defer { registry.release(loaded.id) }
        return try loaded.format.prompt.render(
            request.messages, tools: OutputConstraints.promptTools(request),
            variables: ChatFormat.templateVariables(request))
    }

    public func countPromptTokens(_ request: GenerationRequest) async throws(EngineError) -> Int {
        let loaded = try await registry.acquire(request.model)
        defer { registry.release(loaded.id) }
        let prompt = try loaded.format.prompt.render(
            request.messages, tools: OutputConstraints.promptTools(request),
            variables: ChatFormat.templateVariables(request))
        return try tokenizePrompt(prompt, model: loaded.model).count
    }

    public func detokenize(_ tokens: [Int], model: String?) async throws(EngineError) -> String {
        let loaded = try await registry.acquire(model)
        defer { registry.release(loaded.id) }
        if let bad = tokens.first(where: { $0 < 0 || $0 >= loaded.model.vocabularySize }) {
            throw EngineError(
                .invalidRequest,
                "Token \(bad) is outside this model's vocabulary (0…\(loaded.model.vocabularySize - 1)).",
                about: .tokens, reason: .invalidValue)
        }
        return loaded.model.detokenize(tokens.map { Int32($0) })
    }

    public func status() async -> EngineStatus {
        var status = EngineStatus(busySequences: 0, capacity: 0, queued: 0, ready: registry.isReady)
        for model in registry.loadedModels() {
            let load = model.scheduler.load
            status.busySequences += load.busy
            status.capacity += load.capacity
            status.queued += load.queued
            status.models.append(
                ModelLoad(
                    model: model.id, runningRequests: load.running, waitingRequests: load.queued,
                    cacheUsage: load.cellsTotal > 0 ? Double(load.cellsUsed) / Double(load.cellsTotal) : 0))
        }
        return status
    }

    public func shutdown() async { await registry.shutdown() }

    /// Tokenizes a rendered prompt: special-token text becomes special tokens, and a BOS token is
    /// added only when the model wants one and the prompt does not already start with it.
    private func tokenizePrompt(_ prompt: String, model: LlamaModel) throws(EngineError) -> [Int32] {
        let bosText = model.beginningOfSequence.map { model.detokenize([$0]) } ?? ""
        let addBOS = model.addsBeginningOfSequence && !(bosText.isEmpty == false && prompt.hasPrefix(bosText))
        do {
            return try model.tokenize(prompt, addSpecial: addBOS, parseSpecial: true)
        } catch {
            throw EngineError(.invalidRequest, "The prompt could not be tokenized: \(error.message)", about: .messages)
        }
    }
}

extension TokenLogprobData {
    /// The wire form: token text, its UTF-8 bytes, and the alternatives.
    func wire(_ model: LlamaModel) -> TokenLogprob {
        func entry(_ token: Int32) -> (String, [Int]) {
            let bytes = model.piece(token)
            return (String(decoding: bytes, as: UTF8.self), bytes.map(Int.init))
        }
        let (text, bytes) = entry(token)
        return TokenLogprob(
            token: text, logprob: Double(logprob), bytes: bytes,
            topLogprobs: alternatives.map { alternative in
                let (text, bytes) = entry(alternative.token)
                return TopLogprob(token: text, logprob: Double(alternative.logprob), bytes: bytes)
            })
    }
}

extension SchedulerError {
    var engineError: EngineError {
        switch self {
        case .overloaded(let limit):
            return EngineError(
                .overloaded,
                "The server is busy: every sequence is generating and \(limit) requests are waiting. Retry shortly.",
                reason: .busy)
        case .tooManyChoices(let requested, let capacity):
            return EngineError(
                .invalidRequest,
                "n is \(requested), but this server decodes at most \(capacity) sequences at once (--parallel); ask for n ≤ \(capacity).",
                about: .choices, reason: .invalidValue)
        case .shuttingDown:
            return EngineError(.unavailable, "The server is shutting down.", reason: .shuttingDown)
        case .engine(let error):
            return EngineError(.internal, "\(error)")
        }
    }
}
