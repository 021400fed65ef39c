import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation
import Testing

/// `chat` on a pseudo-terminal that is its controlling terminal, so that Ctrl-C typed into it is a
/// real SIGINT from the terminal, as a person would send it.
@Suite("chat and Ctrl-C")
struct ChatInterruptTests {
    /// A stream that sends "Part one." and then, once `rest` opens, the rest ("REST OF IT.").
    static func slowAnswer(rest: Gate) -> Reply {
        let first = Fixtures.sse(
            [Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(role: .assistant, content: "Part one."))])],
            done: false)
        let remainder = Fixtures.sse([
            Fixtures.chunk([Fixtures.content(0, " REST OF IT.")]),
            Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(), finishReason: .stop)]),
        ])
        return .events(first: [first], heldUntil: rest, then: [remainder])
    }

    @Test("Ctrl-C stops an answer and keeps what was shown; Ctrl-C at the prompt warns, a second one leaves")
    func stopAnswer() async throws {
        // The rest is sent only after Ctrl-C has stopped the answer: were the stream still read, it
        // would show.
        let rest = Gate()
        try await ScriptedServer.with({ _, number in
            number == 0 ? Self.slowAnswer(rest: rest) : ChatCommandTests.streamed("Second answer.")
        }) { server in
            let session = try TerminalSession(
                ["--base-url", server.baseURL, "--model", "m"], controllingTerminal: true)
            try await session.waitFor("Ctrl-D leaves.")
            try await session.waitFor("> ")
            session.type("Tell me a story")
            try await session.waitFor("Part one.")
            session.control("c")
            try await session.waitFor("(stopped)")
            rest.open()
            try await session.waitFor("> ", times: 2)
            #expect(session.isRunning)
            session.type("Go on")
            try await session.waitFor("Second answer.")
            try await session.waitFor("> ", times: 3)
            session.control("c")
            try await session.waitFor("(Ctrl-C again or Ctrl-D to leave)")
            #expect(session.isRunning)
            session.control("c")
            let status = try await session.waitForExit()
            #expect(status == 0)
            // The first stream was closed at Ctrl-C: its rest never showed.
            #expect(!session.output.contains("REST OF IT"))

            let requests = await server.requests
            #expect(requests.count == 2)
            #expect(
                requests[1].json["messages"] == [
                    ["role": "user", "content": "Tell me a story"], ["role": "assistant", "content": "Part one."],
                    ["role": "user", "content": "Go on"],
                ])
        }
    }

    @Test("Ctrl-D at the prompt leaves; Ctrl-C before any text came drops the turn")
    func endOfInput() async throws {
        // The first answer is sent only after Ctrl-C has dropped the turn: were it still awaited, it
        // would show.
        let answer = Gate()
        try await ScriptedServer.with({ _, number in
            var reply = ChatCommandTests.streamed("Late.")
            if number == 0 { reply.heldUntil = answer }
            return reply
        }) { server in
            let session = try TerminalSession(
                ["--base-url", server.baseURL, "--model", "m"], controllingTerminal: true)
            try await session.waitFor("> ")
            session.type("Hello")
            // Let the request reach the server before stopping it.
            let sent = ContinuousClock.now + .seconds(120)
            while await server.requests.isEmpty, ContinuousClock.now < sent {
                try await Task.sleep(for: .milliseconds(50))
            }
            try #require(await server.requests.count == 1, "the request never reached the server")
            session.control("c")
            try await session.waitFor("(stopped)")
            answer.open()
            try await session.waitFor("> ", times: 2)
            session.type("/history")
            try await session.waitFor("> ", times: 3)
            session.control("d")
            let status = try await session.waitForExit()
            #expect(status == 0)
            #expect(!session.output.contains("Late."))
            #expect(!session.output.contains("user: Hello"))
        }
    }
}
