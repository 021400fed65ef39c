import AsyncHTTPClient
import ChatCompletionsAPI
import ChatCompletionsClient
import NIOHTTP1
import Testing

@Suite("Client")
struct ClientTests {
    @Test("presets carry their provider's URL and limits")
    func presets() {
        #expect(ChatClient.Configuration.openAI(apiKey: "k").baseURL == "https://api.openai.com/v1")
        #expect(ChatClient.Configuration.openAI(apiKey: "k").validation == .openAI)
        #expect(ChatClient.Configuration.oxyAPI(apiKey: "k").baseURL == "https://app.oxyapi.uk/v1")
        #expect(ChatClient.Configuration.oxyAPI(apiKey: "k").validation?.maxN == 2)
        #expect(ChatClient.Configuration.oxyAPI(apiKey: "k").validation?.maxTopLogprobs == 5)
        #expect(ChatClient.Configuration.local(port: 9000).baseURL == "http://127.0.0.1:9000/v1")
        #expect(ChatClient.Configuration.local().apiKey == nil)
    }

    @Test("client-side validation stops a bad request before it is sent, with the preset's limits")
    func validation() async throws {
        try await ScriptedServer.with({ _, _ in .completion(Fixtures.completion("sent")) }) { server in
            var configuration = ChatClient.Configuration.oxyAPI(apiKey: "k")
            configuration.baseURL = server.baseURL
            let client = ChatClient(configuration: configuration)
            var request = Fixtures.request()
            request.n = 3
            let tooMany = await #expect(throws: ChatClientError.self) {
                _ = try await client.createChatCompletion(request)
            }
            #expect(tooMany?.code == .invalidRequest)
            #expect(tooMany?.param == "n")
            #expect(tooMany?.underlying is InvalidRequestError)
            request.n = 2
            request.logprobs = true
            request.topLogprobs = 6
            let alternatives = await #expect(throws: ChatClientError.self) {
                _ = try await client.streamChatCompletion(request)
            }
            #expect(alternatives?.param == "top_logprobs")
            #expect(await server.requests.isEmpty)

            configuration.validation = nil
            let unchecked = ChatClient(configuration: configuration)
            request.temperature = 7
            _ = try await unchecked.createChatCompletion(request)
            #expect(await server.requests.first?.json["temperature"] == 7.0)
        }
    }

    @Test("the key, default headers, extra body members and the request id travel")
    func headers() async throws {
        try await ScriptedServer.with({ _, _ in
            .completion(Fixtures.completion("ok"), headers: [("x-request-id", "req_abc")])
        }) { server in
            var configuration = Fixtures.configuration(server, apiKey: "sk-test")
            configuration.defaultHeaders = ["OpenAI-Organization": "org-1", "user-agent": "my-app/2"]
            let client = ChatClient(configuration: configuration)
            var request = Fixtures.request()
            request.stream = true
            request.extraBody = ["chat_template_kwargs": ["enable_thinking": false]]
            let response = try await client.createChatCompletionResponse(request)
            #expect(response.requestID == "req_abc")
            #expect(response.status == 200)
            let sent = await server.requests[0]
            #expect(sent.method == "POST")
            #expect(sent.path == "/v1/chat/completions")
            #expect(sent.headers["authorization"] == "Bearer sk-test")
            #expect(sent.headers["openai-organization"] == "org-1")
            #expect(sent.headers["user-agent"] == "my-app/2")
            #expect(sent.headers["content-type"] == "application/json")
            #expect(sent.json["stream"] == nil)
            #expect(sent.json["chat_template_kwargs"] == ["enable_thinking": false])
        }
    }

    @Test("models are listed and retrieved")
    func models() async throws {
        try await ScriptedServer.with({ request, _ in
            request.path == "/v1/models"
                ? .json(["object": "list", "data": [["id": "m1", "object": "model", "created": 1, "owned_by": "me"]]])
                : .json(["id": "a/b", "object": "model", "created": 1, "owned_by": "me"])
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let list = try await client.listModels()
            let model = try await client.retrieveModel("a/b")
            #expect(list.data.map(\.id) == ["m1"])
            #expect(model.id == "a/b")
            #expect(await server.requests.last?.path == "/v1/models/a%2Fb")
        }
    }

    @Test("withClient shuts its HTTP client down, also when the body throws")
    func scopedLifetime() async throws {
        struct Expected: Error {}
        try await ScriptedServer.with({ _, _ in .completion(Fixtures.completion("ok")) }) { server in
            let escaped = try await ChatClient.withClient(Fixtures.configuration(server)) { client in
                let completion = try await client.createChatCompletion(Fixtures.request())
                #expect(completion.choices.count == 1)
                return client
            }
            let afterwards = await #expect(throws: ChatClientError.self) {
                _ = try await escaped.createChatCompletion(Fixtures.request())
            }
            #expect((afterwards?.underlying as? HTTPClientError) == .alreadyShutdown)

            var inside: ChatClient?
            await #expect(throws: Expected.self) {
                try await ChatClient.withClient(Fixtures.configuration(server)) { client in
                    inside = client
                    throw Expected()
                }
            }
            let closed = await #expect(throws: ChatClientError.self) {
                _ = try await inside?.createChatCompletion(Fixtures.request())
            }
            #expect((closed?.underlying as? HTTPClientError) == .alreadyShutdown)
        }
    }

    @Test("an injected HTTP client is used and left running")
    func injected() async throws {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        try await ScriptedServer.with({ _, _ in .completion(Fixtures.completion("ok")) }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server), httpClient: httpClient)
            _ = try await client.createChatCompletion(Fixtures.request())
            _ = try await client.createChatCompletion(Fixtures.request())
            #expect(await server.requests.count == 2)
        }
        try await httpClient.shutdown()
    }

    @Test("cancelling the calling task cancels the request")
    func cancellation() async throws {
        // The answer is held until the server stops, so the request is still waiting when it is
        // cancelled, however late that is (or, were it not cancelled, it gets the answer a minute on
        // and the test fails instead of hanging).
        let answer = Gate(opensAfter: .seconds(60))
        try await ScriptedServer.with({ _, _ in
            var reply = Reply.completion(Fixtures.completion("late"))
            reply.heldUntil = answer
            return reply
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server, retries: 2))
            let task = Task { try await client.createChatCompletion(Fixtures.request()) }
            while await server.requests.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(await server.requests.count == 1)
        }
    }

    @Test("errors describe themselves on one line with status, param and request id")
    func description() {
        let error = ChatClientError(
            code: .badRequest, message: "Bad temperature.", status: 400,
            apiError: APIError(message: "Bad temperature.", type: "invalid_request_error", param: "temperature"),
            requestID: "req_1")
        #expect(error.description == "HTTP 400: Bad temperature. (param: temperature) [request req_1]")
        #expect(ChatClientError.Code(status: 404) == .notFound)
        #expect(ChatClientError.Code(status: 599) == .serverError)
        #expect(ChatClientError.Code.rateLimited.description == "rateLimited")
    }
}
