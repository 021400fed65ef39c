import ChatCompletionsAPI
import TestSupport
import Testing

@Suite("Models, tokens, health")
struct EndpointTests {
    @Test("GET /v1/models lists the models; /v1/models/{id} finds one or 404s")
    func models() async throws {
        let server = try await LiveServer.shared
        let list = try ModelList(jsonBytes: try await TestHTTP.get("\(server.baseURL)/v1/models").body)
        #expect(list.object == "list")
        #expect(list.data.contains { $0.id == LiveServer.defaultModel && $0.object == "model" })
        let one = try await TestHTTP.get("\(server.baseURL)/v1/models/\(LiveServer.defaultModel)")
        #expect(one.status == 200)
        #expect(try ModelInfo(jsonBytes: one.body).id == LiveServer.defaultModel)
        try expectError(
            try await TestHTTP.get("\(server.baseURL)/v1/models/unknown"), status: 404, code: "model_not_found")
    }

    @Test("tokenize and detokenize round-trip, in llama.cpp's shapes")
    func tokens() async throws {
        let server = try await LiveServer.shared
        let text = "Hello, world! Ünïcödé ✓"
        let tokenized = try await TestHTTP.post("\(server.baseURL)/tokenize", json: ["content": .string(text)]).json
        let tokens = try #require(tokenized["tokens"]?.arrayValue)
        #expect(!tokens.isEmpty)
        // add_special adds the model's BOS token where the model wants one: Gemma does, SmolLM2 does not.
        for (model, added) in [(LiveServer.secondModel, 1), (LiveServer.defaultModel, 0)] {
            let plain = try await TestHTTP.post(
                "\(server.baseURL)/tokenize", json: ["content": .string(text), "model": .string(model)]
            ).json
            let withBOS = try await TestHTTP.post(
                "\(server.baseURL)/tokenize",
                json: ["content": .string(text), "add_special": true, "model": .string(model)]
            ).json
            let count = try #require(plain["tokens"]?.arrayValue?.count)
            #expect(withBOS["tokens"]?.arrayValue?.count == count + added, "\(model)")
        }
        let detokenized = try await TestHTTP.post("\(server.baseURL)/detokenize", json: ["tokens": .array(tokens)]).json
        #expect(detokenized["content"] == .string(text))
        let pieces = try await TestHTTP.post(
            "\(server.baseURL)/tokenize", json: ["content": "Hello", "with_pieces": true]
        ).json
        #expect(pieces["tokens"]?.arrayValue?.first?["piece"]?.stringValue != nil)
        let bad = try await TestHTTP.post("\(server.baseURL)/detokenize", json: ["tokens": [-5]])
        try expectError(bad, status: 400, param: "tokens")
        try expectError(try await TestHTTP.post("\(server.baseURL)/tokenize", json: ["text": "x"]), status: 400)
    }

    @Test("/health reports the sequences")
    func health() async throws {
        let server = try await LiveServer.shared
        let health = try await server.health()
        #expect(health["status"] == "ok")
        #expect(health["sequences_total"] == 8)
    }
}
