import ChatCompletionsAPI
import JSONSchemaValidation
import TestSupport
import Testing

@Suite("GET /openapi.json describes what the server really answers")
struct OpenAPITests {
    /// A validator for one component schema of the served document.
    func validator(_ document: JSONValue, _ name: String) throws -> JSONSchemaValidator {
        var root = document["components"]?.objectValue ?? [:]
        root["$ref"] = .string("#/schemas/\(name)")
        // Component refs point at #/components/schemas/…: keep them resolvable from this root.
        root["components"] = document["components"]
        return try JSONSchemaValidator(schema: .object(root))
    }

    func check(_ document: JSONValue, _ name: String, _ value: JSONValue) throws {
        let failures = try validator(document, name).validate(value)
        #expect(failures.isEmpty, "\(name): \(failures) in \(value.jsonString())")
    }

    @Test("real completions, chunks, errors, models, tokens and health validate against their schemas")
    func responsesMatch() async throws {
        let server = try await LiveServer.shared
        let document = try await TestHTTP.get("\(server.baseURL)/openapi.json").json
        #expect(document["openapi"] == "3.1.0")
        let paths = try #require(document["paths"]?.objectValue)
        #expect(
            Set(paths.keys) == [
                "/v1/chat/completions", "/chat/completions", "/v1/completions", "/completions", "/v1/models",
                "/v1/models/{id}", "/tokenize", "/detokenize", "/apply-template", "/health", "/metrics",
                "/openapi.json",
            ])
        let text: JSONValue = [
            "model": .string(LiveServer.defaultModel), "prompt": "Once", "max_tokens": 3, "logprobs": 2, "echo": true,
        ]
        try check(document, "TextCompletionRequest", text)
        try check(
            document, "TextCompletion", try await TestHTTP.post("\(server.baseURL)/v1/completions", json: text).json)
        let request = body("Hi", ["max_tokens": 3, "logprobs": true, "top_logprobs": 2, "loglikelihood": true])
        try check(document, "ChatCompletionRequest", request)
        try check(document, "ChatCompletion", try await server.chat(request).json)
        var streamed = request.objectValue!
        streamed["stream"] = true
        streamed["stream_options"] = ["include_usage": true]
        for event in try await server.chat(.object(streamed)).events where !event.isDone {
            try check(document, "ChatCompletionChunk", try JSONValue(parsing: event.data))
        }
        try check(document, "ErrorResponse", try await server.chat(body("Hi", ["temperature": 9])).json)
        try check(document, "ModelList", try await TestHTTP.get("\(server.baseURL)/v1/models").json)
        try check(
            document, "Model", try await TestHTTP.get("\(server.baseURL)/v1/models/\(LiveServer.defaultModel)").json)
        try check(
            document, "TokenizeResponse",
            try await TestHTTP.post("\(server.baseURL)/tokenize", json: ["content": "hi"]).json)
        try check(
            document, "DetokenizeResponse",
            try await TestHTTP.post("\(server.baseURL)/detokenize", json: ["tokens": [1, 2]]).json)
        try check(document, "Health", try await server.health())
        let refused: [(String, JSONValue)] = [
            ("/tokenize", ["content": "hi", "model": "no-such-model"]), ("/tokenize", ["content": 1]),
            ("/detokenize", ["tokens": [-1]]), ("/detokenize", ["tokens": [1], "model": 3]),
        ]
        for (path, bad) in refused {
            let result = try await TestHTTP.post("\(server.baseURL)\(path)", json: bad)
            try check(document, "ErrorResponse", try result.json)
            let documented = paths[path]?["post"]?["responses"]?[String(result.status)]
            #expect(documented != nil, "\(path) answered \(result.status), which the document does not list")
        }
    }

    @Test("every documented operation lists the statuses it can answer, each with a reusable schema")
    func statusesDocumented() async throws {
        let document = try await TestHTTP.get("\(try await LiveServer.shared.baseURL)/openapi.json").json
        let paths = try #require(document["paths"]?.objectValue)
        func statuses(_ path: String, _ method: String) -> Set<String> {
            Set(paths[path]?[method]?["responses"]?.objectValue?.keys ?? [])
        }
        let chat: Set<String> = ["200", "400", "401", "404", "413", "415", "429", "500", "503"]
        #expect(statuses("/v1/chat/completions", "post") == chat)
        #expect(statuses("/chat/completions", "post") == chat)
        #expect(statuses("/tokenize", "post") == ["200", "400", "401", "404", "413", "415"])
        #expect(statuses("/detokenize", "post") == ["200", "400", "401", "404", "413", "415"])
        #expect(statuses("/v1/models/{id}", "get") == ["200", "401", "404"])
        let responses = try #require(document["components"]?["responses"]?.objectValue)
        for (name, response) in responses {
            #expect(
                response["content"]?["application/json"]?["schema"]?["$ref"] == "#/components/schemas/ErrorResponse",
                "\(name)")
        }
    }
}
