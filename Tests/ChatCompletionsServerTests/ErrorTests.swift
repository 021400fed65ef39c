import ChatCompletionsAPI
import ChatCompletionsServer
import Foundation
import NIOHTTP1
import TestSupport
import Testing

@Suite("Errors: OpenAI's shape, the right status, and the server keeps serving")
struct ErrorTests {
    func raw(_ server: LiveServer, _ bytes: [UInt8]) async throws -> HTTPResult {
        try await TestHTTP.send(.POST, "\(server.baseURL)/v1/chat/completions", body: bytes)
    }

    @Test("parameters this server cannot honour are refused, not ignored")
    func unsupported() async throws {
        let server = try await LiveServer.shared
        let cases: [(JSONObject, String)] = [
            (["audio": ["voice": "alloy", "format": "mp3"], "modalities": ["text", "audio"]], "audio"),
            (["web_search_options": [:]], "web_search_options"), (["store": true], "store"),
            (["service_tier": "scale"], "service_tier"), (["n": 9], "n"),
        ]
        for (extra, param) in cases {
            let result = try await server.chat(body("Hi", extra))
            #expect(result.status == 400, "\(extra) → \(result.text)")
            #expect(try ErrorResponse(jsonBytes: result.body).error.param == param, "\(extra) → \(result.text)")
        }
        // reasoning_effort reaches the template (this model's ignores it): clients that send it work.
        for effort in ["none", "minimal", "low", "high"] {
            let result = try await server.chat(body("Hi", ["reasoning_effort": .string(effort), "max_tokens": 2]))
            #expect(result.status == 200, "\(effort) → \(result.text)")
        }
        // tool_choice auto (or none) with no tools is valid by the contract and constrains nothing.
        for choice in ["auto", "none"] {
            let result = try await server.chat(body("Hi", ["tool_choice": .string(choice), "max_tokens": 2]))
            #expect(result.status == 200, "\(choice) → \(result.text)")
        }
    }

    @Test("an unknown model is a 404 model_not_found")
    func unknownModel() async throws {
        let server = try await LiveServer.shared
        var object = body("Hi").objectValue!
        object["model"] = "no-such-model"
        try expectError(try await server.chat(.object(object)), status: 404, param: "model", code: "model_not_found")
    }

    @Test("a prompt longer than the context is a 400 with both token counts")
    func promptTooLong() async throws {
        let server = try await LiveServer.shared
        let words = String(repeating: "lorem ipsum dolor sit amet ", count: 500)
        let result = try await server.chat(body(words))
        try expectError(result, status: 400, param: "messages", code: "context_length_exceeded")
        let message = try ErrorResponse(jsonBytes: result.body).error.message
        #expect(message.contains("2048"))
        let tooMuch = try await server.chat(body("Hi", ["max_tokens": 4000]))
        try expectError(tooMuch, status: 400, param: "max_tokens", code: "context_length_exceeded")
    }

    @Test("image, audio and file parts on a text-only model are a 400 that says so")
    func nonTextParts() async throws {
        let server = try await LiveServer.shared
        let request: JSONValue = [
            "model": .string(LiveServer.defaultModel),
            "messages": [
                [
                    "role": "user",
                    "content": [
                        ["type": "text", "text": "What is this?"],
                        ["type": "image_url", "image_url": ["url": "data:image/png;base64,AAAA"]],
                    ],
                ]
            ],
        ]
        let result = try await server.chat(request)
        try expectError(result, status: 400, param: "messages[0].content[1]")
        #expect(try ErrorResponse(jsonBytes: result.body).error.message.contains("text only"))
    }

    @Test("logit_bias naming a token outside the vocabulary is a 400 naming it")
    func biasOutsideVocabulary() async throws {
        let server = try await LiveServer.shared
        let result = try await server.chat(body("Hi", ["logit_bias": ["999999999": 5]]))
        try expectError(result, status: 400, param: "logit_bias")
        #expect(try ErrorResponse(jsonBytes: result.body).error.message.contains("999999999"))
    }

    @Test("after a body of garbage bytes the server still answers")
    func stillServing() async throws {
        let server = try await LiveServer.shared
        _ = try await raw(server, [0xFF, 0xFE])
        #expect(try await server.completion(body("Hi", ["max_tokens": 1])).choices.count == 1)
    }
}
