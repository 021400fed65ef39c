import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation
import NIOHTTP1
import Testing

@Suite("Retries")
struct RetryTests {
    static func elapsed(_ body: () async throws -> Void) async rethrows -> Double {
        let start = ContinuousClock.now
        try await body()
        return (ContinuousClock.now - start) / .seconds(1)
    }

    @Test("429 with Retry-After in seconds is retried after at least that long")
    func retryAfterSeconds() async throws {
        try await ScriptedServer.with({ _, number in
            number == 0
                ? .error(status: 429, message: "slow down", type: "rate_limit_error", headers: [("retry-after", "1")])
                : .completion(Fixtures.completion("finally"))
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server, retries: 2))
            var completion: ChatCompletion?
            let seconds = try await Self.elapsed {
                completion = try await client.createChatCompletion(Fixtures.request())
            }
            #expect(completion?.choices.first?.message.content == "finally")
            #expect(seconds >= 0.95)
            let requests = await server.requests
            #expect(requests.count == 2)
            #expect(requests.count == 2 && (requests[1].time - requests[0].time) / .seconds(1) >= 0.95)
            #expect(requests.count == 2 && requests[1].headers["x-retry-count"] == "1")
            #expect(requests.count == 2 && requests[0].body == requests[1].body)
        }
    }

    @Test("503 with retry-after-ms twice, then success: three requests, the waits honoured")
    func retryAfterMilliseconds() async throws {
        try await ScriptedServer.with({ _, number in
            number < 2
                ? .error(status: 503, message: "busy", type: "server_error", headers: [("retry-after-ms", "300")])
                : .completion(Fixtures.completion("ok"))
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server, retries: 2))
            let seconds = try await Self.elapsed { _ = try await client.createChatCompletion(Fixtures.request()) }
            #expect(seconds >= 0.58)
            #expect(await server.requests.count == 3)
        }
    }

    @Test("Retry-After as an HTTP date is honoured")
    func retryAfterDate() async throws {
        try await ScriptedServer.with({ _, number in
            if number == 0 {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "GMT")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
                // Whole seconds: two seconds ahead is at least one second ahead.
                let date = formatter.string(from: Date().addingTimeInterval(2))
                return .error(status: 429, message: "later", type: "rate_limit_error", headers: [("retry-after", date)])
            }
            return .completion(Fixtures.completion("ok"))
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server, retries: 1))
            let seconds = try await Self.elapsed { _ = try await client.createChatCompletion(Fixtures.request()) }
            #expect(seconds >= 0.9)
            #expect(await server.requests.count == 2)
        }
    }

    @Test("a wait longer than the policy accepts is not waited for; the error carries it")
    func retryAfterTooLong() async throws {
        try await ScriptedServer.with({ _, _ in
            .error(status: 429, message: "quota", type: "rate_limit_error", headers: [("retry-after", "3600")])
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server, retries: 3))
            let error = await #expect(throws: ChatClientError.self) {
                _ = try await client.createChatCompletion(Fixtures.request())
            }
            #expect(error?.code == .rateLimited)
            #expect(error?.retryAfter == .seconds(3600))
            #expect(await server.requests.count == 1)
        }
    }

    @Test(
        "every retryable status is retried until the retries run out", arguments: [408, 409, 429, 500, 502, 503, 504])
    func exhausted(status: Int) async throws {
        try await ScriptedServer.with({ _, _ in .error(status: status, message: "no", type: "server_error") }) {
            server in
            let client = ChatClient(configuration: Fixtures.configuration(server, retries: 2))
            let error = await #expect(throws: ChatClientError.self) {
                _ = try await client.createChatCompletion(Fixtures.request())
            }
            #expect(error?.status == status)
            #expect(await server.requests.count == 3)
        }
    }

    @Test("client errors are not retried", arguments: [400, 401, 403, 404, 413, 422])
    func notRetried(status: Int) async throws {
        try await ScriptedServer.with({ _, _ in .error(status: status, message: "no", type: "invalid_request_error") })
        {
            server in
            let client = ChatClient(configuration: Fixtures.configuration(server, retries: 2))
            await #expect(throws: ChatClientError.self) {
                _ = try await client.createChatCompletion(Fixtures.request())
            }
            #expect(await server.requests.count == 1)
        }
    }

    @Test("x-should-retry overrides the status rule both ways")
    func shouldRetryHeader() async throws {
        try await ScriptedServer.with({ request, _ in
            request.json["model"] == "a"
                ? .error(status: 500, message: "final", type: "server_error", headers: [("x-should-retry", "false")])
                : .error(status: 400, message: "try again", type: "x", headers: [("x-should-retry", "true")])
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server, retries: 2))
            await #expect(throws: ChatClientError.self) {
                _ = try await client.createChatCompletion(Fixtures.request(model: "a"))
            }
            #expect(await server.requests.count == 1)
            await #expect(throws: ChatClientError.self) {
                _ = try await client.createChatCompletion(Fixtures.request(model: "b"))
            }
            #expect(await server.requests.count == 4)
        }
    }

    @Test("connection failures are retried with exponential backoff")
    func connectionBackoff() async throws {
        let server = try await ScriptedServer.start { _, _ in .json([:]) }
        await server.stop()
        var configuration = Fixtures.configuration(server)
        configuration.retryPolicy = RetryPolicy(maxRetries: 2, initialBackoff: .milliseconds(200), jitter: 0)
        let client = ChatClient(configuration: configuration)
        var error: ChatClientError?
        let seconds = await Self.elapsed {
            error = await #expect(throws: ChatClientError.self) {
                _ = try await client.createChatCompletion(Fixtures.request())
            }
        }
        #expect(error?.code == .connection)
        #expect(seconds >= 0.58)  // 200 ms, then 400 ms
    }

    @Test("a stream is retried before it starts, never after it has yielded")
    func streamRetries() async throws {
        let first = Fixtures.sse([Fixtures.chunk([Fixtures.content(0, "Hi")])], done: false)
        try await ScriptedServer.with({ request, number in
            if request.json["model"] == "before" {
                return number == 0
                    ? .error(
                        status: 503, message: "warming up", type: "server_error", headers: [("retry-after-ms", "50")])
                    : .events(Fixtures.sse([Fixtures.chunk([Fixtures.content(0, "Hi")], usage: nil)]))
            }
            return .events([], pieces: [first, Array("data: {\"choi".utf8)], pause: .milliseconds(50), ending: .abort)
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server, retries: 2))
            let chunks = try await client.streamChatCompletion(Fixtures.request(model: "before")).collect()
            #expect(chunks.choices.first?.message.content == "Hi")
            #expect(await server.requests.count == 2)

            let stream = try await client.streamChatCompletion(Fixtures.request(model: "after"))
            var received = 0
            let error = await #expect(throws: ChatClientError.self) {
                for try await _ in stream { received += 1 }
            }
            #expect(received == 1)
            #expect(error?.code == .connection)
            #expect(await server.requests.count == 3)
        }
    }

    @Test("computed backoff doubles up to the cap; jitter only shortens it")
    func backoff() {
        let policy = RetryPolicy(initialBackoff: .milliseconds(500), maxBackoff: .seconds(8), jitter: 0.25)
        #expect(
            (1...7).map { policy.backoff(beforeRetry: $0) } == [
                .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(8),
            ])
        var generator = SystemRandomNumberGenerator()
        for retry in 1...5 {
            let delay = policy.delay(beforeRetry: retry, using: &generator)
            let base = policy.backoff(beforeRetry: retry)
            #expect(delay <= base && delay >= base * 0.75)
        }
        #expect(RetryPolicy.none.maxRetries == 0)
        #expect(RetryPolicy.default.isRetryable(status: 529))
        #expect(!RetryPolicy.default.isRetryable(status: 404))
    }

    @Test("Retry-After forms: seconds, fractions, milliseconds, dates, garbage")
    func parseRetryAfter() {
        let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryPolicy.retryAfter(in: ["retry-after": "2"], now: now) == .seconds(2))
        #expect(RetryPolicy.retryAfter(in: ["retry-after": "0.5"], now: now) == .milliseconds(500))
        #expect(
            RetryPolicy.retryAfter(in: ["retry-after-ms": "250", "retry-after": "9"], now: now) == .milliseconds(250))
        #expect(RetryPolicy.retryAfter(in: ["retry-after": "Sun, 06 Nov 1994 08:49:47 GMT"], now: now) == .seconds(10))
        #expect(RetryPolicy.retryAfter(in: ["retry-after": "Sunday, 06-Nov-94 08:49:40 GMT"], now: now) == .seconds(3))
        #expect(RetryPolicy.retryAfter(in: ["retry-after": "Sun Nov  6 08:49:38 1994"], now: now) == .seconds(1))
        #expect(RetryPolicy.retryAfter(in: ["retry-after": "Sun, 06 Nov 1994 08:00:00 GMT"], now: now) == .zero)
        #expect(RetryPolicy.retryAfter(in: ["retry-after": "soon"], now: now) == nil)
        #expect(RetryPolicy.retryAfter(in: ["retry-after": "-3"], now: now) == nil)
        #expect(RetryPolicy.retryAfter(in: [:], now: now) == nil)
    }
}
