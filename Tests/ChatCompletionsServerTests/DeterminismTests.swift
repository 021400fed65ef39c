import ChatCompletionsAPI
import TestSupport
import Testing

@Suite("Seeds and determinism")
struct DeterminismTests {
    static let request = body("Write a short poem about rain.", ["max_tokens": 20, "seed": 1234, "ignore_eos": true])

    @Test("the same seed gives the same output; without a seed outputs vary")
    func seedReproduces() async throws {
        let server = try await LiveServer.shared
        let first = try await server.completion(Self.request)
        let second = try await server.completion(Self.request)
        #expect(first.choices[0].message.content == second.choices[0].message.content)
        var unseeded = Self.request.objectValue!
        unseeded["seed"] = nil
        var outputs: Set<String> = []
        for _ in 0..<4 {
            outputs.insert(try await server.completion(.object(unseeded)).choices[0].message.content ?? "")
        }
        #expect(outputs.count > 1)
    }

    @Test("seeded outputs are the same while other requests run concurrently")
    func seedUnderConcurrency() async throws {
        let server = try await LiveServer.shared
        let alone = try await server.completion(Self.request).choices[0].message.content
        let outputs = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<4 {
                group.addTask {
                    if index == 0 { return try await server.completion(Self.request).choices[0].message.content }
                    // Different work in the same batches.
                    _ = try await server.completion(body("Something else \(index)", ["max_tokens": 30]))
                    return nil
                }
            }
            for index in 0..<3 {
                group.addTask { try await server.completion(Self.request).choices[0].message.content }
            }
            var results: [String] = []
            for try await output in group { if let output { results.append(output) } }
            return results
        }
        #expect(outputs.count == 4)
        for output in outputs { #expect(output == alone) }
    }

    @Test("a seed reproduces across a server restart")
    func seedAcrossRestart() async throws {
        let first = try await LiveServer.start(engine: LiveServer.configuration(parallel: 2))
        let before = try await first.completion(Self.request)
        await first.stop()
        let second = try await LiveServer.start(engine: LiveServer.configuration(parallel: 2))
        let after = try await second.completion(Self.request)
        await second.stop()
        #expect(before.choices[0].message.content == after.choices[0].message.content)
        #expect(before.systemFingerprint == after.systemFingerprint)
    }

    @Test("system_fingerprint changes with engine settings")
    func fingerprintTracksSettings() async throws {
        let a = try await LiveServer.start(engine: LiveServer.configuration(parallel: 1, contextSize: 1024))
        let fingerprintA = try await a.completion(body("Hi", ["max_tokens": 1])).systemFingerprint
        await a.stop()
        let b = try await LiveServer.start(engine: LiveServer.configuration(parallel: 1, contextSize: 2048))
        let fingerprintB = try await b.completion(body("Hi", ["max_tokens": 1])).systemFingerprint
        await b.stop()
        #expect(fingerprintA != nil && fingerprintA != fingerprintB)
    }
}
