import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation
import Testing

/// `chat` in a session: text typed while an answer streams (on a pseudo-terminal), and tool calls
/// answered by hand with /tool (on a pseudo-terminal and from piped input), against the scripted
/// server, which records what comes back.
@Suite("chat sessions: typing ahead and /tool")
struct ChatTerminalTests {
    /// A stream that sends "Part one." and then, once `rest` opens, " REST OF IT.".
    static func heldAnswer(rest: Gate) -> Reply {
        let first = Fixtures.sse(
            [Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(role: .assistant, content: "Part one."))])],
            done: false)
        let remainder = Fixtures.sse([
            Fixtures.chunk([Fixtures.content(0, " REST OF IT.")]),
            Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(), finishReason: .stop)]),
        ])
        return .events(first: [first], heldUntil: rest, then: [remainder])
    }

    /// A stream whose answer is `content` (when given) and these tool calls.
    static func calling(_ calls: [(id: String, name: String, arguments: String)], content: String? = nil) -> Reply {
        let deltas = calls.enumerated().map { index, call in
            ToolCallDelta(
                index: index, id: call.id, type: .function,
                function: FunctionCallDelta(name: call.name, arguments: call.arguments))
        }
        return .events(
            Fixtures.sse([
                Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(role: .assistant, content: content ?? ""))]),
                Fixtures.chunk([
                    .init(index: 0, delta: ChatCompletionDelta(toolCalls: deltas), finishReason: .toolCalls)
                ]),
            ]))
    }

    static let toolsFile = #"""
        [{"name": "weather", "description": "The weather in a city",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}},
         {"name": "lookup", "description": "Looks up", "parameters": {"type": "object", "properties": {}}}]
        """#

    /// A stream that thinks ("Weighing it.") and then answers ("Yes.").
    static let thinkingAnswer: Reply = .events(
        Fixtures.sse([
            Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(role: .assistant, content: ""))]),
            Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(reasoningContent: "Weighing "))]),
            Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(reasoningContent: "it."))]),
            Fixtures.chunk([Fixtures.content(0, "Yes.")]),
            Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(), finishReason: .stop)]),
        ]))

    @Test("a model's thinking is shown dimmed on a terminal, and left out of piped output")
    func thinking() async throws {
        try await ScriptedServer.with({ _, _ in Self.thinkingAnswer }) { server in
            let piped = try await ChatProcess.run(["--base-url", server.baseURL, "--model", "m", "Is it?"])
            #expect(piped.status == 0, "\(piped.stderr)")
            #expect(piped.stdout == "Yes.\n")
            let session = try TerminalSession(["--base-url", server.baseURL, "--model", "m"])
            try await session.waitFor("> ")
            session.type("Is it?")
            try await session.waitFor("Yes.")
            #expect(session.output.contains("\u{1B}[2mWeighing \u{1B}[0m\u{1B}[2mit.\u{1B}[0m"))
            session.type("/quit")
        }
    }

    @Test("on a terminal, an answer's token count and pace follow it; /limit changes the limit sent; a cut-off says so")
    func answerLimitAndCount() async throws {
        let cutOff: Reply = .events(
            Fixtures.sse([
                Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(role: .assistant, content: ""))]),
                Fixtures.chunk([Fixtures.content(0, "One")]),
                Fixtures.chunk([Fixtures.content(0, " two")]),
                Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(), finishReason: .length)]),
                Fixtures.chunk([], usage: CompletionUsage(promptTokens: 5, completionTokens: 2)),
            ]))
        try await ScriptedServer.with({ _, number in number == 0 ? cutOff : ChatCommandTests.streamed("Fine.") }) {
            server in
            let session = try TerminalSession(["--base-url", server.baseURL, "--model", "m"])
            try await session.waitFor("> ")
            session.type("Count")
            try await session.waitFor("One two")
            try await session.waitFor("\u{1B}[2m(2 tokens")
            try await session.waitFor("cut off by the token limit; /limit N or --max-tokens N changes it")
            session.type("/limit 50")
            try await session.waitFor("answer limit: 50 tokens")
            session.type("Again")
            try await session.waitFor("Fine.")
            session.type("/limit none")
            try await session.waitFor("answer limit: none")
            session.type("Once more")
            try await session.waitFor("Fine.", times: 2)
            session.type("/quit")
            #expect(try await session.waitForExit() == 0)
            let bodies = await server.requests.map(\.json)
            #expect(bodies.map { $0["max_completion_tokens"] } == [1024, 50, nil])
            // Asked for usage, so that the count is the provider's.
            #expect(bodies.first?["stream_options"] == ["include_usage": true])
        }
    }

    /// A line ended with Enter meanwhile is sent at the next prompt; an unfinished one waits there.
    @Test("text typed while an answer streams stays out of it and shows at the next prompt")
    func typingAhead() async throws {
        let rest = Gate()
        try await ScriptedServer.with({ _, number in
            switch number {
            case 0: Self.heldAnswer(rest: rest)
            case 1: ChatCommandTests.streamed("Second answer.")
            default: ChatCommandTests.streamed("Third answer.")
            }
        }) { server in
            let session = try TerminalSession(["--base-url", server.baseURL, "--model", "m"])
            try await session.waitFor("> ")
            session.type("Tell me a story")
            try await session.waitFor("Part one.")
            session.press("typed ahead\nunfin")
            // A terminal that echoes shows typed keys at once; give it ample time to, then look.
            try await Task.sleep(for: .milliseconds(500))
            #expect(!session.output.contains("typed ahead"))
            #expect(!session.output.contains("unfin"))
            rest.open()
            try await session.waitFor("Second answer.")
            try await session.waitFor("> unfin")
            session.type("ished")
            try await session.waitFor("Third answer.")
            try await session.waitFor("> ", times: 4)
            session.type("/quit")
            #expect(try await session.waitForExit() == 0)
            // Each answer's count line (tested on its own) is left out here.
            let output = session.output.replacing(/\u{1B}\[2m\(\d+ tokens?[^)]*\)\u{1B}\[0m\r\n/, with: "")
            // The answer came whole; the line typed ahead shows after the next prompt, as if typed there.
            #expect(output.contains("Part one. REST OF IT.\r\n> typed ahead\r\nSecond answer.\r\n> unfinished\r\n"))
            let requests = await server.requests
            #expect(requests.count == 3)
            #expect(requests[1].json["messages"]?.arrayValue?.last == ["role": "user", "content": "typed ahead"])
            #expect(requests[2].json["messages"]?.arrayValue?.last == ["role": "user", "content": "unfinished"])
        }
    }

    @Test("the terminal echoes again once chat ends, by /quit or by SIGTERM, though not while it runs")
    func terminalSettingsComeBack() async throws {
        try await ScriptedServer.with({ _, _ in ChatCommandTests.streamed("ok") }) { server in
            let quitting = try TerminalSession(["--base-url", server.baseURL, "--model", "m"])
            try await quitting.waitFor("> ")
            #expect(!quitting.echoes)
            quitting.type("/quit")
            #expect(try await quitting.waitForExit() == 0)
            #expect(quitting.echoes)

            let terminated = try TerminalSession(["--base-url", server.baseURL, "--model", "m"])
            try await terminated.waitFor("> ")
            #expect(!terminated.echoes)
            terminated.terminate()
            #expect(try await terminated.waitForExit() == SIGTERM)
            #expect(terminated.echoes)
        }
    }

    /// The results go back with tool_choice auto instead of required; /history shows the call and result.
    @Test("on a terminal, /tool answers the model's call: a tool message with the call's id goes back")
    func answerOnTerminal() async throws {
        let tools = try ChatCommandTests.temporaryFile(Self.toolsFile)
        defer { try? FileManager.default.removeItem(atPath: tools) }
        try await ScriptedServer.with({ _, number in
            number == 0
                ? Self.calling([("call_7", "weather", #"{"city":"Paris"}"#)], content: "Checking.")
                : ChatCommandTests.streamed("It is sunny in Paris.")
        }) { server in
            let session = try TerminalSession([
                "--base-url", server.baseURL, "--model", "m", "--tools", tools, "--tool-choice", "required",
            ])
            try await session.waitFor("> ")
            session.type("Weather in Paris?")
            try await session.waitFor(#"[tool call call_7] weather({"city":"Paris"})"#)
            try await session.waitFor("(the tool call call_7 waits for its result: type /tool RESULT)")
            try await session.waitFor("> ", times: 2)
            session.type("/tool Sunny, 24 C")
            try await session.waitFor("It is sunny in Paris.")
            try await session.waitFor("> ", times: 3)
            session.type("/history")
            try await session.waitFor("tool (call_7): Sunny, 24 C")
            session.type("/quit")
            #expect(try await session.waitForExit() == 0)
            #expect(
                session.output.contains(
                    "user: Weather in Paris?\r\nassistant: Checking.\r\n  [tool call call_7] weather({\"city\":\"Paris\"})"
                        + "\r\ntool (call_7): Sunny, 24 C\r\nassistant: It is sunny in Paris.\r\n"))
            let requests = await server.requests
            #expect(requests.count == 2)
            #expect(requests[0].json["tool_choice"] == "required")
            #expect(requests[1].json["tool_choice"] == "auto")
            let messages = try #require(requests[1].json["messages"]?.arrayValue)
            #expect(messages.count == 3)
            #expect(messages[1]["role"] == "assistant")
            #expect(messages[1]["tool_calls"]?.arrayValue?.first?["id"] == "call_7")
            #expect(messages[2] == ["role": "tool", "content": "Sunny, 24 C", "tool_call_id": "call_7"])
        }
    }

    @Test("/tool picks a call by number or id; the results go once every call has one; a message meanwhile is refused")
    func answerSeveral() async throws {
        let tools = try ChatCommandTests.temporaryFile(Self.toolsFile)
        defer { try? FileManager.default.removeItem(atPath: tools) }
        try await ScriptedServer.with({ _, number in
            number == 0
                ? Self.calling([("call_a", "lookup", #"{"q":"a"}"#), ("call_b", "lookup", #"{"q":"b"}"#)])
                : ChatCommandTests.streamed("Both done.")
        }) { server in
            let input = """
                What now?
                Just chatting
                /tool
                /tool 2 second result
                /tool 2 again
                /tool call_a first result
                /tool late
                /history
                """
            let result = try await ChatProcess.run(
                ["--base-url", server.baseURL, "--model", "m", "--tools", tools], input: input)
            #expect(result.status == 1)  // the refused message and the two refused /tool lines
            #expect(
                result.stdout.contains(
                    "1 [tool call call_a] lookup({\"q\":\"a\"})\n2 [tool call call_b] lookup({\"q\":\"b\"})\n"))
            #expect(result.stdout.contains("result for call_b kept; still waiting: call_a (lookup)\n"))
            #expect(result.stdout.contains("Both done.\n"))
            #expect(
                result.stdout.contains(
                    """
                    user: What now?
                    assistant: [tool call call_a] lookup({"q":"a"})
                      [tool call call_b] lookup({"q":"b"})
                    tool (call_b): second result
                    tool (call_a): first result
                    assistant: Both done.

                    """))
            let errors = result.stderr.split(separator: "\n").map(String.init)
            #expect(errors.count == 3, "\(result.stderr)")
            #expect(errors.first?.contains("2 tool calls wait for their results: answer with /tool first") == true)
            #expect(errors.contains("chat: the tool call call_b has its result already"))
            #expect(errors.last == "chat: no tool call waits for a result")

            let requests = await server.requests
            #expect(requests.count == 2)
            let messages = try #require(requests[1].json["messages"]?.arrayValue)
            #expect(messages.map { $0["role"] } == ["user", "assistant", "tool", "tool"])
            let ids = messages[1]["tool_calls"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(ids == ["call_a", "call_b"])
            #expect(messages[2] == ["role": "tool", "content": "second result", "tool_call_id": "call_b"])
            #expect(messages[3] == ["role": "tool", "content": "first result", "tool_call_id": "call_a"])
        }
    }
}
