import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

/// Measures gaps between tokens, so `scripts/run-tests.sh` runs it alone, after the other tests.
@Suite("A heavy schema never stalls the other streams")
struct HeavySchemaTests {
    /// An object with `count` required integer properties: within the published limits (OpenAI's
    /// 5,000 properties), and the slowest grammar to build among the schemas tried.
    static func manyProperties(_ count: Int) -> JSONValue {
        let names = (0..<count).map { String(format: "p%04d", $0) }
        var properties: JSONObject = [:]
        for name in names { properties[name] = ["type": "integer"] }
        return [
            "type": "object", "properties": .object(properties), "required": .array(names.map { .string($0) }),
            "additionalProperties": false,
        ]
    }

    @Test(
        "a running stream keeps its pace while another request's grammar compiles: no gap near the compile time"
    )
    func compileDoesNotStall() async throws {
        let captured = CapturedLines()
        var logger = Logger(label: "chat-server", factory: captured.handler)
        logger.logLevel = .debug
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 2), logger: logger)
        let client = ChatClient(configuration: .init(baseURL: server.baseURL + "/v1"))

        var light = ChatCompletionRequest(
            messages: [.user("Write a very long essay about the sea.")], model: LiveServer.defaultModel, maxTokens: 2000
        )
        light.ignoreEOS = true
        let arrivals = Arrivals()
        let lightTask = Task {
            for try await chunk in try await client.streamChatCompletion(light)
            where chunk.choices.first?.delta.content?.isEmpty == false {
                arrivals.record()
                if arrivals.stopped { break }
            }
        }
        while arrivals.count < 20 { try await Task.sleep(for: .milliseconds(20)) }

        let before = arrivals.gaps(within: try #require(arrivals.first)...ContinuousClock.now).sorted()
        let typical = before[before.count / 2]
        // Up to three heavy requests, each with a schema of its own (no compiled grammar to reuse):
        // this machine's host can take a core away for a few hundred milliseconds by itself, so one
        // attempt without a stall shows the behaviour. Without the core lent to the compilation every
        // attempt stalls (measured: one gap of 170–260 ms for a 170–400 ms compilation, against
        // 10–40 ms otherwise).
        var attempts: [String] = []
        var kept = false
        for attempt in 0..<3 where !kept {
            var heavy = ChatCompletionRequest(
                messages: [.user("Fill in the form.")], model: LiveServer.defaultModel, maxTokens: 4)
            heavy.responseFormat = .jsonSchema(
                JSONSchemaFormat(name: "form", schema: Self.manyProperties(5000 - attempt), strict: true))
            let sent = ContinuousClock.now
            var heavyID = ""
            for try await chunk in try await client.streamChatCompletion(heavy) { heavyID = chunk.id }
            let compiled = try captured.objects().compactMap { $0["message"]?.stringValue }
                .first { $0.hasPrefix(heavyID) && $0.contains("grammar compiled in") }
            let milliseconds = try #require(
                compiled.flatMap { Double($0.split(separator: " ").dropLast().last ?? "") },
                "the log says how long the grammar took: \(String(describing: compiled))")
            // The schema must be heavy enough to tell a stall from the stream's own pace.
            try #require(
                milliseconds >= 5 * typical * 1000,
                "compiling took \(milliseconds) ms, the stream's typical gap is \(Int(typical * 1000)) ms")
            // The light stream's gaps while the grammar compiled.
            let gaps = arrivals.gaps(within: sent...(sent + .milliseconds(Int(milliseconds))))
            let longest = gaps.max() ?? .infinity
            kept = gaps.count >= 3 && longest * 1000 < milliseconds / 3 && longest < 8 * typical
            attempts.append(
                "\(gaps.count) gaps, the longest \(Int(longest * 1000)) ms, while a \(Int(milliseconds)) ms compilation ran"
            )
        }
        arrivals.stop()
        _ = await lightTask.result
        await server.stop()
        #expect(kept, "the stream stalled in every attempt (typical gap \(Int(typical * 1000)) ms): \(attempts)")
    }
}

/// When each streamed token arrived.
private final class Arrivals: Sendable {
    private let state = Mutex<(times: [ContinuousClock.Instant], stopped: Bool)>(([], false))

    func record() { state.withLock { $0.times.append(.now) } }
    func stop() { state.withLock { $0.stopped = true } }
    var stopped: Bool { state.withLock { $0.stopped } }
    var count: Int { state.withLock { $0.times.count } }
    var first: ContinuousClock.Instant? { state.withLock { $0.times.first } }

    /// Seconds between consecutive arrivals, counting every gap that overlaps `range`.
    func gaps(within range: ClosedRange<ContinuousClock.Instant>) -> [Double] {
        let times = state.withLock { $0.times }
        return zip(times, times.dropFirst()).filter { $0.1 >= range.lowerBound && $0.0 <= range.upperBound }
            .map { ($0.1 - $0.0).seconds }
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}
