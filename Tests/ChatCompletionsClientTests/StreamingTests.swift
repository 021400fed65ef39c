import ChatCompletionsAPI
import ChatCompletionsClient
import Testing

@Suite("Streaming over HTTP")
struct StreamingTests {
    /// AsyncHTTPClient keeps 8 connections per host unless told otherwise, and a request that waits
    /// for one fails after the connect timeout (10 s): a ninth answer streaming at once failed.
    @Test("a dozen answers stream at once from one provider through the shared HTTP client")
    func manyConcurrentStreams() async throws {
        let rest = Gate()
        try await ScriptedServer.with({ _, _ in ChatTerminalTests.heldAnswer(rest: rest) }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let request = ChatCompletionRequest(messages: [.user("Hi")], model: "m")
            var held: [ChatCompletionStream.AsyncIterator] = []
            for _ in 0..<12 {
                var iterator = try await client.streamChatCompletion(request).makeAsyncIterator()
                let first = try await iterator.next()
                #expect(first?.choices.first?.delta.content == "Part one.")
                held.append(iterator)
            }
            rest.open()
            for index in held.indices {
                var text = ""
                while let chunk = try await held[index].next() { text += chunk.choices.first?.delta.content ?? "" }
                #expect(text == " REST OF IT.")
            }
        }
    }

    @Test("a stream sent in small pieces with pauses gives every chunk, the request id and the completion")
    func pieces() async throws {
        let bytes = StreamSplitTests.bytes
        let pieces = stride(from: 0, to: bytes.count, by: 37).map { Array(bytes[$0..<min($0 + 37, bytes.count)]) }
        try await ScriptedServer.with({ _, _ in
            var reply = Reply.events(bytes, pieces: pieces, pause: .milliseconds(2))
            reply.headers.append(("x-request-id", "req_stream"))
            return reply
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let stream = try await client.streamChatCompletion(StreamSplitTests.request)
            #expect(stream.requestID == "req_stream")
            let completion = try await stream.collect()
            #expect(completion == Fixtures.richCompletion)
            let sent = await server.requests[0]
            #expect(sent.json["stream"] == true)
            #expect(sent.json["stream_options"] == ["include_usage": true])
            #expect(sent.headers["accept"] == "text/event-stream")
        }
    }

    @Test("an error event mid-stream ends it with the provider's typed error, after the chunks before it")
    func midStreamError() async throws {
        let before = Fixtures.sse(
            [Fixtures.chunk([Fixtures.content(0, "Hel")]), Fixtures.chunk([Fixtures.content(0, "lo")])], done: false)
        let errorEvent = Array(
            "data: {\"error\": {\"message\": \"The engine failed.\", \"type\": \"server_error\", \"param\": null, \"code\": \"engine_failure\"}}\n\n"
                .utf8)
        let typedEvent = Array(
            "event: error\ndata: {\"message\": \"Overloaded\", \"type\": \"overloaded_error\"}\n\n".utf8)
        try await ScriptedServer.with({ request, _ in
            var reply = Reply.events(before + (request.json["model"] == "typed" ? typedEvent : errorEvent))
            reply.headers.append(("x-request-id", "req_mid"))
            return reply
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server, retries: 2))
            var texts: [String] = []
            let error = await #expect(throws: ChatClientError.self) {
                for try await chunk in try await client.streamChatCompletion(Fixtures.request()) {
                    texts.append(chunk.choices.first?.delta.content ?? "")
                }
            }
            #expect(texts == ["Hel", "lo"])
            #expect(error?.code == .streamError)
            #expect(error?.message == "The engine failed.")
            #expect(error?.type == "server_error")
            #expect(error?.errorCode == "engine_failure")
            #expect(error?.requestID == "req_mid")
            let typed = await #expect(throws: ChatClientError.self) {
                _ = try await client.streamChatCompletion(Fixtures.request(model: "typed")).collect()
            }
            #expect(typed?.code == .streamError)
            #expect(typed?.type == "overloaded_error")
            // Never retried once the stream had started.
            #expect(await server.requests.count == 2)
        }
    }

    @Test("a stream whose connection is cut fails as a connection error; one that ends early as incomplete")
    func cut() async throws {
        let first = Fixtures.sse([Fixtures.chunk([Fixtures.content(0, "Hi")])], done: false)
        try await ScriptedServer.with({ request, _ in
            .events(first, ending: request.json["model"] == "abort" ? .abort : .complete)
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let aborted = await #expect(throws: ChatClientError.self) {
                _ = try await client.streamChatCompletion(Fixtures.request(model: "abort")).collect()
            }
            #expect(aborted?.code == .connection)
            let ended = await #expect(throws: ChatClientError.self) {
                _ = try await client.streamChatCompletion(Fixtures.request(model: "end")).collect()
            }
            #expect(ended?.code == .streamEndedEarly)
        }
    }

    @Test("the raw events are the wire data, [DONE] included")
    func rawEvents() async throws {
        let bytes = Fixtures.sse([Fixtures.chunk([Fixtures.content(0, "Hi")])])
        try await ScriptedServer.with({ _, _ in .events(bytes) }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            var data: [String] = []
            for try await event in try await client.streamChatCompletionEvents(Fixtures.request()) {
                data.append(event.data)
            }
            #expect(data.count == 2)
            #expect(data.last == "[DONE]")
            #expect(try ChatCompletionChunk(jsonString: data[0]).choices.first?.delta.content == "Hi")
        }
    }

    @Test("a JSON error answer to a streamed request is a typed error")
    func jsonInsteadOfStream() async throws {
        try await ScriptedServer.with({ _, _ in
            .json(["error": ["message": "streams are off", "type": "invalid_request_error"]])
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let error = await #expect(throws: ChatClientError.self) {
                _ = try await client.streamChatCompletion(Fixtures.request())
            }
            #expect(error?.code == .streamError)
            #expect(error?.message == "streams are off")
        }
    }
}
