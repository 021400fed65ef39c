public import Logging
import NIOConcurrencyHelpers

/// What a graceful shutdown needs from the routes: once ``beginDraining()`` is called, new
/// completions are refused (503) and `/health` says `shutting_down`; the completions already running
/// are counted, so the shutdown can wait for them, and can cancel them when its grace runs out.
public final class ShutdownCoordinator: Sendable {
    private struct State {
        var draining = false
        var cancelled = false
        var nextToken = 0
        var running: [Int: @Sendable () -> Void] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// A coordinator for a server that is not shutting down.
    public init() {}

    /// Whether new completions are refused.
    public var isDraining: Bool { state.withLockedValue { $0.draining } }

    /// Completions running now.
    public var runningCount: Int { state.withLockedValue { $0.running.count } }

    /// Refuses new completions from now on.
    public func beginDraining() {
        state.withLockedValue { $0.draining = true }
    }

    /// Counts a running completion until ``finished(_:)``; `cancel` runs if the grace runs out
    /// first (at once when it already has).
    func started(cancel: @escaping @Sendable () -> Void) -> Int? {
        let token = state.withLockedValue { state -> Int? in
            guard !state.cancelled else { return nil }
            state.nextToken += 1
            state.running[state.nextToken] = cancel
            return state.nextToken
        }
        if token == nil { cancel() }
        return token
    }

    /// Stops counting a completion.
    func finished(_ token: Int?) {
        guard let token else { return }
        state.withLockedValue { _ = $0.running.removeValue(forKey: token) }
    }

    /// Cancels every running completion, and any that starts later.
    public func cancelRunning() {
        let handlers = state.withLockedValue { state -> [@Sendable () -> Void] in
            state.cancelled = true
            return Array(state.running.values)
        }
        for handler in handlers { handler() }
    }

    /// Refuses new completions, waits up to `grace` for the running ones to end, cancels those left,
    /// and waits (briefly) for them to wind down.
    public func drain(grace: Duration, logger: Logger) async {
        beginDraining()
        let running = runningCount
        if running > 0 {
            logger.notice("shutting down: waiting up to \(grace) for \(running) running completion(s)")
        }
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        while runningCount > 0 && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let left = runningCount
        guard left > 0 else { return }
        logger.notice("shutting down: the grace of \(grace) ran out; cancelling \(left) completion(s)")
        cancelRunning()
        let windDown = clock.now + .seconds(5)
        while runningCount > 0 && clock.now < windDown {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
