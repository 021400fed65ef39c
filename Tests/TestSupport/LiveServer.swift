import ChatCompletionsAPI
public import ChatCompletionsServer
import ChatInference
import Foundation
import Hummingbird
public import LlamaInference
public import Logging
import ServiceLifecycle

/// A real chat-server (LlamaEngine + the HTTP routes) listening on a free loopback port, for
/// integration tests. `shared` is one server for a whole test run; `start` makes private ones
/// (other settings, restarts).
public final class LiveServer: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let baseURL: String
    /// The port it listens on.
    public let port: Int
    /// The engine behind it.
    public let engine: LlamaEngine
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// The id of the default model.
    public static let defaultModel = EngineConfiguration.defaultModelID
    /// The id of the second model the set-up installs (Gemma 3 270M, Q4_K_M: a base model).
    public static let secondModel = "gemma-3-270m-q4_k_m"

    /// Where the set-up put the models.
    public static var modelsDirectory: String {
        ProcessInfo.processInfo.environment["CHAT_MODELS_DIR"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache/swift-chat-completions/models")
    }

    /// The engine settings tests use unless they say otherwise.
    public static func configuration(
        model: String = defaultModel, parallel: Int = 8, contextSize: Int = 2048, queueLimit: Int = 512,
        loraDirectory: String? = nil, promptLogPath: String? = nil, modelsDirectory: String? = nil,
        maxLoadedModels: Int = 2, generationDefaults: EngineConfiguration.GenerationDefaultsSource = .model,
        promptCacheBytes: Int? = nil
    ) -> EngineConfiguration {
        EngineConfiguration(
            modelsDirectory: modelsDirectory ?? Self.modelsDirectory, defaultModel: model,
            contextSize: contextSize,
            parallel: parallel, threads: max(1, ProcessInfo.processInfo.activeProcessorCount), queueLimit: queueLimit,
            loraDirectory: loraDirectory, promptLogPath: promptLogPath, maxLoadedModels: maxLoadedModels,
            generationDefaults: generationDefaults, promptCacheBytes: promptCacheBytes)
    }

    private init(baseURL: String, port: Int, engine: LlamaEngine, group: ServiceGroup, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.port = port
        self.engine = engine
        self.group = group
        self.task = task
    }

    /// Starts listening on a free port and (unless `waitUntilReady` is false) waits until the default
    /// model is loaded. `beforeLoading` runs before each model load; `logger` (default: warnings,
    /// or the level in `TEST_SERVER_LOG`) receives the server's and the engine's log.
    public static func start(
        engine configuration: EngineConfiguration = configuration(),
        server: ServerConfiguration = ServerConfiguration(), responseStore: (any ResponseStore)? = nil,
        waitUntilReady: Bool = true, beforeLoading: @escaping @Sendable (String) async -> Void = { _ in },
        logger custom: Logger? = nil
    ) async throws -> LiveServer {
        var logger = custom ?? Logger(label: "test-server")
        if custom == nil {
            logger.logLevel =
                ProcessInfo.processInfo.environment["TEST_SERVER_LOG"].flatMap { Logger.Level(rawValue: $0) }
                ?? .warning
        }
        let engine = try LlamaEngine(configuration: configuration, logger: logger, beforeLoading: beforeLoading)
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let app = ChatServerApplication.make(
            engine: engine, configuration: server, responseStore: responseStore,
            address: .hostname("127.0.0.1", port: 0),
            serverName: "chat-server-test", logger: logger,
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            })
        let group = ServiceGroup(configuration: .init(services: [engine] + app.services, logger: logger))
        let task = Task { try await group.run() }
        var port = 0
        for await value in portStream {
            port = value
            break
        }
        if waitUntilReady { try await engine.waitUntilReady() }
        return LiveServer(baseURL: "http://127.0.0.1:\(port)", port: port, engine: engine, group: group, task: task)
    }

    /// Stops listening (in-flight requests finish) and stops the engine.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    private static let sharedTask = Task { try await LiveServer.start() }

    /// One server with the default settings, started on first use and kept for the whole run.
    public static var shared: LiveServer {
        get async throws { try await sharedTask.value }
    }
}
