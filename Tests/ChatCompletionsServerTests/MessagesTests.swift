import ChatCompletionsAPI
import ChatCompletionsServer
import Foundation
import JSONSchemaValidation
import TestSupport
import Testing

/// Anthropic's Messages API (`POST /v1/messages`, `/v1/messages/count_tokens`) on the real server
/// and the default model: the message and its usage, stop reasons, the stream's events, tool use
/// round trips, thinking, errors in Anthropic's envelope, and the same tokens as the chat endpoint
/// for the same seed. (The official `anthropic` SDK drives it too: scripts/run-sdk-tests.sh.)
@Suite("Anthropic Messages API")
struct MessagesTests {
    static let weatherTool: JSONValue = [
        "name": "get_weather", "description": "The weather in a city",
        "input_schema": [
            "type": "object", "properties": ["city": ["type": "string", "maxLength": 20]], "required": ["city"],
            // Closed: an open object lets a sampled call copy the schema's own keys past max_tokens.
            "additionalProperties": false,
        ],
    ]

    static func request(_ prompt: String = "Write a sentence about the sea.", _ extra: JSONObject = [:]) -> JSONValue {
        var object: JSONObject = [
            "model": .string(LiveServer.defaultModel), "max_tokens": 24,
            "messages": [["role": "user", "content": .string(prompt)]],
        ]
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    static func post(
        _ server: LiveServer, _ json: JSONValue, path: String = "/v1/messages", headers: [(String, String)] = []
    ) async throws -> HTTPResult {
        try await TestHTTP.post("\(server.baseURL)\(path)", json: json, headers: headers)
    }

    /// A non-streamed message (fails on a non-200).
    static func message(_ server: LiveServer, _ json: JSONValue) async throws -> JSONValue {
        let result = try await post(server, json)
        try #require(result.status == 200, "status \(result.status): \(result.text)")
        return try result.json
    }

    /// A streamed message's events, as (name, data) (fails on a non-200).
    static func events(_ server: LiveServer, _ json: JSONValue) async throws -> [(name: String, data: JSONValue)] {
        var object = json.objectValue ?? [:]
        object["stream"] = true
        let result = try await post(server, .object(object))
        try #require(result.status == 200, "status \(result.status): \(result.text)")
        return try result.events.map { event in
            let data = try JSONValue(parsing: Array(event.data.utf8))
            #expect(data["type"]?.stringValue == event.event, "event line and type member differ")
            return (event.event ?? "", data)
        }
    }

    /// The message a stream's events add up to: text, thinking and tool input joined per block.
    static func fold(_ events: [(name: String, data: JSONValue)]) throws -> (blocks: [JSONObject], stop: JSONValue?) {
        var blocks: [JSONObject] = []
        var stop: JSONValue?
        var inputs: [Int: String] = [:]
        for (name, data) in events {
            switch name {
            case "content_block_start":
                let index = try #require(data["index"]?.intValue)
                #expect(index == blocks.count, "blocks are numbered in order")
                blocks.append(try #require(data["content_block"]?.objectValue))
            case "content_block_delta":
                let index = try #require(data["index"]?.intValue)
                let delta = try #require(data["delta"])
                switch delta["type"]?.stringValue {
                case "text_delta":
                    blocks[index]["text"] = .string(
                        (blocks[index]["text"]?.stringValue ?? "") + (delta["text"]?.stringValue ?? ""))
                case "thinking_delta":
                    blocks[index]["thinking"] = .string(
                        (blocks[index]["thinking"]?.stringValue ?? "") + (delta["thinking"]?.stringValue ?? ""))
                case "input_json_delta": inputs[index, default: ""] += delta["partial_json"]?.stringValue ?? ""
                default: Issue.record("unknown delta \(delta.jsonString())")
                }
            case "message_delta": stop = data
            default: break
            }
        }
        for (index, text) in inputs { blocks[index]["input"] = try JSONValue(parsing: Array(text.utf8)) }
        return (blocks, stop)
    }

    @Test(
        "a message: id, blocks, usage, max_tokens; streamed with the same seed, the same text in Anthropic's event order"
    )
    func messageAndStream() async throws {
        let server = try await LiveServer.shared
        let request = Self.request(
            "Write a sentence about the sea.", ["max_tokens": 6, "seed": 11, "temperature": 0.8])
        let message = try await Self.message(server, request)
        #expect(message["id"]?.stringValue?.hasPrefix("msg_") == true)
        #expect(message["type"] == "message")
        #expect(message["role"] == "assistant")
        #expect(message["model"] == .string(LiveServer.defaultModel))
        #expect(message["stop_reason"] == "max_tokens")
        #expect(message["stop_sequence"] == .null)
        #expect(message["usage"]?["output_tokens"] == 6)
        let input = try #require(message["usage"]?["input_tokens"]?.intValue)
        let cached = try #require(message["usage"]?["cache_read_input_tokens"]?.intValue)
        #expect(input + cached > 10)
        let text = try #require(message["content"]?.arrayValue?.first?["text"]?.stringValue)
        #expect(message["content"]?.arrayValue?.first?["type"] == "text")
        #expect(!text.isEmpty)

        let events = try await Self.events(server, request)
        let names = events.map(\.name)
        #expect(Array(names.prefix(3)) == ["message_start", "ping", "content_block_start"])
        #expect(Array(names.suffix(3)) == ["content_block_stop", "message_delta", "message_stop"])
        #expect(names.dropFirst(3).dropLast(3).allSatisfy { $0 == "content_block_delta" })
        #expect(events[0].data["message"]?["content"] == [])
        #expect(events[0].data["message"]?["stop_reason"] == .null)
        let folded = try Self.fold(events)
        #expect(folded.blocks.count == 1)
        #expect(folded.blocks.first?["text"]?.stringValue == text)
        #expect(folded.stop?["delta"]?["stop_reason"] == "max_tokens")
        #expect(folded.stop?["usage"]?["output_tokens"] == 6)
    }

    @Test("the same request and seed give the same tokens through /v1/chat/completions and /v1/messages")
    func seedAcrossAPIs() async throws {
        let server = try await LiveServer.shared
        let prompt = "Name a colour and a fruit."
        let chat = try await server.completion(
            body(prompt, ["seed": 5, "temperature": 1, "max_completion_tokens": 20]))
        let message = try await Self.message(
            server, Self.request(prompt, ["seed": 5, "temperature": 1, "max_tokens": 20]))
        #expect(message["content"]?.arrayValue?.first?["text"]?.stringValue == chat.choices.first?.message.content)
        let other = try await Self.message(
            server, Self.request(prompt, ["seed": 6, "temperature": 1, "max_tokens": 20]))
        #expect(
            other["content"]?.arrayValue?.first?["text"] != message["content"]?.arrayValue?.first?["text"],
            "the seed is used")
    }

    @Test("a stop sequence ends the answer before it: stop_reason stop_sequence, and which one matched")
    func stopSequence() async throws {
        let server = try await LiveServer.shared
        let plain = try await Self.message(
            server, Self.request("Describe a forest.", ["max_tokens": 30, "temperature": 0]))
        let text = try #require(plain["content"]?.arrayValue?.first?["text"]?.stringValue)
        let words = text.split(separator: " ")
        try #require(words.count > 4, "answer too short: \(text)")
        let word = String(words[words.count / 2])
        let prefix = String(text[..<text.range(of: word)!.lowerBound])
        let stopped = try await Self.message(
            server,
            Self.request(
                "Describe a forest.", ["max_tokens": 30, "temperature": 0, "stop_sequences": ["zzzq", .string(word)]]))
        #expect(stopped["stop_reason"] == "stop_sequence")
        #expect(stopped["stop_sequence"] == .string(word))
        #expect(stopped["content"]?.arrayValue?.first?["text"]?.stringValue == prefix)
        let events = try await Self.events(
            server,
            Self.request(
                "Describe a forest.", ["max_tokens": 30, "temperature": 0, "stop_sequences": [.string(word)]]))
        let delta = try #require(events.first { $0.name == "message_delta" }?.data["delta"])
        #expect(delta["stop_reason"] == "stop_sequence")
        #expect(delta["stop_sequence"] == .string(word))
    }

    @Test(
        "tool use: a forced tool gives a tool_use block whose input meets its schema; the result goes back as tool_result"
    )
    func toolUseRoundTrip() async throws {
        let server = try await LiveServer.shared
        let request = Self.request(
            "What is the weather in Paris?",
            [
                "max_tokens": 60, "tools": [Self.weatherTool],
                "tool_choice": ["type": "tool", "name": "get_weather"],
            ])
        let message = try await Self.message(server, request)
        #expect(message["stop_reason"] == "tool_use")
        let blocks = try #require(message["content"]?.arrayValue)
        let uses = blocks.filter { $0["type"] == "tool_use" }
        #expect(uses.count == 1)
        let use = try #require(uses.first)
        #expect(use["name"] == "get_weather")
        let validator = try JSONSchemaValidator(schema: Self.weatherTool["input_schema"]!)
        #expect(validator.isValid(use["input"]!), "input \(use["input"]!.jsonString())")
        #expect(!blocks.contains { $0["type"] == "text" && $0["text"]?.stringValue?.contains("tool_call") == true })

        // Streamed: the input's JSON pieces add up to an input that meets the schema.
        let streamed = try Self.fold(try await Self.events(server, request))
        let streamedUse = try #require(streamed.blocks.first { $0["type"] == "tool_use" })
        #expect(validator.isValid(streamedUse["input"] ?? .null))
        #expect(streamed.stop?["delta"]?["stop_reason"] == "tool_use")

        // The result goes back; the model answers in text.
        var followUp = request.objectValue!
        followUp["tool_choice"] = ["type": "none"]
        followUp["messages"] = [
            ["role": "user", "content": "What is the weather in Paris?"],
            ["role": "assistant", "content": .array(blocks)],
            [
                "role": "user",
                "content": [
                    ["type": "tool_result", "tool_use_id": use["id"]!, "content": "Sunny, 21 C"],
                    ["type": "text", "text": "Thanks. Summarise it."],
                ],
            ],
        ]
        let answer = try await Self.message(server, .object(followUp))
        #expect(answer["content"]?.arrayValue?.allSatisfy { $0["type"] == "text" } == true)
        #expect(answer["stop_reason"] != "tool_use")
    }

    @Test("tool_choice any with disable_parallel_tool_use gives exactly one tool_use")
    func anyToolOnce() async throws {
        let server = try await LiveServer.shared
        let message = try await Self.message(
            server,
            Self.request(
                "Weather in Rome and in Oslo?",
                [
                    "max_tokens": 80, "tools": [Self.weatherTool],
                    "tool_choice": ["type": "any", "disable_parallel_tool_use": true],
                ]))
        #expect(message["content"]?.arrayValue?.filter { $0["type"] == "tool_use" }.count == 1)
        #expect(message["stop_reason"] == "tool_use")
    }

    @Test("count_tokens counts exactly the prompt a message reads (input plus cache reads), tools included")
    func countTokens() async throws {
        let server = try await LiveServer.shared
        let request = Self.request("How tall is Mont Blanc?", ["system": "Answer briefly.", "max_tokens": 2])
        var counting = request.objectValue!
        counting["max_tokens"] = nil
        let counted = try await Self.post(server, .object(counting), path: "/v1/messages/count_tokens")
        try #require(counted.status == 200, "\(counted.text)")
        let message = try await Self.message(server, request)
        let read =
            (message["usage"]?["input_tokens"]?.intValue ?? 0)
            + (message["usage"]?["cache_read_input_tokens"]?.intValue ?? 0)
        #expect(try counted.json["input_tokens"]?.intValue == read)
        counting["tools"] = [Self.weatherTool]
        let withTools = try await Self.post(server, .object(counting), path: "/v1/messages/count_tokens")
        #expect((try withTools.json["input_tokens"]?.intValue ?? 0) > read)
        // The system prompt as text blocks counts the same as the string.
        counting["tools"] = nil
        counting["system"] = [["type": "text", "text": "Answer briefly."]]
        let blocks = try await Self.post(server, .object(counting), path: "/v1/messages/count_tokens")
        #expect(try blocks.json["input_tokens"]?.intValue == read)
    }

    /// Asserts Anthropic's error envelope with this status and type.
    static func expectAnthropicError(
        _ result: HTTPResult, status: Int, type: String, mentioning words: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == status, "\(result.text)", sourceLocation: sourceLocation)
        let json = (try? result.json) ?? .null
        #expect(json["type"] == "error", sourceLocation: sourceLocation)
        #expect(json["error"]?["type"]?.stringValue == type, "\(result.text)", sourceLocation: sourceLocation)
        let message = json["error"]?["message"]?.stringValue ?? ""
        for word in words { #expect(message.contains(word), "\(message)", sourceLocation: sourceLocation) }
    }

    @Test("bad requests get Anthropic's error envelope and status, naming what is wrong")
    func errors() async throws {
        let server = try await LiveServer.shared
        var missing = Self.request().objectValue!
        missing["max_tokens"] = nil
        Self.expectAnthropicError(
            try await Self.post(server, .object(missing)), status: 400, type: "invalid_request_error",
            mentioning: ["max_tokens"])
        let image = Self.request(
            "x",
            [
                "messages": [
                    [
                        "role": "user",
                        "content": [
                            ["type": "image", "source": ["type": "base64", "media_type": "image/png", "data": "AA=="]]
                        ],
                    ]
                ]
            ])
        Self.expectAnthropicError(
            try await Self.post(server, image), status: 400, type: "invalid_request_error", mentioning: ["Image"])
        Self.expectAnthropicError(
            try await Self.post(server, Self.request("x", ["frequency_penalty": 1])), status: 400,
            type: "invalid_request_error", mentioning: ["frequency_penalty"])
        Self.expectAnthropicError(
            try await Self.post(
                server, Self.request("x", ["tools": [["type": "web_search_20250305", "name": "web_search"]]])),
            status: 400, type: "invalid_request_error", mentioning: ["web_search_20250305"])
        Self.expectAnthropicError(
            try await Self.post(server, Self.request("x", ["temperature": 1.5])), status: 400,
            type: "invalid_request_error", mentioning: ["temperature"])
        Self.expectAnthropicError(
            try await Self.post(server, Self.request("x", ["thinking": ["type": "enabled", "budget_tokens": 2000]])),
            status: 400, type: "invalid_request_error", mentioning: ["budget_tokens"])
        var unknownModel = Self.request().objectValue!
        unknownModel["model"] = "claude-sonnet-4-5"
        Self.expectAnthropicError(
            try await Self.post(server, .object(unknownModel)), status: 404, type: "not_found_error",
            mentioning: ["claude-sonnet-4-5"])
        Self.expectAnthropicError(
            try await Self.post(server, Self.request(), path: "/v1/messages/nope"), status: 404, type: "not_found_error"
        )
        // The chat endpoint keeps OpenAI's envelope.
        let chat = try await server.chat(body("x", ["max_tokens": -1]))
        #expect(try chat.json["error"]?["type"] == "invalid_request_error")
        #expect(try chat.json["type"] == nil)
    }

    @Test(
        "an API key is taken from x-api-key (Anthropic's header) as from Authorization; a wrong one is a 401 in Anthropic's shape"
    )
    func apiKeyHeader() async throws {
        let server = try await LiveServer.start(
            engine: LiveServer.configuration(parallel: 1), server: ServerConfiguration(apiKeys: ["sk-right"]))
        defer { Task { await server.stop() } }
        let request = Self.request("Hi", ["max_tokens": 2])
        let viaHeader = try await Self.post(
            server, request, headers: [("x-api-key", "sk-right"), ("anthropic-version", "2023-06-01")])
        #expect(viaHeader.status == 200, "\(viaHeader.text)")
        let viaBearer = try await Self.post(server, request, headers: [("Authorization", "Bearer sk-right")])
        #expect(viaBearer.status == 200, "\(viaBearer.text)")
        Self.expectAnthropicError(
            try await Self.post(server, request, headers: [("x-api-key", "sk-wrong")]), status: 401,
            type: "authentication_error")
        let missing = try await Self.post(server, request)
        Self.expectAnthropicError(missing, status: 401, type: "authentication_error")
        // Anthropic's clients read the request id from `request-id`.
        #expect(
            missing.headers["request-id"] != nil && missing.headers["request-id"] == missing.headers["x-request-id"])
        // x-api-key opens the chat endpoint too.
        let chat = try await server.chat(body("Hi", ["max_tokens": 2]), headers: [("x-api-key", "sk-right")])
        #expect(chat.status == 200)
    }
}
