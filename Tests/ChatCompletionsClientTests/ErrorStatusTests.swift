import ChatCompletionsAPI
import ChatCompletionsClient
import Testing

@Suite("Error statuses")
struct ErrorStatusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var status: Int
        var code: ChatClientError.Code
        var type: String
        var errorCode: String?
        var param: String?
        var testDescription: String { "HTTP \(status)" }
    }

    static let cases: [Case] = [
        Case(
            status: 400, code: .badRequest, type: "invalid_request_error", errorCode: "invalid_value",
            param: "temperature"),
        Case(status: 401, code: .authentication, type: "authentication_error", errorCode: "invalid_api_key"),
        Case(status: 403, code: .permissionDenied, type: "permission_error"),
        Case(status: 404, code: .notFound, type: "invalid_request_error", errorCode: "model_not_found", param: "model"),
        Case(status: 409, code: .conflict, type: "conflict_error"),
        Case(status: 413, code: .requestTooLarge, type: "invalid_request_error", errorCode: "request_too_large"),
        Case(status: 422, code: .unprocessableEntity, type: "invalid_request_error"),
        Case(status: 429, code: .rateLimited, type: "rate_limit_error", errorCode: "rate_limit_exceeded"),
        Case(status: 500, code: .serverError, type: "server_error"),
        Case(status: 503, code: .serverError, type: "server_error", errorCode: "overloaded"),
        Case(status: 418, code: .unexpectedStatus, type: "teapot_error"),
    ]

    @Test("each status becomes its typed error, read from the same response", arguments: cases)
    func status(_ expected: Case) async throws {
        try await ScriptedServer.with({ _, _ in
            .error(
                status: expected.status, message: "Scripted failure \(expected.status).", type: expected.type,
                param: expected.param, code: expected.errorCode, headers: [("x-request-id", "req_\(expected.status)")])
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            for streaming in [false, true] {
                let error = await #expect(throws: ChatClientError.self) {
                    if streaming {
                        _ = try await client.streamChatCompletion(Fixtures.request())
                    } else {
                        _ = try await client.createChatCompletion(Fixtures.request())
                    }
                }
                #expect(error?.code == expected.code)
                #expect(error?.status == expected.status)
                #expect(error?.type == expected.type)
                #expect(error?.errorCode == expected.errorCode.map { ErrorCode.string($0) })
                #expect(error?.param == expected.param)
                #expect(error?.message == "Scripted failure \(expected.status).")
                #expect(error?.requestID == "req_\(expected.status)")
                #expect(error?.isConnectionError == false)
                #expect(error?.description.contains("HTTP \(expected.status)") == true)
            }
            // Never sent twice to read the body: one request per call.
            #expect(await server.requests.count == 2)
        }
    }

    @Test("an error body that is not JSON becomes the message; a numeric code and a bare envelope decode")
    func otherShapes() async throws {
        try await ScriptedServer.with({ _, number in
            switch number {
            case 0:
                return Reply(
                    status: 502, headers: [("content-type", "text/html")],
                    body: .bytes(Array("<h1>Bad gateway</h1>".utf8)))
            case 1:
                return .json(["message": "vLLM says no", "type": "BadRequestError", "code": 400], status: 400)
            default:
                return .json(["error": "plain text error"], status: 400)
            }
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let gateway = await #expect(throws: ChatClientError.self) {
                _ = try await client.createChatCompletion(Fixtures.request())
            }
            #expect(gateway?.code == .serverError)
            #expect(gateway?.message == "<h1>Bad gateway</h1>")
            #expect(gateway?.apiError == nil)
            let vllm = await #expect(throws: ChatClientError.self) {
                _ = try await client.createChatCompletion(Fixtures.request())
            }
            #expect(vllm?.message == "vLLM says no")
            #expect(vllm?.errorCode == .int(400))
            let plain = await #expect(throws: ChatClientError.self) {
                _ = try await client.createChatCompletion(Fixtures.request())
            }
            #expect(plain?.message == "plain text error")
        }
    }

    @Test("a success body that is not a completion is an invalid response")
    func invalidBody() async throws {
        try await ScriptedServer.with({ _, _ in .json(["hello": "world"]) }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let error = await #expect(throws: ChatClientError.self) {
                _ = try await client.createChatCompletion(Fixtures.request())
            }
            #expect(error?.code == .invalidResponse)
            #expect(error?.status == 200)
        }
    }

    @Test("a provider that cannot be reached is a connection error")
    func unreachable() async throws {
        let server = try await ScriptedServer.start { _, _ in .json([:]) }
        await server.stop()
        let client = ChatClient(configuration: Fixtures.configuration(server))
        let error = await #expect(throws: ChatClientError.self) {
            _ = try await client.createChatCompletion(Fixtures.request())
        }
        #expect(error?.code == .connection)
        #expect(error?.isConnectionError == true)
        #expect(error?.underlying != nil)
    }

    @Test("a provider slower than the timeout is a timeout")
    func slow() async throws {
        // The answer is held until the client has given up (or, should the client wait without a
        // limit, for a minute, after which the answer comes and the test fails instead of hanging).
        let answer = Gate(opensAfter: .seconds(60))
        try await ScriptedServer.with({ _, _ in
            var reply = Reply.completion(Fixtures.completion("late"))
            reply.heldUntil = answer
            return reply
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server, timeout: .milliseconds(300)))
            let error = await #expect(throws: ChatClientError.self) {
                _ = try await client.createChatCompletion(Fixtures.request())
            }
            #expect(error?.code == .timeout)
            #expect(error?.isTimeout == true)
        }
    }

    @Test("a stream that falls silent longer than the timeout fails with a timeout (client made by withClient)")
    func silentStream() async throws {
        let first = Fixtures.sse([Fixtures.chunk([Fixtures.content(0, "Hi")])], done: false)
        // After the first chunk the stream falls silent until the server stops: the silence lasts as
        // long as the client waits, however busy the machine. Should the client wait without a
        // limit, the gate's fallback ends the silence after a minute: the stream then ends without
        // an error, and the test fails instead of hanging.
        let silence = Gate(opensAfter: .seconds(60))
        try await ScriptedServer.with({ _, _ in
            .events(first: [first], heldUntil: silence, then: [Fixtures.sse([], done: true)])
        }) { server in
            // The timeout is long enough for the first chunk to come in time on a busy machine (a
            // 1.5 s one once ran out before it did, with the whole test run sharing two cores).
            try await ChatClient.withClient(Fixtures.configuration(server, timeout: .seconds(10))) { client in
                let stream = try await client.streamChatCompletion(Fixtures.request())
                var received: [String] = []
                let error = await #expect(throws: ChatClientError.self) {
                    for try await chunk in stream { received.append(chunk.choices.first?.delta.content ?? "") }
                }
                #expect(received == ["Hi"])
                #expect(error?.code == .timeout)
                #expect(!silence.isOpen, "the client waited out the whole silence (a minute)")
            }
        }
    }
}
