import ChatCompletionsAPI
import ChatInference
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One generation as every API runs it: the request in Chat Completions terms (each API translates
/// its own request into one), the engine's events with their metrics, and what the answer is checked
/// against. Chat Completions, Responses and Messages differ only in how they write it: a body at the
/// end (``collect()``), or a stream in their own events (``stream(_:)`` with a ``StreamDialect``).
struct GenerationRun: Sendable {
    let id: String
    let wire: ChatCompletionRequest
    let generation: GenerationRequest
    let events: ObservedGeneration
    /// The assembler before the first event.
    let assembler: CompletionAssembler
    /// Words for the request's log line.
    let tags: [String]
    let schemaCheck: OutputSchemaCheck?
    let argumentChecks: [String: OutputSchemaCheck]
    let logger: Logger

    /// A finished answer: its assembler and what the checks found.
    struct Collected {
        var assembler: CompletionAssembler
        var verdicts: Handlers.OutputVerdicts

        /// The checks' findings as response headers (none when nothing was checked).
        var headers: HTTPFields {
            var headers = HTTPFields()
            if !verdicts.content.isEmpty {
                headers[OutputSchemaCheck.header] = verdicts.content.map(\.label).joined(separator: ",")
            }
            if !verdicts.toolCalls.isEmpty {
                headers[OutputSchemaCheck.toolCallHeader] = verdicts.toolCalls.map(\.label).joined(separator: ",")
            }
            if let unenforced = assembler.prompt?.unenforcedSchemaKeywords, !unenforced.isEmpty {
                headers[OutputSchemaCheck.unenforcedHeader] = unenforced.map(\.chatDescription).joined(separator: "; ")
            }
            return headers
        }
    }

    /// Runs the generation to its end and logs it; `observe` sees each event after the assembler.
    /// Engine failures and cancellations come out as the ``OpenAIError`` they answer.
    func collect(observing observe: (GenerationEvent) -> Void = { _ in }) async throws -> Collected {
        var assembler = self.assembler
        var verdicts = Handlers.OutputVerdicts()
        do {
            for try await event in events {
                _ = assembler.apply(event)
                observe(event)
                if case .completed(let timings) = event { verdicts = finish(assembler, timings) }
            }
        } catch let error as EngineError {
            throw OpenAIError(error)
        } catch let cancelled as GenerationCancelled {
            logger.info("\(id) cancelled: \(cancelled.reason), after \(assembler.completionTokens) tokens")
            throw OpenAIError(cancelled)
        }
        return Collected(assembler: assembler, verdicts: verdicts)
    }

    /// Checks the finished answer and writes the request's log line.
    private func finish(_ assembler: CompletionAssembler, _ timings: GenerationTimings) -> Handlers.OutputVerdicts {
        let verdicts = Handlers.checkOutput(schemaCheck, argumentChecks, assembler, logger: logger)
        Handlers.log(logger, assembler, timings, tags: tags + Handlers.schemaTags(verdicts, assembler))
        return verdicts
    }

    /// A `text/event-stream` response writing the generation in `dialect`'s events as they come.
    /// A stream that ends early is logged with the tokens it sent; an engine failure, or the
    /// server shutting down, is written as the dialect's error event.
    func stream(_ dialect: some StreamDialect) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        let body = ResponseBody { [self] writer in
            var dialect = dialect
            var assembler = self.assembler
            var outcome = "ok"
            // Tokens whose output was sent, for the log line of a stream that ends early: the
            // assembler counts a choice's tokens only when it finishes, and each output event
            // carries what about one generated token released (held-back text goes out later).
            var sentTokens = 0
            do {
                for try await event in events {
                    let chunks = assembler.apply(event)
                    for bytes in try await dialect.encode(event, chunks: chunks, assembler: assembler) {
                        try await writer.write(ByteBuffer(bytes: bytes))
                    }
                    switch event {
                    case .started, .finished, .completed: break
                    default: sentTokens += 1
                    }
                    if case .completed(let timings) = event { _ = finish(assembler, timings) }
                }
                for bytes in dialect.end(assembler: assembler) { try await writer.write(ByteBuffer(bytes: bytes)) }
            } catch let error as EngineError {
                outcome = "engine error"
                for bytes in await dialect.failure(OpenAIError(error), assembler: assembler) {
                    try? await writer.write(ByteBuffer(bytes: bytes))
                }
            } catch let cancelled as GenerationCancelled {
                outcome = "cancelled: \(cancelled.reason)"
                if cancelled == .shutdown {
                    for bytes in await dialect.failure(.shuttingDown, assembler: assembler) {
                        try? await writer.write(ByteBuffer(bytes: bytes))
                    }
                } else {
                    await dialect.abandoned(assembler: assembler)
                }
            } catch is CancellationError {
                outcome = "cancelled"
                await dialect.abandoned(assembler: assembler)
            } catch {
                outcome = "client gone or failed: \(error)"
                await dialect.abandoned(assembler: assembler)
            }
            if outcome != "ok" {
                logger.info(
                    "\(id) ended early (\(outcome)) after \(max(sentTokens, assembler.completionTokens)) tokens")
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}

/// How an API writes a generation as server-sent events.
protocol StreamDialect: Sendable {
    /// The bytes for one engine event, once the assembler has taken it (`chunks` are what the
    /// assembler made of it, a Chat Completions stream's chunks).
    mutating func encode(
        _ event: GenerationEvent, chunks: [ChatCompletionChunk], assembler: CompletionAssembler
    ) async throws -> [[UInt8]]
    /// The bytes after the last event.
    mutating func end(assembler: CompletionAssembler) -> [[UInt8]]
    /// The bytes that end a stream the engine could not finish.
    func failure(_ error: OpenAIError, assembler: CompletionAssembler) async -> [[UInt8]]
    /// The stream's reader went away (nothing more can be written).
    func abandoned(assembler: CompletionAssembler) async
}

extension StreamDialect {
    func abandoned(assembler: CompletionAssembler) async {}
}

/// Chat Completions' stream: each chunk as a `data:` event, `data: [DONE]` at the end, and an
/// error envelope when the engine fails.
struct ChatStreamDialect: StreamDialect {
    let encoder = ServerSentEventEncoder()

    func encode(
        _ event: GenerationEvent, chunks: [ChatCompletionChunk], assembler: CompletionAssembler
    ) throws -> [[UInt8]] {
        try chunks.map { encoder.encode(data: try $0.jsonString()) }
    }

    func end(assembler: CompletionAssembler) -> [[UInt8]] { [encoder.encodeDone()] }

    func failure(_ error: OpenAIError, assembler: CompletionAssembler) -> [[UInt8]] {
        guard let text = try? ErrorResponse(error: error.error).jsonString() else { return [] }
        return [encoder.encode(data: text)]
    }
}

extension Handlers {
    /// Validates a chat request and starts its generation under `id`.
    func startRun(
        _ wire: ChatCompletionRequest, id: String, context: BasicRequestContext
    ) async throws(OpenAIError) -> GenerationRun {
        let generation: GenerationRequest
        do {
            try wire.validate(limits: configuration.validationLimits)
            generation = try GenerationRequest(wire, id: id)
        } catch {
            throw OpenAIError(error)
        }
        return try await startRun(wire, generation, context: context)
    }

    /// Starts a generation already built from `wire` (an API that sets what Chat Completions
    /// cannot say, such as more stop sequences, builds it itself).
    /// A run `tiedToClient` is cancelled when the client goes away; a background one is not.
    func startRun(
        _ wire: ChatCompletionRequest, _ generation: GenerationRequest, context: BasicRequestContext,
        tiedToClient: Bool = true
    ) async throws(OpenAIError) -> GenerationRun {
        let started = ContinuousClock.now
        let events: ObservedGeneration
        do {
            events = ObservedGeneration(
                base: try await start(generation, arrival: started, tiedToClient: tiedToClient), metrics: metrics,
                model: wire.model,
                choices: generation.choices, arrival: started)
        } catch {
            throw OpenAIError(error)
        }
        let assembler = CompletionAssembler(
            id: generation.id, created: Int(Date().timeIntervalSince1970), model: wire.model,
            choices: generation.choices, serviceTier: generation.priority.serviceTier,
            includeUsage: wire.streamOptions?.includeUsage == true, wantsLogprobs: generation.logprobs != nil)
        // Written to the request's log line: who it is for (OpenAI uses these for abuse monitoring),
        // and the cache key (caching here is automatic; the key only labels the request).
        let tags = [
            (wire.safetyIdentifier ?? wire.user).map { "user=\($0)" },
            wire.promptCacheKey.map { "prompt_cache_key=\($0)" },
        ].compactMap { $0 }
        return GenerationRun(
            id: generation.id, wire: wire, generation: generation, events: events, assembler: assembler, tags: tags,
            schemaCheck: OutputSchemaCheck(wire.responseFormat),
            argumentChecks: OutputSchemaCheck.arguments(of: wire.tools),
            logger: context.logger)
    }
}
