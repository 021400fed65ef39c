import ChatCompletionsAPI
import Logging
import TestSupport
import Testing

@Suite("Completion and chunk shapes")
struct CompletionShapeTests {
    @Test("a plain completion has the contract's shape and usage")
    func plainCompletion() async throws {
        let server = try await LiveServer.shared
        let result = try await server.chat(body("Hello", ["max_tokens": 8, "temperature": 0]))
        #expect(result.status == 200)
        #expect(result.headers["content-type"] == "application/json")
        let raw = try result.json
        #expect(raw["object"] == "chat.completion")
        #expect(raw["id"]?.stringValue?.hasPrefix("chatcmpl-") == true)
        #expect(raw["created"]?.intValue ?? 0 > 1_700_000_000)
        #expect(raw["model"] == .string(LiveServer.defaultModel))
        #expect(raw["system_fingerprint"]?.stringValue?.hasPrefix("fp_") == true)
        #expect(raw["service_tier"] == "default")
        let choice = try #require(raw["choices"]?.arrayValue?.first)
        #expect(choice["index"] == 0)
        #expect(choice["message"]?["role"] == "assistant")
        #expect(choice["message"]?["content"]?.stringValue != nil)
        #expect(choice["logprobs"] == .null)
        let completion = try ChatCompletion(jsonBytes: result.body)
        let usage = try #require(completion.usage)
        #expect(usage.promptTokens > 0)
        #expect(usage.completionTokens > 0 && usage.completionTokens <= 8)
        #expect(usage.totalTokens == usage.promptTokens + usage.completionTokens)
        #expect(usage.promptTokensDetails?.cachedTokens != nil)
        let reason = try #require(completion.choices.first?.finishReason)
        #expect(reason == .length || reason == .stop)
        if reason == .length { #expect(usage.completionTokens == 8) }
    }

    @Test("max_tokens and max_completion_tokens both cap the completion with finish_reason length")
    func maxTokens() async throws {
        let server = try await LiveServer.shared
        for key in ["max_tokens", "max_completion_tokens"] {
            let completion = try await server.completion(
                body("Count from one to one hundred.", [key: 3, "temperature": 0, "ignore_eos": true]))
            #expect(completion.choices[0].finishReason == .length)
            #expect(completion.usage?.completionTokens == 3)
        }
    }

    @Test("a stream has a role chunk, content chunks, a finish chunk, a usage chunk and [DONE]")
    func streamShape() async throws {
        let server = try await LiveServer.shared
        var object = body("Tell me a story.", ["max_tokens": 6, "temperature": 0, "stream": true])
        object = .object(object.objectValue!.merging(["stream_options": ["include_usage": true]]))
        let result = try await server.chat(object)
        #expect(result.status == 200)
        #expect(result.headers["content-type"] == "text/event-stream")
        let events = result.events
        #expect(events.last?.isDone == true)
        let chunks = try events.dropLast().map { try ChatCompletionChunk(jsonString: $0.data) }
        try #require(chunks.count >= 3)
        let ids = Set(chunks.map(\.id))
        #expect(ids.count == 1)
        #expect(chunks.allSatisfy { $0.object == "chat.completion.chunk" })
        #expect(chunks.first?.choices.first?.delta.role == .assistant)
        let usageChunk = try #require(chunks.last)
        #expect(usageChunk.choices.isEmpty)
        let usage = try #require(usageChunk.usage)
        #expect(usage.completionTokens == 6)
        let finishes = chunks.flatMap(\.choices).compactMap(\.finishReason)
        #expect(finishes == [.length])
        // Every chunk but the last carries "usage": null when usage was asked for.
        for event in events.dropLast(2) { #expect(try JSONValue(parsing: event.data)["usage"] == .null) }
    }

    @Test("without include_usage no usage chunk is sent")
    func streamWithoutUsage() async throws {
        let server = try await LiveServer.shared
        let chunks = try await server.chunks(body("Hi", ["max_tokens": 3]))
        #expect(chunks.allSatisfy { !$0.choices.isEmpty && $0.usage == nil })
    }

    @Test("streamed text concatenates to the non-streamed text at temperature 0")
    func streamEqualsPlain() async throws {
        let server = try await LiveServer.shared
        let request = body("Describe a lighthouse at night.", ["max_tokens": 24, "temperature": 0])
        let plain = try await server.completion(request)
        let chunks = try await server.chunks(request)
        #expect(streamedTexts(chunks)[0] == plain.choices[0].message.content)
        #expect(chunks.flatMap(\.choices).compactMap(\.finishReason) == [plain.choices[0].finishReason!])
    }

    @Test("n choices each come back, with usage counting all of them")
    func nChoices() async throws {
        let server = try await LiveServer.shared
        let completion = try await server.completion(
            body("Name a colour.", ["n": 3, "max_tokens": 5, "seed": 7, "ignore_eos": true]))
        #expect(completion.choices.map(\.index) == [0, 1, 2])
        #expect(completion.usage?.completionTokens == 15)
        // Each choice has its own sampler: with temperature 1 they are not all identical.
        let texts = Set(completion.choices.compactMap(\.message.content))
        #expect(texts.count > 1)
        // Streaming gives the same choices.
        let chunks = try await server.chunks(
            body("Name a colour.", ["n": 3, "max_tokens": 5, "seed": 7, "ignore_eos": true]))
        let streamed = streamedTexts(chunks)
        for choice in completion.choices { #expect(streamed[choice.index] == choice.message.content) }
    }

    @Test("a repeated prompt is served from the cache without reading; an extended one reuses its prefix")
    func cachedTokens() async throws {
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 1))
        defer { Task { await server.stop() } }
        let prompt = "The quick brown fox jumps over the lazy dog near the riverbank at dawn."
        let first = try await server.completion(body(prompt, ["max_tokens": 2, "temperature": 0]))
        #expect(first.usage?.promptTokensDetails?.cachedTokens == 0)
        let second = try await server.completion(body(prompt, ["max_tokens": 2, "temperature": 0]))
        let cached = try #require(second.usage?.promptTokensDetails?.cachedTokens)
        // The same prompt again: the sequence kept the logits of its last position, so nothing is read.
        #expect(cached == second.usage!.promptTokens)
        #expect(second.choices[0].message.content == first.choices[0].message.content)
        // A prompt extending it reuses all but its last two tokens: those are read for the logits,
        // two so that they round as when the whole prompt was read (see Scheduler's note).
        let third = try await server.completion(body(prompt + " Then it rests.", ["max_tokens": 2, "temperature": 0]))
        let extended = try #require(third.usage?.promptTokensDetails?.cachedTokens)
        #expect(extended > 0 && extended <= third.usage!.promptTokens - 2)
        await server.stop()
    }

    @Test("service_tier is echoed as the tier used")
    func serviceTier() async throws {
        let server = try await LiveServer.shared
        for (asked, used) in [("auto", "default"), ("default", "default"), ("flex", "flex"), ("priority", "priority")] {
            let result = try await server.chat(body("Hi", ["max_tokens": 1, "service_tier": .string(asked)]))
            #expect(try result.json["service_tier"] == .string(used))
        }
    }

    @Test("user, safety_identifier (first) and prompt_cache_key reach the request's log line")
    func userField() async throws {
        let captured = CapturedLines()
        var logger = Logger(label: "chat-server", factory: captured.handler)
        logger.logLevel = .info
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 1), logger: logger)
        let user = try await server.completion(body("Hi", ["max_tokens": 1, "user": "user-1234"]))
        let both = try await server.completion(
            body("Hi", ["max_tokens": 1, "user": "user-1234", "safety_identifier": "sid-5678"]))
        let keyed = try await server.completion(body("Hi", ["max_tokens": 1, "prompt_cache_key": "conversation-42"]))
        await server.stop()
        #expect(
            try messages(captured).contains {
                $0.hasPrefix(keyed.id) && $0.contains(" prompt_cache_key=conversation-42")
            })
        let lines = try messages(captured)
        #expect(lines.contains { $0.hasPrefix(user.id) && $0.contains(" user=user-1234") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix(both.id) && $0.contains(" user=sid-5678") }, "\(lines)")
    }
}

/// The `message` of every captured log line.
private func messages(_ captured: CapturedLines) throws -> [String] {
    try captured.objects().compactMap { $0["message"]?.stringValue }
}

extension JSONObject {
    func merging(_ other: JSONObject) -> JSONObject {
        var copy = self
        for (key, value) in other { copy[key] = value }
        return copy
    }
}
