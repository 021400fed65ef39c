import ChatCompletionsAPI
import JSONSchemaValidation
import NIOHTTP1
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
                "/openapi.json", "/v1/messages", "/v1/messages/count_tokens", "/v1/responses", "/v1/responses/{id}",
                "/v1/responses/{id}/input_items", "/v1/responses/{id}/cancel",
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
        for event in try await server.chat(.object(streamed)).events {
            // As schemathesis reads an event: a stream without event: lines has "message" events.
            try check(document, "ChatCompletionStreamEvent", ["event": "message", "data": .string(event.data)])
            if !event.isDone { try check(document, "ChatCompletionChunk", try JSONValue(parsing: event.data)) }
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
        #expect(statuses("/v1/messages", "post") == chat)
        #expect(
            statuses("/v1/messages/count_tokens", "post") == ["200", "400", "401", "404", "413", "415", "500", "503"])
        #expect(statuses("/v1/responses", "post") == chat)
        #expect(statuses("/v1/responses/{id}", "get") == ["200", "401", "404", "500"])
        #expect(statuses("/v1/responses/{id}", "delete") == ["200", "401", "404", "500"])
        #expect(statuses("/v1/responses/{id}/input_items", "get") == ["200", "400", "401", "404", "500"])
        #expect(statuses("/v1/responses/{id}/cancel", "post") == ["200", "400", "401", "404", "415", "500"])
        // Anthropic's routes answer errors in Anthropic's envelope, with its request-id header.
        for path in ["/v1/messages", "/v1/messages/count_tokens"] {
            for (status, response) in paths[path]?["post"]?["responses"]?.objectValue ?? [:] where status != "200" {
                #expect(
                    response["$ref"]?.stringValue?.hasPrefix("#/components/responses/Messages") == true,
                    "\(path) \(status)")
            }
        }
        let responses = try #require(document["components"]?["responses"]?.objectValue)
        for (name, response) in responses {
            let envelope = name.hasPrefix("Messages") ? "MessagesErrorResponse" : "ErrorResponse"
            #expect(
                response["content"]?["application/json"]?["schema"]?["$ref"]
                    == .string("#/components/schemas/\(envelope)"), "\(name)")
            if name.hasPrefix("Messages") { #expect(response["headers"]?["request-id"] != nil, "\(name)") }
        }
    }

    /// A Messages request for the default model, with `extra` members merged in.
    func messagesBody(_ prompt: String = "Hi", _ extra: JSONObject = [:]) -> JSONValue {
        var object: JSONObject = [
            "model": .string(LiveServer.defaultModel), "max_tokens": 4,
            "messages": [["role": "user", "content": .string(prompt)]],
        ]
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    /// A Responses request for the default model, with `extra` members merged in.
    func responsesBody(_ input: JSONValue = "Hi", _ extra: JSONObject = [:]) -> JSONValue {
        var object: JSONObject = ["model": .string(LiveServer.defaultModel), "input": input, "max_output_tokens": 16]
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    static let weather: JSONValue = [
        "type": "object", "properties": ["city": ["type": "string", "maxLength": 12]], "required": ["city"],
        "additionalProperties": false,
    ]

    @Test("real messages, their stream events, token counts and Anthropic's errors validate against their schemas")
    func messagesMatch() async throws {
        let server = try await LiveServer.shared
        let document = try await TestHTTP.get("\(server.baseURL)/openapi.json").json
        let paths = try #require(document["paths"]?.objectValue)
        let url = "\(server.baseURL)/v1/messages"
        let plain = messagesBody(
            "Write a sentence about the sea.", ["max_tokens": 6, "system": "Be brief.", "stop_sequences": ["\n\n"]])
        let forced = messagesBody(
            "What is the weather in Paris?",
            [
                "max_tokens": 60, "tools": [["name": "get_weather", "input_schema": Self.weather]],
                "tool_choice": ["type": "tool", "name": "get_weather"],
            ])
        for request in [plain, forced] {
            try check(document, "MessagesRequest", request)
            let result = try await TestHTTP.post(url, json: request)
            #expect(result.status == 200, "\(result.status) \(result.text)")
            let message = try result.json
            try check(document, "MessagesResponse", message)
            #expect(
                result.headers["request-id"] != nil && result.headers["request-id"] == result.headers["x-request-id"])
            if request == forced {
                #expect(message["content"]?.arrayValue?.contains { $0["type"] == "tool_use" } == true, "\(message)")
            }
            var streamed = request.objectValue!
            streamed["stream"] = true
            let events = try await TestHTTP.post(url, json: .object(streamed)).events
            #expect(events.first?.event == "message_start" && events.last?.event == "message_stop")
            for event in events {
                try check(document, "MessagesStreamEvent", try JSONValue(parsing: event.data))
                try check(
                    document, "MessagesServerSentEvent",
                    ["event": .string(event.event ?? ""), "data": .string(event.data)])
            }
        }
        let count: JSONValue = [
            "model": .string(LiveServer.defaultModel), "system": [["type": "text", "text": "Be brief."]],
            "messages": [["role": "user", "content": "What is the weather in Paris?"]],
            "tools": [["name": "get_weather", "input_schema": Self.weather]], "tool_choice": ["type": "any"],
            "thinking": ["type": "enabled", "budget_tokens": 2048],
        ]
        try check(document, "MessagesCountTokensRequest", count)
        let counted = try await TestHTTP.post("\(url)/count_tokens", json: count)
        #expect(counted.status == 200, "\(counted.text)")
        try check(document, "MessagesTokenCount", try counted.json)
        // Errors, in Anthropic's envelope with both request id headers, at a documented status.
        let refused: [(String, JSONValue)] = [
            ("/v1/messages", messagesBody("Hi", ["temperature": 3])),
            ("/v1/messages", messagesBody("Hi", ["model": "no-such-model"])),
            ("/v1/messages/count_tokens", messagesBody()),
            (
                "/v1/messages/count_tokens",
                ["model": "no-such-model", "messages": [["role": "user", "content": "Hi"]]]
            ),
        ]
        for (path, bad) in refused {
            let result = try await TestHTTP.post("\(server.baseURL)\(path)", json: bad)
            try check(document, "MessagesErrorResponse", try result.json)
            #expect(result.headers["request-id"] != nil, "\(path) answered without request-id")
            let documented = paths[path]?["post"]?["responses"]?[String(result.status)]
            #expect(documented != nil, "\(path) answered \(result.status), which the document does not list")
        }
        let wrongMethod = try await TestHTTP.get(url)
        #expect(wrongMethod.status == 405 && wrongMethod.headers["allow"] == "POST")
        try check(document, "MessagesErrorResponse", try wrongMethod.json)
    }

    @Test(
        "real responses, their stream events, stored input items, deletion and cancellation validate against their schemas"
    )
    func responsesObjectsMatch() async throws {
        let server = try await LiveServer.shared
        let document = try await TestHTTP.get("\(server.baseURL)/openapi.json").json
        let paths = try #require(document["paths"]?.objectValue)
        let url = "\(server.baseURL)/v1/responses"
        let tool: JSONValue = ["type": "function", "name": "get_weather", "parameters": Self.weather, "strict": true]
        let plain = responsesBody(
            "Write a sentence about the sea.",
            [
                "instructions": "Be brief.", "include": ["message.output_text.logprobs"], "top_logprobs": 2,
                "metadata": ["topic": "sea"], "text": ["verbosity": "low"],
            ])
        let forced = responsesBody(
            "What is the weather in Paris?",
            ["max_output_tokens": 60, "tools": [tool], "tool_choice": ["type": "function", "name": "get_weather"]])
        var stored: [String] = []
        for request in [plain, forced] {
            try check(document, "ResponsesRequest", request)
            let result = try await TestHTTP.post(url, json: request)
            #expect(result.status == 200, "\(result.status) \(result.text)")
            let response = try result.json
            try check(document, "ResponseObject", response)
            if let id = response["id"]?.stringValue { stored.append(id) }
            if request == forced {
                #expect(
                    response["output"]?.arrayValue?.contains { $0["type"] == "function_call" } == true, "\(response)")
            }
            var streamed = request.objectValue!
            streamed["stream"] = true
            streamed["store"] = false
            let events = try await TestHTTP.post(url, json: .object(streamed)).events
            #expect(events.first?.event == "response.created")
            for event in events {
                try check(document, "ResponseStreamEvent", try JSONValue(parsing: event.data))
                try check(
                    document, "ResponseServerSentEvent",
                    ["event": .string(event.event ?? ""), "data": .string(event.data)])
            }
        }
        // Every kind of input item, stored with ids and listed in pages.
        let items: JSONValue = [
            ["role": "developer", "content": "Be brief."],
            ["role": "user", "content": [["type": "input_text", "text": "What is the weather in Paris?"]]],
            ["type": "reasoning", "summary": [], "content": [["type": "reasoning_text", "text": "Ask the tool."]]],
            ["type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": #"{"city":"Paris"}"#],
            [
                "type": "function_call_output", "call_id": "call_1",
                "output": [["type": "input_text", "text": "Sunny"]],
            ],
            ["type": "message", "role": "assistant", "content": [["type": "output_text", "text": "It is sunny."]]],
            ["role": "user", "content": "And tomorrow?"],
        ]
        let conversation = responsesBody(items, ["tools": [tool]])
        try check(document, "ResponsesRequest", conversation)
        let created = try await TestHTTP.post(url, json: conversation)
        #expect(created.status == 200, "\(created.status) \(created.text)")
        let id = try #require(try created.json["id"]?.stringValue)
        try check(document, "ResponseObject", try await TestHTTP.get("\(url)/\(id)").json)
        let all = try await TestHTTP.get("\(url)/\(id)/input_items").json
        try check(document, "ResponseInputItemList", all)
        #expect(all["data"]?.arrayValue?.count == 7 && all["has_more"] == false)
        let page = try await TestHTTP.get("\(url)/\(id)/input_items?limit=3&order=asc").json
        try check(document, "ResponseInputItemList", page)
        #expect(page["data"]?.arrayValue?.count == 3 && page["has_more"] == true)
        let after = try #require(page["last_id"]?.stringValue)
        let rest = try await TestHTTP.get("\(url)/\(id)/input_items?after=\(after)&order=asc&limit=100").json
        try check(document, "ResponseInputItemList", rest)
        #expect(rest["data"]?.arrayValue?.count == 4 && rest["has_more"] == false)
        // A background response, queued and cancelled; a stored one cannot be cancelled.
        let background = try await TestHTTP.post(
            url,
            json: responsesBody("Write a long story about the sea.", ["background": true, "max_output_tokens": 200]))
        let queued = try background.json
        try check(document, "ResponseObject", queued)
        let backgroundID = try #require(queued["id"]?.stringValue)
        stored.append(backgroundID)
        let cancelled = try await TestHTTP.post("\(url)/\(backgroundID)/cancel", json: [:])
        #expect(cancelled.status == 200, "\(cancelled.text)")
        try check(document, "ResponseObject", try cancelled.json)
        try check(document, "ResponseObject", try await TestHTTP.get("\(url)/\(backgroundID)").json)
        let notBackground = try await TestHTTP.post("\(url)/\(id)/cancel", json: [:])
        #expect(notBackground.status == 400)
        try check(document, "ErrorResponse", try notBackground.json)
        // Deleted, then gone.
        for made in stored + [id] {
            let deleted = try await TestHTTP.send(.DELETE, "\(url)/\(made)")
            #expect(deleted.status == 200, "\(deleted.text)")
            try check(document, "ResponseDeleted", try deleted.json)
        }
        let refused: [(String, String, HTTPResult)] = [
            ("/v1/responses/{id}", "get", try await TestHTTP.get("\(url)/\(id)")),
            ("/v1/responses/{id}", "delete", try await TestHTTP.send(.DELETE, "\(url)/\(id)")),
            ("/v1/responses/{id}/input_items", "get", try await TestHTTP.get("\(url)/\(id)/input_items")),
            ("/v1/responses/{id}/cancel", "post", try await TestHTTP.post("\(url)/\(id)/cancel", json: [:])),
            (
                "/v1/responses", "post",
                try await TestHTTP.post(url, json: responsesBody("Hi", ["max_output_tokens": 15]))
            ),
            (
                "/v1/responses", "post",
                try await TestHTTP.post(url, json: responsesBody("Hi", ["model": "no-such-model"]))
            ),
        ]
        for (path, method, result) in refused {
            try check(document, "ErrorResponse", try result.json)
            #expect(
                paths[path]?[method]?["responses"]?[String(result.status)] != nil,
                "\(method) \(path) answered \(result.status), which the document does not list")
        }
    }

    /// Checks each request against `schema` (`valid`: admitted or not), posts it to `url` and
    /// expects `status`.
    func expect(
        _ requests: [JSONValue], valid: Bool, status: Int, schema: JSONSchemaValidator, url: String
    ) async throws {
        for request in requests {
            let failures = try schema.validate(request)
            #expect(
                failures.isEmpty == valid,
                "the document \(valid ? "refuses" : "admits") \(request.jsonString()): \(failures)")
            let result = try await TestHTTP.post(url, json: request)
            #expect(result.status == status, "\(request.jsonString()): \(result.status) \(result.text)")
        }
    }

    @Test(
        "Messages and Responses: what the document refuses is a 400, what it admits is served, what it describes is a 400"
    )
    func agentRules() async throws {
        let server = try await LiveServer.shared
        let document = try await TestHTTP.get("\(server.baseURL)/openapi.json").json
        func tool(_ name: String) -> JSONValue { ["name": .string(name), "input_schema": ["type": "object"]] }
        let use: JSONValue = ["type": "tool_use", "id": "toolu_1", "name": "a", "input": [:]]
        let result: JSONValue = ["type": "tool_result", "tool_use_id": "toolu_1", "content": "4"]
        let hi: JSONValue = ["role": "user", "content": "Hi"]
        let long = String(repeating: "a", count: 64)
        // Each breaks one rule the document states.
        let refusedMessages: [JSONObject] = [
            ["tool_choice": ["type": "any"]], ["tools": [], "tool_choice": ["type": "tool", "name": "a"]],
            ["tool_choice": ["type": "auto", "name": "a"]],
            ["thinking": ["type": "enabled", "budget_tokens": 1023], "max_tokens": 2000],
            ["thinking": ["type": "disabled", "budget_tokens": 2000]],
            ["messages": [["role": "user", "content": []]]], ["messages": [["role": "user", "content": [use]]]],
            ["messages": [hi, ["role": "assistant", "content": [result]]]],
            [
                "messages": [
                    ["role": "assistant", "content": [["type": "tool_use", "id": "", "name": "a", "input": [:]]]]
                ]
            ],
            ["tools": [tool(long + "a")]], ["tools": [["name": "a", "input_schema": ["type": "array"]]]],
            ["tools": [["type": "web_search_20250305", "name": "web_search"]]],
            ["system": [["type": "image", "source": ["type": "url", "url": "x"]]]],
            ["temperature": 1.5], ["top_k": -1], ["max_tokens": 0], ["stop_sequences": [""]],
            ["service_tier": "priority"], ["metadata": ["user": "x"]], ["container": "c"], ["model": ""],
        ]
        // Each keeps to the rules, near their edges.
        let admittedMessages: [JSONObject] = [
            [
                "tools": [tool("a"), tool("b")],
                "tool_choice": ["type": "tool", "name": "b", "disable_parallel_tool_use": true],
            ],
            ["tools": [tool(long)], "tool_choice": ["type": "auto"]],
            ["tool_choice": ["type": "none"], "thinking": ["type": "disabled"]],
            ["tool_choice": ["type": "auto", "disable_parallel_tool_use": true]],
            ["messages": [hi, ["role": "assistant", "content": [use]], ["role": "user", "content": [result]]]],
            [
                "messages": [
                    hi, ["role": "assistant", "content": [["type": "thinking", "thinking": "Hm.", "signature": ""]]],
                    [
                        "role": "user",
                        "content": [["type": "text", "text": "Go on.", "cache_control": ["type": "ephemeral"]]],
                    ],
                ]
            ],
            ["messages": [hi, ["role": "assistant", "content": []], ["role": "user", "content": "Hi?"]]],
            [
                "system": [["type": "text", "text": "Be brief."]], "stop_sequences": ["a", "b", "c", "d", "e"],
                "top_k": 5, "top_p": 1, "temperature": 1, "seed": -1, "metadata": ["user_id": nil],
                "service_tier": "standard_only", "stream": false,
            ],
        ]
        // Each breaks a rule JSON Schema cannot state: the document admits it and describes the rule.
        let describedMessages: [JSONObject] = [
            ["thinking": ["type": "enabled", "budget_tokens": 1024], "max_tokens": 1024],
            ["tools": [tool("a"), tool("a")]], ["tools": [tool("a")], "tool_choice": ["type": "tool", "name": "b"]],
            ["messages": [["role": "user", "content": [result]]]],
        ]
        let messages = try validator(document, "MessagesRequest")
        let messagesURL = "\(server.baseURL)/v1/messages"
        try await expect(
            refusedMessages.map { messagesBody("Hi", $0) }, valid: false, status: 400, schema: messages,
            url: messagesURL)
        try await expect(
            admittedMessages.map { messagesBody("Hi", $0) }, valid: true, status: 200, schema: messages,
            url: messagesURL)
        try await expect(
            describedMessages.map { messagesBody("Hi", $0) }, valid: true, status: 400, schema: messages,
            url: messagesURL)

        func function(_ name: String) -> JSONValue { ["type": "function", "name": .string(name)] }
        let call: JSONValue = ["type": "function_call", "call_id": "call_1", "name": "a", "arguments": "{}"]
        let output: JSONValue = ["type": "function_call_output", "call_id": "call_1", "output": "4"]
        let reasoning: JSONValue = [
            "type": "reasoning", "id": "rs_1", "summary": [], "content": [["type": "reasoning_text", "text": "Hm."]],
        ]
        let refusedResponses: [JSONObject] = [
            ["input": []], ["stream_options": ["include_obfuscation": false]],
            ["background": true, "store": false], ["background": true, "stream": true],
            ["tool_choice": "required"], ["tool_choice": ["type": "function", "name": "a"]],
            ["tools": [function("a")], "tool_choice": ["type": "allowed_tools", "mode": "auto", "tools": []]],
            ["max_output_tokens": 15], ["top_logprobs": 21], ["temperature": 2.5],
            ["include": ["file_search_call.results"]], ["tools": [["type": "web_search"]]],
            ["tools": [function("bad name")]], ["safety_identifier": .string(long + "a")],
            ["input": [["role": "user", "content": [["type": "input_image", "image_url": "x"]]]]],
            ["input": [["type": "item_reference", "id": "x"]]],
            ["input": [["type": "function_call", "call_id": "", "name": "f", "arguments": "{}"]]],
            [
                "input": [
                    hi, ["type": "reasoning", "summary": 5, "content": [["type": "reasoning_text", "text": "x"]]],
                ]
            ],
            ["text": ["format": ["type": "json_schema", "name": "x", "schema": true]]],
            ["text": ["format": ["type": "json_schema", "name": "bad name", "schema": [:]]]],
            ["conversation": "c"], ["reasoning": ["effort": "max"]], ["truncation": "none"], ["model": ""],
            ["top_k": -2], ["min_p": 1.5], ["repetition_penalty": 0], ["repetition_penalty": 2.5], ["priority": 1],
        ]
        let admittedResponses: [JSONObject] = [
            ["input": [], "instructions": "Say hi."],
            ["stream": true, "stream_options": ["include_obfuscation": false]],
            ["text": ["verbosity": "low", "format": ["type": "text"]]],
            [
                "tools": [function("a"), function("b")],
                "tool_choice": [
                    "type": "allowed_tools", "mode": "required", "tools": [["type": "function", "name": "b"]],
                ],
            ],
            [
                "tools": [function("a")], "tool_choice": ["type": "function", "name": "a"],
                "parallel_tool_calls": false,
                "max_tool_calls": 1,
            ],
            ["input": [hi, reasoning]],
            ["input": [hi, call, output, ["role": "user", "content": [["type": "input_text", "text": "And?"]]]]],
            [
                "include": ["message.output_text.logprobs"], "top_logprobs": 2, "metadata": ["k": "v"],
                "service_tier": "scale", "prompt_cache_retention": "24h", "truncation": "auto", "store": false,
                "reasoning": ["effort": "low", "summary": "auto", "generate_summary": nil], "seed": 3,
            ],
            [
                "text": [
                    "format": ["type": "json_schema", "name": "answer", "schema": ["type": "object"], "strict": false]
                ]
            ],
            ["parallel_tool_calls": true, "tool_choice": "none"],
            ["top_k": -1, "min_p": 0.1, "repetition_penalty": 2, "priority": 0], ["top_k": 40],
        ]
        let describedResponses: [JSONObject] = [
            ["tools": [function("a"), function("a")]],
            ["tools": [function("a")], "tool_choice": ["type": "function", "name": "b"]],
            [
                "tools": [function("a")],
                "tool_choice": ["type": "allowed_tools", "tools": [["type": "function", "name": "b"]]],
            ],
            ["input": [hi, output]],
        ]
        let responses = try validator(document, "ResponsesRequest")
        let responsesURL = "\(server.baseURL)/v1/responses"
        try await expect(
            refusedResponses.map { responsesBody("Hi", $0) }, valid: false, status: 400, schema: responses,
            url: responsesURL)
        try await expect(
            admittedResponses.map { responsesBody("Hi", $0) }, valid: true, status: 200, schema: responses,
            url: responsesURL)
        try await expect(
            describedResponses.map { responsesBody("Hi", $0) }, valid: true, status: 400, schema: responses,
            url: responsesURL)
    }
}
