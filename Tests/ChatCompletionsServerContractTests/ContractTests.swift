import ChatCompletionsAPI
import ChatCompletionsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The HTTP contract, through Hummingbird's test client against the real router and a stand-in
/// engine: no model, no llama.cpp, milliseconds per test. What needs a model stays in
/// ChatCompletionsServerTests.
@Suite("HTTP contract, with a stand-in engine")
struct ContractTests {
    /// Sends one request to a fresh application and hands the response to `check`.
    @discardableResult
    static func send<Value: Sendable>(
        _ method: HTTPRequest.Method = .post, _ uri: String = "/v1/chat/completions", body: [UInt8]? = nil,
        headers: HTTPFields = [.contentType: "application/json"],
        configuration: ServerConfiguration = ServerConfiguration(),
        check: @escaping @Sendable (TestResponse) async throws -> Value
    ) async throws -> Value {
        let router = ChatCompletionsRouter.build(engine: StandInEngine(), configuration: configuration)
        let app = Application(router: router)
        return try await app.test(.router) { client in
            try await client.execute(
                uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) },
                testCallback: check)
        }
    }

    /// A chat request for the stand-in (or `model`), with `extra` members.
    static func chat(_ extra: JSONObject = [:], model: String = "stand-in") -> [UInt8] {
        var object: JSONObject = ["model": .string(model), "messages": [["role": "user", "content": "Hi"]]]
        for (key, value) in extra { object[key] = value }
        return JSONValue.object(object).serialized()
    }

    /// The error envelope of a response, checked for OpenAI's shape and the expected status and code
    /// (nil: any code).
    @discardableResult
    static func expectError(
        _ response: TestResponse, _ status: HTTPResponse.Status, code: String?, param: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> APIError {
        #expect(response.status == status, sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/json", sourceLocation: sourceLocation)
        let envelope = try ErrorResponse(jsonBytes: Array(buffer: response.body))
        if let code {
            #expect(envelope.error.code == .string(code), "\(envelope.error)", sourceLocation: sourceLocation)
        }
        if let param { #expect(envelope.error.param == param, sourceLocation: sourceLocation) }
        #expect(!envelope.error.message.isEmpty, sourceLocation: sourceLocation)
        return envelope.error
    }

    @Test("a completion carries the engine's text, finish reason, usage and fingerprint in OpenAI's shape")
    func completion() async throws {
        try await Self.send(body: Self.chat(["n": 2])) { response in
            #expect(response.status == .ok)
            let completion = try ChatCompletion(jsonBytes: Array(buffer: response.body))
            #expect(completion.id.hasPrefix("chatcmpl-"))
            #expect(completion.object == "chat.completion")
            #expect(completion.model == "stand-in")
            #expect(completion.systemFingerprint == "fp_stand_in")
            #expect(completion.choices.map(\.index) == [0, 1])
            for choice in completion.choices {
                #expect(choice.message.content == StandInEngine.text)
                #expect(choice.finishReason == .stop)
            }
            let words = StandInEngine.words.count
            #expect(completion.usage?.promptTokens == StandInEngine.promptTokens)
            #expect(completion.usage?.completionTokens == 2 * words)
            #expect(completion.usage?.totalTokens == StandInEngine.promptTokens + 2 * words)
        }
    }

    @Test("max_tokens reaches the engine: the answer stops early with finish_reason length")
    func maxTokens() async throws {
        try await Self.send(body: Self.chat(["max_tokens": 3])) { response in
            let completion = try ChatCompletion(jsonBytes: Array(buffer: response.body))
            #expect(completion.choices[0].message.content == StandInEngine.words.prefix(3).joined())
            #expect(completion.choices[0].finishReason == .length)
            #expect(completion.usage?.completionTokens == 3)
        }
    }

    @Test("a stream is server-sent events: role first, the text in deltas, usage last, then [DONE]")
    func streaming() async throws {
        let body = Self.chat(["stream": true, "stream_options": ["include_usage": true]])
        try await Self.send(body: body) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream")
            let text = String(buffer: response.body)
            let events = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.allSatisfy { $0.hasPrefix("data: ") }, "\(text)")
            #expect(events.last == "data: [DONE]")
            let chunks = try events.dropLast().map { try ChatCompletionChunk(jsonString: String($0.dropFirst(6))) }
            #expect(chunks.first?.choices.first?.delta.role == .assistant)
            #expect(Set(chunks.map(\.id)).count == 1)
            let streamed = chunks.compactMap { $0.choices.first?.delta.content }.joined()
            #expect(streamed == StandInEngine.text)
            #expect(chunks.contains { $0.choices.first?.finishReason == .stop })
            let last = try #require(chunks.last)
            #expect(last.choices.isEmpty)
            #expect(last.usage?.completionTokens == StandInEngine.words.count)
        }
    }

    @Test("an engine failure mid-stream ends the stream with an error event that leaks nothing")
    func failureMidStream() async throws {
        try await Self.send(body: Self.chat(["stream": true], model: "broken-midway")) { response in
            #expect(response.status == .ok)
            let text = String(buffer: response.body)
            let last = try #require(text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.last)
            let envelope = try ErrorResponse(jsonString: String(last.dropFirst(6)))
            #expect(envelope.error.code == "internal_error")
            #expect(!text.contains("a detail for the log"))
            #expect(!text.contains("[DONE]"))
        }
        try await Self.send(body: Self.chat(model: "broken-midway")) { response in
            let error = try Self.expectError(response, .internalServerError, code: "internal_error")
            #expect(!error.message.contains("a detail for the log"))
        }
    }

    @Test("engine refusals map to their statuses and OpenAI codes; 429 says when to retry")
    func engineErrors() async throws {
        try await Self.send(body: Self.chat(model: "busy")) { response in
            let error = try Self.expectError(response, .tooManyRequests, code: "rate_limit_exceeded")
            #expect(error.type == "rate_limit_error")
            #expect(response.headers[.retryAfter] != nil)
        }
        try await Self.send(body: Self.chat(model: "no-such-model")) { response in
            let error = try Self.expectError(response, .notFound, code: "model_not_found", param: "model")
            #expect(error.message.contains("GET /v1/models"))
        }
        try await Self.send(body: Self.chat(model: "too-long")) { response in
            try Self.expectError(response, .badRequest, code: "context_length_exceeded", param: "messages")
        }
        try await Self.send(body: Self.chat(model: "down")) { response in
            try Self.expectError(response, .serviceUnavailable, code: "server_shutting_down")
        }
    }

    @Test("malformed JSON and non-UTF-8 bodies are 400s; a body that says it is not JSON is a 415")
    func malformedBodies() async throws {
        try await Self.send(body: Array(#"{"model": "stand-in", "messages": [}"#.utf8)) { response in
            let error = try Self.expectError(response, .badRequest, code: "invalid_json")
            #expect(error.message.contains("line 1"), "\(error.message)")
        }
        try await Self.send(body: [0x7B, 0xFF, 0xFE, 0x7D]) { response in
            try Self.expectError(response, .badRequest, code: "invalid_json")
        }
        try await Self.send(body: Self.chat(), headers: [.contentType: "text/plain"]) { response in
            try Self.expectError(response, .unsupportedMediaType, code: "unsupported_media_type")
        }
        let large = Self.chat(["messages": [["role": "user", "content": .string(String(repeating: "x", count: 4096))]]])
        try await Self.send(body: large, configuration: ServerConfiguration(maxBodySize: 1024)) { response in
            try Self.expectError(response, .contentTooLarge, code: "request_too_large")
        }
    }

    @Test("unknown parameters and out-of-range values are 400s naming the parameter")
    func validation() async throws {
        try await Self.send(body: Self.chat(["frobnicate": true])) { response in
            try Self.expectError(response, .badRequest, code: "unknown_parameter", param: "frobnicate")
        }
        try await Self.send(body: Self.chat(["temperature": 3])) { response in
            try Self.expectError(response, .badRequest, code: "decimal_above_max_value", param: "temperature")
        }
        try await Self.send(body: Array(#"{"model": "stand-in"}"#.utf8)) { response in
            try Self.expectError(response, .badRequest, code: "missing_required_parameter", param: "messages")
        }
    }

    @Test("unknown paths are 404s and wrong methods 405s with Allow, both in OpenAI's shape")
    func routes() async throws {
        try await Self.send(.get, "/v1/nothing-here") { response in
            try Self.expectError(response, .notFound, code: "unknown_url")
        }
        try await Self.send(.get, "/v1/chat/completions") { response in
            try Self.expectError(response, .methodNotAllowed, code: "method_not_allowed")
            #expect(response.headers[.allow] == "POST")
        }
    }

    @Test("with keys configured, the API needs a valid bearer key and /health does not")
    func authentication() async throws {
        let configuration = ServerConfiguration(apiKeys: ["sk-right"])
        try await Self.send(body: Self.chat(), configuration: configuration) { response in
            try Self.expectError(response, .unauthorized, code: "missing_api_key")
        }
        let wrong: HTTPFields = [.contentType: "application/json", .authorization: "Bearer sk-wrong"]
        try await Self.send(body: Self.chat(), headers: wrong, configuration: configuration) { response in
            try Self.expectError(response, .unauthorized, code: "invalid_api_key")
        }
        let right: HTTPFields = [.contentType: "application/json", .authorization: "Bearer sk-right"]
        try await Self.send(body: Self.chat(), headers: right, configuration: configuration) { response in
            #expect(response.status == .ok)
        }
        try await Self.send(.get, "/health", headers: [:], configuration: configuration) { response in
            #expect(response.status == .ok)
            let health = try JSONValue(parsing: Array(buffer: response.body))
            #expect(health["sequences_total"] == 4)
        }
    }

    @Test("the model list and a model's page come from the engine; an unknown id is a 404")
    func models() async throws {
        try await Self.send(.get, "/v1/models") { response in
            let list = try ModelList(jsonBytes: Array(buffer: response.body))
            #expect(list.data.map(\.id) == ["stand-in", "stand-in-adapter"])
        }
        try await Self.send(.get, "/v1/models/stand-in") { response in
            let model = try ModelInfo(jsonBytes: Array(buffer: response.body))
            #expect(model.id == "stand-in")
        }
        try await Self.send(.get, "/v1/models/nope") { response in
            try Self.expectError(response, .notFound, code: "model_not_found", param: "model")
        }
    }

    @Test("every response carries x-request-id: the client's when usable, else a new one")
    func requestID() async throws {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name("x-request-id")!] = "trace-42"
        try await Self.send(body: Self.chat(), headers: headers) { response in
            #expect(response.headers[HTTPField.Name("x-request-id")!] == "trace-42")
        }
        try await Self.send(.get, "/v1/nothing-here") { response in
            #expect(response.headers[HTTPField.Name("x-request-id")!]?.hasPrefix("req_") == true)
        }
    }

    @Test("the OpenAPI document and the web page are served; the page can be turned off")
    func documents() async throws {
        try await Self.send(.get, "/openapi.json") { response in
            #expect(response.status == .ok)
            let document = try JSONValue(parsing: Array(buffer: response.body))
            // Exactly the router's routes (the page aside), each method of each path.
            let router = ChatCompletionsRouter.build(engine: StandInEngine(), configuration: ServerConfiguration())
            let served = Set(router.routes.map { "\($0.method) \($0.path)" }).subtracting(["GET /", "GET /index.html"])
            var described: Set<String> = []
            for (path, item) in document["paths"]?.objectValue ?? [:] {
                for (method, _) in item.objectValue ?? [:] where method != "parameters" {
                    described.insert("\(method.uppercased()) \(path)")
                }
            }
            #expect(described == served)
            // A path served with and without /v1 is described alike under both.
            let versioned = try #require(document["paths"]?["/v1/chat/completions"]?["post"]?.objectValue)
            var bare = try #require(document["paths"]?["/chat/completions"]?["post"]?.objectValue)
            #expect(bare["operationId"] == "createChatCompletionUnversioned")
            bare["operationId"] = versioned["operationId"]
            #expect(bare == versioned)
        }
        try await Self.send(.get, "/") { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
        }
        try await Self.send(.get, "/", configuration: ServerConfiguration(webUI: false)) { response in
            try Self.expectError(response, .notFound, code: "unknown_url")
        }
    }
}
