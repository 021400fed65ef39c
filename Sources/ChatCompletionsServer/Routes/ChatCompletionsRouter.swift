import ChatCompletionsAPI
public import ChatInference
import Foundation
import HTTPTypes
public import Hummingbird
import Logging

/// The routes of the server, over any ``ChatInference/ChatEngine``:
/// `POST /v1/chat/completions`, `GET /v1/models`, `GET /v1/models/{id}`, `POST /tokenize`,
/// `POST /detokenize`, `GET /health`, `GET /metrics`, `GET /openapi.json`, and the web chat page at
/// `GET /` unless ``ServerConfiguration/webUI`` is off.
public enum ChatCompletionsRouter {
    /// A router serving `engine` under `configuration`, recording into `metrics`, refusing new work
    /// once `shutdown` drains, keeping stored responses in `responseStore` (nil: SQLite in memory).
    public static func build(
        engine: any ChatEngine, configuration: ServerConfiguration, metrics: ServerMetrics = ServerMetrics(),
        shutdown: ShutdownCoordinator = ShutdownCoordinator(), responseStore: (any ResponseStore)? = nil
    ) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: HTTPMetricsMiddleware(metrics: metrics))
        router.add(middleware: OpenAIErrorMiddleware())
        router.add(middleware: DrainingMiddleware(shutdown: shutdown))
        router.add(middleware: BearerAuthMiddleware(keys: configuration.apiKeys))
        router.add(middleware: JSONContentTypeMiddleware())
        // An in-memory SQLite database cannot fail to open short of the process being out of memory.
        let store = responseStore ?? (try! SQLiteResponseStore(path: nil))
        let handlers = Handlers(
            engine: engine, configuration: configuration, metrics: metrics, shutdown: shutdown,
            responses: ResponsesState(store: store))
        // Served under /v1 and, as vLLM and llama.cpp's server also serve them, without it.
        let completions = RouteCollection(context: BasicRequestContext.self)
        completions.post("chat/completions") { request, context in try await handlers.chatCompletions(request, context)
        }
        completions.post("completions") { request, context in try await handlers.textCompletions(request, context) }
        router.addRoutes(completions, atPath: "/v1")
        router.addRoutes(completions)
        router.get("/v1/models") { _, _ in try await handlers.models() }
        router.get("/v1/models/{id}") { _, context in try await handlers.model(context.parameters.require("id")) }
        router.post("/tokenize") { request, context in try await handlers.tokenize(request, context) }
        router.post("/detokenize") { request, context in try await handlers.detokenize(request, context) }
        router.post("/v1/messages") { request, context in try await handlers.messages(request, context) }
        router.post("/v1/messages/count_tokens") { request, context in
            try await handlers.countMessageTokens(request, context)
        }
        router.post("/v1/responses") { request, context in try await handlers.createResponse(request, context) }
        router.get("/v1/responses/{id}") { request, context in
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            return try await handlers.retrieveResponse(context.parameters.require("id"), query: query)
        }
        router.delete("/v1/responses/{id}") { _, context in
            try await handlers.deleteResponse(context.parameters.require("id"))
        }
        router.get("/v1/responses/{id}/input_items") { request, context in
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            return try await handlers.listInputItems(context.parameters.require("id"), query: query)
        }
        router.post("/v1/responses/{id}/cancel") { _, context in
            try await handlers.cancelResponse(context.parameters.require("id"))
        }
        router.post("/apply-template") { request, context in try await handlers.applyTemplate(request, context) }
        router.get("/health") { _, _ in
            let status = await engine.status()
            guard status.ready else { return jsonResponse(["status": "loading"], status: .serviceUnavailable) }
            return jsonResponse([
                "status": "ok", "sequences_busy": .int(status.busySequences),
                "sequences_total": .int(status.capacity), "requests_queued": .int(status.queued),
            ])
        }
        if configuration.webUI {
            router.get("/") { _, _ in WebChatPage.response() }
            router.get("/index.html") { _, _ in WebChatPage.response() }
        }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            let bytes = await metrics.render(engine: engine)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        // The document describes the routes above; paths served twice (with and without /v1) are
        // written once in it.
        let served = router.routes.map { "\($0.path)" } + ["/openapi.json"]
        let document = OpenAPIDocument.document(servedPaths: served).serialized()
        router.get("/openapi.json") { _, _ in jsonResponse(bytes: document) }
        // Innermost, and last: it reads the routes above to tell 405 from 404.
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes.map { ("\($0.path)", $0.method) }))
        return router
    }

    static func jsonResponse(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        jsonResponse(bytes: value.serialized(), status: status)
    }

    static func jsonResponse(
        bytes: [UInt8], status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]
    ) -> Response {
        var headers = extra
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The handlers, holding the engine.
struct Handlers: Sendable {
    let engine: any ChatEngine
    let configuration: ServerConfiguration
    let metrics: ServerMetrics
    let shutdown: ShutdownCoordinator
    let responses: ResponsesState

    func body(_ request: Request, _ context: BasicRequestContext) async throws -> [UInt8] {
        var request = request
        let buffer = try await request.collectBody(upTo: configuration.maxBodySize)
        return Array(buffer.readableBytesView)
    }

    // MARK: - Chat completions

    func chatCompletions(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let bytes = try await body(request, context)
        let wire = try ChatCompletionRequest(jsonBytes: bytes)
        let run = try await startRun(wire, id: RandomIdentifier.make(prefix: "chatcmpl-"), context: context)
        if wire.isStreaming { return run.stream(ChatStreamDialect()) }
        let collected = try await run.collect()
        return ChatCompletionsRouter.jsonResponse(
            bytes: try collected.assembler.completion.jsonBytes(), headers: collected.headers)
    }

    /// What the checks of a finished answer found: each choice's verdict against the response schema
    /// (none without one), and each tool call's against its function's parameters (none without calls).
    struct OutputVerdicts {
        var content: [OutputSchemaCheck.Verdict] = []
        var toolCalls: [OutputSchemaCheck.Verdict] = []
    }

    /// Checks a finished answer's content against the response schema and its tool calls' arguments
    /// against their functions' parameters. A failure under a strict schema is logged as a warning,
    /// since its grammar should have prevented it.
    static func checkOutput(
        _ check: OutputSchemaCheck?, _ argumentChecks: [String: OutputSchemaCheck], _ assembler: CompletionAssembler,
        logger: Logger
    ) -> OutputVerdicts {
        var verdicts = OutputVerdicts()
        if let check {
            verdicts.content = check.verdicts(assembler.completion)
            for (index, verdict) in verdicts.content.enumerated() {
                guard case .invalid(let why) = verdict else { continue }
                if check.strict {
                    logger.warning("\(assembler.id): choice \(index) fails its strict schema: \(why)")
                } else {
                    logger.info(
                        "\(assembler.id): choice \(index) fails its schema where the grammar does not hold it: \(why)")
                }
            }
        }
        let calls = OutputSchemaCheck.toolCallVerdicts(assembler.completion, checks: argumentChecks)
        verdicts.toolCalls = calls.map(\.verdict)
        for (call, strict, verdict) in calls {
            guard case .invalid(let why) = verdict else { continue }
            let message: Logger.Message =
                "\(assembler.id): the arguments of call \(call.id) to \(call.function.name) fail its parameters\(strict ? " (strict)" : " where the grammar does not hold them"): \(why)"
            if strict { logger.warning(message) } else { logger.info(message) }
        }
        return verdicts
    }

    /// The request log line's words on the output checks.
    static func schemaTags(_ verdicts: OutputVerdicts, _ assembler: CompletionAssembler) -> [String] {
        var tags: [String] = []
        if !verdicts.content.isEmpty { tags.append("schema=\(verdicts.content.map(\.label).joined(separator: ","))") }
        if !verdicts.toolCalls.isEmpty {
            tags.append("tool_arguments=\(verdicts.toolCalls.map(\.label).joined(separator: ","))")
        }
        if let unenforced = assembler.prompt?.unenforcedSchemaKeywords, !unenforced.isEmpty {
            tags.append("schema_unenforced=\(unenforced.count)")
        }
        return tags
    }

    static func log(_ logger: Logger, _ assembler: CompletionAssembler, _ timings: GenerationTimings, tags: [String]) {
        let prompt = assembler.prompt
        let rate = timings.generation > 0 ? Double(timings.generatedTokens) / timings.generation : 0
        logger.info(
            "\(assembler.id) model=\(assembler.model) prompt=\(prompt?.promptTokens ?? 0) cached=\(prompt?.cachedTokens ?? 0) completion=\(assembler.completionTokens) queued=\(ms(timings.queued)) prompt_time=\(ms(timings.prompt)) generation_time=\(ms(timings.generation)) tokens_per_second=\(String(format: "%.1f", rate))\(tags.map { " \($0)" }.joined())"
        )
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.0fms", seconds * 1000) }

    // MARK: - Models

    func models() async throws -> Response {
        let list = ModelList(data: await engine.models().map(\.info))
        return ChatCompletionsRouter.jsonResponse(bytes: try list.jsonBytes())
    }

    func model(_ id: String) async throws -> Response {
        guard let found = await engine.models().first(where: { $0.id == id }) else {
            throw OpenAIError(
                status: .notFound, message: "The model '\(id)' does not exist.", type: "invalid_request_error",
                param: "model", code: "model_not_found")
        }
        return ChatCompletionsRouter.jsonResponse(bytes: try found.info.jsonBytes())
    }

    // MARK: - Tokens

    func tokenize(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let wire = try TokenizeRequest(jsonBytes: try await body(request, context))
        let tokens = try await engine.tokenize(
            wire.content, model: wire.model, addSpecial: wire.addSpecial ?? false,
            parseSpecial: wire.parseSpecial ?? true)
        var result: [JSONValue] = tokens.map { .int($0) }
        if wire.withPieces == true {
            result = []
            for token in tokens {
                let piece = (try? await engine.detokenize([token], model: wire.model)) ?? ""
                result.append(["id": .int(token), "piece": .string(piece)])
            }
        }
        return ChatCompletionsRouter.jsonResponse(["tokens": .array(result)])
    }

    func detokenize(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let wire = try DetokenizeRequest(jsonBytes: try await body(request, context))
        let text = try await engine.detokenize(wire.tokens, model: wire.model)
        return ChatCompletionsRouter.jsonResponse(["content": .string(text)])
    }
}

extension ModelDescriptor {
    /// The model list entry: OpenAI's members, vLLM's `max_model_len` and `parent`, and `meta`.
    var info: ModelInfo {
        var info = ModelInfo(id: id, created: created, ownedBy: ownedBy)
        if let baseModel { info.additionalFields["parent"] = .string(baseModel) }
        if let contextLength { info.additionalFields["max_model_len"] = .int(contextLength) }
        if let metadata {
            var meta: JSONObject = [
                "file": .string(metadata.fileName), "size": .int(metadata.fileSize), "loaded": .bool(loaded),
                "chat_template": .bool(metadata.hasChatTemplate),
                "generation_defaults": metadata.generationDefaults.json,
            ]
            if let architecture = metadata.architecture { meta["architecture"] = .string(architecture) }
            if let quantization = metadata.quantization { meta["quantization"] = .string(quantization) }
            if let parameters = metadata.parameters { meta["parameters"] = .int(parameters) }
            if let loadError = metadata.loadError { meta["load_error"] = .string(loadError) }
            info.additionalFields["meta"] = .object(meta)
        }
        return info
    }
}

extension GenerationDefaults {
    /// The defaults under the request parameters' names; only the values a model declares.
    var json: JSONValue {
        var object: JSONObject = [:]
        if let temperature { object["temperature"] = .double(temperature) }
        if let topP { object["top_p"] = .double(topP) }
        if let topK { object["top_k"] = .int(topK) }
        if let minP { object["min_p"] = .double(minP) }
        if let repetitionPenalty { object["repetition_penalty"] = .double(repetitionPenalty) }
        if let presencePenalty { object["presence_penalty"] = .double(presencePenalty) }
        if let frequencyPenalty { object["frequency_penalty"] = .double(frequencyPenalty) }
        if let maxTokens { object["max_tokens"] = .int(maxTokens) }
        return .object(object)
    }
}

extension OpenAIError {
    /// Any error from an engine call.
    init(_ error: any Error) {
        if let engine = error as? EngineError {
            self.init(engine)
        } else if let invalid = error as? InvalidRequestError {
            self.init(invalid)
        } else if let openAI = error as? OpenAIError {
            self = openAI
        } else if let cancelled = error as? GenerationCancelled {
            self.init(cancelled)
        } else {
            self = .internal
        }
    }
}
