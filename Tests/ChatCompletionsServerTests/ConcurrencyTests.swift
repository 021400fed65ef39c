import AsyncHTTPClient
import ChatCompletionsAPI
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@Suite("Concurrency, cancellation and back-pressure")
struct ConcurrencyTests {
    @Test("8 concurrent streams all complete")
    func eightStreams() async throws {
        let server = try await LiveServer.shared
        let results = try await withThrowingTaskGroup(of: (String, Int).self) { group in
            for index in 0..<8 {
                group.addTask {
                    let chunks = try await server.chunks(
                        body("Story number \(index):", ["max_tokens": 12, "ignore_eos": true, "seed": .int(index)]))
                    let finish = chunks.flatMap(\.choices).compactMap(\.finishReason)
                    return (streamedTexts(chunks)[0] ?? "", finish.count)
                }
            }
            var all: [(String, Int)] = []
            for try await result in group { all.append(result) }
            return all
        }
        for (text, finishes) in results {
            #expect(!text.isEmpty)
            #expect(finishes == 1)
        }
    }

    @Test("a client that disconnects mid-stream frees its sequence")
    func disconnectFreesSequence() async throws {
        // The model's whole context (8192): an abandoned stream that kept generating its 8000 tokens
        // would stay busy far longer (over a minute even on an idle machine here, about 95 tokens a
        // second) than the wait below allows a loaded one to notice the client leaving.
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 2, contextSize: 8192))
        var request = HTTPClientRequest(url: "\(server.baseURL)/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(
            ByteBuffer(
                bytes: body("Write a very long essay.", ["max_tokens": 8000, "ignore_eos": true, "stream": true])
                    .serialized()))
        let reader = Task {
            let response = try await TestHTTP.client.execute(request, timeout: .seconds(120))
            var received = 0
            for try await buffer in response.body {
                received += buffer.readableBytes
                if received > 2000 { break }  // a few chunks in, hang up
            }
        }
        try await reader.value
        // The abandoned stream must not keep generating its 8000 tokens.
        try await server.waitUntilIdle(seconds: 20)
        // And the server still serves.
        let completion = try await server.completion(body("Hi", ["max_tokens": 2]))
        #expect(completion.choices.count == 1)
        await server.stop()
    }

    @Test("past the waiting queue, requests get 429 in OpenAI's shape; the rest still complete")
    func queueFull() async throws {
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 1, queueLimit: 1))
        // Long enough to still hold the only sequence while this test, slowed down on a busy
        // machine, fills the queue and is refused.
        let long = body("Go on.", ["max_tokens": 1000, "ignore_eos": true])
        let running = Task { try await server.chat(long) }
        // Wait until the first one runs, then fill the queue.
        try await server.waitForHealth("the first request generating") { $0.busy == 1 }
        let queued = Task { try await server.chat(body("Hi", ["max_tokens": 1])) }
        try await server.waitForHealth("the second request queued") { $0.queued == 1 }
        let refused = try await server.chat(body("Hi", ["max_tokens": 1]))
        try expectError(refused, status: 429, code: "rate_limit_exceeded", type: "rate_limit_error")
        #expect(refused.headers["retry-after"] != nil)
        #expect(try await running.value.status == 200)
        #expect(try await queued.value.status == 200)
        await server.stop()
    }
}
