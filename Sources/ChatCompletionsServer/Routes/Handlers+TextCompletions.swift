import ChatCompletionsAPI
import ChatInference
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `POST /v1/completions`: legacy text completions on the same engine — a prompt continued as it
/// is, `echo`, integer `logprobs` with `text_offset`, several prompts at once.
extension Handlers {
    func textCompletions(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let bytes = try await body(request, context)
        let decoded = try TextCompletionRequest(jsonBytes: bytes)
        try decoded.validate(limits: configuration.validationLimits)
        let wire = try TextCompletionPlan(decoded)
        let id = RandomIdentifier.make(prefix: "cmpl-")
        let created = Int(Date().timeIntervalSince1970)
        // Every prompt's work is queued before any is read, so a refusal comes before the first byte.
        var runs: [TextRun] = []
        let arrival = ContinuousClock.now
        for index in wire.prompts.indices {
            let generation = wire.generation(index, id: id)
            let events = try await start(generation, arrival: arrival)
            runs.append(TextRun(index: index, events: events, promptText: try await promptText(wire, index)))
        }
        let started = runs
        var headers = HTTPFields()
        let header: JSONObject = [
            "id": .string(id), "object": "text_completion", "created": .int(created), "model": .string(wire.model),
        ]
        if wire.stream {
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-cache"
            let logger = context.logger
            let body = ResponseBody { writer in
                let encoder = ServerSentEventEncoder()
                var usage = TextUsage()
                do {
                    for run in started {
                        try await run.collect(wire, usage: &usage) { choice in
                            var chunk = header
                            chunk["choices"] = [.object(choice)]
                            try await writer.write(
                                ByteBuffer(bytes: encoder.encode(data: JSONValue.object(chunk).jsonString())))
                        }
                    }
                    if wire.includeUsage {
                        var chunk = header
                        chunk["choices"] = []
                        chunk["usage"] = usage.json
                        try await writer.write(
                            ByteBuffer(bytes: encoder.encode(data: JSONValue.object(chunk).jsonString())))
                    }
                    try await writer.write(ByteBuffer(bytes: encoder.encodeDone()))
                } catch let error as EngineError {
                    let envelope = ErrorResponse(error: OpenAIError(error).error)
                    try? await writer.write(ByteBuffer(bytes: encoder.encode(data: try envelope.jsonString())))
                } catch let cancelled as GenerationCancelled {
                    logger.info("\(id) cancelled: \(cancelled.reason)")
                    if cancelled == .shutdown {
                        let envelope = ErrorResponse(error: OpenAIError.shuttingDown.error)
                        try? await writer.write(ByteBuffer(bytes: encoder.encode(data: try envelope.jsonString())))
                    }
                } catch {
                    logger.info("\(id) ended early: \(error)")
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: headers, body: body)
        }
        var usage = TextUsage()
        var choices: [JSONValue] = []
        do {
            for run in runs {
                var pieces: [Int: JSONObject] = [:]
                try await run.collect(wire, usage: &usage) { piece in
                    let index = piece["index"]?.intValue ?? 0
                    pieces[index] = TextRun.merge(pieces[index], piece)
                }
                choices += pieces.keys.sorted().map { .object(pieces[$0]!) }
            }
        } catch let cancelled as GenerationCancelled {
            context.logger.info("\(id) cancelled: \(cancelled.reason)")
            throw cancelled
        }
        var completion = header
        completion["choices"] = .array(choices)
        completion["usage"] = usage.json
        return ChatCompletionsRouter.jsonResponse(bytes: JSONValue.object(completion).serialized(), headers: headers)
    }

    /// The text of prompt `index`, for `echo`.
    private func promptText(_ wire: TextCompletionPlan, _ index: Int) async throws -> String {
        guard wire.echo else { return "" }
        switch wire.prompts[index] {
        case .text(let text): return text
        case .tokens(let tokens): return try await engine.detokenize(tokens, model: wire.model)
        }
    }
}

/// Token counts over every prompt of a request.
struct TextUsage {
    var prompt = 0
    var completion = 0
    var cached = 0

    var json: JSONValue {
        [
            "prompt_tokens": .int(prompt), "completion_tokens": .int(completion),
            "total_tokens": .int(prompt + completion),
            "prompt_tokens_details": ["cached_tokens": .int(cached)],
        ]
    }
}

/// One prompt's generation, turned into legacy choice objects (or pieces of them, when streaming).
struct TextRun: Sendable {
    let index: Int
    let events: AsyncThrowingStream<GenerationEvent, any Error>
    let promptText: String

    /// Reads the events, calling `emit` with each choice piece: `{"index","text","logprobs","finish_reason"}`.
    func collect(
        _ wire: TextCompletionPlan, usage: inout TextUsage, emit: (JSONObject) async throws -> Void
    ) async throws {
        var offsets = Array(repeating: 0, count: wire.choices)
        func choiceIndex(_ choice: Int) -> Int { index * wire.choices + choice }
        func logprobs(_ entries: [TokenLogprob?], choice: Int, texts: [String]) -> JSONValue {
            guard wire.logprobs != nil else { return .null }
            var tokens: [JSONValue] = []
            var values: [JSONValue] = []
            var tops: [JSONValue] = []
            var textOffsets: [JSONValue] = []
            for (entry, text) in zip(entries, texts) {
                tokens.append(.string(text))
                textOffsets.append(.int(offsets[choice]))
                offsets[choice] += text.unicodeScalars.count
                if let entry {
                    values.append(.double(entry.logprob))
                    var top = JSONObject()
                    for alternative in entry.topLogprobs { top[alternative.token] = .double(alternative.logprob) }
                    tops.append(.object(top))
                } else {
                    values.append(.null)
                    tops.append(.null)
                }
            }
            return [
                "tokens": .array(tokens), "token_logprobs": .array(values), "top_logprobs": .array(tops),
                "text_offset": .array(textOffsets),
            ]
        }
        for try await event in events {
            switch event {
            case .started(let report):
                usage.prompt += report.promptTokens
                usage.cached += report.cachedTokens
                guard wire.echo else { continue }
                // The echoed prompt: with logprobs, its first token has none (nothing precedes it).
                let entries = report.promptLogprobs ?? []
                let rest = entries.map(\.token).joined()
                let first = promptText.hasSuffix(rest) ? String(promptText.dropLast(rest.count)) : ""
                for choice in 0..<wire.choices {
                    var piece: JSONObject = ["index": .int(choiceIndex(choice)), "text": .string(promptText)]
                    piece["logprobs"] = logprobs(
                        [nil] + entries.map { Optional($0) }, choice: choice, texts: [first] + entries.map(\.token))
                    piece["finish_reason"] = .null
                    try await emit(piece)
                }
            case .content(let choice, let text, let entries):
                guard wire.maxTokens > 0 else { continue }
                var piece: JSONObject = ["index": .int(choiceIndex(choice)), "text": .string(text)]
                piece["logprobs"] = logprobs(entries.map { Optional($0) }, choice: choice, texts: entries.map(\.token))
                piece["finish_reason"] = .null
                try await emit(piece)
            case .finished(let choice, let reason, let tokens, _, _):
                usage.completion += wire.maxTokens > 0 ? tokens : 0
                var piece: JSONObject = ["index": .int(choiceIndex(choice)), "text": ""]
                piece["logprobs"] = wire.logprobs == nil ? .null : logprobs([], choice: choice, texts: [])
                piece["finish_reason"] = .string(wire.maxTokens > 0 ? reason.rawValue : "length")
                try await emit(piece)
            case .toolCall, .reasoning, .completed:
                continue
            }
        }
    }

    /// Two pieces of the same choice as one: texts and logprob lists joined, the last finish reason.
    static func merge(_ earlier: JSONObject?, _ later: JSONObject) -> JSONObject {
        guard var merged = earlier else { return later }
        merged["text"] = .string((merged["text"]?.stringValue ?? "") + (later["text"]?.stringValue ?? ""))
        if case .object(var logs)? = merged["logprobs"], case .object(let more)? = later["logprobs"] {
            for key in ["tokens", "token_logprobs", "top_logprobs", "text_offset"] {
                logs[key] = .array((logs[key]?.arrayValue ?? []) + (more[key]?.arrayValue ?? []))
            }
            merged["logprobs"] = .object(logs)
        }
        if later["finish_reason"] != .null { merged["finish_reason"] = later["finish_reason"] }
        return merged
    }
}
