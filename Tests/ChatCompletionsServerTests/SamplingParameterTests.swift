import ChatCompletionsAPI
import Foundation
import TestSupport
import Testing

@Suite("Sampling, log-probability and provider parameters")
struct SamplingParameterTests {
    static let prompt = "Write about the mountains and the rivers."

    func greedy(_ server: LiveServer, _ extra: JSONObject = [:], tokens: Int = 16) async throws -> ChatCompletion {
        // No penalty (the default model declares one): greedy then picks the most likely token.
        var parameters: JSONObject = [
            "max_tokens": .int(tokens), "temperature": 0, "ignore_eos": true, "logprobs": true,
            "repetition_penalty": 1,
        ]
        for (key, value) in extra { parameters[key] = value }
        return try await server.completion(body(Self.prompt, parameters))
    }

    func tokenID(_ server: LiveServer, _ text: String) async throws -> Int {
        let result = try await TestHTTP.post("\(server.baseURL)/tokenize", json: ["content": .string(text)]).json
        let tokens = try #require(result["tokens"]?.arrayValue)
        try #require(tokens.count == 1, "'\(text)' is \(tokens.count) tokens")
        return try #require(tokens[0].intValue)
    }

    @Test("logit_bias −100 bans a token: it never appears; +100 makes it the only one")
    func logitBias() async throws {
        let server = try await LiveServer.shared
        let baseline = try await greedy(server)
        let first = try #require(baseline.choices[0].logprobs?.content?.first)
        let firstID = try await tokenID(server, first.token)
        let banned = try await greedy(server, ["logit_bias": .object([String(firstID): -100])], tokens: 32)
        let bannedTokens = banned.choices[0].logprobs?.content?.map(\.token) ?? []
        #expect(!bannedTokens.contains(first.token))
        let forcedID = try await tokenID(server, " banana")
        var forced = try await server.completion(
            body(
                Self.prompt,
                ["max_tokens": 6, "ignore_eos": true, "seed": 3, "logit_bias": .object([String(forcedID): 100])]))
        #expect(forced.choices[0].message.content == String(repeating: " banana", count: 6))
        forced = try await server.completion(
            body(
                Self.prompt,
                ["max_tokens": 4, "temperature": 2, "ignore_eos": true, "logit_bias": .object([String(forcedID): 100])])
        )
        #expect(forced.choices[0].message.content == String(repeating: " banana", count: 4))
    }

    @Test("frequency and presence penalties reduce repetition against the same request without them")
    func penalties() async throws {
        let server = try await LiveServer.shared
        func distinctShare(_ completion: ChatCompletion) -> Double {
            let tokens = completion.choices[0].logprobs?.content?.map(\.token) ?? []
            return Double(Set(tokens).count) / Double(max(tokens.count, 1))
        }
        let plain = try await greedy(server, tokens: 48)
        let penalised = try await greedy(server, ["frequency_penalty": 1.5, "presence_penalty": 1.0], tokens: 48)
        let repeated = try await greedy(server, ["repetition_penalty": 1.5], tokens: 48)
        #expect(distinctShare(penalised) > distinctShare(plain))
        #expect(distinctShare(repeated) > distinctShare(plain))
        // Negative penalties encourage repetition. Greedy output of this base model already loops, so
        // compare sampled outputs with the same seed instead.
        let varied = try await greedy(server, ["temperature": 1, "seed": 7], tokens: 48)
        let encouraged = try await greedy(
            server, ["temperature": 1, "seed": 7, "frequency_penalty": -2], tokens: 48)
        #expect(distinctShare(encouraged) < distinctShare(varied))
    }

    @Test("top_k 1 and min_p near 1 equal greedy, whatever the seed and temperature")
    func greedyEquivalents() async throws {
        let server = try await LiveServer.shared
        let reference = try await greedy(server).choices[0].message.content
        for extra in [["top_k": 1], ["min_p": 0.999]] as [JSONObject] {
            for seed in [1, 2] {
                var parameters: JSONObject = [
                    "max_tokens": 16, "temperature": 1.5, "ignore_eos": true, "seed": .int(seed),
                    "repetition_penalty": 1,
                ]
                for (key, value) in extra { parameters[key] = value }
                let completion = try await server.completion(body(Self.prompt, parameters))
                #expect(completion.choices[0].message.content == reference, "\(extra) seed \(seed)")
            }
        }
    }

    @Test("top_p, top_k, min_p and each penalty change sampled output, and stay reproducible with a seed")
    func truncationReproducible() async throws {
        let server = try await LiveServer.shared
        // Hot sampling (temperature 1.5, nothing cut off) is the baseline each parameter must change.
        func sampled(_ extra: JSONObject, seed: Int) async throws -> String {
            var parameters: JSONObject = [
                "max_tokens": 12, "seed": .int(seed), "ignore_eos": true, "temperature": 1.5, "top_p": 1,
            ]
            for (key, value) in extra { parameters[key] = value }
            return try await server.completion(body(Self.prompt, parameters)).choices[0].message.content ?? ""
        }
        let seeds = [11, 12, 13]
        var baseline: [Int: String] = [:]
        for seed in seeds { baseline[seed] = try await sampled([:], seed: seed) }
        let combinations: [JSONObject] = [
            ["top_p": 0.3], ["top_k": 3], ["min_p": 0.2], ["frequency_penalty": 2], ["presence_penalty": 2],
            ["repetition_penalty": 1.8],
            ["top_p": 0.9, "top_k": 40, "min_p": 0.05, "temperature": 0.7],
        ]
        for extra in combinations {
            var changed = false
            for seed in seeds {
                let a = try await sampled(extra, seed: seed)
                let b = try await sampled(extra, seed: seed)
                #expect(a == b, "\(extra) seed \(seed) does not reproduce")
                if a != baseline[seed] { changed = true }
            }
            #expect(changed, "\(extra) gave the same text as without it for every seed")
        }
    }

    @Test("ignore_eos yields exactly max_tokens tokens")
    func ignoreEOS() async throws {
        let server = try await LiveServer.shared
        for seed in 1...3 {
            let completion = try await server.completion(
                body("Hi", ["max_tokens": 40, "ignore_eos": true, "seed": .int(seed)]))
            #expect(completion.usage?.completionTokens == 40)
            #expect(completion.choices[0].finishReason == .length)
        }
    }

    @Test("logprobs: ≤ 0, sorted, greedy-consistent, top_logprobs counted, tokens concatenate to the content")
    func logprobs() async throws {
        let server = try await LiveServer.shared
        let completion = try await greedy(server, ["top_logprobs": 5])
        let entries = try #require(completion.choices[0].logprobs?.content)
        #expect(entries.count == 16)
        for entry in entries {
            #expect(entry.logprob <= 0)
            #expect(entry.topLogprobs.count == 5)
            let values = entry.topLogprobs.map(\.logprob)
            #expect(values == values.sorted(by: >))
            #expect(values.allSatisfy { $0 <= 0 })
            // Greedy: the chosen token is the most likely one.
            #expect(entry.topLogprobs.first?.token == entry.token)
            #expect(abs((entry.topLogprobs.first?.logprob ?? 0) - entry.logprob) < 1e-6)
            #expect(entry.bytes == Array(entry.token.utf8).map(Int.init) || entry.token.contains("\u{FFFD}"))
        }
        let bytes = entries.flatMap { $0.bytes ?? [] }.map { UInt8($0) }
        #expect(String(decoding: bytes, as: UTF8.self) == completion.choices[0].message.content)
        // top_logprobs 0 gives the chosen tokens with no alternatives.
        let bare = try await greedy(server, ["top_logprobs": 0], tokens: 4)
        #expect(bare.choices[0].logprobs?.content?.allSatisfy { $0.topLogprobs.isEmpty } == true)
    }

    @Test("streamed chunks carry the logprobs of their own tokens, identical to the plain response")
    func streamedLogprobs() async throws {
        let server = try await LiveServer.shared
        let request = body(
            Self.prompt, ["max_tokens": 12, "temperature": 0, "ignore_eos": true, "logprobs": true, "top_logprobs": 2])
        let plain = try await server.completion(request)
        let chunks = try await server.chunks(request)
        var streamed: [TokenLogprob] = []
        for chunk in chunks {
            for choice in chunk.choices {
                let entries = choice.logprobs?.content ?? []
                streamed += entries
                let text = choice.delta.content ?? ""
                let entryBytes = entries.flatMap { $0.bytes ?? [] }.map { UInt8($0) }
                if !entries.isEmpty { #expect(String(decoding: entryBytes, as: UTF8.self) == text) }
            }
        }
        let expected = try #require(plain.choices[0].logprobs?.content)
        #expect(streamed.map(\.token) == expected.map(\.token))
        for (a, b) in zip(streamed, expected) { #expect(abs(a.logprob - b.logprob) < 1e-4) }
    }

    @Test("prompt log-likelihood matches the logprobs the same tokens get when generated")
    func promptLogLikelihood() async throws {
        let server = try await LiveServer.shared
        let generated = try await greedy(server, tokens: 8)
        let text = try #require(generated.choices[0].message.content)
        let generatedLogprobs = try #require(generated.choices[0].logprobs?.content)
        // The same conversation with the generated text as an assistant turn: its tokens are now prompt tokens.
        let followUp: JSONValue = [
            "model": .string(LiveServer.defaultModel),
            "messages": [
                ["role": "user", "content": .string(Self.prompt)], ["role": "assistant", "content": .string(text)],
            ],
            "max_tokens": 1, "loglikelihood": true,
        ]
        let scored = try await server.completion(followUp)
        let promptLogprobs = try #require(scored.promptLogprobs)
        #expect(promptLogprobs.count == (scored.usage?.promptTokens ?? 0) - 1)
        #expect(promptLogprobs.allSatisfy { $0.logprob <= 0 })
        // Find the generated tokens inside the prompt (the assistant turn, after the user turn that the
        // base model may have echoed) and compare their figures.
        let tokens = promptLogprobs.map(\.token)
        let wanted = generatedLogprobs.map(\.token)
        let start = try #require(
            tokens.indices.last { tokens[$0...].starts(with: wanted) }, "generated tokens not found in \(tokens)")
        // Not bit-identical: a prompt is read with the multi-token attention kernel and generated tokens
        // one at a time, and the two round differently (a difference that 8-bit activations can grow
        // to a few hundredths of a nat). A misaligned position would be off by far more.
        for (offset, entry) in generatedLogprobs.enumerated() {
            #expect(abs(promptLogprobs[start + offset].logprob - entry.logprob) < 0.1, "token \(entry.token)")
        }
        // vLLM's spelling works too, with alternatives.
        var alias = followUp.objectValue!
        alias["loglikelihood"] = nil
        alias["prompt_logprobs"] = 2
        let aliased = try await server.completion(.object(alias))
        #expect(aliased.promptLogprobs?.first?.topLogprobs.count == 2)
        // In a stream, the first chunk carries them.
        let chunks = try await server.chunks(followUp)
        #expect(chunks.first?.promptLogprobs?.count == promptLogprobs.count)
    }
}
