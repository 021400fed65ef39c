import ChatCompletionsAPI
import ChatCompletionsServer
import Foundation
import Logging
import TestSupport
import Testing

@Suite("Time limits: slow headers and bodies get 408, idle connections close, completions stop on time")
struct TimeoutTests {
    /// A server with one-second header and body limits and a two-second idle limit.
    private static func server() async throws -> LiveServer {
        try await LiveServer.start(
            server: ServerConfiguration(headerTimeout: .seconds(1), bodyTimeout: .seconds(1), idleTimeout: .seconds(2)))
    }

    /// Sends `pieces` one after another, `gap` apart, until the connection fails or they run out.
    private static func trickle(
        _ connection: RawConnection, _ pieces: [String], gap: Duration = .milliseconds(200)
    )
        -> Task<Void, Never>
    {
        Task {
            for piece in pieces {
                do {
                    try await connection.send(piece)
                    try await Task.sleep(for: gap)
                } catch {
                    return
                }
            }
        }
    }

    /// Checks a raw response: status 408 and OpenAI's envelope with code `request_timeout`.
    private static func expect408(_ connection: RawConnection, sourceLocation: SourceLocation = #_sourceLocation) throws
    {
        let text = connection.received
        #expect(text.hasPrefix("HTTP/1.1 408"), "got: \(text.prefix(300))", sourceLocation: sourceLocation)
        let body = try #require(text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) })
        let envelope = try ErrorResponse(jsonString: body)
        #expect(envelope.error.code == .string("request_timeout"), sourceLocation: sourceLocation)
        #expect(envelope.error.type == "invalid_request_error", sourceLocation: sourceLocation)
    }

    @Test("headers sent a byte at a time get 408 once the header timeout passes, and the connection closes")
    func slowHeaders() async throws {
        let server = try await Self.server()
        let connection = try await RawConnection.connect(port: server.port)
        // Forty seconds of headers at this pace; the limit is one.
        let headers =
            "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + String(repeating: "a", count: 200)
        let sender = Self.trickle(connection, headers.map { String($0) })
        #expect(await connection.waitUntilClosed(timeout: .seconds(20)))
        sender.cancel()
        try Self.expect408(connection)
        await server.stop()
    }

    @Test("a chunked body that never ends gets 408 once the body timeout passes, and the connection closes")
    func endlessChunkedBody() async throws {
        let server = try await Self.server()
        let connection = try await RawConnection.connect(port: server.port)
        try await connection.send(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        let sender = Self.trickle(connection, Array(repeating: "1\r\n \r\n", count: 200))
        #expect(await connection.waitUntilClosed(timeout: .seconds(20)))
        sender.cancel()
        try Self.expect408(connection)
        await server.stop()
    }

    @Test("a Content-Length larger than the body sent gets 408 once the body timeout passes")
    func shortBody() async throws {
        let server = try await Self.server()
        let connection = try await RawConnection.connect(port: server.port)
        try await connection.send(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\": \"x\""
        )
        #expect(await connection.waitUntilClosed(timeout: .seconds(20)))
        try Self.expect408(connection)
        #expect(try await server.load().busy == 0)
        await server.stop()
    }

    @Test("a kept-alive connection is closed after the idle timeout, but not while its request is answered")
    func idleConnection() async throws {
        let server = try await Self.server()
        let connection = try await RawConnection.connect(port: server.port)
        // A completion that takes longer than the idle limit (two seconds) on this machine is still
        // answered: the limit counts only time without a request.
        try await connection.send(rawPost(body("Count to a thousand.", ["max_tokens": 300, "ignore_eos": true])))
        let finish = "\"finish_reason\":\"length\""
        #expect(await connection.waitFor(finish, timeout: .seconds(120)))
        #expect(connection.received.hasPrefix("HTTP/1.1 200"))
        #expect(await connection.waitUntilClosed(timeout: .seconds(60)))
        // Both times as the connection's event loop saw them, not when this task got to look: a
        // busy machine may run the test's task late, but that does not shorten the gap.
        let answered = try #require(connection.receivedAt(finish))
        let closed = try #require(connection.closedAt)
        #expect(closed - answered >= .seconds(1.5), "closed before the idle limit")
        await server.stop()
    }

    @Test("--max-request-seconds ends running and waiting completions with finish_reason length, and logs it")
    func requestTimeLimit() async throws {
        let captured = CapturedLines()
        var logger = Logger(label: "chat-server", factory: captured.handler)
        logger.logLevel = .info
        let server = try await LiveServer.start(
            engine: LiveServer.configuration(parallel: 1), server: ServerConfiguration(maxRequestDuration: .seconds(2)),
            logger: logger)
        // 1800 tokens take far longer than two seconds here.
        let long = body("Write a very long essay.", ["max_tokens": 1800, "ignore_eos": true])
        let first = Task { try await server.chat(long) }
        // The second request should arrive while the first holds the only sequence; on a loaded
        // machine the first may already have run out of time before it is seen busy, which the
        // checks below accept (each request still ends on its own limit).
        let seen = ContinuousClock.now + .seconds(30)
        while try await server.load().busy == 0 && ContinuousClock.now < seen {
            try await Task.sleep(for: .milliseconds(10))
        }
        let second = Task { try await server.chat(long) }
        for task in [first, second] {
            let result = try await task.value
            try #require(result.status == 200, "\(result.text)")
            let completion = try ChatCompletion(jsonBytes: result.body)
            #expect(completion.choices.first?.finishReason == .length)
            #expect((completion.usage?.completionTokens ?? 1800) < 1800)
        }
        let lines = captured.raw().map { String(decoding: $0, as: UTF8.self) }.filter { $0.contains("time limit") }
        #expect(lines.count == 2, "\(lines)")
        // Both requests have ended: their sequences are free once the scheduler's thread runs.
        try await server.waitForHealth("every sequence free") { $0.busy == 0 }
        await server.stop()
    }
}
