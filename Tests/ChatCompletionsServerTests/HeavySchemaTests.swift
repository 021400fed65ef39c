import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

/// Measures gaps between tokens, so `scripts/run-tests.sh` runs it alone, after the other tests.
@Suite("A heavy schema never stalls the other streams", .serialized)
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

        let (arrivals, lightTask) = try await Self.lightStream(client: client, maxTokens: 2000, warmUp: 20)

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

extension HeavySchemaTests {
    /// The three heavy schemas of issue 25: an object of 1,000 required integers, an array of 200 to
    /// 2,000 short strings, and a pattern of nested repetitions. Each keeps the model writing to its
    /// token limit.
    static let heavySchemas: [JSONValue] = [
        manyProperties(1000),
        [
            "type": "object", "required": ["items"], "additionalProperties": false,
            "properties": [
                "items": [
                    "type": "array", "items": ["type": "string", "maxLength": 8], "minItems": 200, "maxItems": 2000,
                ]
            ],
        ],
        [
            "type": "object", "required": ["code"], "additionalProperties": false,
            "properties": ["code": ["type": "string", "pattern": "^(([a-z]{1,5}-){2,10}[0-9]{1,4}){8,20}$"]],
        ],
    ]

    /// A plain stream that writes to its limit, recording when each token arrives (until the
    /// arrivals are stopped), returned once `warmUp` tokens have come.
    static func lightStream(
        client: ChatClient, maxTokens: Int, warmUp: Int
    ) async throws -> (Arrivals, Task<Void, any Error>) {
        var light = ChatCompletionRequest(
            messages: [.user("Write a very long essay about the sea.")], model: LiveServer.defaultModel,
            maxTokens: maxTokens)
        light.ignoreEOS = true
        light.seed = 1
        let arrivals = Arrivals()
        let task = Task {
            for try await chunk in try await client.streamChatCompletion(light)
            where chunk.choices.first?.delta.content?.isEmpty == false {
                arrivals.record()
                if arrivals.stopped { break }
            }
        }
        while arrivals.count < warmUp { try await Task.sleep(for: .milliseconds(20)) }
        return (arrivals, task)
    }

    /// A plain stream's gaps while three neighbours generate: those wholly after every neighbour has
    /// its first token and before the first of them ends, so that prompt reading and grammar
    /// compiling (tested above) stay out and only the work of each token is compared.
    static func neighbourGaps(
        heavy: Bool, client: ChatClient
    ) async throws -> (p95: Double, longest: Double, count: Int) {
        let (arrivals, lightTask) = try await lightStream(client: client, maxTokens: 600, warmUp: 10)
        let spans = try await withThrowingTaskGroup(
            of: (first: ContinuousClock.Instant, end: ContinuousClock.Instant, tokens: Int).self
        ) { group in
            for index in 0..<3 {
                var request = ChatCompletionRequest(
                    messages: [.user(heavy ? "Fill in the form." : "Tell me about boat number \(index).")],
                    model: LiveServer.defaultModel, maxTokens: 120)
                request.seed = index
                if heavy {
                    request.responseFormat = .jsonSchema(
                        JSONSchemaFormat(name: "form\(index)", schema: heavySchemas[index], strict: true))
                } else {
                    request.ignoreEOS = true
                }
                group.addTask {
                    var first: ContinuousClock.Instant?
                    var tokens = 0
                    for try await chunk in try await client.streamChatCompletion(request)
                    where chunk.choices.first?.delta.content?.isEmpty == false {
                        first = first ?? .now
                        tokens += 1
                    }
                    return (try #require(first), .now, tokens)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        arrivals.stop()
        _ = await lightTask.result
        // Every neighbour wrote to its limit, so the window is the steady state of three of them.
        #expect(spans.allSatisfy { $0.tokens >= 100 }, "neighbours' tokens: \(spans.map(\.tokens))")
        let start = spans.map(\.first).max()!
        let end = spans.map(\.end).min()!
        let gaps = arrivals.gaps(inside: start...end).sorted()
        guard !gaps.isEmpty else { return (.infinity, .infinity, 0) }
        return (gaps[gaps.count * 95 / 100], gaps.last!, gaps.count)
    }

    @Test(
        "beside three heavy schemas a plain stream keeps its pace: longest gap within 2x, p95 within 1.2x of three plain neighbours"
    )
    func heavyNeighboursDoNotSlowAStream() async throws {
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 4))
        let client = ChatClient(configuration: .init(baseURL: server.baseURL + "/v1"))
        // Up to four paired attempts: this machine's host can take a core away for a while by itself,
        // so one attempt within both bounds shows the behaviour. With the grammar applied to the
        // whole vocabulary at every token (llama.cpp's sampler, before TokenSampler checked the
        // drawn token first and searched the token trie), every attempt fails: p95 57-65 ms against
        // 31-40, longest 66-68 against 33-43; as it is: p95 41 against 40, longest 48 against 43.
        // A baseline whose longest gap is far beyond its p95 caught such a moment (or the first
        // steps of a fresh server): it would make any stall look small, so that attempt is void.
        _ = try await Self.neighbourGaps(heavy: false, client: client)
        var attempts: [String] = []
        var kept = false
        for _ in 0..<4 where !kept {
            let plain = try await Self.neighbourGaps(heavy: false, client: client)
            let heavy = try await Self.neighbourGaps(heavy: true, client: client)
            try #require(
                plain.count >= 40 && heavy.count >= 40, "windows too short: \(plain.count), \(heavy.count) gaps")
            let clean = plain.longest <= 3 * plain.p95
            kept = clean && heavy.p95 <= 1.2 * plain.p95 && heavy.longest <= 2 * plain.longest
            attempts.append(
                "p95 \(Int(heavy.p95 * 1000)) ms against \(Int(plain.p95 * 1000)), longest \(Int(heavy.longest * 1000)) against \(Int(plain.longest * 1000))\(clean ? "" : " (void: the baseline stalled)")"
            )
        }
        await server.stop()
        #expect(kept, "the stream slowed beside heavy schemas in every attempt: \(attempts)")
        print("heavy neighbours: \(attempts)")
    }
}

/// When each streamed token arrived.
final class Arrivals: Sendable {
    private let state = Mutex<(times: [ContinuousClock.Instant], stopped: Bool)>(([], false))

    func record() { state.withLock { $0.times.append(.now) } }
    func stop() { state.withLock { $0.stopped = true } }
    var stopped: Bool { state.withLock { $0.stopped } }
    var count: Int { state.withLock { $0.times.count } }
    var first: ContinuousClock.Instant? { state.withLock { $0.times.first } }

    /// Seconds between consecutive arrivals, counting only gaps that lie wholly in `range`.
    func gaps(inside range: ClosedRange<ContinuousClock.Instant>) -> [Double] {
        let times = state.withLock { $0.times }.filter { range.contains($0) }
        return zip(times, times.dropFirst()).map { ($0.1 - $0.0).seconds }
    }

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
