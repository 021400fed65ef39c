import ChatCompletionsAPI
import ChatCompletionsClient
import Testing

@Suite("Tool runner")
struct ToolRunnerTests {
    struct AddArguments: Decodable, Sendable {
        var a: Int
        var b: Int
    }

    static let tools: [ChatTool] = [
        ChatTool(
            name: "get_weather", description: "The weather in a city",
            parameters: .object(["city": .string()])
        ) { arguments in
            "{\"city\": \(arguments["city"]?.jsonString() ?? "null"), \"celsius\": 21}"
        },
        ChatTool(
            name: "add", description: "Adds two integers", parameters: .object(["a": .integer(), "b": .integer()]),
            arguments: AddArguments.self
        ) { arguments in
            String(arguments.a + arguments.b)
        },
    ]

    static func calls(_ calls: [(String, String, String)]) -> Reply {
        .completion(
            Fixtures.completion(
                nil, finishReason: .toolCalls,
                toolCalls: calls.map { ToolCall(id: $0.0, function: FunctionCall(name: $0.1, arguments: $0.2)) }))
    }

    @Test("the runner declares the tools, runs the calls, sends the results back and returns the answer")
    func loop() async throws {
        try await ScriptedServer.with({ _, number in
            number == 0
                ? Self.calls([("call_1", "get_weather", #"{"city":"Paris"}"#), ("call_2", "add", #"{"a":2,"b":3}"#)])
                : .completion(Fixtures.completion("It is 21 degrees; 2 + 3 = 5."))
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            var request = Fixtures.request("Weather in Paris, and 2 + 3?")
            request.toolChoice = .required
            let result = try await client.runTools(request, tools: Self.tools)
            #expect(result.content == "It is 21 degrees; 2 + 3 = 5.")
            #expect(result.steps == 2)
            #expect(result.calls.map(\.result) == [#"{"city": "Paris", "celsius": 21}"#, "5"])
            #expect(result.calls.allSatisfy { $0.ran })
            #expect(result.usage?.completionTokens == 6)
            #expect(result.messages.count == 5)

            let requests = await server.requests
            #expect(requests.count == 2)
            let declared = requests[0].json["tools"]?.arrayValue?.compactMap { $0["function"]?["name"]?.stringValue }
            #expect(declared == ["get_weather", "add"])
            #expect(requests[0].json["tool_choice"] == "required")
            let second = requests[1].json
            #expect(second["tool_choice"] == "auto")
            let messages = second["messages"]?.arrayValue ?? []
            #expect(messages.map { $0["role"]?.stringValue ?? "" } == ["user", "assistant", "tool", "tool"])
            #expect(messages[1]["tool_calls"]?.arrayValue?.first?["id"] == "call_1")
            #expect(messages[2]["tool_call_id"] == "call_1")
            #expect(messages[2]["content"] == #"{"city": "Paris", "celsius": 21}"#)
            #expect(messages[3]["tool_call_id"] == "call_2")
            #expect(messages[3]["content"] == "5")
        }
    }

    @Test("unknown tools and bad arguments are reported to the model without running anything")
    func modelMistakes() async throws {
        try await ScriptedServer.with({ _, number in
            number == 0
                ? Self.calls([
                    ("c1", "get_time", "{}"), ("c2", "add", #"{"a":2,"b":"#), ("c3", "add", #"{"a":"two","b":3}"#),
                ])
                : .completion(Fixtures.completion("Sorry."))
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let result = try await client.runTools(Fixtures.request(), tools: Self.tools)
            #expect(result.calls.map(\.ran) == [false, false, false])
            #expect(result.calls[0].result.contains("no tool named 'get_time'"))
            #expect(result.calls[0].result.contains("get_weather, add"))
            #expect(result.calls[1].result.contains("not valid JSON"))
            #expect(result.calls[2].result.contains("'a'"))
            #expect(result.content == "Sorry.")
        }
    }

    @Test("a model that never stops calling tools hits the step limit")
    func stepLimit() async throws {
        try await ScriptedServer.with({ _, number in Self.calls([("c\(number)", "add", #"{"a":1,"b":1}"#)]) }) {
            server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let error = await #expect(throws: ChatClientError.self) {
                _ = try await client.runTools(Fixtures.request(), tools: Self.tools, maxSteps: 3)
            }
            #expect(error?.code == .toolStepLimit)
            #expect(await server.requests.count == 3)
        }
    }

    @Test("a tool that throws stops the run with the tool's error as the cause")
    func toolThrows() async throws {
        struct Broken: Error {}
        let broken = ChatTool(name: "broken", parameters: .object([:])) { _ in throw Broken() }
        try await ScriptedServer.with({ _, _ in Self.calls([("c1", "broken", "")]) }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let error = await #expect(throws: ChatClientError.self) {
                _ = try await client.runTools(Fixtures.request(), tools: [broken])
            }
            #expect(error?.code == .toolFailed)
            #expect(error?.underlying is Broken)
        }
    }

    @Test("calls of one turn run concurrently")
    func concurrent() async throws {
        // Each tool waits for the other to have started: run one after the other, they would never finish.
        let rendezvous = Rendezvous()
        let first = ChatTool(name: "first") { _ in
            await rendezvous.arrive()
            return "1"
        }
        let second = ChatTool(name: "second") { _ in
            await rendezvous.arrive()
            return "2"
        }
        try await ScriptedServer.with({ _, number in
            number == 0
                ? Self.calls([("c1", "first", "{}"), ("c2", "second", "{}")])
                : .completion(Fixtures.completion("done"))
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let result = try await client.runTools(Fixtures.request(), tools: [first, second])
            #expect(result.calls.map(\.result) == ["1", "2"])
        }
    }

    /// A scripted stream that calls `add` after a few words.
    static func streamedCall() -> Reply {
        let call = ToolCallDelta(
            index: 0, id: "call_s", type: .function, function: FunctionCallDelta(name: "add", arguments: #"{"a":2,"#))
        let rest = ToolCallDelta(index: 0, function: FunctionCallDelta(arguments: #""b":3}"#))
        return .events(
            Fixtures.sse([
                Fixtures.chunk([Fixtures.content(0, "Let me add.")]),
                Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(toolCalls: [call]))]),
                Fixtures.chunk([
                    .init(index: 0, delta: ChatCompletionDelta(toolCalls: [rest]), finishReason: .toolCalls)
                ]),
            ]))
    }

    /// Records a streamed run's events.
    actor EventLog {
        var events: [ToolRunEvent] = []
        /// Whether the answer's rest had been sent when its first piece was reported.
        var restSentBeforeFirstPiece: Bool?
        func add(_ event: ToolRunEvent) { events.append(event) }
        func firstPieceReported(restSent: Bool) { restSentBeforeFirstPiece = restSent }
    }

    @Test("streamed: text is reported as it arrives, calls and results in order, the result as without streaming")
    func streamed() async throws {
        // The answer's rest is sent only once its first piece has been reported: text reported as it
        // arrives is reported before the completion is whole. (A client that waited for the whole
        // completion would see the rest only once the gate's fallback opens it, a minute on.)
        let pieces = ["It is ", "5."].map { Fixtures.sse([Fixtures.chunk([Fixtures.content(0, $0)])], done: false) }
        let end = Fixtures.sse([Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(), finishReason: .stop)])])
        let rest = Gate(opensAfter: .seconds(60))
        try await ScriptedServer.with({ _, number in
            number == 0
                ? Self.streamedCall() : .events(first: [pieces[0]], heldUntil: rest, then: [pieces[1], end])
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let log = EventLog()
            let result = try await client.runTools(Fixtures.request("2 + 3?"), tools: Self.tools) { event in
                if case .text("It is ") = event {
                    await log.firstPieceReported(restSent: rest.isOpen)
                    rest.open()
                }
                await log.add(event)
            }
            #expect(result.content == "It is 5.")
            #expect(result.steps == 2)
            #expect(result.calls.map(\.result) == ["5"])
            #expect(result.messages.count == 4)

            let names = await log.events.map { event -> String in
                switch event {
                case .text(let text): return "text \(text)"
                case .toolCall(let call): return "call \(call.function.name) \(call.function.arguments)"
                case .toolResult(let record): return "result \(record.result)"
                case .completion(let completion):
                    return "completion \(completion.choices[0].finishReason?.rawValue ?? "")"
                }
            }
            #expect(
                names == [
                    "text Let me add.", "completion tool_calls", #"call add {"a":2,"b":3}"#, "result 5", "text It is ",
                    "text 5.", "completion stop",
                ])
            #expect(await log.restSentBeforeFirstPiece == false, "the first piece was reported only once all had come")

            let requests = await server.requests
            #expect(requests.allSatisfy { $0.json["stream"] == true })
            #expect(requests[1].json["messages"]?.arrayValue?.last?["content"] == "5")
        }
    }

    @Test("n above 1 is refused before anything is sent")
    func severalChoices() async throws {
        try await ScriptedServer.with({ _, _ in .completion(Fixtures.completion("x")) }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            var request = Fixtures.request()
            request.n = 2
            let error = await #expect(throws: ChatClientError.self) {
                _ = try await client.runTools(request, tools: Self.tools)
            }
            #expect(error?.code == .invalidRequest)
            #expect(await server.requests.isEmpty)
        }
    }
}

/// Lets two tasks through only once both have arrived.
actor Rendezvous {
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func arrive() async {
        arrived += 1
        if arrived >= 2 {
            for continuation in waiting { continuation.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
