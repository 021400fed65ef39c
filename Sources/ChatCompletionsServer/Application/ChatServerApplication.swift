public import ChatInference
import Hummingbird
public import HummingbirdCore
public import Logging
public import NIOCore
public import ServiceLifecycle

/// The chat server, assembled once for the executable and the tests: the routes over an engine, the
/// HTTP/1.1 connections with their time limits (``ServerConfiguration/headerTimeout`` and the
/// others), and the graceful shutdown that drains running completions before the listener closes.
///
/// Run ``services`` after the engine in one `ServiceGroup` (`[engine] + server.services`): on a
/// graceful shutdown the group stops them in reverse order, so the drain runs first (new completions
/// get 503, `/health` says `shutting_down`, running ones get ``ServerConfiguration/shutdownGrace``
/// to finish), then the HTTP server stops, then the engine.
public struct ChatServerApplication: Sendable {
    /// The HTTP application and the drain, in the order they start.
    public let services: [any Service]
    /// What the routes consult while shutting down.
    public let shutdown: ShutdownCoordinator

    /// The application serving `engine` on `address`. `onServerRunning` gets the listening channel
    /// (its local address tells a port chosen by the system).
    public static func make(
        engine: any ChatEngine, configuration: ServerConfiguration, metrics: ServerMetrics = ServerMetrics(),
        responseStore: (any ResponseStore)? = nil,
        address: BindAddress, serverName: String = "chat-server", logger: Logger,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> ChatServerApplication {
        let shutdown = ShutdownCoordinator()
        let router = ChatCompletionsRouter.build(
            engine: engine, configuration: configuration, metrics: metrics, shutdown: shutdown,
            responseStore: responseStore)
        let limits = ConnectionClock.Limits(configuration)
        let app = Application(
            router: router,
            server: HTTPServerBuilder { responder in TimedHTTP1Channel(responder: responder, limits: limits) },
            configuration: .init(address: address, serverName: serverName), onServerRunning: onServerRunning,
            logger: logger)
        let drain = Drain(shutdown: shutdown, grace: configuration.shutdownGrace, logger: logger)
        return ChatServerApplication(services: [app, drain], shutdown: shutdown)
    }

    /// Waits for a graceful shutdown, then drains: see ``ShutdownCoordinator/drain(grace:logger:)``.
    struct Drain: Service {
        let shutdown: ShutdownCoordinator
        let grace: Duration
        let logger: Logger

        func run() async throws {
            do {
                try await gracefulShutdown()
            } catch {
                return  // cancelled: the group is stopping without a graceful shutdown
            }
            await shutdown.drain(grace: grace, logger: logger)
        }
    }
}
