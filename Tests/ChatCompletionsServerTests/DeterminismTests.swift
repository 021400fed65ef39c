import ChatCompletionsAPI
import Logging
import TestSupport
import Testing

@Suite("Seeds and determinism")
struct DeterminismTests {
    /// Sampled at OpenAI's temperature 1 (not the default model's 0.2), so that seeds matter.
    static let request = body(
        "Write a short poem about rain.", ["max_tokens": 20, "seed": 1234, "ignore_eos": true, "temperature": 1])

    @Test("the same seed gives the same output; without a seed outputs vary")
    func seedReproduces() async throws {
        let server = try await LiveServer.shared
        let first = try await server.completion(Self.request)
        let second = try await server.completion(Self.request)
        #expect(first.choices[0].message.content == second.choices[0].message.content)
        var unseeded = Self.request.objectValue!
        unseeded["seed"] = nil
        var outputs: Set<String> = []
        for _ in 0..<4 {
            outputs.insert(try await server.completion(.object(unseeded)).choices[0].message.content ?? "")
        }
        #expect(outputs.count > 1)
    }

    @Test("seeded outputs are the same while other requests run concurrently")
    func seedUnderConcurrency() async throws {
        let server = try await LiveServer.shared
        let alone = try await server.completion(Self.request).choices[0].message.content
        let outputs = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<4 {
                group.addTask {
                    if index == 0 { return try await server.completion(Self.request).choices[0].message.content }
                    // Different work in the same batches.
                    _ = try await server.completion(body("Something else \(index)", ["max_tokens": 30]))
                    return nil
                }
            }
            for _ in 0..<3 {
                group.addTask { try await server.completion(Self.request).choices[0].message.content }
            }
            var results: [String] = []
            for try await output in group { if let output { results.append(output) } }
            return results
        }
        #expect(outputs.count == 4)
        for output in outputs { #expect(output == alone) }
    }

    /// A greedy request with log-probabilities: its `logprobs` are the logits themselves, so any
    /// change in how the model's arithmetic rounds shows, not only changes big enough to flip a token.
    static func probe(_ messages: [JSONValue], model: String = LiveServer.defaultModel) -> JSONValue {
        [
            "model": .string(model), "messages": .array(messages), "max_tokens": 12,
            "temperature": 0, "logprobs": true, "top_logprobs": 5, "ignore_eos": true,
        ]
    }

    /// Both models the set-up installs: their weights take different kernels (Q4_1 and Q4_K_M).
    @Test(
        "logits are bit-identical whether a prompt is read alone, from the cache, from host memory, on a generated reply, copied from another request, beside other work or with fewer threads",
        arguments: [LiveServer.defaultModel, LiveServer.secondModel])
    func batchInvariantLogits(model: String) async throws {
        func probe(_ messages: [JSONValue]) -> JSONValue { Self.probe(messages, model: model) }
        let configuration = LiveServer.configuration(model: model, parallel: 4, contextSize: 2048)
        // Longer than one 512-token batch, so that where the chunks fall depends on the other work.
        let story = (1...90).map { "Line \($0) of the log says the sea was calm." }.joined(separator: " ")
        let first: [JSONValue] = [["role": "user", "content": .string("Summarise: \(story)")]]
        // Reference: each probe on a fresh server, read once, alone.
        let fresh = try await LiveServer.start(engine: configuration)
        let reference = try await fresh.completion(probe(first))
        let reply = reference.choices[0].message.content ?? ""
        let second =
            first + [["role": "assistant", "content": .string(reply)], ["role": "user", "content": "And then?"]]
        await fresh.stop()
        let freshAgain = try await LiveServer.start(engine: configuration)
        let referenceSecond = try await freshAgain.completion(probe(second))
        await freshAgain.stop()

        let server = try await LiveServer.start(engine: configuration)
        defer { Task { await server.stop() } }
        // Read while three other streams generate: its chunks fall elsewhere, its tokens share decodes.
        let busy = try await withThrowingTaskGroup(of: ChatCompletion?.self) { group in
            for index in 0..<3 {
                group.addTask {
                    _ = try await server.completion(
                        body("Count to \(index + 20).", ["max_tokens": 40, "ignore_eos": true], model: model))
                    return nil
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(300))
                return try await server.completion(probe(first))
            }
            var result: ChatCompletion?
            for try await completion in group { if let completion { result = completion } }
            return result
        }
        #expect(busy?.choices[0].logprobs == reference.choices[0].logprobs, "\(model): read beside other streams")
        // Read while a large grammar compiles: decoding gives up one of its threads meanwhile.
        let heavy = body(
            "Fill in the form.",
            [
                "max_tokens": 2,
                "response_format": [
                    "type": "json_schema",
                    "json_schema": ["name": "form", "schema": HeavySchemaTests.manyProperties(5000)],
                ],
            ], model: model)
        async let compiling = server.chat(heavy)
        try await Task.sleep(for: .milliseconds(30))
        let besideCompile = try await server.completion(probe(first))
        #expect(try await compiling.status == 200)
        #expect(
            besideCompile.choices[0].logprobs == reference.choices[0].logprobs,
            "\(model): read while a grammar compiles (fewer decode threads)")
        // The whole prompt from the cache.
        let cached = try await server.completion(probe(first))
        #expect((cached.usage?.promptTokensDetails?.cachedTokens ?? 0) > 0)
        #expect(cached.choices[0].logprobs == reference.choices[0].logprobs, "\(model): read from the cache")
        // The next turn, sent as soon as the reply ends while other streams keep the server busy: its
        // prefix (the first turn and the reply, generated one token a decode) comes from the cache
        // as it is, and gives the logits a fresh read gives.
        let (next, replied) = try await withThrowingTaskGroup(of: (ChatCompletion, ChatCompletion)?.self) { group in
            for index in 0..<2 {
                group.addTask {
                    _ = try await server.completion(
                        body("Count to \(index + 60).", ["max_tokens": 120, "ignore_eos": true], model: model))
                    return nil
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(300))
                let replied = try await server.completion(probe(first))
                return (try await server.completion(probe(second)), replied)
            }
            var result: (ChatCompletion, ChatCompletion)?
            for try await pair in group { if let pair { result = pair } }
            return try #require(result)
        }
        #expect(replied.choices[0].logprobs == reference.choices[0].logprobs, "\(model): reply beside other streams")
        // All of the reply but its last token (sampled, never decoded) is reused.
        let replyTokens = replied.usage?.completionTokens ?? 0
        #expect(
            (next.usage?.promptTokensDetails?.cachedTokens ?? 0) >= (replied.usage?.promptTokens ?? .max) + replyTokens
                - 2,
            "\(model): the reply is reused under load, not read again")
        #expect(
            next.choices[0].logprobs == referenceSecond.choices[0].logprobs, "\(model): next turn on a cached reply")

        // Shared across requests: on a fresh server, two prompts that start with the same long story
        // arrive together; one reads the story, the other copies it from that sequence.
        let pair = try await LiveServer.start(engine: configuration)
        async let firstAnswer = pair.completion(probe(first))
        async let secondAnswer = pair.completion(probe(second))
        let (both1, both2) = try await (firstAnswer, secondAnswer)
        // Again together: both now come from the cache, and their last tokens may share a decode.
        async let firstAgain = pair.completion(probe(first))
        async let secondAgain = pair.completion(probe(second))
        let (again1, again2) = try await (firstAgain, secondAgain)
        await pair.stop()
        #expect(again1.choices[0].logprobs == reference.choices[0].logprobs, "\(model): cached, beside another")
        #expect(again2.choices[0].logprobs == referenceSecond.choices[0].logprobs, "\(model): cached, beside another")
        #expect(both1.choices[0].logprobs == reference.choices[0].logprobs, "\(model): beside a prompt sharing it")
        #expect(
            both2.choices[0].logprobs == referenceSecond.choices[0].logprobs, "\(model): beside a prompt sharing it")
        let copied = max(
            both1.usage?.promptTokensDetails?.cachedTokens ?? 0, both2.usage?.promptTokensDetails?.cachedTokens ?? 0)
        #expect(copied > (both1.usage?.promptTokens ?? 0) / 2, "\(model): the shared start is read once")

        // From host memory: on one sequence, another prompt takes the sequence, then the first
        // comes back and is restored rather than read (and, with the host cache off, read again).
        for cacheBytes in [nil, 0] {
            let single = try await LiveServer.start(
                engine: LiveServer.configuration(
                    model: model, parallel: 1, contextSize: 2048, promptCacheBytes: cacheBytes))
            _ = try await single.completion(probe(first))
            _ = try await single.completion(probe([["role": "user", "content": "Name three rivers in Europe."]]))
            let returning = try await single.completion(probe(first))
            let cachedTokens = returning.usage?.promptTokensDetails?.cachedTokens ?? 0
            // Gemma 3's sliding-window layers would not restore bit-exactly: its host cache stays off.
            if cacheBytes == 0 || model == LiveServer.secondModel {
                // Only the chat template's opening, shared with the other prompt, comes from the cache.
                #expect(cachedTokens < (returning.usage?.promptTokens ?? 0) / 2, "\(model): the prompt is read again")
            } else {
                // Restored with the logits its last position gave: nothing is read.
                #expect(cachedTokens == returning.usage?.promptTokens, "\(model): restored from host memory")
            }
            #expect(
                returning.choices[0].logprobs == reference.choices[0].logprobs,
                "\(model): returning prompt, host cache \(cacheBytes.map { "\($0) bytes" } ?? "on")")
            // The next turn after its sequence was given away: the reply comes back from host memory
            // with the first turn (when the host cache is on and the model allows it).
            _ = try await single.completion(probe([["role": "user", "content": "Name three rivers in Europe."]]))
            let nextTurn = try await single.completion(probe(second))
            await single.stop()
            let reused = nextTurn.usage?.promptTokensDetails?.cachedTokens ?? 0
            if cacheBytes == 0 || model == LiveServer.secondModel {
                #expect(reused < (returning.usage?.promptTokens ?? 0) / 2, "\(model): the next turn is read again")
            } else {
                #expect(reused > (returning.usage?.promptTokens ?? .max), "\(model): reply restored")
            }
            #expect(
                nextTurn.choices[0].logprobs == referenceSecond.choices[0].logprobs,
                "\(model): next turn, host cache \(cacheBytes.map { "\($0) bytes" } ?? "on")")
        }
    }

    @Test("a seed reproduces across a server restart")
    func seedAcrossRestart() async throws {
        let first = try await LiveServer.start(engine: LiveServer.configuration(parallel: 2))
        let before = try await first.completion(Self.request)
        await first.stop()
        let second = try await LiveServer.start(engine: LiveServer.configuration(parallel: 2))
        let after = try await second.completion(Self.request)
        await second.stop()
        #expect(before.choices[0].message.content == after.choices[0].message.content)
        #expect(before.systemFingerprint == after.systemFingerprint)
    }

    @Test("system_fingerprint changes with engine settings")
    func fingerprintTracksSettings() async throws {
        let a = try await LiveServer.start(engine: LiveServer.configuration(parallel: 1, contextSize: 1024))
        let fingerprintA = try await a.completion(body("Hi", ["max_tokens": 1])).systemFingerprint
        await a.stop()
        let b = try await LiveServer.start(engine: LiveServer.configuration(parallel: 1, contextSize: 2048))
        let fingerprintB = try await b.completion(body("Hi", ["max_tokens": 1])).systemFingerprint
        await b.stop()
        #expect(fingerprintA != nil && fingerprintA != fingerprintB)
    }
}
