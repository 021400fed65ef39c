import ChatCompletionsAPI
import Testing

@Suite struct ServerSentEventDecoderTests {
    func decode(_ text: String, incomplete: Bool = false) -> [ServerSentEvent] {
        decode(Array(text.utf8), incomplete: incomplete)
    }

    func decode(_ bytes: [UInt8], incomplete: Bool = false) -> [ServerSentEvent] {
        var decoder = ServerSentEventDecoder(dispatchesIncompleteEventAtEnd: incomplete)
        return decoder.feed(bytes) + decoder.finish()
    }

    @Test func joinsDataLinesWithLineFeeds() {
        #expect(decode("data: YHOO\ndata: +2\ndata: 10\n\n") == [ServerSentEvent(data: "YHOO\n+2\n10")])
    }

    @Test func specificationExampleWithIDsAndAnUnfinishedEvent() {
        let events = decode(
            ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n")
        #expect(
            events == [ServerSentEvent(id: "1", data: "first event"), ServerSentEvent(id: "", data: "second event")])
        #expect(
            decode("data:  third event\n", incomplete: true) == [ServerSentEvent(data: " third event")],
            "only one space after the colon is dropped")
    }

    @Test func emptyDataLinesMakeEmptyAndNewlineEvents() {
        #expect(decode("data\n\ndata\ndata\n\ndata:") == [ServerSentEvent(data: ""), ServerSentEvent(data: "\n")])
    }

    @Test func spaceAfterTheColonIsOptional() {
        #expect(
            decode("data:test\n\ndata: test\n\n") == [ServerSentEvent(data: "test"), ServerSentEvent(data: "test")])
    }

    @Test func noDataNoEvent() {
        #expect(decode("event: ping\nid: 7\nretry: 10\n\n: comment only\n\n\n\n") == [])
    }

    @Test func readsEventTypesRetryAndIgnoresUnknownFields() {
        let events = decode("event: update\nretry: 2500\nfoo: bar\ndata: x\n\nevent:\nretry: 1a\ndata: y\n\n")
        #expect(events == [ServerSentEvent(event: "update", data: "x", retry: 2500), ServerSentEvent(data: "y")])
    }

    @Test func tracksTheLastEventIDAcrossEvents() {
        var decoder = ServerSentEventDecoder()
        let events = decoder.feed(Array("id: 5\ndata: a\n\ndata: b\n\nid: 6\u{0}\ndata: c\n\n".utf8))
        #expect(events.map(\.id) == ["5", nil, nil])
        #expect(decoder.lastEventID == "5", "an id containing NUL is ignored")
        _ = decoder.feed(Array("id\ndata: d\n\nretry: 99\n\n".utf8))
        #expect(decoder.lastEventID == "")
        #expect(decoder.reconnectionTime == 99)
    }

    @Test func acceptsEveryKindOfLineEnd() {
        let expected = [ServerSentEvent(event: "e", data: "a\nb"), ServerSentEvent(data: "c")]
        #expect(decode("event: e\ndata: a\ndata: b\n\ndata: c\n\n") == expected)
        #expect(decode("event: e\rdata: a\rdata: b\r\rdata: c\r\r") == expected)
        #expect(decode("event: e\r\ndata: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n") == expected)
        #expect(decode("event: e\r\ndata: a\rdata: b\n\r\ndata: c\n\r") == expected)
    }

    @Test func crAtTheEndOfOneChunkAndLFAtTheStartOfTheNext() {
        var decoder = ServerSentEventDecoder()
        #expect(decoder.feed(Array("data: a\r".utf8)) == [])
        #expect(decoder.feed(Array("\ndata: b\r\n\r".utf8)) == [ServerSentEvent(data: "a\nb")])
        #expect(decoder.feed(Array("\n".utf8)) == [], "the LF completes the CR, it is not another blank line")
        #expect(decoder.feed(Array("data: c\n\n".utf8)) == [ServerSentEvent(data: "c")])
    }

    @Test func skipsOneByteOrderMarkAtTheStartOnly() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(decode(bom + Array("data: x\n\n".utf8)) == [ServerSentEvent(data: "x")])
        var split = ServerSentEventDecoder()
        #expect(split.feed(bom[0..<1]) == [])
        #expect(split.feed(bom[1..<3] + Array("data: y\n\n".utf8)) == [ServerSentEvent(data: "y")])
        // A second mark is part of the line, which makes `\u{FEFF}data` an unknown field.
        #expect(decode(bom + bom + Array("data: z\n\n".utf8)) == [])
        #expect(decode(Array("data: \u{FEFF}z\n\n".utf8)) == [ServerSentEvent(data: "\u{FEFF}z")])
        #expect(decode([0xEF, 0xBB], incomplete: true) == [])
    }

    @Test func replacesInvalidUTF8() {
        #expect(decode([0x64, 0x61, 0x74, 0x61, 0x3A, 0x20, 0xFF, 0x0A, 0x0A]) == [ServerSentEvent(data: "\u{FFFD}")])
    }

    @Test func finishDiscardsOrDispatchesTheUnfinishedEvent() {
        #expect(decode("data: a\n\ndata: [DONE]\n") == [ServerSentEvent(data: "a")])
        #expect(decode("data: a\n\ndata: [DONE]\n", incomplete: true) == [ServerSentEvent(data: "a"), .done])
        #expect(decode("data: a\n\ndata: [DONE]", incomplete: true) == [ServerSentEvent(data: "a"), .done])
        var decoder = ServerSentEventDecoder()
        _ = decoder.feed(Array("data: partial".utf8))
        #expect(decoder.finish() == [])
        #expect(decoder.feed(Array("data: next\n\n".utf8)) == [ServerSentEvent(data: "next")], "ready for a new stream")
    }

    /// The events of `bytes` fed whole, for the split tests to compare with.
    func whole(_ bytes: [UInt8]) -> [ServerSentEvent] {
        var decoder = ServerSentEventDecoder()
        return decoder.feed(bytes) + decoder.finish()
    }

    @Test(arguments: Fixtures.arguments(in: "streams"))
    func givesTheSameEventsWhereverTheInputIsSplit(name: String) throws {
        let bytes = try Fixtures.bytes("streams/" + name)
        let expected = whole(bytes)
        #expect(!expected.isEmpty)
        for split in 0...bytes.count {
            var decoder = ServerSentEventDecoder()
            let events = decoder.feed(bytes[..<split]) + decoder.feed(bytes[split...]) + decoder.finish()
            #expect(events == expected, "split at \(split)")
            if events != expected { return }
        }
        var decoder = ServerSentEventDecoder()
        var events: [ServerSentEvent] = []
        for byte in bytes { events += decoder.feed(CollectionOfOne(byte)) }
        events += decoder.finish()
        #expect(events == expected, "one byte at a time")
    }

    @Test func givesTheSameEventsWhereverATrickyInputIsSplit() {
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF]
            + Array("id: 1\r\nevent: a\rdata: é😀\r\n\r: c\ndata: x\n\rdata\r\rretry: 5\ndata:y\n\n".utf8)
        let expected = whole(bytes)
        #expect(
            expected == [
                ServerSentEvent(id: "1", event: "a", data: "é😀"), ServerSentEvent(data: "x"), ServerSentEvent(data: ""),
                ServerSentEvent(data: "y", retry: 5),
            ])
        for first in 0...bytes.count {
            for second in first...bytes.count {
                var decoder = ServerSentEventDecoder()
                let events =
                    decoder.feed(bytes[..<first]) + decoder.feed(bytes[first..<second]) + decoder.feed(bytes[second...])
                    + decoder.finish()
                #expect(events == expected, "split at \(first) and \(second)")
                if events != expected { return }
            }
        }
    }
}

@Suite struct ServerSentEventEncoderTests {
    let encoder = ServerSentEventEncoder()

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func writesFieldsAndTheDispatchingBlankLine() {
        #expect(text(encoder.encode(data: "{\"a\":1}")) == "data: {\"a\":1}\n\n")
        #expect(
            text(encoder.encode(ServerSentEvent(id: "7", event: "update", data: "x", retry: 1000)))
                == "id: 7\nevent: update\nretry: 1000\ndata: x\n\n")
        #expect(text(encoder.encodeDone()) == "data: [DONE]\n\n")
        #expect(ServerSentEventEncoder.doneBytes == Array("data: [DONE]\n\n".utf8))
        #expect(text(encoder.encode(data: "")) == "data: \n\n")
        #expect(text(encoder.encodeComment("keep-alive")) == ": keep-alive\n\n")
    }

    @Test func writesJSONValuesAsOneDataLine() throws {
        let chunk = ChatCompletionChunk(
            id: "c", created: 1, model: "m", choices: [.init(index: 0, delta: ChatCompletionDelta(content: "a\nb"))])
        let bytes = try encoder.encodeJSON(chunk)
        #expect(text(bytes) == "data: \(try chunk.jsonString())\n\n")
        var decoder = ServerSentEventDecoder()
        let events = decoder.feed(bytes)
        #expect(try events.map { try ChatCompletionStreamEvent($0) } == [.chunk(chunk)])
        let failure = ErrorResponse(error: APIError(message: "overloaded", type: "server_error"))
        #expect(
            try decoder.feed(encoder.encodeJSON(failure)).map { try ChatCompletionStreamEvent($0) } == [
                .error(failure.error)
            ])
    }

    @Test func splitsMultiLineDataAndCleansSingleLineFields() {
        #expect(text(encoder.encode(data: "a\nb\r\nc\rd")) == "data: a\ndata: b\ndata: c\ndata: d\n\n")
        #expect(text(encoder.encode(data: "end\n")) == "data: end\ndata: \n\n")
        #expect(
            text(encoder.encode(ServerSentEvent(id: "a\nb\u{0}", event: "x\ry", data: "d")))
                == "id: a b\nevent: x y\ndata: d\n\n")
    }

    @Test func whatItWritesDecodesToTheSameEvents() {
        let events = [
            ServerSentEvent(data: "plain"), ServerSentEvent(data: " leading space"), ServerSentEvent(data: "a\nb\n"),
            ServerSentEvent(id: "42", event: "delta", data: "{\"x\":\"y\"}", retry: 0), ServerSentEvent(data: ""),
            ServerSentEvent(data: ": not a comment"), ServerSentEvent(id: "", data: "empty id"), .done,
        ]
        var decoder = ServerSentEventDecoder()
        let bytes = events.flatMap { encoder.encode($0) }
        #expect(decoder.feed(bytes) == events)
    }
}

@Suite struct ChatCompletionStreamTests {
    /// The fixture's bytes as an async sequence of chunks of `size` bytes.
    func chunks(_ name: String, size: Int) throws -> AsyncStream<ArraySlice<UInt8>> {
        let bytes = try Fixtures.bytes("streams/" + name)
        return AsyncStream { continuation in
            var start = 0
            while start < bytes.count {
                continuation.yield(bytes[start..<min(start + size, bytes.count)])
                start += size
            }
            continuation.finish()
        }
    }

    func chunks(of name: String, size: Int = 7, requiresDone: Bool = false) async throws -> [ChatCompletionChunk] {
        var result: [ChatCompletionChunk] = []
        for try await chunk in try chunks(name, size: size).serverSentEvents().chatCompletionChunks(
            requiresDone: requiresDone)
        {
            result.append(chunk)
        }
        return result
    }

    @Test func referenceStream() async throws {
        let chunks = try await chunks(of: "reference-streaming.txt", requiresDone: true)
        #expect(chunks.count == 3)
        #expect(chunks[0].choices[0].delta.role == .assistant)
        #expect(chunks.compactMap { $0.choices.first?.delta.content }.joined() == "Hello")
        #expect(chunks[2].choices[0].finishReason == .stop)
        #expect(chunks.allSatisfy { $0.systemFingerprint == "fp_44709d6fcb" })
    }

    @Test func usageArrivesInAFinalChunkWithoutChoices() async throws {
        let chunks = try await chunks(of: "openai-include-usage.txt", size: 1)
        #expect(chunks.count == 5)
        #expect(chunks.compactMap { $0.choices.first?.delta.content }.joined() == "Hi there é😀")
        #expect(chunks[0].additionalFields["obfuscation"] == "Xw3")
        #expect(chunks[0].choices[0].delta.refusal == nil)
        #expect(chunks[1].choices[0].logprobs?.content?[0].topLogprobs.count == 2)
        #expect(chunks[0..<4].allSatisfy { $0.usage == nil })
        #expect(chunks[4].choices.isEmpty)
        #expect(chunks[4].usage?.totalTokens == 12)
        #expect(chunks[4].serviceTier == .default)
    }

    @Test func octoAIPutsUsageOnTheLastContentChunk() async throws {
        let chunks = try await chunks(of: "octoai.txt")
        #expect(chunks.count == 3)
        #expect(chunks.last?.choices.first?.finishReason == .stop)
        #expect(chunks.last?.usage == CompletionUsage(promptTokens: 31, completionTokens: 12))
        #expect(chunks.compactMap { $0.choices.first?.delta.content }.joined() == #"{"name": "Ada", "age": 36}"#)
    }

    @Test func llamaCppAndVLLMStreams() async throws {
        let llama = try await chunks(of: "llamacpp.txt")
        #expect(llama.last?.additionalFields["timings"]?["predicted_n"] == 2)
        #expect(llama.last?.usage?.promptTokens == 20)
        #expect(llama[0].choices[0].delta == ChatCompletionDelta(role: .assistant))
        let vllm = try await chunks(of: "vllm.txt")
        #expect(vllm[0].additionalFields["prompt_logprobs"]?.arrayValue?.count == 2)
        #expect(vllm[1].choices[0].delta.reasoningContent == nil)
        #expect(vllm[1].choices[0].delta.additionalFields["reasoning_content"] == nil)
        #expect(vllm[2].choices[0].additionalFields["stop_reason"] == 151645)
        #expect(vllm[3].choices.isEmpty)
        #expect(vllm[3].usage?.completionTokens == 2)
    }

    @Test func toolCallPiecesAddUp() async throws {
        var arguments: [Int: String] = [:]
        var names: [Int: String] = [:]
        var ids: [Int: String] = [:]
        for chunk in try await chunks(of: "openai-tool-calls.txt") {
            for delta in chunk.choices.first?.delta.toolCalls ?? [] {
                arguments[delta.index, default: ""] += delta.function?.arguments ?? ""
                if let name = delta.function?.name { names[delta.index] = name }
                if let id = delta.id { ids[delta.index] = id }
            }
        }
        #expect(arguments == [0: #"{"location": "Boston, MA"}"#, 1: #"{"location": "Paris"}"#])
        #expect(names == [0: "get_current_weather", 1: "get_current_weather"])
        #expect(ids == [0: "call_boston", 1: "call_paris"])
    }

    @Test func crlfStreamWithCommentsIDsAndRetry() async throws {
        var events: [ServerSentEvent] = []
        for try await event in try chunks("crlf-comments.txt", size: 3).serverSentEvents() { events.append(event) }
        #expect(events.map(\.id) == ["1", "2", nil])
        #expect(events[0].event == "message")
        #expect(events.last == .done)
        let chunks = try await chunks(of: "crlf-comments.txt", size: 5)
        #expect(chunks.compactMap { $0.choices.first?.delta.content } == ["a", "b"])
    }

    @Test func anErrorEventEndsTheStreamWithTheServersError() async throws {
        var received: [ChatCompletionChunk] = []
        do {
            for try await chunk in try chunks("error-midstream.txt", size: 11).serverSentEvents().chatCompletionChunks()
            {
                received.append(chunk)
            }
            Issue.record("expected an error")
        } catch let error as ChatCompletionStreamError {
            #expect(error.kind == .errorEvent)
            #expect(error.apiError?.type == "server_error")
            #expect(error.apiError?.message == "The server had an error while processing your request.")
        }
        #expect(received.count == 1)
    }

    @Test func interpretsSingleEvents() throws {
        #expect(try ChatCompletionStreamEvent(ServerSentEvent(data: " [DONE] ")) == .done)
        #expect(
            try ChatCompletionStreamEvent(ServerSentEvent(data: #"{"error":{"message":"m","type":"t"}}"#))
                == .error(APIError(message: "m", type: "t")))
        #expect(
            try ChatCompletionStreamEvent(ServerSentEvent(event: "error", data: "overloaded"))
                == .error(APIError(message: "overloaded", type: "")))
        #expect(
            try ChatCompletionStreamEvent(ServerSentEvent(event: "error", data: #"{"message":"busy","code":503}"#))
                == .error(APIError(message: "busy", type: "", code: 503)))
        #expect {
            try ChatCompletionStreamEvent(ServerSentEvent(data: "not json"))
        } throws: { error in
            (error as? ChatCompletionStreamError)?.kind == .invalidData
        }
        #expect {
            try ChatCompletionStreamEvent(ServerSentEvent(data: #"{"choices":[]}"#))
        } throws: { error in
            guard let error = error as? ChatCompletionStreamError else { return false }
            return error.kind == .invalidData && error.reason.contains("'id'")
        }
    }

    @Test func aStreamWithoutDoneEndsQuietlyUnlessDoneIsRequired() async throws {
        let events = [
            ServerSentEvent(data: #"{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[]}"#)
        ]
        func stream() -> AsyncStream<ServerSentEvent> {
            AsyncStream { continuation in
                for event in events { continuation.yield(event) }
                continuation.finish()
            }
        }
        var count = 0
        for try await _ in stream().chatCompletionChunks() { count += 1 }
        #expect(count == 1)
        await #expect {
            for try await _ in stream().chatCompletionChunks(requiresDone: true) {}
        } throws: { error in
            (error as? ChatCompletionStreamError)?.kind == .missingDone
        }
    }

    @Test func eventsAfterDoneAreNotRead() async throws {
        let bytes = Array("data: [DONE]\n\ndata: garbage\n\n".utf8)
        let stream = AsyncStream<[UInt8]> { continuation in
            continuation.yield(bytes)
            continuation.finish()
        }
        var count = 0
        for try await _ in stream.serverSentEvents().chatCompletionChunks() { count += 1 }
        #expect(count == 0)
    }
}
