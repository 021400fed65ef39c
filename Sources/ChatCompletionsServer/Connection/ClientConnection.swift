import NIOConcurrencyHelpers

/// The connection a request arrived on, as far as a handler needs to know it: whether the client
/// is still there. It counts as gone once its side of the connection is closed (the client closed
/// or reset the socket), so work done only for it can stop.
///
/// The server's connections set ``current`` for the requests they carry; it is nil where there is no
/// real connection (Hummingbird's router test framework).
public final class ClientConnection: Sendable {
    private struct State {
        var closed = false
        var nextToken = 0
        var handlers: [Int: @Sendable () -> Void] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// A connection whose client is there.
    public init() {}

    /// The connection of the request being handled, if it came over one.
    @TaskLocal public static var current: ClientConnection?

    /// Whether the client has gone.
    public var isClosed: Bool { state.withLockedValue { $0.closed } }

    /// Records that the client has gone and runs every registered handler (once).
    public func close() {
        let handlers = state.withLockedValue { state -> [@Sendable () -> Void] in
            guard !state.closed else { return [] }
            state.closed = true
            defer { state.handlers = [:] }
            return Array(state.handlers.values)
        }
        for handler in handlers { handler() }
    }

    /// Runs `handler` when the client goes (at once if it has gone). The token removes it again.
    @discardableResult
    public func onClose(_ handler: @escaping @Sendable () -> Void) -> Int? {
        let token = state.withLockedValue { state -> Int? in
            guard !state.closed else { return nil }
            state.nextToken += 1
            state.handlers[state.nextToken] = handler
            return state.nextToken
        }
        if token == nil { handler() }
        return token
    }

    /// Forgets a handler registered with ``onClose(_:)``.
    public func removeHandler(_ token: Int?) {
        guard let token else { return }
        state.withLockedValue { _ = $0.handlers.removeValue(forKey: token) }
    }
}
