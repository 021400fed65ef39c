import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation
import TestSupport
import Testing

/// The client against the real `chat-server` with the default model (a tiny base model: its text
/// is nonsense, so these tests check mechanics, not meaning).
@Suite("Live server")
struct LiveServerTests {
    static func client(_ server: LiveServer) -> ChatClient {
        ChatClient(configuration: .init(baseURL: server.baseURL + "/v1"))
    }

    static func request(
        _ text: String = "Write one short sentence about the sea.", maxTokens: Int = 12
    )
        -> ChatCompletionRequest
    {
        ChatCompletionRequest(messages: [.user(text)], model: LiveServer.defaultModel, maxTokens: maxTokens)
    }

    /// Runs `body` with a server of its own, stopped afterwards.
    static func withPrivateServer<Result>(
        parallel: Int, isolation: isolated (any Actor)? = #isolation, _ body: (LiveServer) async throws -> Result
    ) async throws -> Result {
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: parallel))
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    @Test("a completion has the contract's shape")
    func completion() async throws {
        let client = Self.client(try await LiveServer.shared)
        var request = Self.request()
        request.temperature = 0
        let completion = try await client.createChatCompletion(request)
        #expect(completion.id.hasPrefix("chatcmpl-"))
        #expect(completion.model == LiveServer.defaultModel)
        let choice = try #require(completion.choices.first)
        #expect(choice.message.role == .assistant)
        #expect(choice.message.content != nil)
        #expect(choice.finishReason == .stop || choice.finishReason == .length)
        #expect((completion.usage?.promptTokens ?? 0) > 0)
        #expect((completion.usage?.completionTokens ?? 0) > 0)
        #expect((completion.usage?.completionTokens ?? 0) <= 12)
    }

    @Test("the streamed chunks fold into exactly the non-streamed completion (temperature 0, seed, n 2, logprobs)")
    func streamEqualsCompletion() async throws {
        // A server of its own, so that no other test's requests share its batches.
        try await Self.withPrivateServer(parallel: 2) { server in
            let client = Self.client(server)
            var request = Self.request(maxTokens: 16)
            request.temperature = 0
            request.seed = 42
            request.n = 2
            request.logprobs = true
            request.topLogprobs = 2
            let plain = try await client.createChatCompletion(request)
            request.streamOptions = StreamOptions(includeUsage: true)
            let stream = try await client.streamChatCompletion(request)
            var chunks = 0
            var accumulator = ChatCompletionAccumulator()
            for try await chunk in stream {
                chunks += 1
                accumulator.add(chunk)
            }
            let streamed = accumulator.completion
            #expect(chunks > 4)
            #expect(streamed.id != plain.id)
            #expect(plain.choices.count == 2)
            #expect(streamed.choices.count == plain.choices.count)
            for (mine, theirs) in zip(streamed.choices, plain.choices) {
                #expect(mine.message == theirs.message, "choice \(theirs.index)")
                #expect(mine.finishReason == theirs.finishReason, "choice \(theirs.index)")
                #expect(mine.logprobs == theirs.logprobs, "choice \(theirs.index)")
            }
            #expect(streamed.model == plain.model)
            #expect(streamed.systemFingerprint == plain.systemFingerprint)
            #expect(streamed.serviceTier == plain.serviceTier)
            // The second request may find its prompt cached, so only the counts must agree.
            #expect(streamed.usage?.promptTokens == plain.usage?.promptTokens)
            #expect(streamed.usage?.completionTokens == plain.usage?.completionTokens)
            #expect(streamed.usage?.totalTokens == plain.usage?.totalTokens)
        }
    }

    @Test("n choices come back, each finished, with their own index")
    func choices() async throws {
        let client = Self.client(try await LiveServer.shared)
        var request = Self.request(maxTokens: 6)
        request.n = 3
        request.temperature = 1
        request.seed = 3
        let completion = try await client.createChatCompletion(request)
        #expect(completion.choices.map(\.index) == [0, 1, 2])
        #expect(completion.choices.allSatisfy { $0.finishReason != nil && $0.message.content != nil })
    }

    @Test("log probabilities cover every generated token, with the alternatives asked for")
    func logprobs() async throws {
        let client = Self.client(try await LiveServer.shared)
        var request = Self.request(maxTokens: 8)
        request.logprobs = true
        request.topLogprobs = 3
        request.temperature = 0
        let completion = try await client.createChatCompletion(request)
        let choice = try #require(completion.choices.first)
        let tokens = try #require(choice.logprobs?.content)
        #expect(tokens.count == completion.usage?.completionTokens)
        #expect(tokens.allSatisfy { $0.logprob <= 0 && $0.topLogprobs.count == 3 })
        #expect(tokens.allSatisfy { token in token.topLogprobs.allSatisfy { $0.logprob <= 0 } })
        let bytes = tokens.flatMap { $0.bytes ?? [] }.map { UInt8(truncatingIfNeeded: $0) }
        #expect(String(decoding: bytes, as: UTF8.self) == choice.message.content)
    }

    @Test("a bad request to the real server is a typed 400 naming the parameter")
    func serverError() async throws {
        let server = try await LiveServer.shared
        var configuration = ChatClient.Configuration(baseURL: server.baseURL + "/v1")
        configuration.validation = nil
        let client = ChatClient(configuration: configuration)
        var request = Self.request()
        request.temperature = 3
        let error = await #expect(throws: ChatClientError.self) { _ = try await client.createChatCompletion(request) }
        #expect(error?.code == .badRequest)
        #expect(error?.status == 400)
        #expect(error?.param == "temperature")
        #expect(error?.type == "invalid_request_error")
        request.temperature = nil
        request.model = "no-such-model"
        let missing = await #expect(throws: ChatClientError.self) { _ = try await client.createChatCompletion(request) }
        #expect(missing?.code == .notFound)
        let models = try await client.listModels()
        #expect(models.data.contains { $0.id == LiveServer.defaultModel })
    }

    struct Verdict: StructuredOutput, Equatable {
        var answer: String
        var confidence: Int

        static let jsonSchema = JSONSchema.object([
            "answer": .string(maxLength: 24), "confidence": .integer(minimum: 0, maximum: 10),
        ])
    }

    @Test("structured output decodes into a type (needs the server's json_schema support)")
    func structuredOutput() async throws {
        let client = Self.client(try await LiveServer.shared)
        var request = Self.request("Is the sea blue? Answer in JSON.", maxTokens: 120)
        request.temperature = 0
        let result = try await client.createStructuredCompletion(request, as: Verdict.self)
        #expect(result.value.answer.count <= 24)
        #expect((0...10).contains(result.value.confidence))
    }

    struct Sum: Decodable, Sendable {
        var a: Int
        var b: Int
    }

    @Test("the tool runner loops through real tool calls (needs the server's tool calling)")
    func toolRunner() async throws {
        let client = Self.client(try await LiveServer.shared)
        let add = ChatTool(
            name: "add", description: "Adds two integers.",
            parameters: .object(["a": .integer(minimum: 0, maximum: 100), "b": .integer(minimum: 0, maximum: 100)]),
            strict: true, arguments: Sum.self
        ) { sum in String(sum.a + sum.b) }
        var request = Self.request("What is 2 + 3? Use the add tool.", maxTokens: 60)
        request.toolChoice = .required
        request.temperature = 0
        request.seed = 1
        let result = try await client.runTools(request, tools: [add], maxSteps: 6)
        #expect(!result.calls.isEmpty)
        #expect(result.calls.first?.ran == true)
        #expect(result.calls.first?.call.function.name == "add")
        #expect(result.steps >= 2)
        #expect(result.content != nil)
    }

    enum Abandon: CaseIterable {
        case cancelTask, dropIterator, dropUnread
    }

    @Test("cancelling the reading task, or dropping the stream read or unread, frees the server's sequence at once")
    func cancellation() async throws {
        // One sequence only: while the abandoned generation ran on, nothing else could start.
        try await Self.withPrivateServer(parallel: 1) { server in
            let client = Self.client(server)
            var long = Self.request("Tell me a very long story.", maxTokens: 1500)
            long.ignoreEOS = true
            long.temperature = 1
            long.seed = 9
            var quick = Self.request("Hi", maxTokens: 2)
            quick.temperature = 0
            var perToken = 0.0
            for mode in Abandon.allCases {
                let clock = ContinuousClock()
                let counter = ChunkClock()
                switch mode {
                case .dropUnread:
                    // Dropped without reading a byte; give it time to generate, as the others did.
                    _ = try await client.streamChatCompletion(long)
                    try await Task.sleep(for: .milliseconds(500))
                case .dropIterator:
                    let stream = try await client.streamChatCompletion(long)
                    for try await _ in stream {
                        if await counter.tick() >= 12 { break }
                    }
                case .cancelTask:
                    let task = Task {
                        for try await _ in try await client.streamChatCompletion(long) { _ = await counter.tick() }
                    }
                    while await counter.count < 12 { try await Task.sleep(for: .milliseconds(20)) }
                    task.cancel()
                    let outcome = await task.result
                    #expect(throws: CancellationError.self) { try outcome.get() }
                }
                // The time the abandoned generation would still have needed, at the rate it ran.
                if mode != .dropUnread { perToken = await counter.secondsPerChunk }
                let remaining = perToken * Double(1500 - 12)
                let start = clock.now
                _ = try await client.createChatCompletion(quick)
                let waited = (clock.now - start) / .seconds(1)
                #expect(
                    waited < remaining / 4,
                    "\(mode): the next request waited \(waited) s; the rest would take \(remaining) s")
                if let busy = try await Self.busySequences(server) {
                    var left = busy
                    // The next request has already been answered: this only waits for /health to
                    // catch up, however slowly a busy machine runs it.
                    let deadline = clock.now + .seconds(60)
                    while left > 0, clock.now < deadline {
                        try await Task.sleep(for: .milliseconds(100))
                        left = try await Self.busySequences(server) ?? 0
                    }
                    #expect(left == 0, "\(mode): /health still reports \(left) busy sequences")
                }
            }
        }
    }

    /// The busy sequence count `/health` reports, when it reports one.
    static func busySequences(_ server: LiveServer) async throws -> Int? {
        let health = try await TestHTTP.get(server.baseURL + "/health")
        guard health.status == 200, let json = try? health.json else { return nil }
        func search(_ value: JSONValue) -> Int? {
            guard case .object(let object) = value else { return nil }
            for (key, member) in object {
                if key.lowercased().contains("busy") || key == "slots_processing" {
                    if let count = member.intValue { return count }
                }
                if let found = search(member) { return found }
            }
            return nil
        }
        return search(json)
    }
}

/// Counts chunks and when they came.
actor ChunkClock {
    private(set) var count = 0
    private let start = ContinuousClock.now
    private var last: ContinuousClock.Instant?

    func tick() -> Int {
        count += 1
        last = .now
        return count
    }

    /// Seconds per chunk, counted from when the clock was made (before the request was sent), so
    /// never less than the server took: chunks that a busy machine delivers to the reading task
    /// late and all at once do not make the server look faster than it is. (The prompt's reading is
    /// counted in too, which errs on the same side.)
    var secondsPerChunk: Double {
        guard let last, count > 0 else { return 0 }
        return (last - start) / .seconds(1) / Double(count)
    }
}
