import ChatCompletionsAPI
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A request as the scripted server received it.
struct RecordedRequest: Sendable {
    var method: String
    var path: String
    /// Header values by lowercased name (the last value of repeated headers).
    var headers: [String: String]
    var body: [UInt8]
    var time: ContinuousClock.Instant

    /// The body parsed as JSON (`.null` when it is not JSON).
    var json: JSONValue { (try? JSONValue(parsing: body)) ?? .null }
}

/// What the scripted server answers.
struct Reply: Sendable {
    /// How the body is sent.
    enum Body: Sendable {
        /// All at once.
        case bytes([UInt8])
        /// In pieces, each flushed on its own, with a pause before every piece after the first.
        case pieces([[UInt8]], pause: Duration)
        /// The first pieces, each flushed on its own; then, once `gate` opens, the rest. The test
        /// decides how long the silence between them lasts, whatever the machine's load.
        case held([[UInt8]], until: Gate, then: [[UInt8]])
    }

    /// How the response ends.
    enum Ending: Sendable {
        /// Properly.
        case complete
        /// The connection is dropped after the body's pieces, so the body never ends properly.
        case abort
    }

    var status: Int = 200
    var headers: [(String, String)] = []
    var body: Body = .bytes([])
    /// When set, the status line is sent only once this gate opens.
    var heldUntil: Gate?
    var ending: Ending = .complete

    /// The gates the reply waits for.
    var gates: [Gate] {
        var gates = heldUntil.map { [$0] } ?? []
        if case .held(_, let gate, _) = body { gates.append(gate) }
        return gates
    }

    /// A JSON body.
    static func json(_ value: JSONValue, status: Int = 200, headers: [(String, String)] = []) -> Reply {
        Reply(
            status: status, headers: [("content-type", "application/json")] + headers, body: .bytes(value.serialized()))
    }

    /// A completion.
    static func completion(_ completion: ChatCompletion, headers: [(String, String)] = []) -> Reply {
        Reply(
            status: 200, headers: [("content-type", "application/json")] + headers,
            body: .bytes((try? completion.jsonBytes()) ?? []))
    }

    /// An error in OpenAI's shape.
    static func error(
        status: Int, message: String, type: String, param: String? = nil, code: String? = nil,
        headers: [(String, String)] = []
    ) -> Reply {
        json(
            [
                "error": [
                    "message": .string(message), "type": .string(type), "param": param.map { .string($0) } ?? .null,
                    "code": code.map { .string($0) } ?? .null,
                ]
            ], status: status, headers: headers)
    }

    /// An event stream with these bytes, sent in these pieces.
    static func events(
        _ bytes: [UInt8], pieces: [[UInt8]]? = nil, pause: Duration = .zero, ending: Ending = .complete
    )
        -> Reply
    {
        Reply(
            status: 200, headers: [("content-type", "text/event-stream")],
            body: pieces.map { .pieces($0, pause: pause) } ?? .bytes(bytes), ending: ending)
    }

    /// An event stream that sends `first` at once and `then` only once `gate` opens.
    static func events(
        first: [[UInt8]], heldUntil gate: Gate, then rest: [[UInt8]], ending: Ending = .complete
    ) -> Reply {
        Reply(
            status: 200, headers: [("content-type", "text/event-stream")], body: .held(first, until: gate, then: rest),
            ending: ending)
    }
}

/// A gate a scripted reply waits at, so that the test, not a fixed pause, decides when the reply
/// goes on: the test opens it (once what it waits for has happened), the server opens every gate
/// its replies wait at when it stops, and a gate made with a fallback opens by itself after that
/// long (so that a test whose client never reacts fails instead of hanging).
final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var waiting: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    /// A closed gate; with `fallback`, it opens by itself that long after it was made.
    init(opensAfter fallback: Duration? = nil) {
        if let fallback {
            Task { [weak self] in
                try? await Task.sleep(for: fallback)
                self?.open()
            }
        }
    }

    /// Whether it is open.
    var isOpen: Bool { state.withLock { $0.isOpen } }

    /// Opens it, for good: every waiter goes on.
    func open() {
        let waiting = state.withLock { state in
            state.isOpen = true
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Returns once it is open, or once the calling task is cancelled.
    func wait() async {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let goOn = state.withLock { state in
                    if state.isOpen || Task.isCancelled { return true }
                    state.waiting[id] = continuation
                    return false
                }
                if goOn { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiting.removeValue(forKey: id) }?.resume()
        }
    }
}

/// The gates a server's replies wait at, opened when it stops.
private final class Gates: Sendable {
    private let state = Mutex((gates: [Gate](), stopped: false))

    /// Keeps `gates` to open at the stop (or opens them now, when the server is stopping).
    func add(_ gates: [Gate]) {
        let stopped = state.withLock { state in
            state.gates += gates
            return state.stopped
        }
        if stopped { for gate in gates { gate.open() } }
    }

    /// Opens every gate, and every gate added later.
    func openAll() {
        let gates = state.withLock { state in
            state.stopped = true
            return state.gates
        }
        for gate in gates { gate.open() }
    }
}

/// A local HTTP server on a free port whose answers a test scripts: the handler gets each request
/// and its number (0 for the first) and returns the reply. Every request is recorded.
final class ScriptedServer: Sendable {
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    private let log: RequestLog
    private let gates: Gates

    /// `http://127.0.0.1:<port>/v1`.
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    private init(port: Int, group: ServiceGroup, task: Task<Void, any Error>, log: RequestLog, gates: Gates) {
        self.port = port
        self.group = group
        self.task = task
        self.log = log
        self.gates = gates
    }

    /// The requests so far, in order.
    var requests: [RecordedRequest] {
        get async { await log.requests }
    }

    /// Starts a server answering with `handler`.
    static func start(
        _ handler: @escaping @Sendable (RecordedRequest, Int) async throws -> Reply
    ) async throws -> ScriptedServer {
        let log = RequestLog()
        let gates = Gates()
        var logger = Logger(label: "scripted-server")
        logger.logLevel = .critical
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let buffer = try await request.collectBody(upTo: 64 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let recorded = RecordedRequest(
                method: request.method.rawValue, path: request.uri.path, headers: headers,
                body: Array(buffer.readableBytesView), time: .now)
            let number = await log.record(recorded)
            let reply = try await handler(recorded, number)
            gates.add(reply.gates)
            if let gate = reply.heldUntil { await gate.wait() }
            return Self.response(reply)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "scripted"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task { try await group.run() }
        var port = 0
        for await value in ports {
            port = value
            break
        }
        return ScriptedServer(port: port, group: group, task: task, log: log, gates: gates)
    }

    /// Stops listening, after the requests in flight are answered: every gate a reply waits at
    /// opens first, so that none holds the stop up. (Cancelling the server instead can crash it
    /// while a handler is still running.)
    func stop() async {
        gates.openAll()
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// Runs `body` with a server answering with `handler`, and stops the server afterwards.
    static func with<Result>(
        _ handler: @escaping @Sendable (RecordedRequest, Int) async throws -> Reply,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (ScriptedServer) async throws -> Result
    ) async throws -> Result {
        let server = try await start(handler)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private static func response(_ reply: Reply) -> Response {
        var fields = HTTPFields()
        for (name, value) in reply.headers {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        let pieces: [[UInt8]]
        let pause: Duration
        var held: (gate: Gate, rest: [[UInt8]])?
        switch reply.body {
        case .bytes(let bytes):
            pieces = [bytes]
            pause = .zero
        case .pieces(let list, let wait):
            pieces = list
            pause = wait
        case .held(let first, let gate, let rest):
            pieces = first
            pause = .zero
            held = (gate, rest)
        }
        let aborts = reply.ending == .abort
        let body = ResponseBody { [held] writer in
            for (index, piece) in pieces.enumerated() {
                if index > 0, pause > .zero { try await Task.sleep(for: pause) }
                if !piece.isEmpty { try await writer.write(ByteBuffer(bytes: piece)) }
            }
            if let held {
                await held.gate.wait()
                try Task.checkCancellation()
                for piece in held.rest where !piece.isEmpty { try await writer.write(ByteBuffer(bytes: piece)) }
            }
            if aborts { throw ScriptedAbort() }
            try await writer.finish(nil)
        }
        return Response(status: HTTPResponse.Status(code: reply.status), headers: fields, body: body)
    }
}

/// Thrown inside a response body to make the server drop the connection.
struct ScriptedAbort: Error {}

/// The requests a scripted server received.
actor RequestLog {
    private(set) var requests: [RecordedRequest] = []

    /// Records a request and returns its number.
    func record(_ request: RecordedRequest) -> Int {
        requests.append(request)
        return requests.count - 1
    }
}
