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

    @Test("malformed JSON is a 400 naming where it broke")
    func malformedJSON() async throws {
        let server = try await LiveServer.shared
        let result = try await raw(server, Array(#"{"model": "x", "messages": [}"#.utf8))
        try expectError(result, status: 400, code: "invalid_json")
        #expect(try ErrorResponse(jsonBytes: result.body).error.message.contains("line 1"))
        try expectError(try await raw(server, []), status: 400)
        try expectError(try await raw(server, Array("[1,2]".utf8)), status: 400)
    }

    @Test("a body that says it is not JSON is a 415; JSON types, curl's default and no type are read")
    func contentType() async throws {
        let server = try await LiveServer.shared
        let request = body("Hi", ["max_tokens": 1]).serialized()
        for type in ["text/plain", "application/xml", "multipart/form-data; boundary=x"] {
            let result = try await TestHTTP.send(
                .POST, "\(server.baseURL)/v1/chat/completions", body: request, headers: [("content-type", type)])
            try expectError(result, status: 415, code: "unsupported_media_type")
        }
        for type in ["application/json; charset=utf-8", "application/x-www-form-urlencoded", "Application/JSON"] {
            let result = try await TestHTTP.send(
                .POST, "\(server.baseURL)/v1/chat/completions", body: request, headers: [("content-type", type)])
            #expect(result.status == 200, "\(type): \(result.text)")
        }
        let tokenize = try await TestHTTP.send(
            .POST, "\(server.baseURL)/tokenize", body: Array(#"{"content": "x"}"#.utf8),
            headers: [("content-type", "text/plain")])
        try expectError(tokenize, status: 415, code: "unsupported_media_type")
    }

    @Test("non-UTF-8 bytes are a 400")
    func notUTF8() async throws {
        let server = try await LiveServer.shared
        var bytes = Array(#"{"model":"m","messages":[{"role":"user","content":"a"#.utf8)
        bytes += [0xC3, 0x28] + Array(#""}]}"#.utf8)
        try expectError(try await raw(server, bytes), status: 400)
    }

    @Test("unknown parameters, unknown roles and deprecated functions are 400s naming them")
    func unknownFields() async throws {
        let server = try await LiveServer.shared
        try expectError(try await server.chat(body("Hi", ["temprature": 1])), status: 400, param: "temprature")
        let badRole: JSONValue = ["model": "m", "messages": [["role": "robot", "content": "hi"]]]
        try expectError(try await server.chat(badRole), status: 400, param: "messages[0].role")
        let functions = try await server.chat(body("Hi", ["functions": [["name": "f"]]]))
        try expectError(functions, status: 400, param: "functions")
        #expect(try ErrorResponse(jsonBytes: functions.body).error.message.contains("tools"))
    }

    @Test("validation failures are 400s naming the parameter")
    func validation() async throws {
        let server = try await LiveServer.shared
        let cases: [(JSONObject, String)] = [
            (["temperature": 2.5], "temperature"), (["top_p": 1.5], "top_p"), (["n": 0], "n"),
            (["max_tokens": 0], "max_tokens"), (["presence_penalty": -3], "presence_penalty"),
            (["top_logprobs": 3], "top_logprobs"), (["logprobs": true, "top_logprobs": 21], "top_logprobs"),
            (["stop": ["a", "b", "c", "d", "e"]], "stop"), (["logit_bias": ["abc": 1]], "logit_bias"),
            (["logit_bias": ["5": 101]], "logit_bias"), (["stream_options": ["include_usage": true]], "stream_options"),
            (["min_p": 1.5], "min_p"), (["top_k": -1], "top_k"), (["repetition_penalty": 0], "repetition_penalty"),
        ]
        for (extra, param) in cases {
            let result = try await server.chat(body("Hi", extra))
            #expect(result.status == 400, "\(extra) → \(result.text)")
            #expect(
                try ErrorResponse(jsonBytes: result.body).error.param?.hasPrefix(param) == true,
                "\(extra) → \(result.text)")
        }
        let empty: JSONValue = ["model": "m", "messages": []]
        try expectError(try await server.chat(empty), status: 400, param: "messages")
    }

    @Test("parameters this server cannot honour are refused, not ignored")
    func unsupported() async throws {
        let server = try await LiveServer.shared
        let cases: [(JSONObject, String)] = [
            (["audio": ["voice": "alloy", "format": "mp3"], "modalities": ["text", "audio"]], "audio"),
            (["reasoning_effort": "low"], "reasoning_effort"),
            (["web_search_options": [:]], "web_search_options"), (["store": true], "store"),
            (["service_tier": "scale"], "service_tier"), (["n": 9], "n"),
        ]
        for (extra, param) in cases {
            let result = try await server.chat(body("Hi", extra))
            #expect(result.status == 400, "\(extra) → \(result.text)")
            #expect(try ErrorResponse(jsonBytes: result.body).error.param == param, "\(extra) → \(result.text)")
        }
    }

    @Test("an unknown model is a 404 model_not_found")
    func unknownModel() async throws {
        let server = try await LiveServer.shared
        var object = body("Hi").objectValue!
        object["model"] = "no-such-model"
        try expectError(try await server.chat(.object(object)), status: 404, param: "model", code: "model_not_found")
    }

    @Test("a body over --max-body-size is a 413")
    func bodyTooLarge() async throws {
        let server = try await LiveServer.start(
            engine: LiveServer.configuration(parallel: 1), server: .init(maxBodySize: 4096))
        let result = try await server.chat(body(String(repeating: "x", count: 10_000)))
        try expectError(result, status: 413)
        await server.stop()
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

    @Test("unknown routes are 404s in OpenAI's shape")
    func unknownRoute() async throws {
        let server = try await LiveServer.shared
        try expectError(try await TestHTTP.get("\(server.baseURL)/v1/nothing"), status: 404)
    }

    @Test("after all of that the server still answers")
    func stillServing() async throws {
        let server = try await LiveServer.shared
        _ = try await raw(server, [0xFF, 0xFE])
        #expect(try await server.completion(body("Hi", ["max_tokens": 1])).choices.count == 1)
    }
}

@Suite("Authentication")
struct AuthTests {
    @Test("with keys configured every route but /health needs a valid bearer key")
    func bearerKeys() async throws {
        let server = try await LiveServer.start(
            engine: LiveServer.configuration(parallel: 1), server: .init(apiKeys: ["key-one", "key-two"]))
        let missing = try await server.chat(body("Hi", ["max_tokens": 1]))
        try expectError(missing, status: 401, code: "missing_api_key")
        let wrong = try await server.chat(body("Hi", ["max_tokens": 1]), headers: [("authorization", "Bearer nope")])
        try expectError(wrong, status: 401, code: "invalid_api_key")
        let models = try await TestHTTP.get("\(server.baseURL)/v1/models")
        try expectError(models, status: 401)
        #expect(try await TestHTTP.get("\(server.baseURL)/health").status == 200)
        for key in ["key-one", "key-two"] {
            let ok = try await server.chat(body("Hi", ["max_tokens": 1]), headers: [("authorization", "Bearer \(key)")])
            #expect(ok.status == 200)
        }
        await server.stop()
    }
}
