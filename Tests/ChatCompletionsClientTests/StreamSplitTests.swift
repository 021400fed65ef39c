import AsyncHTTPClient
import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// The streaming path fed a body cut into pieces at every byte boundary, and cut short at every
/// byte: what comes out must never depend on where the network split the bytes, and a short
/// stream must never pass for a complete one.
@Suite("Stream splits")
struct StreamSplitTests {
    /// The rich stream with usage asked for, as the bytes a provider sends (with CRLF line ends in
    /// the middle, as some servers write them).
    static let bytes: [UInt8] = {
        var bytes = Fixtures.sse(Array(Fixtures.richStream.prefix(5)), done: false)
        let crlf = String(decoding: Fixtures.sse([Fixtures.richStream[5]], done: false), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: "\r\n")
        bytes += Array(crlf.utf8)
        bytes += Array(": keep-alive comment\n\n".utf8)
        bytes += Fixtures.sse(Array(Fixtures.richStream.dropFirst(6)))
        return bytes
    }()

    static let request: ChatCompletionRequest = {
        var request = Fixtures.request()
        request.n = 2
        request.streamOptions = StreamOptions(includeUsage: true)
        return request
    }()

    /// Reads a body made of `pieces` through the client's streaming path.
    static func read(_ pieces: [[UInt8]]) async throws -> (chunks: [ChatCompletionChunk], completion: ChatCompletion) {
        let buffers = pieces.map { ByteBuffer(bytes: $0) }
        let response = HTTPClientResponse(
            status: .ok, headers: ["content-type": "text/event-stream"], body: .stream(AsyncSequenceOfBuffers(buffers)))
        let stream = ChatCompletionStream(events: ChatCompletionEventStream(response: response), request: request)
        var chunks: [ChatCompletionChunk] = []
        var accumulator = ChatCompletionAccumulator()
        for try await chunk in stream {
            chunks.append(chunk)
            accumulator.add(chunk)
        }
        return (chunks, accumulator.completion)
    }

    @Test("the whole body at once gives the stream's chunks and its completion")
    func whole() async throws {
        let (chunks, completion) = try await Self.read([Self.bytes])
        #expect(chunks == Fixtures.richStream)
        #expect(completion == Fixtures.richCompletion)
    }

    @Test("split in two at every byte boundary, the chunks are the same")
    func everySplit() async throws {
        for offset in 0...Self.bytes.count {
            let (chunks, _) = try await Self.read([Array(Self.bytes[..<offset]), Array(Self.bytes[offset...])])
            #expect(chunks == Fixtures.richStream, "split at byte \(offset)")
        }
    }

    @Test("one byte at a time, the chunks are the same")
    func byteByByte() async throws {
        let (chunks, completion) = try await Self.read(Self.bytes.map { [$0] })
        #expect(chunks == Fixtures.richStream)
        #expect(completion == Fixtures.richCompletion)
    }

    @Test("cut short at every byte, the stream fails as incomplete, or is complete and whole")
    func everyTruncation() async throws {
        // The answer is complete once the usage chunk's event has ended (the finish reasons come
        // before it); only [DONE] is missing after that.
        let usageEvent = Fixtures.sse([Fixtures.richStream.last!], done: false)
        let completeAt = Self.bytes.count - ServerSentEventEncoder.doneBytes.count
        #expect(Array(Self.bytes[(completeAt - usageEvent.count)..<completeAt]) == usageEvent)
        for length in 0..<Self.bytes.count {
            let prefix = Array(Self.bytes[..<length])
            do {
                let (chunks, completion) = try await Self.read([prefix])
                #expect(length >= completeAt, "a stream cut at byte \(length) passed for complete")
                #expect(chunks == Fixtures.richStream)
                #expect(completion == Fixtures.richCompletion)
            } catch let error as ChatClientError {
                #expect(length < completeAt, "cut at \(length): \(error)")
                #expect(error.code == .streamEndedEarly, "cut at \(length): \(error)")
            }
        }
    }

    @Test("a stream without [DONE] whose choices all finished is accepted, as some providers send it")
    func missingDoneButFinished() async throws {
        var request = Fixtures.request()
        request.n = 2
        let bytes = Fixtures.sse(Array(Fixtures.richStream.dropLast()), done: false)
        let response = HTTPClientResponse(status: .ok, body: .bytes(ByteBuffer(bytes: bytes)))
        let completion = try await ChatCompletionStream(
            events: ChatCompletionEventStream(response: response), request: request
        ).collect()
        #expect(completion.choices.map(\.finishReason) == [.stop, .toolCalls])
    }

    @Test("a stream without [DONE] that delivered fewer choices than n asked for is incomplete")
    func missingChoice() async throws {
        var request = Fixtures.request()
        request.n = 3
        let bytes = Fixtures.sse(Array(Fixtures.richStream.dropLast()), done: false)
        let response = HTTPClientResponse(status: .ok, body: .bytes(ByteBuffer(bytes: bytes)))
        let error = await #expect(throws: ChatClientError.self) {
            _ = try await ChatCompletionStream(events: ChatCompletionEventStream(response: response), request: request)
                .collect()
        }
        #expect(error?.code == .streamEndedEarly)
        #expect(error?.message.contains("2 of 3") == true)
    }

    @Test("an event that is neither a chunk nor an error is an invalid response")
    func garbage() async throws {
        let bytes = Fixtures.sse([Fixtures.richStream[0]], done: false) + Array("data: {\"nonsense\": true}\n\n".utf8)
        let response = HTTPClientResponse(status: .ok, body: .bytes(ByteBuffer(bytes: bytes)))
        var received = 0
        let error = await #expect(throws: ChatClientError.self) {
            for try await _ in ChatCompletionStream(
                events: ChatCompletionEventStream(response: response), request: Self.request)
            {
                received += 1
            }
        }
        #expect(received == 1)
        #expect(error?.code == .invalidResponse)
    }
}

/// Buffers as an async sequence, the shape a streamed body has.
struct AsyncSequenceOfBuffers: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let buffers: [ByteBuffer]

    init(_ buffers: [ByteBuffer]) { self.buffers = buffers }

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<ByteBuffer>
        mutating func next() async -> ByteBuffer? { remaining.popFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: buffers[...]) }
}
