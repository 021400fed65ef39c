import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation
import Logging
import TestSupport
import Testing

/// The `chat` binary, run as a subprocess against the scripted server (for exact checks of what
/// it sends and prints) and against the real server.
@Suite("chat command")
struct ChatCommandTests {
    /// A scripted stream answering with `text` in three pieces.
    static func streamed(_ text: String) -> Reply {
        let thirds = [
            text.prefix(text.count / 3), text.dropFirst(text.count / 3).prefix(text.count / 3),
            text.dropFirst(2 * (text.count / 3)),
        ]
        var chunks = [Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(role: .assistant, content: ""))])]
        chunks += thirds.map { Fixtures.chunk([Fixtures.content(0, String($0))]) }
        chunks.append(Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(), finishReason: .stop)]))
        return .events(Fixtures.sse(chunks))
    }

    static func temporaryFile(_ contents: String) throws -> String {
        let path = NSTemporaryDirectory() + "chat-test-\(UUID().uuidString).json"
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("one-shot: streams the answer to stdout and maps every flag onto the request")
    func oneShotFlags() async throws {
        let schema = try Self.temporaryFile(
            #"{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}"#)
        let tools = try Self.temporaryFile(
            #"[{"name":"lookup","description":"Looks up","parameters":{"type":"object","properties":{}}}]"#)
        try await ScriptedServer.with({ _, _ in Self.streamed("The answer is here.") }) { server in
            let result = try await ChatProcess.run([
                "--base-url", server.baseURL, "--model", "m1", "--system", "Be brief", "--temperature", "0.5",
                "--top-p", "0.9", "--max-tokens", "7", "--seed", "3", "--n", "1", "--stop", "END", "--stop", "STOP",
                "--logprobs", "2", "--frequency-penalty", "0.1", "--presence-penalty", "0.2", "--logit-bias", "15=-100",
                "--json-schema", schema, "--tools", tools, "--tool-choice", "lookup", "--top-k", "40", "--min-p",
                "0.05", "--repetition-penalty", "1.1", "--ignore-eos", "--peft", "my-lora", "--user", "u1",
                "--extra-body", #"{"foo": 1}"#, "--header", "X-Test: yes", "--api-key", "sk-flag",
                "--loglikelihood", "--log-prompt", "--no-parallel-tool-calls", "--param", "service_tier=flex",
                "--param", "metadata={\"run\": \"7\"}",
                "What", "is", "it?",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "The answer is here.\n")
            #expect(result.stderr.isEmpty)
            let sent = try #require(await server.requests.first)
            let body = sent.json
            #expect(body["model"] == "m1")
            #expect(
                body["messages"] == [
                    ["role": "system", "content": "Be brief"], ["role": "user", "content": "What is it?"],
                ])
            #expect(body["temperature"] == 0.5)
            #expect(body["top_p"] == 0.9)
            #expect(body["max_tokens"] == 7)
            #expect(body["max_completion_tokens"] == nil)
            #expect(body["seed"] == 3)
            #expect(body["n"] == 1)
            #expect(body["stop"] == ["END", "STOP"])
            #expect(body["logprobs"] == true)
            #expect(body["top_logprobs"] == 2)
            #expect(body["frequency_penalty"] == 0.1)
            #expect(body["presence_penalty"] == 0.2)
            #expect(body["logit_bias"] == ["15": -100])
            #expect(body["response_format"]?["json_schema"]?["schema"]?["required"] == ["a"])
            #expect(body["tools"]?.arrayValue?.first?["function"]?["name"] == "lookup")
            #expect(body["tool_choice"] == ["type": "function", "function": ["name": "lookup"]])
            #expect(body["top_k"] == 40)
            #expect(body["min_p"] == 0.05)
            #expect(body["repetition_penalty"] == 1.1)
            #expect(body["ignore_eos"] == true)
            #expect(body["peft"] == "my-lora")
            #expect(body["user"] == "u1")
            #expect(body["foo"] == 1)
            #expect(body["stream"] == true)
            #expect(body["loglikelihood"] == true)
            #expect(body["log_prompt"] == true)
            #expect(body["parallel_tool_calls"] == false)
            #expect(body["service_tier"] == "flex")
            #expect(body["metadata"] == ["run": "7"])
            #expect(sent.headers["x-test"] == "yes")
            #expect(sent.headers["authorization"] == "Bearer sk-flag")
        }
    }

    @Test("an answer is limited to 1024 tokens unless a limit is given; --max-tokens 0 sends none")
    func defaultAnswerLimit() async throws {
        try await ScriptedServer.with({ _, _ in Self.streamed("ok") }) { server in
            let runs: [[String]] = [
                [], ["--max-tokens", "0"], ["--max-completion-tokens", "9"], ["--param", "max_tokens=5"],
                ["--extra-body", #"{"max_tokens": 6}"#],
            ]
            for extra in runs {
                let result = try await ChatProcess.run(["--base-url", server.baseURL, "--model", "m"] + extra + ["hi"])
                #expect(result.status == 0, "\(result.stderr)")
            }
            let bodies = await server.requests.map(\.json)
            #expect(bodies.map { $0["max_completion_tokens"] } == [1024, nil, 9, nil, nil])
            #expect(bodies.map { $0["max_tokens"] } == [nil, nil, nil, 5, 6])
        }
    }

    @Test("the key and the URL come from the environment; without --model the first listed model is used")
    func environment() async throws {
        try await ScriptedServer.with({ request, _ in
            request.path == "/v1/models"
                ? .json([
                    "object": "list", "data": [["id": "listed", "object": "model", "created": 1, "owned_by": "x"]],
                ])
                : Self.streamed("ok")
        }) { server in
            let viaChat = try await ChatProcess.run(
                ["hi"],
                environment: [
                    "CHAT_BASE_URL": server.baseURL, "CHAT_API_KEY": "sk-chat", "OPENAI_API_KEY": "sk-openai",
                ])
            #expect(viaChat.status == 0, "\(viaChat.stderr)")
            let viaOpenAI = try await ChatProcess.run(
                ["--model", "given", "hi"],
                environment: ["CHAT_BASE_URL": server.baseURL, "OPENAI_API_KEY": "sk-openai"])
            #expect(viaOpenAI.status == 0, "\(viaOpenAI.stderr)")
            let requests = await server.requests
            #expect(requests.map(\.path) == ["/v1/models", "/v1/chat/completions", "/v1/chat/completions"])
            #expect(requests[1].json["model"] == "listed")
            #expect(requests[1].headers["authorization"] == "Bearer sk-chat")
            #expect(requests[2].json["model"] == "given")
            #expect(requests[2].headers["authorization"] == "Bearer sk-openai")
        }
    }

    @Test("several choices, tool calls, log probabilities and usage are printed")
    func printing() async throws {
        let completion = ChatCompletion(
            id: "x", created: 1, model: "m",
            choices: [
                ChatCompletion.Choice(
                    index: 0, message: ChatCompletionMessage(content: "First"), finishReason: .stop,
                    logprobs: ChoiceLogprobs(content: [
                        TokenLogprob(
                            token: "First", logprob: -0.5, topLogprobs: [TopLogprob(token: "First", logprob: -0.5)])
                    ])),
                ChatCompletion.Choice(
                    index: 1,
                    message: ChatCompletionMessage(toolCalls: [
                        ToolCall(id: "call_9", function: FunctionCall(name: "lookup", arguments: #"{"q":"x"}"#))
                    ]), finishReason: .toolCalls),
            ], usage: CompletionUsage(promptTokens: 4, completionTokens: 6))
        try await ScriptedServer.with({ _, _ in .completion(completion) }) { server in
            let result = try await ChatProcess.run([
                "--base-url", server.baseURL, "--model", "m", "--no-stream", "--n", "2", "--logprobs", "1", "--usage",
                "go",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(
                result.stdout == """
                    [choice 0]
                    First
                    [logprobs]
                      "First"\t-0.5000\t"First" -0.5000
                    [choice 1]
                    [tool call call_9] lookup({"q":"x"})

                    """)
            #expect(result.stderr == "usage: prompt 4, completion 6, total 10\n")
        }
    }

    @Test("--raw prints the wire JSON, streamed or not")
    func raw() async throws {
        let stream = Fixtures.sse([Fixtures.chunk([Fixtures.content(0, "Hi")])])
        let body =
            #"{"id":"raw-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],"unknown":{"kept":true}}"#
        try await ScriptedServer.with({ request, _ in
            request.json["stream"] == true
                ? .events(stream)
                : Reply(status: 200, headers: [("content-type", "application/json")], body: .bytes(Array(body.utf8)))
        }) { server in
            let streamed = try await ChatProcess.run(["--base-url", server.baseURL, "--model", "m", "--raw", "hi"])
            #expect(streamed.status == 0, "\(streamed.stderr)")
            let lines = streamed.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 2)
            #expect(lines.last == "[DONE]")
            #expect(try ChatCompletionChunk(jsonString: lines[0]).choices.first?.delta.content == "Hi")
            let plain = try await ChatProcess.run([
                "--base-url", server.baseURL, "--model", "m", "--raw", "--no-stream", "hi",
            ])
            #expect(plain.stdout == body + "\n")
        }
    }

    @Test("piped input: each line is a turn, the history is sent back, /commands change the session")
    func pipedSession() async throws {
        try await ScriptedServer.with({ _, number in Self.streamed("Answer \(number + 1).") }) { server in
            let input = """
                Hello there
                /system Be brief
                /set temperature 0.3
                /set top-k 5
                How are you?
                /params
                /set nonsense 1
                /history
                /model other
                /reset
                Again
                /quit
                Never sent
                """
            let result = try await ChatProcess.run(["--base-url", server.baseURL, "--model", "m"], input: input)
            #expect(result.status == 1)  // the bad /set
            #expect(result.stdout.contains("Answer 1.\n"))
            #expect(result.stdout.contains("Answer 2.\n"))
            #expect(result.stdout.contains("Answer 3.\n"))
            #expect(result.stdout.contains("system prompt set"))
            #expect(result.stdout.contains("temperature: 0.3"))
            #expect(result.stdout.contains("top_k: 5"))
            #expect(
                result.stdout.contains(
                    "user: Hello there\nassistant: Answer 1.\nuser: How are you?\nassistant: Answer 2.\n"))
            #expect(result.stdout.contains("model: other"))
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stderr.contains("nonsense"))
            #expect(!result.stdout.contains("> "))

            let requests = await server.requests
            #expect(requests.count == 3)
            #expect(requests[0].json["messages"] == [["role": "user", "content": "Hello there"]])
            #expect(requests[0].json["temperature"] == nil)
            #expect(
                requests[1].json["messages"] == [
                    ["role": "system", "content": "Be brief"], ["role": "user", "content": "Hello there"],
                    ["role": "assistant", "content": "Answer 1."], ["role": "user", "content": "How are you?"],
                ])
            #expect(requests[1].json["temperature"] == 0.3)
            #expect(requests[1].json["top_k"] == 5)
            #expect(requests[2].json["model"] == "other")
            #expect(
                requests[2].json["messages"] == [
                    ["role": "system", "content": "Be brief"], ["role": "user", "content": "Again"],
                ])
        }
    }

    @Test("on a terminal: a banner, a prompt per turn, answers, /quit")
    func terminal() async throws {
        try await ScriptedServer.with({ _, number in Self.streamed("Reply \(number + 1).") }) { server in
            let session = try TerminalSession(["--base-url", server.baseURL, "--model", "m"])
            try await session.waitFor("/help lists commands")
            try await session.waitFor("> ")
            session.type("Hello")
            try await session.waitFor("Reply 1.")
            try await session.waitFor("> ", times: 2)
            session.type("/help")
            try await session.waitFor("/reset")
            session.type("Again")
            try await session.waitFor("Reply 2.")
            session.type("/quit")
            let status = try await session.waitForExit()
            #expect(status == 0)
            #expect(await server.requests.count == 2)
        }
    }

    @Test("errors: one line on stderr and a non-zero status")
    func errors() async throws {
        try await ScriptedServer.with({ _, _ in
            .error(
                status: 401, message: "Incorrect API key provided.", type: "invalid_request_error",
                code: "invalid_api_key",
                headers: [("x-request-id", "req_cli")])
        }) { server in
            let denied = try await ChatProcess.run(["--base-url", server.baseURL, "--model", "m", "hi"])
            #expect(denied.status == 1)
            #expect(denied.stdout.isEmpty)
            #expect(denied.stderr == "chat: HTTP 401: Incorrect API key provided. [request req_cli]\n")
        }
        let closed = try await ScriptedServer.start { _, _ in .json([:]) }
        await closed.stop()
        let unreachable = try await ChatProcess.run([
            "--base-url", closed.baseURL, "--model", "m", "--max-retries", "0", "hi",
        ])
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.hasPrefix("chat: "))
        #expect(unreachable.stderr.split(separator: "\n").count == 1)

        let invalid = try await ChatProcess.run(["--base-url", closed.baseURL, "--model", "m", "--top-p", "5", "hi"])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("top_p"))
        #expect(invalid.stderr.split(separator: "\n").count == 1)

        let badFlag = try await ChatProcess.run(["--n", "0", "hi"])
        #expect(badFlag.status == 64)
        #expect(badFlag.stderr.contains("--n must be at least 1"))

        let unknownParameter = try await ChatProcess.run(["--model", "m", "--param", "bogus=1", "hi"])
        #expect(unknownParameter.status == 64)
        #expect(unknownParameter.stderr.contains("bogus"))

        let missingFile = try await ChatProcess.run(["--model", "m", "--tools", "/no/such/file.json", "hi"])
        #expect(missingFile.status != 0)
        #expect(missingFile.stderr.contains("/no/such/file.json"))
    }

    /// A stream counting "1\n", "2\n", …: the first line at once, the rest (up to 50) only once `rest`
    /// opens, and then the connection drops (a `chat` that went on reading would report it).
    static func countingStream(rest: Gate) -> Reply {
        let first = Fixtures.sse(
            [Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(role: .assistant, content: "1\n"))])],
            done: false)
        let others = (2...50).map { Fixtures.sse([Fixtures.chunk([Fixtures.content(0, "\($0)\n")])], done: false) }
        return .events(first: [first], heldUntil: rest, then: others, ending: .abort)
    }

    @Test(
        "a closed standard output (chat … | head -1) ends chat quietly with status 0, streamed, raw or in a session",
        arguments: [
            (["count"], ""), (["--raw", "count"], ""), (["--no-stream", "count"], ""), ([], "count\n"),
        ])
    func closedOutput(arguments: [String], input: String) async throws {
        let rest = Gate()
        // More than a pipe holds (64 KiB), so that the answer not streamed meets the closed pipe too.
        let whole = (1...30000).map { "\($0)" }.joined(separator: "\n") + "\n"
        try await ScriptedServer.with({ request, _ in
            if request.json["stream"] == true { return Self.countingStream(rest: rest) }
            // Not streamed: the whole answer at once, whose first line the reader takes before it leaves.
            return .completion(Fixtures.completion(choices: [whole]))
        }) { server in
            let result = try await ChatProcess.runClosingOutput(
                ["--base-url", server.baseURL, "--model", "m"] + arguments, input: input, afterLines: 1,
                afterClosing: { rest.open() })
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.isEmpty)
            #expect(!result.stderr.contains("Fatal error"))
            #expect(result.stdout.hasPrefix(arguments.contains("--raw") ? "{" : "1\n"))
        }
    }

    @Test("--help lists the names --param takes, and exactly those are taken")
    func parameterNames() async throws {
        let help = try await ChatProcess.run(["--help"])
        #expect(help.status == 0)
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let listed = try #require(text.components(separatedBy: "with --extra-body): ").dropFirst().first)
        let names = try #require(listed.split(separator: ".").first).components(separatedBy: ", ")
        #expect(Set(names) == Set(ChatCompletionRequest.parameterNames).subtracting(["messages", "model", "stream"]))
        #expect(names.contains("service_tier") && names.contains("top_k"))
        // Every listed name is taken (null leaves it unset), so the run gets as far as the (closed) server.
        let closed = try await ScriptedServer.start { _, _ in .json([:]) }
        await closed.stop()
        let all = try await ChatProcess.run(
            ["--base-url", closed.baseURL, "--model", "m", "--max-retries", "0"]
                + names.flatMap { ["--param", "\($0)=null"] } + ["hi"])
        #expect(all.status == 1, "\(all.stderr)")
        #expect(!all.stderr.contains("not a request parameter"))
        // An unknown name is refused, with the names that are taken and where other fields go.
        let unknown = try await ChatProcess.run(["--model", "m", "--param", "bogus=1", "hi"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("'bogus' is not a request parameter"))
        #expect(unknown.stderr.contains("service_tier"))
        #expect(unknown.stderr.contains("--extra-body"))
    }

    @Test("against the real server: a reader that leaves mid-answer ends chat quietly; the log counts what was sent")
    func liveClosedOutput() async throws {
        let log = LogRecorder()
        var logger = Logger(label: "chat-closed-output") { _ in log }
        logger.logLevel = .info
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 1), logger: logger)
        // About 1,000 tokens would come; the reader leaves after 1,000 bytes (at most a few hundred tokens).
        let result = try await ChatProcess.runClosingOutput(
            [
                "--base-url", server.baseURL + "/v1", "--model", LiveServer.defaultModel, "--max-tokens", "1000",
                "--param", "ignore_eos=true", "--temperature", "0", "Count from 1 to 500, one number per line.",
            ], orBytes: 1000)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.utf8.count == 1000)
        // The server logs how many tokens went out before the client left: every byte read came in
        // one, and no token is longer than 16 bytes.
        var line: String?
        let deadline = ContinuousClock.now + .seconds(60)
        while line == nil, ContinuousClock.now < deadline {
            line = log.messages.first { $0.contains("ended early") }
            if line == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let logged = try #require(line, "no 'ended early' line in the log")
        let tokens = try #require(
            logged.components(separatedBy: " after ").last?.split(separator: " ").first.flatMap { Int($0) })
        #expect((1000 / 16)..<1000 ~= tokens, "\(logged)")
        await server.stop()
    }

    @Test("against the real server: one-shot, raw and a piped two-turn session")
    func live() async throws {
        // A server of its own: behind the shared one's queue a short request can wait minutes.
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 2))
        let url = server.baseURL + "/v1"
        let oneShot = try await ChatProcess.run([
            "--base-url", url, "--model", LiveServer.defaultModel, "--max-tokens", "8", "--temperature", "0", "Hello",
        ])
        #expect(oneShot.status == 0, "\(oneShot.stderr)")
        #expect(oneShot.stdout.hasSuffix("\n"))

        let raw = try await ChatProcess.run([
            "--base-url", url, "--model", LiveServer.defaultModel, "--max-tokens", "4", "--raw", "--no-stream", "Hello",
        ])
        #expect(raw.status == 0, "\(raw.stderr)")
        let completion = try ChatCompletion(jsonString: raw.stdout)
        #expect(completion.model == LiveServer.defaultModel)

        let session = try await ChatProcess.run(
            [
                "--base-url", url, "--model", LiveServer.defaultModel, "--max-tokens", "6", "--temperature", "0",
                "--usage",
            ],
            input: "Hello\nHow are you?\n/history\n")
        #expect(session.status == 0, "\(session.stderr)")
        #expect(session.stdout.contains("user: Hello\nassistant: "))
        #expect(session.stdout.contains("user: How are you?\nassistant: "))
        #expect(session.stderr.components(separatedBy: "usage: prompt").count - 1 == 2)
        await server.stop()
    }
}

/// Keeps the messages logged through it (a log handler for a test's server).
final class LogRecorder: LogHandler, @unchecked Sendable {
    // Guarded by `lock`: written by the server's tasks, read by the test.
    private let lock = NSLock()
    private var recorded: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        lock.withLock { recorded.append(message.description) }
    }

    /// The messages so far.
    var messages: [String] { lock.withLock { recorded } }
}
