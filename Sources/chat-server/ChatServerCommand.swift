import ArgumentParser
import ChatCompletionsServer
import ChatInference
import Foundation
import Hummingbird
import LlamaInference
import Logging
import ServiceLifecycle
import UnixSignals

/// `chat-server`: the OpenAI-compatible Chat Completions endpoint on llama.cpp.
@main
struct ChatServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-server",
        abstract: "Serve the OpenAI Chat Completions API with local GGUF models on llama.cpp.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(help: "A GGUF file, or a model id in --models-dir (default: the embedded default model).")
    var model = EngineConfiguration.defaultModelID
    @Option(help: "Directory of GGUF models; each is listed and loaded on first use.")
    var modelsDir = ChatServerCommand.defaultModelsDirectory
    @Option(help: "Another id the default model answers to.") var alias: String?
    @Option(help: "Tokens of context per sequence (prompt + completion); 0 = the model's training context.")
    var ctxSize = 4096
    @Option(help: "Sequences decoded together (each choice of each request is one).") var parallel = 4
    @Option(help: "CPU threads for decoding (default: all cores).") var threads = ProcessInfo.processInfo
        .activeProcessorCount
    @Option(help: "Requests that may wait for a free sequence before new ones get 429.") var queueSize = 64
    @Option(help: "API key clients must send as 'Authorization: Bearer <key>' or 'x-api-key: <key>' (repeatable).")
    var apiKey: [String] = []
    @Option(help: "File with one API key per line.") var apiKeyFile: String?
    @Option(help: "Largest request body accepted, in bytes.") var maxBodySize = 8 << 20
    @Option(help: "Directory of GGUF LoRA adapters for the default model, chosen per request with 'peft'.")
    var loraDir: String?
    @Option(help: "JSONL file receiving the prompts of requests that set log_prompt.") var promptLog: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Option(help: "Log line format: text, or json (one object per line, with the request id).")
    var logFormat = LogFormat.text
    @Flag(
        help: "Faster single streams, but a seed no longer reproduces when other requests share the batch.")
    var noBatchInvariance = false
    @Option(help: "Models kept loaded at once; the least recently used idle one is unloaded to load another.")
    var maxLoadedModels = 2
    @Option(
        help: ArgumentHelp(
            "Sampling values for fields a request leaves out: 'model' (the model's own recommendations, from GGUF general.sampling.* keys or a <model>.json sidecar, else OpenAI's) or 'openai' (OpenAI's always).",
            valueName: "model|openai"))
    var generationDefaults = "model"
    @Option(
        help: ArgumentHelp(
            "MiB of host memory per loaded model for prompt caches kept after their sequence is reused, so a returning prompt is restored instead of read again (0: off; default: an eighth of this machine's memory, 256 MiB to 8 GiB).",
            valueName: "MiB"))
    var cacheRam: Int?
    @Option(
        help:
            "Most prompt tokens read per scheduler step, over all prompts: lower keeps running streams' tokens evenly spaced while prompts arrive, higher reads long prompts sooner."
    )
    var promptStepTokens = 512
    @Option(
        help: ArgumentHelp(
            "A Jinja chat template file used for the default model instead of the one in its GGUF (for a model whose template is missing or broken).",
            valueName: "path"))
    var chatTemplateFile: String?
    @Option(
        help: ArgumentHelp(
            "What happens to a reasoning model's thinking: 'auto' splits it into reasoning_content by the markers its template uses; 'none' leaves it in the content.",
            valueName: "auto|none"))
    var reasoningFormat = "auto"
    @Flag(name: .customLong("no-web-ui"), help: "Do not serve the web chat page at /.") var noWebUI = false
    @Option(help: "Seconds a client may take to send a request's headers (then 408).") var headerTimeout = 30.0
    @Option(help: "Seconds a client may take to send a request's body (then 408).") var bodyTimeout = 60.0
    @Option(help: "Seconds a kept-alive connection may wait for its next request.") var idleTimeout = 120.0
    @Option(help: "Most seconds a completion may take; then its choices end with finish_reason 'length' (0: no limit).")
    var maxRequestSeconds = 0.0
    @Option(help: "On SIGTERM/SIGINT, seconds running completions get to finish before they are cancelled.")
    var shutdownGraceSeconds = 30.0
    @Option(
        help: ArgumentHelp(
            "Where stored responses (POST /v1/responses) are kept: a SQLite file, 'memory' (lost on exit), or a "
                + "PostgreSQL database that replicas share: postgres://user[:password]@host[:port]/database "
                + "(also postgresql://; ?sslmode=disable|prefer|require|verify-ca|verify-full, default prefer; "
                + "a Unix socket as postgres://user@/database?host=/var/run/postgresql). "
                + "The table 'responses' is created when missing. "
                + "Default: responses.sqlite in the cache directory ($CHAT_CACHE_DIR, ~/.cache/swift-chat-completions).",
            valueName: "path|memory|url"))
    var responsesStore: String?
    @Option(
        help: ArgumentHelp(
            "How many stored responses are kept, and for how long: COUNT, AGE or COUNT,AGE (AGE with s, m, h or d).",
            valueName: "count,age"))
    var responsesRetention = "10000,30d"

    /// The cache directory ($CHAT_CACHE_DIR, else ~/.cache/swift-chat-completions).
    static var cacheDirectory: String {
        ProcessInfo.processInfo.environment["CHAT_CACHE_DIR"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache/swift-chat-completions")
    }

    /// The store `--responses-store` names. A PostgreSQL store is connected to and its table created
    /// here, so that a server that cannot reach it stops at once, saying why.
    func responseStore(logger: Logger) async throws -> any ResponseStore {
        let retention = ResponseRetention(parsing: responsesRetention) ?? ResponseRetention()
        let location = responsesStore ?? (Self.cacheDirectory as NSString).appendingPathComponent("responses.sqlite")
        if PostgresResponseStore.Location.isURL(location) {
            let store = try PostgresResponseStore(url: location, retention: retention, logger: logger)
            let started = ContinuousClock.now
            do {
                try await store.prepare()
            } catch {
                throw StartError(description: "the responses store: \(error)")
            }
            logger.notice(
                "responses are stored in \(store.location), table \(store.table) (ready in \(ContinuousClock.now - started))"
            )
            return store
        }
        do {
            return try SQLiteResponseStore(path: location == "memory" ? nil : location, retention: retention)
        } catch {
            throw ValidationError("cannot open the responses store \(location): \(error)")
        }
    }

    static var defaultModelsDirectory: String {
        ProcessInfo.processInfo.environment["CHAT_MODELS_DIR"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache/swift-chat-completions/models")
    }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535.") }
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1.") }
        guard ctxSize >= 0 else { throw ValidationError("--ctx-size must be 0 or more.") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1.") }
        guard queueSize >= 0 else { throw ValidationError("--queue-size must be 0 or more.") }
        guard maxBodySize >= 1024 else { throw ValidationError("--max-body-size must be at least 1024 bytes.") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel).") }
        for (name, value) in [
            ("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout),
        ] where !(value > 0 && value.isFinite) {
            throw ValidationError("\(name) must be a positive number of seconds.")
        }
        guard maxRequestSeconds >= 0 && maxRequestSeconds.isFinite else {
            throw ValidationError("--max-request-seconds must be 0 (no limit) or more.")
        }
        guard shutdownGraceSeconds >= 0 && shutdownGraceSeconds.isFinite else {
            throw ValidationError("--shutdown-grace-seconds must be 0 or more.")
        }
        guard promptStepTokens >= 2 else { throw ValidationError("--prompt-step-tokens must be at least 2.") }
        if let cacheRam, cacheRam < 0 { throw ValidationError("--cache-ram must be 0 (off) or more MiB.") }
        guard maxLoadedModels >= 1 else { throw ValidationError("--max-loaded-models must be at least 1.") }
        guard EngineConfiguration.GenerationDefaultsSource(rawValue: generationDefaults) != nil else {
            throw ValidationError("--generation-defaults must be 'model' or 'openai'.")
        }
        if let responsesStore, PostgresResponseStore.Location.isURL(responsesStore) {
            do {
                _ = try PostgresResponseStore.Location(parsing: responsesStore)
            } catch {
                throw ValidationError("--responses-store: \(error)")
            }
        }
        guard ResponseRetention(parsing: responsesRetention) != nil else {
            throw ValidationError("--responses-retention must be COUNT, AGE or COUNT,AGE, e.g. 10000,30d.")
        }
        guard EngineConfiguration.ReasoningFormat(rawValue: reasoningFormat) != nil else {
            throw ValidationError("--reasoning-format must be 'auto' or 'none'.")
        }
    }

    func run() async throws {
        var logger = logFormat.logger(label: "chat-server")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var keys = apiKey
        if let apiKeyFile {
            guard let text = try? String(contentsOfFile: apiKeyFile, encoding: .utf8) else {
                throw ValidationError("cannot read --api-key-file \(apiKeyFile).")
            }
            keys += text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
        var chatTemplate: String?
        if let chatTemplateFile {
            guard let text = try? String(contentsOfFile: chatTemplateFile, encoding: .utf8) else {
                throw ValidationError("cannot read --chat-template-file \(chatTemplateFile).")
            }
            chatTemplate = text
        }
        let engineConfiguration = EngineConfiguration(
            modelsDirectory: modelsDir, defaultModel: model, alias: alias, contextSize: ctxSize, parallel: parallel,
            threads: threads, queueLimit: queueSize, loraDirectory: loraDir, promptLogPath: promptLog,
            batchInvariant: !noBatchInvariance, maxLoadedModels: maxLoadedModels,
            generationDefaults: EngineConfiguration.GenerationDefaultsSource(rawValue: generationDefaults) ?? .model,
            promptCacheBytes: cacheRam.map { $0 << 20 }, promptStepBudget: promptStepTokens, chatTemplate: chatTemplate,
            reasoningFormat: EngineConfiguration.ReasoningFormat(rawValue: reasoningFormat) ?? .auto)
        let store = try await responseStore(logger: logger)
        let engine = try LlamaEngine(configuration: engineConfiguration, logger: logger)
        let (addresses, addressContinuation) = AsyncStream<String>.makeStream()
        let server = ChatServerApplication.make(
            engine: engine,
            configuration: ServerConfiguration(
                apiKeys: keys, maxBodySize: maxBodySize, headerTimeout: .seconds(headerTimeout),
                bodyTimeout: .seconds(bodyTimeout), idleTimeout: .seconds(idleTimeout),
                maxRequestDuration: maxRequestSeconds > 0 ? .seconds(maxRequestSeconds) : nil,
                shutdownGrace: .seconds(shutdownGraceSeconds), webUI: !noWebUI),
            responseStore: store, address: .hostname(host, port: port), logger: logger,
            onServerRunning: { [logger, host, port] channel in
                let address =
                    channel.localAddress.map { "\($0.ipAddress ?? host):\($0.port ?? port)" } ?? "\(host):\(port)"
                logger.notice("listening on http://\(address)/v1 (loading the default model)")
                FileHandle.standardOutput.write(Data("chat-server listening on http://\(address)/v1\n".utf8))
                addressContinuation.yield(address)
                addressContinuation.finish()
            })
        // Once both the socket and the default model are ready, say how to try it.
        let announcement = Task { [model = engineConfiguration.defaultModel, noWebUI] in
            for await address in addresses {
                guard (try? await engine.waitUntilReady()) != nil else { return }
                let id = (((model as NSString).lastPathComponent) as NSString).deletingPathExtension
                let body = #"{"model": "\#(id)", "messages": [{"role": "user", "content": "Hello!"}]}"#
                let page = noWebUI ? "" : "  or chat in a browser: http://\(address)/\n"
                FileHandle.standardOutput.write(
                    Data(
                        """
                        chat-server ready: \(id) is loaded. Try it:
                          curl http://\(address)/v1/chat/completions -H 'content-type: application/json' -d '\(body)'
                        \(page)
                        """.utf8))
            }
        }
        defer { announcement.cancel() }
        // Services stop in reverse order: running completions drain, the HTTP server stops, then the engine,
        // then a store with connections of its own (PostgreSQL), so that draining responses are saved.
        let storeServices = (store as? any Service).map { [$0] } ?? []
        let group = ServiceGroup(
            configuration: .init(
                services: storeServices + [engine] + server.services, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        logger.notice("stopped")
    }
}

/// A failure at start that is not a usage error: printed as `Error: <description>`, without the usage.
struct StartError: Error, CustomStringConvertible {
    let description: String
}
