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
        #expect(document["openapi"] == "3.0.3")
        let paths = try #require(document["paths"]?.objectValue)
        #expect(
            Set(paths.keys) == [
                "/v1/chat/completions", "/v1/models", "/v1/models/{id}", "/tokenize", "/detokenize", "/health",
                "/openapi.json",
            ])
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
    }
}
