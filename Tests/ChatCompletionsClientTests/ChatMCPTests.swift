import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation
import Testing

/// `chat --mcp`: a Model Context Protocol server (scripts/mcp-demo-server.py, plain Python) started
/// over stdio, its tools offered to a scripted model, the calls run on the server and the results
/// sent back.
@Suite("chat with MCP servers")
struct ChatMCPTests {
    /// The repository's root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The command that starts the demo server.
    static var serverCommand: String {
        "python3 '\(root.appendingPathComponent("scripts/mcp-demo-server.py").path)'"
    }

    /// A scripted stream that calls `name` with `arguments` (after a few words).
    static func streamedCall(_ id: String, _ name: String, _ arguments: String) -> Reply {
        let call = ToolCallDelta(
            index: 0, id: id, type: .function, function: FunctionCallDelta(name: name, arguments: arguments))
        return .events(
            Fixtures.sse([
                Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(role: .assistant, content: "Checking."))]),
                Fixtures.chunk([
                    .init(index: 0, delta: ChatCompletionDelta(toolCalls: [call]), finishReason: .toolCalls)
                ]),
            ]))
    }

    static func temporaryPath() -> String {
        NSTemporaryDirectory() + "chat-mcp-\(UUID().uuidString).jsonl"
    }

    /// The demo server's log: one JSON object per request it got, and `{"end": true}` at the end of input.
    static func serverLog(_ path: String) -> [JSONValue] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONValue(parsing: String($0)) }
    }

    @Test("a tool call goes to the MCP server and its result back to the model; the server ends with chat")
    func roundTrip() async throws {
        let log = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: log) }
        try await ScriptedServer.with({ _, number in
            switch number {
            case 0: Self.streamedCall("call_1", "add", #"{"a": 2, "b": 40}"#)
            case 1: Self.streamedCall("call_2", "secret_word", "{}")
            default: ChatCommandTests.streamed("The sum is 42 and the word is periwinkle.")
            }
        }) { server in
            let result = try await ChatProcess.run(
                ["--base-url", server.baseURL, "--model", "m", "--mcp", Self.serverCommand, "Add 2 and 40."],
                environment: ["MCP_DEMO_LOG": log])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(
                result.stdout == """
                    Checking.
                    [tool call call_1] add({"a": 2, "b": 40})
                    [tool result call_1] 42
                    Checking.
                    [tool call call_2] secret_word({})
                    [tool result call_2] periwinkle
                    The sum is 42 and the word is periwinkle.

                    """)

            let requests = await server.requests
            #expect(requests.count == 3)
            let tools = requests[0].json["tools"]?.arrayValue ?? []
            #expect(tools.compactMap { $0["function"]?["name"]?.stringValue } == ["add", "word_count", "secret_word"])
            #expect(tools.first?["function"]?["description"] == "Adds two integers.")
            #expect(tools.first?["function"]?["parameters"]?["required"] == ["a", "b"])
            #expect(requests.allSatisfy { $0.json["stream"] == true })
            // The results the model reads came from the server: 42, and a word no one could guess.
            let second = requests[1].json["messages"]?.arrayValue ?? []
            #expect(second.map { $0["role"]?.stringValue ?? "" } == ["user", "assistant", "tool"])
            #expect(second[2]["tool_call_id"] == "call_1")
            #expect(second[2]["content"] == "42")
            let third = requests[2].json["messages"]?.arrayValue ?? []
            #expect(third.last?["content"] == "periwinkle")
        }
        // The server saw the handshake, the listing and both calls, and its input was closed.
        let entries = Self.serverLog(log)
        #expect(
            entries.compactMap { $0["method"]?.stringValue } == [
                "initialize", "notifications/initialized", "tools/list", "tools/call", "tools/call",
            ])
        #expect(entries.filter { $0["method"] == "tools/call" }.first?["params"]?["arguments"] == ["a": 2, "b": 40])
        #expect(entries.last == ["end": true])
    }

    @Test("on a terminal, Ctrl-C stops an answer but not the MCP server: the next turn's tool call still works")
    func survivesInterrupt() async throws {
        let log = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: log) }
        // The first answer's rest is sent only after Ctrl-C has stopped it.
        let rest = Gate()
        try await ScriptedServer.with({ _, number in
            switch number {
            case 0: ChatInterruptTests.slowAnswer(rest: rest)
            case 1: Self.streamedCall("call_1", "add", #"{"a": 2, "b": 40}"#)
            default: ChatCommandTests.streamed("It is 42.")
            }
        }) { server in
            let session = try TerminalSession(
                ["--base-url", server.baseURL, "--model", "m", "--mcp", Self.serverCommand],
                environment: ["MCP_DEMO_LOG": log], controllingTerminal: true)
            try await session.waitFor("> ")
            session.type("Tell me a story")
            try await session.waitFor("Part one.")
            session.control("c")
            try await session.waitFor("(stopped)")
            rest.open()
            try await session.waitFor("> ", times: 2)
            session.type("Add 2 and 40")
            try await session.waitFor("It is 42.")
            #expect(session.output.contains("[tool result call_1] 42"))
            session.control("d")
            #expect(try await session.waitForExit() == 0)
            #expect(!session.output.contains("REST OF IT"))
            let requests = await server.requests
            #expect(requests.count == 3)
            #expect(requests[2].json["messages"]?.arrayValue?.last?["content"] == "42")
        }
        let entries = Self.serverLog(log)
        #expect(entries.contains { $0["method"] == "tools/call" })
        #expect(entries.last == ["end": true])
    }

    @Test("a tool's error and an unknown tool reach the model as text; a server that fails to start is an error")
    func errors() async throws {
        try await ScriptedServer.with({ _, number in
            switch number {
            case 0: ToolRunnerTests.calls([("call_1", "add", #"{"a": "two", "b": 3}"#)])
            case 1: ToolRunnerTests.calls([("call_2", "multiply", "{}")])
            default: .completion(Fixtures.completion("Sorry."))
            }
        }) { server in
            let result = try await ChatProcess.run([
                "--base-url", server.baseURL, "--model", "m", "--mcp", Self.serverCommand, "--no-stream", "Add.",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let requests = await server.requests
            #expect(requests.count == 3)
            #expect(
                requests[1].json["messages"]?.arrayValue?.last?["content"] == "Error: add needs two integers, a and b")
            let unknown = requests[2].json["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
            #expect(unknown.contains("no tool named 'multiply'"))
            #expect(result.stdout.hasSuffix("Sorry.\n"))
        }
        let broken = try await ChatProcess.run(["--model", "m", "--mcp", "exit 3", "hi"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("the MCP server 'exit 3' failed"))
        let raw = try await ChatProcess.run(["--model", "m", "--mcp", Self.serverCommand, "--raw", "hi"])
        #expect(raw.status == 64)
    }
}
