import ChatCompletionsAPI
import ChatCompletionsServer
import Foundation
import JSONSchemaValidation
import NIOHTTP1
import TestSupport
import Testing

/// OpenAI's Responses API (`/v1/responses` and its routes) on the real server and the default
/// model: response objects, stream events, stored conversations continued by
/// `previous_response_id` (reusing the prompt cache), function calls, structured text, logprobs,
/// truncation, background responses and cancellation, storage that survives a restart, and the
/// same tokens as the chat endpoint for the same seed. (The official `openai` SDK and the OpenAI
/// Agents SDK drive it too: scripts/run-sdk-tests.sh.)
@Suite("OpenAI Responses API")
struct ResponsesTests {
    static let weatherTool: JSONValue = [
        "type": "function", "name": "get_weather", "description": "The weather in a city",
        "parameters": [
            "type": "object", "properties": ["city": ["type": "string", "maxLength": 20]], "required": ["city"],
            "additionalProperties": false,
        ],
        "strict": true,
    ]

    static func request(_ input: JSONValue = "Write a sentence about the sea.", _ extra: JSONObject = [:]) -> JSONValue
    {
        var object: JSONObject = ["model": .string(LiveServer.defaultModel), "input": input, "max_output_tokens": 20]
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    static func post(_ server: LiveServer, _ json: JSONValue, path: String = "/v1/responses") async throws -> HTTPResult
    {
        try await TestHTTP.post("\(server.baseURL)\(path)", json: json)
    }

    /// A created response (fails on a non-200).
    static func create(_ server: LiveServer, _ json: JSONValue) async throws -> JSONValue {
        let result = try await post(server, json)
        try #require(result.status == 200, "status \(result.status): \(result.text)")
        return try result.json
    }

    static func get(_ server: LiveServer, _ path: String) async throws -> HTTPResult {
        try await TestHTTP.get("\(server.baseURL)\(path)")
    }

    /// A streamed response's events (fails on a non-200).
    static func events(_ server: LiveServer, _ json: JSONValue) async throws -> [JSONValue] {
        var object = json.objectValue ?? [:]
        object["stream"] = true
        let result = try await post(server, .object(object))
        try #require(result.status == 200, "status \(result.status): \(result.text)")
        return try result.events.map { event in
            let data = try JSONValue(parsing: Array(event.data.utf8))
            #expect(data["type"]?.stringValue == event.event, "event line and type member differ")
            return data
        }
    }

    /// The text of a response's message items.
    static func outputText(_ response: JSONValue) -> String {
        (response["output"]?.arrayValue ?? []).filter { $0["type"] == "message" }
            .flatMap { $0["content"]?.arrayValue ?? [] }.compactMap { $0["text"]?.stringValue }.joined()
    }

    @Test(
        "a response: its object, output message, usage; incomplete at max_output_tokens; the same as streamed, event by event"
    )
    func responseAndStream() async throws {
        let server = try await LiveServer.shared
        let request = Self.request(
            "Write a sentence about the sea.", ["seed": 3, "temperature": 0.9, "max_output_tokens": 16])
        let response = try await Self.create(server, request)
        #expect(response["id"]?.stringValue?.hasPrefix("resp_") == true)
        #expect(response["object"] == "response")
        #expect(response["status"] == "incomplete")
        #expect(response["incomplete_details"] == ["reason": "max_output_tokens"])
        #expect(response["usage"]?["output_tokens"] == 16)
        #expect((response["usage"]?["input_tokens"]?.intValue ?? 0) > 10)
        #expect(response["usage"]?["output_tokens_details"]?["reasoning_tokens"] == 0)
        let message = try #require(response["output"]?.arrayValue?.first)
        #expect(message["type"] == "message")
        #expect(message["role"] == "assistant")
        #expect(message["id"]?.stringValue?.hasPrefix("msg_") == true)
        #expect(message["content"]?.arrayValue?.first?["type"] == "output_text")
        let text = Self.outputText(response)
        #expect(!text.isEmpty)

        let events = try await Self.events(server, request)
        #expect(events.map { $0["sequence_number"]?.intValue } == Array(0..<events.count).map { $0 })
        let types = events.compactMap { $0["type"]?.stringValue }
        #expect(
            Array(types.prefix(4)) == [
                "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            ])
        #expect(
            Array(types.suffix(4)) == [
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.incomplete",
            ])
        #expect(types.dropFirst(4).dropLast(4).allSatisfy { $0 == "response.output_text.delta" })
        let deltas = events.filter { $0["type"] == "response.output_text.delta" }.compactMap {
            $0["delta"]?.stringValue
        }
        #expect(deltas.joined() == text)
        let final = try #require(events.last?["response"])
        #expect(Self.outputText(final) == text)
        #expect(final["status"] == "incomplete")
        // The item's id is the same in its added and done events and in the final response.
        let added = events.first { $0["type"] == "response.output_item.added" }?["item"]?["id"]
        #expect(added != nil)
        #expect(events.first { $0["type"] == "response.output_item.done" }?["item"]?["id"] == added)
        #expect(final["output"]?.arrayValue?.first?["id"] == added)
    }

    @Test("the same request and seed give the same tokens through chat completions, responses and messages")
    func seedAcrossAPIs() async throws {
        let server = try await LiveServer.shared
        let prompt = "Name a colour and a fruit."
        let chat = try await server.completion(
            body(prompt, ["seed": 9, "temperature": 1, "max_completion_tokens": 20]))
        let response = try await Self.create(
            server, Self.request(.string(prompt), ["seed": 9, "temperature": 1, "max_output_tokens": 20]))
        let message = try await MessagesTests.message(
            server, MessagesTests.request(prompt, ["seed": 9, "temperature": 1, "max_tokens": 20]))
        #expect(Self.outputText(response) == chat.choices.first?.message.content)
        #expect(message["content"]?.arrayValue?.first?["text"]?.stringValue == chat.choices.first?.message.content)
    }

    @Test(
        "stored: retrieved as answered, its input items listed (newest first, paginated), deleted; store false keeps nothing"
    )
    func storedResponses() async throws {
        let server = try await LiveServer.shared
        let input: JSONValue = [
            ["role": "developer", "content": "Be brief."],
            ["role": "user", "content": [["type": "input_text", "text": "Hi"]]],
            ["role": "user", "content": "How are you?"],
        ]
        let response = try await Self.create(
            server, Self.request(input, ["instructions": "Answer kindly.", "metadata": ["run": "7"]]))
        let id = try #require(response["id"]?.stringValue)
        let retrieved = try await Self.get(server, "/v1/responses/\(id)")
        #expect(retrieved.status == 200)
        #expect(try retrieved.json == response)
        #expect(response["metadata"] == ["run": "7"])
        #expect(response["instructions"] == "Answer kindly.")

        let items = try await Self.get(server, "/v1/responses/\(id)/input_items").json
        let data = try #require(items["data"]?.arrayValue)
        #expect(data.count == 3)
        #expect(data.first?["content"]?.arrayValue?.first?["text"] == "How are you?")
        #expect(data.allSatisfy { $0["id"]?.stringValue?.hasPrefix("msg_") == true })
        #expect(items["has_more"] == false)
        let ascending = try await Self.get(server, "/v1/responses/\(id)/input_items?order=asc&limit=1").json
        #expect(ascending["data"]?.arrayValue?.first?["role"] == "developer")
        #expect(ascending["has_more"] == true)
        let firstID = try #require(ascending["last_id"]?.stringValue)
        let next = try await Self.get(server, "/v1/responses/\(id)/input_items?order=asc&limit=1&after=\(firstID)").json
        #expect(next["data"]?.arrayValue?.first?["content"]?.arrayValue?.first?["text"] == "Hi")

        // What this server does not do is refused, not ignored: replaying the stream, include.
        try expectError(try await Self.get(server, "/v1/responses/\(id)?stream=true"), status: 400)
        try expectError(
            try await Self.get(server, "/v1/responses/\(id)?include[]=reasoning.encrypted_content"), status: 400)
        try expectError(try await Self.get(server, "/v1/responses/\(id)/input_items?include[]=x"), status: 400)
        #expect(try await Self.get(server, "/v1/responses/\(id)?stream=false").status == 200)

        let deleted = try await TestHTTP.send(.DELETE, "\(server.baseURL)/v1/responses/\(id)")
        #expect(try deleted.json == ["id": .string(id), "object": "response.deleted", "deleted": true])
        try expectError(try await Self.get(server, "/v1/responses/\(id)"), status: 404, code: "response_not_found")

        let unstored = try await Self.create(server, Self.request("Hi", ["store": false]))
        let unstoredID = try #require(unstored["id"]?.stringValue)
        try expectError(try await Self.get(server, "/v1/responses/\(unstoredID)"), status: 404)
        try expectError(
            try await Self.post(server, Self.request("Again", ["previous_response_id": .string(unstoredID)])),
            status: 404,
            param: "previous_response_id")
    }

    @Test(
        "previous_response_id continues the conversation, streamed or not, and the earlier turns come from the prompt cache"
    )
    func continuedConversation() async throws {
        let server = try await LiveServer.shared
        let first = try await Self.create(
            server, Self.request("My name is Ada. Say hello.", ["instructions": "Be brief.", "temperature": 0]))
        let firstID = try #require(first["id"]?.stringValue)
        let firstInput = try #require(first["usage"]?["input_tokens"]?.intValue)
        let second = try await Self.create(
            server, Self.request("What is my name?", ["previous_response_id": .string(firstID), "temperature": 0]))
        #expect(second["previous_response_id"] == .string(firstID))
        let secondInput = try #require(second["usage"]?["input_tokens"]?.intValue)
        // The second turn reads the first (without its instructions) and its answer, then the new message.
        #expect(secondInput > firstInput)
        #expect((second["usage"]?["input_tokens_details"]?["cached_tokens"]?.intValue ?? 0) > 0, "no cache reuse")
        // The conversation is the same prompt as the chat request holding it.
        let chat = try await server.completion(
            body(
                "",
                [
                    "temperature": 0, "max_completion_tokens": 20,
                    "messages": [
                        ["role": "user", "content": "My name is Ada. Say hello."],
                        ["role": "assistant", "content": .string(Self.outputText(first))],
                        ["role": "user", "content": "What is my name?"],
                    ],
                ]))
        #expect(chat.usage?.promptTokens == secondInput)
        #expect(chat.choices.first?.message.content == Self.outputText(second))

        // Streamed, from the second: completes, and stores the third turn.
        let streamed = try await Self.events(
            server, Self.request("Thanks.", ["previous_response_id": second["id"]!, "temperature": 0]))
        let final = try #require(streamed.last)
        #expect(["response.completed", "response.incomplete"].contains(final["type"]?.stringValue ?? ""))
        let thirdID = try #require(final["response"]?["id"]?.stringValue)
        let third = try await Self.get(server, "/v1/responses/\(thirdID)")
        #expect(try third.json["previous_response_id"] == second["id"])
        #expect(try Self.outputText(third.json) == Self.outputText(final["response"]!))
    }

    @Test(
        "function calls: a forced call meets its schema; its output goes back by previous_response_id or in the input")
    func functionCallRoundTrip() async throws {
        let server = try await LiveServer.shared
        let request = Self.request(
            "What is the weather in Paris?",
            [
                "max_output_tokens": 60, "tools": [Self.weatherTool],
                "tool_choice": ["type": "function", "name": "get_weather"],
            ])
        let response = try await Self.create(server, request)
        let call = try #require(response["output"]?.arrayValue?.first { $0["type"] == "function_call" })
        #expect(call["name"] == "get_weather")
        #expect(call["id"]?.stringValue?.hasPrefix("fc_") == true)
        let callID = try #require(call["call_id"]?.stringValue)
        let arguments = try JSONValue(parsing: Array((call["arguments"]?.stringValue ?? "").utf8))
        let validator = try JSONSchemaValidator(schema: Self.weatherTool["parameters"]!)
        #expect(validator.isValid(arguments))
        #expect(response["tools"]?.arrayValue?.first?["name"] == "get_weather")

        let output: JSONValue = ["type": "function_call_output", "call_id": .string(callID), "output": "Sunny, 21 C"]
        let continued = try await Self.create(
            server,
            Self.request(
                [output], ["previous_response_id": response["id"]!, "tools": [Self.weatherTool], "tool_choice": "none"])
        )
        #expect(continued["output"]?.arrayValue?.allSatisfy { $0["type"] == "message" } == true)
        // Stateless: the call and its output sent back as input.
        let stateless = try await Self.create(
            server,
            Self.request(
                [["role": "user", "content": "What is the weather in Paris?"], call, output],
                ["tools": [Self.weatherTool], "store": false]))
        #expect(stateless["status"] != "failed")

        // Streamed: the argument deltas add up to the done event's arguments.
        let events = try await Self.events(server, request)
        let deltas = events.filter { $0["type"] == "response.function_call_arguments.delta" }
            .compactMap { $0["delta"]?.stringValue }.joined()
        let done = try #require(events.first { $0["type"] == "response.function_call_arguments.done" })
        #expect(done["arguments"]?.stringValue == deltas)
        #expect(validator.isValid(try JSONValue(parsing: Array(deltas.utf8))))
    }

    @Test("text.format json_schema holds the output to the schema; include logprobs gives each token's alternatives")
    func structuredTextAndLogprobs() async throws {
        let server = try await LiveServer.shared
        let schema: JSONValue = [
            "type": "object", "properties": ["name": ["type": "string", "maxLength": 10], "age": ["type": "integer"]],
            "required": ["name", "age"], "additionalProperties": false,
        ]
        let response = try await Self.create(
            server,
            Self.request(
                "Invent a person.",
                [
                    "max_output_tokens": 60,
                    "text": ["format": ["type": "json_schema", "name": "person", "schema": schema, "strict": true]],
                ]))
        let parsed = try JSONValue(parsing: Array(Self.outputText(response).utf8))
        #expect(try JSONSchemaValidator(schema: schema).isValid(parsed))
        #expect(response["text"]?["format"]?["name"] == "person")

        let withLogprobs = try await Self.create(
            server,
            Self.request(
                "Hi", ["include": ["message.output_text.logprobs"], "top_logprobs": 2, "max_output_tokens": 16]))
        let part = try #require(withLogprobs["output"]?.arrayValue?.first?["content"]?.arrayValue?.first)
        let logprobs = try #require(part["logprobs"]?.arrayValue)
        #expect(!logprobs.isEmpty)
        #expect(logprobs.allSatisfy { $0["top_logprobs"]?.arrayValue?.count == 2 && $0["bytes"]?.arrayValue != nil })
        #expect(logprobs.compactMap { $0["token"]?.stringValue }.joined() == part["text"]?.stringValue)
    }

    @Test("refused clearly: hosted tools, unknown members, images, a too small max_output_tokens, unknown ids")
    func errors() async throws {
        let server = try await LiveServer.shared
        let hosted = try await Self.post(server, Self.request("x", ["tools": [["type": "web_search"]]]))
        try expectError(hosted, status: 400, param: "tools[0].type")
        #expect(try hosted.json["error"]?["message"]?.stringValue?.contains("web_search") == true)
        try expectError(
            try await Self.post(server, Self.request("x", ["frequency_penalty": 1])), status: 400,
            param: "frequency_penalty", code: "unknown_parameter")
        try expectError(
            try await Self.post(server, Self.request("x", ["conversation": "conv_1"])), status: 400,
            param: "conversation")
        try expectError(
            try await Self.post(server, Self.request("x", ["max_output_tokens": 8])), status: 400,
            param: "max_output_tokens")
        try expectError(
            try await Self.post(
                server,
                Self.request([["role": "user", "content": [["type": "input_image", "image_url": "https://x/y.png"]]]])),
            status: 400, param: "input[0].content[0].type")
        var noInput = Self.request().objectValue!
        noInput["input"] = nil
        try expectError(try await Self.post(server, .object(noInput)), status: 400, param: "input")
        try expectError(try await Self.get(server, "/v1/responses/resp_nope"), status: 404)
        try expectError(
            try await Self.post(server, Self.request("x", ["previous_response_id": "resp_nope"])), status: 404,
            param: "previous_response_id")
        try expectError(
            try await Self.post(server, Self.request("x", ["tool_choice": ["type": "function", "name": "nope"]])),
            status: 400)
    }

    @Test("the sampling members SGLang Model Gateway adds when it forwards a request are taken")
    func gatewayMembers() async throws {
        let server = try await LiveServer.shared
        // (The default model declares a repetition penalty; the gateway's neutral 1.0 replaces it.)
        let plain = try await Self.create(server, Self.request("Hi", ["temperature": 0, "repetition_penalty": 1.0]))
        let forwarded = try await Self.create(
            server,
            Self.request(
                "Hi", ["temperature": 0, "top_k": -1, "min_p": 0.0, "repetition_penalty": 1.0, "priority": 0]))
        #expect(Self.outputText(forwarded) == Self.outputText(plain))
        try expectError(
            try await Self.post(server, Self.request("Hi", ["priority": 3])), status: 400, param: "priority")
        try expectError(try await Self.post(server, Self.request("Hi", ["top_k": -2])), status: 400, param: "top_k")
    }

    @Test("truncation: disabled refuses a conversation longer than the context; auto drops the oldest turns to fit")
    func truncation() async throws {
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 1, contextSize: 256))
        defer { Task { await server.stop() } }
        let long = String(repeating: "The sea is wide and the waves are tall. ", count: 8)
        var input: [JSONValue] = []
        for turn in 0..<4 {
            input.append(["role": "user", "content": .string("\(turn): \(long)")])
            input.append(["role": "assistant", "content": .string("Noted \(turn).")])
        }
        input.append(["role": "user", "content": "Sum it up."])
        try expectError(
            try await Self.post(server, Self.request(.array(input), ["truncation": "disabled"])), status: 400,
            param: "input", code: "context_length_exceeded")
        let fitted = try await Self.create(server, Self.request(.array(input), ["truncation": "auto"]))
        let read = try #require(fitted["usage"]?["input_tokens"]?.intValue)
        #expect(read + 20 <= 256)
        #expect(read > 40, "kept more than the last message: \(read) tokens")
        #expect(fitted["truncation"] == "auto")
    }

    @Test("background: answered queued, then polled to completion; cancel stops a running one and keeps its output")
    func background() async throws {
        let server = try await LiveServer.shared
        let created = try await Self.create(server, Self.request("Hi", ["background": true, "max_output_tokens": 16]))
        #expect(["queued", "in_progress"].contains(created["status"]?.stringValue ?? ""))
        #expect(created["background"] == true)
        let id = try #require(created["id"]?.stringValue)
        var status = ""
        // Polled for up to ten minutes: a loaded machine is slow, not wrong.
        let deadline = Date().addingTimeInterval(600)
        while !["completed", "incomplete"].contains(status) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            status = try await Self.get(server, "/v1/responses/\(id)").json["status"]?.stringValue ?? ""
        }
        #expect(["completed", "incomplete"].contains(status))
        let done = try await Self.get(server, "/v1/responses/\(id)").json
        #expect(done["usage"]?["output_tokens"]?.intValue ?? 0 > 0)
        #expect(!Self.outputText(done).isEmpty)

        let long = try await Self.create(
            server,
            Self.request(
                "Tell a long story.", ["background": true, "max_output_tokens": 1500, "temperature": 1, "seed": 1]))
        let longID = try #require(long["id"]?.stringValue)
        // While it runs, polling shows the output so far; cancel once some has come.
        var running = JSONValue.null
        while Self.outputText(running).isEmpty && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            running = try await Self.get(server, "/v1/responses/\(longID)").json
        }
        #expect(running["status"] == "in_progress")
        #expect(running["output"]?.arrayValue?.first?["status"] == "incomplete")
        let cancelled = try await Self.post(server, .object([:]), path: "/v1/responses/\(longID)/cancel")
        #expect(cancelled.status == 200, "\(cancelled.text)")
        #expect(try cancelled.json["status"] == "cancelled")
        let stored = try await Self.get(server, "/v1/responses/\(longID)").json
        #expect(stored["status"] == "cancelled")
        #expect(!Self.outputText(stored).isEmpty, "the text written before the cancel is kept")
        #expect(stored["output"]?.arrayValue?.first?["status"] == "incomplete")
        // A response made in the foreground cannot be cancelled.
        let plain = try await Self.create(server, Self.request("Hi", ["max_output_tokens": 16]))
        try expectError(
            try await Self.post(server, .object([:]), path: "/v1/responses/\(plain["id"]!.stringValue!)/cancel"),
            status: 400)
    }

    @Test("responses kept in SQLite survive a restart, and the conversation continues on the new server")
    func survivesRestart() async throws {
        let path = NSTemporaryDirectory() + "responses-\(UUID().uuidString)/responses.sqlite"
        let first = try await LiveServer.start(
            engine: LiveServer.configuration(parallel: 1), responseStore: try SQLiteResponseStore(path: path))
        let response = try await Self.create(first, Self.request("Remember the word lantern.", ["temperature": 0]))
        let id = try #require(response["id"]?.stringValue)
        await first.stop()
        let second = try await LiveServer.start(
            engine: LiveServer.configuration(parallel: 1), responseStore: try SQLiteResponseStore(path: path))
        defer { Task { await second.stop() } }
        #expect(try await Self.get(second, "/v1/responses/\(id)").json == response)
        let continued = try await Self.create(
            second, Self.request("Which word?", ["previous_response_id": .string(id)]))
        #expect(continued["status"] != "failed")
        #expect(
            (continued["usage"]?["input_tokens"]?.intValue ?? 0) > (response["usage"]?["input_tokens"]?.intValue ?? 0))
    }

    @Test("several servers may open one SQLite file at once and write to it together")
    func sharedFile() async throws {
        let path = NSTemporaryDirectory() + "responses-\(UUID().uuidString)/responses.sqlite"
        let stores = try await withThrowingTaskGroup(of: SQLiteResponseStore.self) { group in
            for _ in 0..<4 { group.addTask { try SQLiteResponseStore(path: path) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    for turn in 0..<20 {
                        try await store.save(
                            StoredResponse(
                                id: "resp_\(index)_\(turn)", createdAt: 1_900_000_000, previousResponseID: nil,
                                body: ["n": .int(turn)], inputItems: []))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await stores[0].load("resp_3_19")?.body == ["n": 19])
        #expect(try await stores[3].load("resp_0_0")?.body == ["n": 0])
    }

    @Test("retention keeps the newest responses: the oldest are gone once the count is passed")
    func retention() async throws {
        let store = try SQLiteResponseStore(path: nil, retention: ResponseRetention(maxCount: 2))
        for index in 0..<3 {
            try await store.save(
                StoredResponse(
                    id: "resp_\(index)", createdAt: 1_900_000_000 + index, previousResponseID: nil,
                    body: ["n": .int(index)], inputItems: []))
        }
        #expect(try await store.load("resp_0") == nil)
        #expect(try await store.load("resp_2")?.body == ["n": 2])
        let aged = try SQLiteResponseStore(path: nil, retention: ResponseRetention(maxAge: .seconds(60)))
        try await aged.save(
            StoredResponse(id: "old", createdAt: 1000, previousResponseID: nil, body: [:], inputItems: []))
        #expect(try await aged.load("old") == nil)
        #expect(ResponseRetention(parsing: "500,7d") == ResponseRetention(maxCount: 500, maxAge: .seconds(7 * 86400)))
        #expect(ResponseRetention(parsing: "7x") == nil)
    }
}
