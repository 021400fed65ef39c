import ChatCompletionsAPI
import Foundation
import Testing

/// Encode → decode is the identity, for random values of every wire type.
@Suite struct PropertyTests {
    static let seeds: [UInt64] = Array(1...200)

    @Test(arguments: seeds)
    func requestsSurviveEncodingAndStrictDecoding(seed: UInt64) throws {
        var random = RandomValues(seed: seed)
        let request = random.request()
        let bytes = try request.jsonBytes()
        #expect(try ChatCompletionRequest(jsonBytes: bytes) == request)
        #expect(try ChatCompletionRequest(jsonBytes: request.jsonBytes(.prettyPrinted)) == request)
    }

    @Test(arguments: seeds.prefix(60))
    func requestsSurviveFoundationsCoders(seed: UInt64) throws {
        var random = RandomValues(seed: seed)
        random.integralDoublesInJSON = false
        let request = random.request()
        let data = try JSONEncoder().encode(request)
        #expect(try JSONDecoder().decode(ChatCompletionRequest.self, from: data) == request)
        #expect(try ChatCompletionRequest(jsonBytes: Array(data)) == request)
    }

    @Test(arguments: seeds)
    func responsesSurviveEncodingAndDecoding(seed: UInt64) throws {
        var random = RandomValues(seed: seed)
        let completion = random.completion()
        #expect(try roundTrip(completion) == completion)
        let chunk = random.chunk()
        #expect(try roundTrip(chunk) == chunk)
        let list = random.modelList()
        #expect(try roundTrip(list) == list)
        let error = random.errorResponse()
        #expect(try roundTrip(error) == error)
    }

    @Test(arguments: seeds.prefix(60))
    func chunksSurviveTheEventStream(seed: UInt64) throws {
        var random = RandomValues(seed: seed)
        let chunks = random.array(1...5) { $0.chunk() }
        let encoder = ServerSentEventEncoder()
        var bytes: [UInt8] = []
        for chunk in chunks { bytes += encoder.encode(data: try chunk.jsonString()) }
        bytes += encoder.encodeDone()
        let split = random.int(0...bytes.count)
        var decoder = ServerSentEventDecoder()
        let events = decoder.feed(bytes[..<split]) + decoder.feed(bytes[split...]) + decoder.finish()
        var decoded: [ChatCompletionChunk] = []
        var sawDone = false
        for event in events {
            switch try ChatCompletionStreamEvent(event) {
            case .chunk(let chunk): decoded.append(chunk)
            case .done: sawDone = true
            case .error(let error): Issue.record("unexpected error event \(error)")
            }
        }
        #expect(decoded == chunks)
        #expect(sawDone)
    }

    @Test(arguments: seeds)
    func eventsSurviveTheEncoderAndAnySplit(seed: UInt64) {
        var random = RandomValues(seed: seed)
        let events = random.array(1...6) { $0.event() }
        let bytes = events.flatMap { ServerSentEventEncoder().encode($0) }
        var whole = ServerSentEventDecoder()
        #expect(whole.feed(bytes) + whole.finish() == events)
        var pieces = ServerSentEventDecoder()
        var decoded: [ServerSentEvent] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + random.int(1...9))
            decoded += pieces.feed(bytes[start..<end])
            start = end
        }
        #expect(decoded + pieces.finish() == events)
    }

    @Test(arguments: seeds.prefix(100))
    func jsonValuesSurviveSerialization(seed: UInt64) throws {
        var random = RandomValues(seed: seed)
        let value = random.json()
        #expect(try JSONValue(parsing: value.serialized()) == value)
        #expect(try JSONValue(parsing: value.serialized([.prettyPrinted, .sortedKeys])) == value)
        #expect(try JSONValueDecoder().decode(JSONValue.self, from: JSONValueEncoder().encode(value)) == value)
    }
}
