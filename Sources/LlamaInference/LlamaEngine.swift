import ChatCompletionsAPI
import ChatInference
import Foundation
import Logging

/// The ``ChatInference/ChatEngine`` that runs GGUF models with llama.cpp on this machine. The
/// default model is loaded at start; other models in the models directory on first use.
public final class LlamaEngine: ChatEngine {
    private let configuration: EngineConfiguration
    private let logger: Logger
    private let registry: ModelRegistry
    private let promptLog: PromptLog?

    /// Loads the default model (blocking the caller's thread while it loads; call at start-up).
    public init(configuration: EngineConfiguration, logger: Logger) throws(EngineError) {
        self.configuration = configuration
        self.logger = logger
        LlamaBackend.ensureInitialised(logger: logger)
        let catalog = try ModelCatalog(configuration: configuration)
        self.registry = ModelRegistry(catalog: catalog, configuration: configuration, logger: logger)
        self.promptLog = configuration.promptLogPath.map { PromptLog(path: $0) }
        do {
            try registry.loadDefaultNow()
        } catch {
            throw EngineError(.internal, "could not load \(catalog.defaultEntry.path): \(error)")
        }
    }

    public func models() async -> [ModelDescriptor] { await registry.descriptors() }

    public func generate(
        _ request: GenerationRequest
    ) async throws(EngineError)
        -> AsyncThrowingStream<GenerationEvent, any Error>
    {
        let loaded = try await registry.model(for: request.model)
        var adapter: LlamaAdapter?
        var servedModel = loaded.id
        if let name = request.adapter {
            guard let found = loaded.adapters[name] else {
                throw EngineError(
                    .notFound, "The adapter '\(name)' does not exist; see GET /v1/models for the adapters on offer.",
                    param: "peft", code: "adapter_not_found")
            }
            adapter = found
            servedModel = name
        }
        let constraints = try OutputConstraints(request, format: loaded.format)
        let prompt = try loaded.format.prompt.render(request.messages, tools: constraints.promptTools)
        let tokens = try tokenizePrompt(prompt, model: loaded.model)
        let context = loaded.contextPerSequence
        guard tokens.count < context else {
            throw EngineError(
                .invalidRequest,
                "This model's maximum context length is \(context) tokens, but the messages take \(tokens.count) tokens. Shorten the messages.",
                param: "messages", code: "context_length_exceeded")
        }
        var maxTokens = context - tokens.count
        if let asked = request.maxTokens {
            guard asked <= maxTokens else {
                throw EngineError(
                    .invalidRequest,
                    "This model's maximum context length is \(context) tokens. However, you requested \(tokens.count + asked) tokens (\(tokens.count) in the messages, \(asked) in the completion). Reduce the length of the messages or the completion.",
                    param: "max_tokens", code: "context_length_exceeded")
            }
            maxTokens = asked
        }
        if let bad = request.sampling.logitBias.keys.first(where: { Int($0) >= loaded.model.vocabularySize }) {
            throw EngineError(
                .invalidRequest,
                "logit_bias names token \(bad), but this model's vocabulary has \(loaded.model.vocabularySize) tokens (ids 0…\(loaded.model.vocabularySize - 1)).",
                param: "logit_bias", code: "invalid_value")
        }
        let job = GenerationJob(
            id: request.id, promptTokens: tokens, choices: request.choices, sampling: request.sampling,
            seed: request.sampling.seed ?? UInt64.random(in: .min ... .max), maxTokens: maxTokens, stop: request.stop,
            grammar: constraints.grammar, topLogprobs: request.logprobs, promptLogprobs: request.promptLogprobs,
            adapter: adapter,
            priority: request.priority)
        let events: AsyncThrowingStream<JobEvent, any Error>
        do {
            events = try loaded.scheduler.submit(job)
        } catch {
            throw error.engineError
        }
        if request.logPrompt, let promptLog {
            promptLog.append(id: request.id, model: servedModel, prompt: prompt)
        }
        let model = loaded.model
        let report = PromptReport(
            promptTokens: tokens.count, cachedTokens: 0, promptLogprobs: nil, model: servedModel,
            systemFingerprint: loaded.fingerprint)
        let syntax = constraints.toolSyntax
        return AsyncThrowingStream { continuation in
            let task = Task {
                var outputs = (0..<request.choices).map { _ in ChoiceOutput(syntax: syntax) }
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
                        case .finished(let choice, let finish, let tokens):
                            for output in outputs[choice].finish(choice: choice) { continuation.yield(output) }
                            var reason: FinishReason = finish == .length ? .length : .stop
                            if reason == .stop && outputs[choice].madeCalls { reason = .toolCalls }
                            continuation.yield(.finished(choice: choice, reason: reason, completionTokens: tokens))
                        case .completed(let timings):
                            continuation.yield(
                                .completed(
                                    GenerationTimings(
                                        queued: timings.queued, prompt: timings.prefill, generation: timings.generation,
                                        generatedTokens: timings.generatedTokens)))
                        }
                    }
                    continuation.finish()
                } catch {
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
        let loaded = try await registry.model(for: model)
        do {
            return try loaded.model.tokenize(text, addSpecial: addSpecial, parseSpecial: parseSpecial).map(Int.init)
        } catch {
            throw EngineError(.invalidRequest, "\(error.message)", param: "content")
        }
    }

    public func detokenize(_ tokens: [Int], model: String?) async throws(EngineError) -> String {
        let loaded = try await registry.model(for: model)
        if let bad = tokens.first(where: { $0 < 0 || $0 >= loaded.model.vocabularySize }) {
            throw EngineError(
                .invalidRequest,
                "Token \(bad) is outside this model's vocabulary (0…\(loaded.model.vocabularySize - 1)).",
                param: "tokens", code: "invalid_value")
        }
        return loaded.model.detokenize(tokens.map { Int32($0) })
    }

    public func status() async -> EngineStatus {
        var status = EngineStatus(busySequences: 0, capacity: 0, queued: 0)
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
            throw EngineError(.invalidRequest, "The prompt could not be tokenized: \(error.message)", param: "messages")
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
                code: "rate_limit_exceeded")
        case .tooManyChoices(let requested, let capacity):
            return EngineError(
                .invalidRequest,
                "n is \(requested), but this server decodes at most \(capacity) sequences at once (--parallel); ask for n ≤ \(capacity).",
                param: "n", code: "invalid_value")
        case .shuttingDown:
            return EngineError(.unavailable, "The server is shutting down.", code: "server_shutting_down")
        case .engine(let error):
            return EngineError(.internal, "\(error)")
        }
    }
}
