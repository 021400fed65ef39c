import ChatInference
import NIOConcurrencyHelpers

/// Why a completion stopped before its engine finished it.
enum GenerationCancelled: Error, Sendable, Hashable {
    /// The client closed its connection.
    case clientGone
    /// The server's shutdown grace ran out.
    case shutdown

    /// For the log line.
    var reason: String {
        switch self {
        case .clientGone: "client disconnected"
        case .shutdown: "server shutting down"
        }
    }
}

/// An engine's events, relayed until the client goes or the shutdown cancels running work: then
/// the relay ends with ``GenerationCancelled`` and stops consuming the engine's stream, which
/// cancels the generation (its sequence is freed at the engine's next step, whether it was still
/// waiting for one or generating). While the relay runs, the completion counts as running for
/// ``ShutdownCoordinator``.
enum CancellableGeneration {
    static func relay(
        _ events: AsyncThrowingStream<GenerationEvent, any Error>, client: ClientConnection?,
        shutdown: ShutdownCoordinator
    ) -> AsyncThrowingStream<GenerationEvent, any Error> {
        AsyncThrowingStream { continuation in
            let pump = Task {
                do {
                    for try await event in events { continuation.yield(event) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            // The registrations, and whether the relay already ended (a handler may end it at once).
            let registered = NIOLockedValueBox<(client: Int?, shutdown: Int?, ended: Bool)>((nil, nil, false))
            continuation.onTermination = { _ in
                pump.cancel()
                let tokens = registered.withLockedValue { tokens in
                    tokens.ended = true
                    return tokens
                }
                client?.removeHandler(tokens.client)
                shutdown.finished(tokens.shutdown)
            }
            let clientToken = client?.onClose {
                continuation.finish(throwing: GenerationCancelled.clientGone)
                pump.cancel()
            }
            let shutdownToken = shutdown.started {
                continuation.finish(throwing: GenerationCancelled.shutdown)
                pump.cancel()
            }
            let ended = registered.withLockedValue { tokens in
                tokens.client = clientToken
                tokens.shutdown = shutdownToken
                return tokens.ended
            }
            if ended {
                client?.removeHandler(clientToken)
                shutdown.finished(shutdownToken)
            }
        }
    }
}
