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

    @Test("the rules between members are the server's: what the document refuses is a 400, what it admits is served")
    func crossMemberRules() async throws {
        let server = try await LiveServer.shared
        let document = try await TestHTTP.get("\(server.baseURL)/openapi.json").json
        let schema = try validator(document, "ChatCompletionRequest")
        func tool(_ name: String) -> JSONValue {
            ["type": "function", "function": ["name": .string(name), "parameters": ["type": "object"]]]
        }
        let call: JSONValue = ["id": "call_1", "type": "function", "function": ["name": "f", "arguments": "{}"]]
        // Each breaks one rule (`/apply-template` checks the whole request as a completion would,
        // without generating).
        let refused: [JSONObject] = [
            ["stream_options": ["include_usage": true]], ["stream": false, "stream_options": ["include_usage": true]],
            ["top_logprobs": 2], ["logprobs": false, "top_logprobs": 2],
            ["tool_choice": "required"], ["parallel_tool_calls": true],
            ["tool_choice": ["type": "function", "function": ["name": "a"]]],
            ["tools": [], "tool_choice": "required"], ["messages": [["role": "assistant"]]],
            ["messages": [["role": "assistant", "content": nil, "tool_calls": []]]],
            [
                "messages": [
                    ["role": "user", "content": "Hi"], ["role": "assistant", "tool_calls": [call]],
                    ["role": "tool", "content": "4", "tool_call_id": ""],
                ]
            ],
            ["messages": [["role": "user", "content": []]]], ["messages": [["role": "system", "content": nil]]],
            ["messages": [["role": "user", "content": [["type": "image_url", "image_url": ["url": ""]]]]]],
            [
                "messages": [
                    [
                        "role": "assistant",
                        "tool_calls": [["id": "", "type": "function", "function": ["name": "f", "arguments": ""]]],
                    ]
                ]
            ],
            ["loglikelihood": false, "prompt_logprobs": 2], ["loglikelihood": true, "prompt_logprobs": false],
            ["service_tier": "scale"], ["store": true], ["metadata": ["a": "b"]], ["modalities": ["text", "audio"]],
            ["verbosity": "low"], ["audio": ["voice": "alloy", "format": "wav"]], ["functions": []],
            ["stream": true, "stream_options": ["include_obfuscation": true]], ["stop": ""], ["stop": []], ["n": 129],
            ["logit_bias": ["-1": 5]], ["logit_bias": ["1e3": 5]],
            ["tools": [["type": "custom", "custom": ["name": "a"]]]],
            ["tools": [tool("a")], "tool_choice": ["type": "custom", "custom": ["name": "a"]]],
            ["response_format": ["type": "json_schema", "json_schema": ["name": "bad name"]]],
            ["response_format": ["type": "json_object", "schema": 3]],
        ]
        for extra in refused {
            let request = body("Hi", extra)
            #expect(try !schema.validate(request).isEmpty, "the document admits \(request.jsonString())")
            let result = try await TestHTTP.post("\(server.baseURL)/apply-template", json: request)
            #expect(result.status == 400, "\(request.jsonString()): \(result.status) \(result.text)")
        }
        // Each keeps to the rules, near their edges.
        let admitted: [JSONObject] = [
            ["stream": true, "stream_options": ["include_usage": true, "include_obfuscation": false]],
            ["stream_options": nil], ["logprobs": true, "top_logprobs": 20], ["max_completion_tokens": 4],
            ["max_tokens": nil, "max_completion_tokens": 4], ["max_tokens": 4, "max_completion_tokens": 4],
            ["tools": [tool("a"), tool("b")], "tool_choice": ["type": "function", "function": ["name": "b"]]],
            [
                "messages": [
                    ["role": "user", "content": "Hi"], ["role": "assistant", "tool_calls": [call]],
                    ["role": "tool", "content": "4", "tool_call_id": "call_1"],
                ]
            ],
            ["loglikelihood": false], ["loglikelihood": false, "prompt_logprobs": false],
            ["tools": [tool("get_weather")], "tool_choice": "required"],
            ["tools": [tool("f")], "parallel_tool_calls": false, "tool_choice": "none"],
            [
                "messages": [
                    ["role": "user", "content": [["type": "text", "text": "Hi"]]],
                    ["role": "assistant", "tool_calls": [call]],
                ]
            ],
            [
                "messages": [
                    ["role": "developer", "content": "Be brief."], ["role": "assistant", "refusal": "No."],
                    ["role": "user", "content": "Hi"],
                ]
            ],
            ["loglikelihood": true, "prompt_logprobs": 2], ["prompt_logprobs": true], ["service_tier": "flex"],
            ["store": false, "metadata": nil, "modalities": ["text"], "verbosity": nil, "functions": nil],
            ["stop": ["a", "b", "c", "d"], "n": 2, "logit_bias": ["255": -100, "0": 100, "01": 1], "seed": -1],
            [
                "response_format": [
                    "type": "json_schema", "json_schema": ["name": "answer", "schema": ["type": "object"]],
                ]
            ],
            ["response_format": ["type": "json_object", "schema": true]], ["response_format": ["type": "text"]],
        ]
        for extra in admitted {
            let request = body("Hi", extra)
            let failures = try schema.validate(request)
            #expect(failures.isEmpty, "the document refuses \(request.jsonString()): \(failures)")
            let result = try await TestHTTP.post("\(server.baseURL)/apply-template", json: request)
            #expect(result.status == 200, "\(request.jsonString()): \(result.status) \(result.text)")
        }
        // Each breaks a rule JSON Schema cannot state (one member against another, or the model's
        // vocabulary and modalities): the document admits it and describes the rule, the server
        // answers a documented 400.
        let described: [JSONObject] = [
            ["max_tokens": 3, "max_completion_tokens": 4], ["tools": [tool("a"), tool("a")]],
            ["tool_choice": ["type": "function", "function": ["name": "b"]], "tools": [tool("a")]],
            [
                "messages": [
                    ["role": "user", "content": "Hi"], ["role": "tool", "content": "4", "tool_call_id": "call_1"],
                ]
            ],
            ["messages": [["role": "user", "content": [["type": "image_url", "image_url": ["url": "x"]]]]]],
            ["logit_bias": ["99999999999": 5]],
        ]
        for extra in described {
            let request = body("Hi", extra)
            let failures = try schema.validate(request)
            #expect(failures.isEmpty, "the document refuses \(request.jsonString()): \(failures)")
            let result = try await TestHTTP.post("\(server.baseURL)/apply-template", json: request)
            #expect(result.status == 400, "\(request.jsonString()): \(result.status) \(result.text)")
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
