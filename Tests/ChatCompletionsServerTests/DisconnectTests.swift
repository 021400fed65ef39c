import ChatCompletionsAPI
import Foundation
import Logging
import TestSupport
import Testing

@Suite("A client that goes away frees its sequence, waiting or generating, streaming or not")
struct DisconnectTests {
    @Test(
        "non-streaming: closing the connection of a queued and of a generating request frees both; the log says cancelled"
    )
    func nonStreaming() async throws {
        try await abandonBoth(streaming: false)
    }

    @Test(
        "streaming: closing the connection of a queued and of a generating request frees both; the log says cancelled")
    func streaming() async throws {
        try await abandonBoth(streaming: true)
    }

    /// One sequence: a long request generates, a second waits for it; the waiting one's client goes
    /// first (the queue empties, the first keeps generating), then the generating one's.
    private func abandonBoth(streaming: Bool) async throws {
        let captured = CapturedLines()
        var logger = Logger(label: "chat-server", factory: captured.handler)
        logger.logLevel = .info
        // The model's whole context (8192): a sequence that kept generating its 8000 tokens would stay
        // busy far longer (over a minute even on an idle machine here, about 95 tokens a second)
        // than the waits below allow a loaded one to notice a client leaving.
        let server = try await LiveServer.start(
            engine: LiveServer.configuration(parallel: 1, contextSize: 8192), logger: logger)
        let long = body(
            "Write a very long essay.", ["max_tokens": 8000, "ignore_eos": true, "stream": .bool(streaming)])
        let generating = try await RawConnection.connect(port: server.port)
        try await generating.send(rawPost(long))
        try await server.waitForHealth("the first request generating") { $0.busy == 1 }
        let queued = try await RawConnection.connect(port: server.port)
        try await queued.send(rawPost(long))
        try await server.waitForHealth("the second request queued") { $0.queued == 1 }

        await queued.close()
        try await server.waitForHealth("the queue emptied", seconds: 20) { $0.queued == 0 }
        #expect(try await server.load().busy == 1, "the first request still generates")

        await generating.close()
        try await server.waitForHealth("every sequence free", seconds: 20) { $0.busy == 0 && $0.queued == 0 }

        // A request's log line is written when its handler ends, which can come after its sequence
        // is free: wait for both lines (a loaded machine may take a while), then count them.
        func cancelled() -> [String] {
            captured.raw().map { String(decoding: $0, as: UTF8.self) }
                .filter { $0.contains("cancelled: client disconnected") }
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while cancelled().count < 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(cancelled().count == 2, "log lines: \(cancelled())")
        // The server still answers.
        #expect(try await server.completion(body("Hi", ["max_tokens": 2])).choices.count == 1)
        await server.stop()
    }
}

/// A whole POST of `json` to `path`, as HTTP/1.1 text.
func rawPost(_ json: JSONValue, path: String = "/v1/chat/completions") -> String {
    let body = String(decoding: json.serialized(), as: UTF8.self)
    return
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
}

extension LiveServer {
    /// Busy sequences and queued requests, from `/health`.
    func load() async throws -> (busy: Int, queued: Int) {
        let health = try await health()
        return (health["sequences_busy"]?.intValue ?? -1, health["requests_queued"]?.intValue ?? -1)
    }

    /// Polls `/health` until `condition` holds; records an issue naming `what` after `seconds`.
    func waitForHealth(
        _ what: String, seconds: Double = 60, _ condition: ((busy: Int, queued: Int)) -> Bool,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if condition(try await load()) { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record(
            "not \(what) after \(seconds) s: \(try await health().jsonString())", sourceLocation: sourceLocation)
        throw HealthWaitFailed()
    }
}

struct HealthWaitFailed: Error {}
