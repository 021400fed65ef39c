import ChatCompletionsAPI
import ChatInference

/// A `ChatEngine` with no model behind it, for testing the HTTP contract: it answers every request
/// with the same words, one per token, and turns some model names into the engine's failures.
struct StandInEngine: ChatEngine {
    /// The answer, one token per word (with its leading space).
    static let words = ["Hello", " from", " the", " stand", "-in", " engine", "."]
    static var text: String { words.joined() }
    /// Prompt tokens reported for every request.
    static let promptTokens = 11

    /// Model names that make the engine fail as named.
    enum Failure: String, CaseIterable {
        case busy, missing = "no-such-model", tooLong = "too-long", down, brokenMidway = "broken-midway"
    }

    func models() async -> [ModelDescriptor] {
        [
            ModelDescriptor(id: "stand-in", created: 1_700_000_000, ownedBy: "tests", loaded: true, contextLength: 64),
            ModelDescriptor(
                id: "stand-in-adapter", created: 1_700_000_000, ownedBy: "tests", baseModel: "stand-in", loaded: false),
        ]
    }

    func generate(
        _ request: GenerationRequest
    ) async throws(EngineError) -> AsyncThrowingStream<GenerationEvent, any Error> {
        switch Failure(rawValue: request.model) {
        case .busy: throw EngineError(.overloaded, "Every sequence is busy.", reason: .busy)
        case .missing:
            throw EngineError(
                .notFound, "The model 'no-such-model' does not exist.", about: .model, reason: .modelNotFound)
        case .tooLong:
            throw EngineError(
                .invalidRequest, "The prompt has 99 tokens; the context holds 64.", about: .messages,
                reason: .contextLengthExceeded)
        case .down: throw EngineError(.unavailable, "The server is shutting down.", reason: .shuttingDown)
        case .brokenMidway, nil: break
        }
        let limit = request.maxTokens ?? Self.words.count
        let count = min(limit, Self.words.count)
        let failsMidway = request.model == Failure.brokenMidway.rawValue
        return AsyncThrowingStream { continuation in
            continuation.yield(
                .started(
                    PromptReport(
                        promptTokens: Self.promptTokens, cachedTokens: 0, promptLogprobs: nil, model: request.model,
                        systemFingerprint: "fp_stand_in")))
            for choice in 0..<request.choices {
                for word in Self.words.prefix(count) {
                    continuation.yield(.content(choice: choice, text: word, logprobs: []))
                }
                if failsMidway {
                    continuation.finish(throwing: EngineError(.internal, "the stand-in broke (a detail for the log)"))
                    return
                }
                continuation.yield(
                    .finished(
                        choice: choice, reason: count < Self.words.count ? .length : .stop, completionTokens: count,
                        reasoningTokens: 0))
            }
            continuation.yield(
                .completed(
                    GenerationTimings(
                        queued: 0, prompt: 0.001, generation: 0.002, generatedTokens: count * request.choices)))
            continuation.finish()
        }
    }

    /// The conversation as `role: text` lines, with the template variables the request set.
    func applyTemplate(_ request: GenerationRequest) async throws(EngineError) -> String {
        let lines = request.messages.map { message in
            "\(message.role.rawValue): \(message.content?.joinedText() ?? "")"
        }
        let variables = request.reasoningEffort.map { ["reasoning_effort=\($0)"] } ?? []
        return (lines + variables).joined(separator: "\n")
    }

    func tokenize(
        _ text: String, model: String?, addSpecial: Bool, parseSpecial: Bool
    ) async throws(EngineError) -> [Int] {
        text.utf8.map { Int($0) }
    }

    func detokenize(_ tokens: [Int], model: String?) async throws(EngineError) -> String {
        String(decoding: tokens.map { UInt8(clamping: $0) }, as: UTF8.self)
    }

    func status() async -> EngineStatus { EngineStatus(busySequences: 0, capacity: 4, queued: 0) }

    func shutdown() async {}
}
