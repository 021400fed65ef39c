import ChatCompletionsAPI
import ChatInference
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ResponsesAPI
import Synchronization

/// What the Responses API keeps between requests: the store, and the background responses this
/// replica is running (so that they can be cancelled).
final class ResponsesState: Sendable {
    let store: any ResponseStore
    private let running = Mutex<[String: Task<Void, Never>]>([:])
    /// Background responses running here, as they are now (their output so far included).
    private let snapshots = Mutex<[String: ResponseObject]>([:])

    init(store: any ResponseStore) { self.store = store }

    func register(_ id: String, _ task: Task<Void, Never>) { running.withLock { $0[id] = task } }
    func update(_ object: ResponseObject) { snapshots.withLock { $0[object.id] = object } }
    func snapshot(_ id: String) -> ResponseObject? { snapshots.withLock { $0[id] } }
    func finished(_ id: String) {
        _ = running.withLock { $0.removeValue(forKey: id) }
        _ = snapshots.withLock { $0.removeValue(forKey: id) }
    }
    /// Cancels a background response running here; false when none is.
    func cancel(_ id: String) -> Bool {
        guard let task = running.withLock({ $0[id] }) else { return false }
        task.cancel()
        return true
    }
}

/// OpenAI's Responses API on the same engine: the conversation (rebuilt from stored responses by
/// `previous_response_id`, then the new input) is translated into a chat request, and the run is
/// written back as a response object or as Responses stream events; stored responses are kept in
/// the ``ResponseStore``.
extension Handlers {
    /// `POST /v1/responses`.
    func createResponse(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let bytes = try await body(request, context)
        let wire = try ResponsesRequest(jsonBytes: bytes)
        let id = RandomIdentifier.make(prefix: "resp_")
        var history: [ResponseItem] = []
        if let previous = wire.previousResponseID { history = try await conversation(through: previous) }
        let input = wire.input.map { item in item.identified { RandomIdentifier.make(prefix: item.idPrefix) } }
        var object = ResponseObject(
            id: id, createdAt: Int(Date().timeIntervalSince1970), status: "in_progress", settings: wire.echo)
        var builder = ResponseOutputBuilder(wantsLogprobs: wire.wantsLogprobs, maxToolCalls: wire.maxToolCalls)
        let run = try await startResponseRun(wire, history: history, input: input, id: id, context: context)
        let record = StoredResponse(
            id: id, createdAt: object.createdAt, previousResponseID: wire.previousResponseID, body: .null,
            inputItems: input.map(\.json))
        if wire.background {
            object.status = "queued"
            try await save(object, record, logger: context.logger)
            let task = Task.detached { [self, object, builder] in
                await finishInBackground(run, object: object, builder: builder, record: record)
            }
            responses.register(id, task)
            return ChatCompletionsRouter.jsonResponse(object.json)
        }
        if wire.stream {
            return run.stream(
                ResponsesStreamDialect(
                    object: object, builder: builder, record: record, store: wire.store ? responses.store : nil,
                    logger: context.logger))
        }
        let collected = try await run.collect { _ = builder.apply($0) }
        object.finish(builder, collected.assembler)
        if wire.store { try await save(object, record, logger: context.logger) }
        return ChatCompletionsRouter.jsonResponse(bytes: object.json.serialized(), headers: collected.headers)
    }

    /// Runs a background response to its end, saving it as it finishes, fails or is cancelled.
    func finishInBackground(
        _ run: GenerationRun, object: ResponseObject, builder: ResponseOutputBuilder, record: StoredResponse
    ) async {
        var object = object
        var builder = builder
        object.status = "in_progress"
        try? await save(object, record, logger: run.logger)
        responses.update(object)
        do {
            let collected = try await run.collect { event in
                _ = builder.apply(event)
                if case .started = event { return }
                var snapshot = object
                snapshot.output = builder.itemsSoFar
                responses.update(snapshot)
            }
            object.finish(builder, collected.assembler)
        } catch is CancellationError {
        } catch {
            object.fail(OpenAIError(error), output: builder.itemsSoFar)
        }
        if Task.isCancelled {
            object.status = "cancelled"
            object.output = builder.itemsSoFar
        }
        // Saved from a task of its own: this one may be cancelled, and the store would refuse it.
        let finished = object
        await Task { try? await save(finished, record, logger: run.logger) }.value
        responses.finished(object.id)
    }

    func save(_ object: ResponseObject, _ record: StoredResponse, logger: Logger) async throws {
        var record = record
        record.body = object.json
        do {
            try await responses.store.save(record)
        } catch {
            logger.error("\(object.id): the response could not be stored: \(error)")
            throw OpenAIError(
                status: .internalServerError, message: "The response could not be stored.", type: "server_error",
                code: "store_error")
        }
    }

    /// Starts the generation, translating the request; with `truncation: auto`, the oldest items
    /// are dropped until the conversation fits the context.
    func startResponseRun(
        _ wire: ResponsesRequest, history: [ResponseItem], input: [ResponseItem], id: String,
        context: BasicRequestContext
    ) async throws(OpenAIError) -> GenerationRun {
        var items = history + input
        while true {
            let (chat, generation) = try chatRequest(for: wire, items: items, id: id)
            do {
                return try await startRun(chat, generation, context: context, tiedToClient: !wire.background)
            } catch
                where wire.truncation == "auto" && error.error.code == .string("context_length_exceeded")
                && items.count > 1
            {
                items = Self.droppingOldestTurn(items)
            } catch {
                throw error.renamingParameters(Self.responsesParameterNames)
            }
        }
    }

    /// The items without their oldest turn: up to the next user message (a call is never kept
    /// without its output, nor an output without its call).
    static func droppingOldestTurn(_ items: [ResponseItem]) -> [ResponseItem] {
        var rest = items.dropFirst()
        while let first = rest.first {
            if case .message(let message) = first, message.role == "user" { break }
            rest = rest.dropFirst()
        }
        return rest.isEmpty ? [items.last!] : Array(rest)
    }

    /// Chat Completions' names of parameters, as the Responses API calls them.
    static let responsesParameterNames: [(String, String)] = [
        ("messages", "input"), ("max_completion_tokens", "max_output_tokens"), ("max_tokens", "max_output_tokens"),
        ("response_format.json_schema", "text.format"), ("response_format", "text.format"),
        ("top_logprobs", "top_logprobs"), ("reasoning_effort", "reasoning.effort"),
    ]

    /// The conversation a response continues: each earlier response's input items and output, oldest
    /// first (their instructions are not carried over, as OpenAI does).
    func conversation(through id: String) async throws(OpenAIError) -> [ResponseItem] {
        var chain: [StoredResponse] = []
        var next: String? = id
        while let current = next {
            guard chain.count < 10_000 else { break }
            let record: StoredResponse?
            do {
                record = try await responses.store.load(current)
            } catch {
                throw OpenAIError(
                    status: .internalServerError, message: "The response store failed.", type: "server_error",
                    code: "store_error")
            }
            guard let record else {
                throw OpenAIError(
                    status: current == id ? .notFound : .badRequest,
                    message: current == id
                        ? "Previous response with id '\(id)' not found."
                        : "The conversation of '\(id)' continues '\(current)', which is no longer stored.",
                    type: "invalid_request_error", param: "previous_response_id", code: "previous_response_not_found")
            }
            if current == id, let status = record.body["status"]?.stringValue,
                ["queued", "in_progress"].contains(status)
            {
                throw OpenAIError(
                    status: .badRequest,
                    message: "Previous response '\(id)' is still \(status); wait until it is done.",
                    type: "invalid_request_error", param: "previous_response_id", code: "previous_response_not_done")
            }
            chain.append(record)
            next = record.previousResponseID
        }
        var items: [ResponseItem] = []
        for record in chain.reversed() {
            for (index, value) in (record.inputItems + (record.body["output"]?.arrayValue ?? [])).enumerated() {
                do {
                    items.append(try ResponseItem(json: value, at: "stored[\(index)]"))
                } catch {
                    throw OpenAIError(
                        status: .internalServerError, message: "A stored response could not be read.",
                        type: "server_error", code: "store_error")
                }
            }
        }
        return items
    }

    /// The chat request a Responses request stands for, over `items` (the whole conversation), and
    /// its generation.
    func chatRequest(
        for wire: ResponsesRequest, items: [ResponseItem], id: String
    ) throws(OpenAIError) -> (wire: ChatCompletionRequest, generation: GenerationRequest) {
        var chat = ChatCompletionRequest(
            messages: Self.chatMessages(items, instructions: wire.instructions), model: wire.model)
        chat.maxCompletionTokens = wire.maxOutputTokens
        chat.temperature = wire.temperature
        chat.topP = wire.topP
        chat.seed = wire.seed
        chat.topK = wire.topK
        chat.minP = wire.minP
        chat.repetitionPenalty = wire.repetitionPenalty
        chat.user = wire.user
        chat.safetyIdentifier = wire.safetyIdentifier
        chat.promptCacheKey = wire.promptCacheKey
        if let tier = wire.serviceTier, tier != "scale" { chat.serviceTier = ServiceTier(rawValue: tier) }
        if wire.wantsLogprobs {
            chat.logprobs = true
            chat.topLogprobs = wire.topLogprobs ?? 0
        }
        if !wire.tools.isEmpty {
            chat.tools = wire.tools.map { Tool(function: $0) }
            chat.toolChoice = wire.toolChoice
            // Chat Completions' engine takes no allowed_tools: the model is offered only the allowed
            // ones, and must (required) or may (auto) call one.
            if case .allowedTools(let allowed)? = wire.toolChoice {
                let names = Set(allowed.toolNames.compactMap { $0 })
                chat.tools = wire.tools.filter { names.contains($0.name) }.map { Tool(function: $0) }
                chat.toolChoice = allowed.mode == .required ? .required : .auto
            }
            if wire.maxToolCalls == 1 {
                chat.parallelToolCalls = false
            } else {
                chat.parallelToolCalls = wire.parallelToolCalls
            }
            if wire.maxToolCalls == 0 { chat.toolChoice = ToolChoice.none }
        }
        chat.responseFormat = wire.format
        // text.verbosity is a hint a local model cannot be held to: it is echoed, not passed on
        // (Chat Completions' engine refuses verbosity).
        if let effort = wire.reasoningEffort { chat.reasoningEffort = ReasoningEffort(rawValue: effort) }
        if wire.stream {
            chat.stream = true
            chat.streamOptions = StreamOptions(includeUsage: true)
        }
        do {
            try chat.validate(limits: configuration.validationLimits)
            return (chat, try GenerationRequest(chat, id: id))
        } catch {
            throw OpenAIError(error).renamingParameters(Self.responsesParameterNames)
        }
    }

    /// Items as chat messages: instructions first, as a system message; an assistant's thinking,
    /// text and calls that follow each other become one assistant message; outputs become `tool`
    /// messages.
    static func chatMessages(_ items: [ResponseItem], instructions: String?) -> [ChatMessage] {
        var messages: [ChatMessage] = instructions.map { [.system($0)] } ?? []
        var assistant: AssistantMessage?
        func flush() {
            if var pending = assistant {
                // Thinking alone (a response cut off while it thought) is still a turn: empty text,
                // not no content, which Chat Completions refuses.
                if pending.content == nil && pending.toolCalls == nil { pending.content = .text("") }
                messages.append(.assistant(pending))
            }
            assistant = nil
        }
        for item in items {
            switch item {
            case .message(let message):
                switch message.role {
                case "assistant":
                    if assistant?.content != nil || assistant?.toolCalls != nil { flush() }
                    var pending = assistant ?? AssistantMessage(content: nil)
                    pending.content = .text(message.text)
                    assistant = pending
                case "system":
                    flush()
                    messages.append(.system(message.text))
                case "developer":
                    flush()
                    messages.append(.developer(message.text))
                default:
                    flush()
                    messages.append(.user(message.text))
                }
            case .functionCall(let call):
                var pending = assistant ?? AssistantMessage(content: nil)
                pending.toolCalls =
                    (pending.toolCalls ?? []) + [
                        ToolCall(id: call.callID, function: FunctionCall(name: call.name, arguments: call.arguments))
                    ]
                assistant = pending
            case .functionCallOutput(_, let callID, let output):
                flush()
                messages.append(.tool(output, toolCallID: callID))
            case .reasoning(_, let text):
                if assistant?.content != nil || assistant?.toolCalls != nil { flush() }
                var pending = assistant ?? AssistantMessage(content: nil)
                pending.reasoningContent = (pending.reasoningContent.map { $0 + "\n" } ?? "") + text
                assistant = pending
            }
        }
        flush()
        return messages
    }

    // MARK: - Stored responses

    /// `GET /v1/responses/{id}`: as stored, or as it is now while it runs in the background here.
    /// Replaying a response as a stream (`stream=true`, `starting_after`) and `include` are refused.
    func retrieveResponse(_ id: String, query: [String: String] = [:]) async throws -> Response {
        for (key, value) in query where !(key == "stream" && value == "false") {
            let what = key == "stream" || key == "starting_after" ? "Streaming a stored response again" : "'\(key)'"
            throw OpenAIError(
                InvalidRequestError(
                    message: "\(what) is not supported here: retrieve the response without it.", param: key,
                    code: "unsupported_parameter"))
        }
        if let running = responses.snapshot(id) { return ChatCompletionsRouter.jsonResponse(running.json) }
        return ChatCompletionsRouter.jsonResponse(try await storedResponse(id).body)
    }

    /// `DELETE /v1/responses/{id}`.
    func deleteResponse(_ id: String) async throws -> Response {
        _ = responses.cancel(id)
        guard try await storeCall({ try await responses.store.delete(id) }) else { throw Self.responseNotFound(id) }
        return ChatCompletionsRouter.jsonResponse(["id": .string(id), "object": "response.deleted", "deleted": true])
    }

    /// `POST /v1/responses/{id}/cancel`: a background response still running is cancelled (its
    /// output so far kept); one already done is returned as it is; a response that was not created
    /// in the background cannot be cancelled.
    func cancelResponse(_ id: String) async throws -> Response {
        var record = try await storedResponse(id)
        guard record.body["background"] == true else {
            throw OpenAIError(
                status: .badRequest, message: "Only background responses can be cancelled.",
                type: "invalid_request_error",
                param: "response_id", code: "invalid_value")
        }
        if let status = record.body["status"]?.stringValue, ["queued", "in_progress"].contains(status) {
            if responses.cancel(id) {
                // The run saves itself as cancelled; wait for it (briefly) so the answer says so.
                for _ in 0..<200 {
                    record = try await storedResponse(id)
                    if record.body["status"]?.stringValue == "cancelled" { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
            } else {
                // Running on another replica, or lost in a restart: marked cancelled here.
                var body = record.body.objectValue ?? [:]
                body["status"] = "cancelled"
                record.body = .object(body)
                try await storeCall { try await responses.store.save(record) }
            }
        }
        return ChatCompletionsRouter.jsonResponse(record.body)
    }

    /// `GET /v1/responses/{id}/input_items`: the request's input items, newest first unless
    /// `order=asc`, `limit` (1–100, default 20) at a time after the item `after`.
    func listInputItems(_ id: String, query: [String: String]) async throws -> Response {
        if let key = query.keys.first(where: { !["order", "limit", "after"].contains($0) }) {
            throw OpenAIError(
                InvalidRequestError(
                    message: "'\(key)' is not supported here (order, limit and after are).", param: key,
                    code: "unsupported_parameter"))
        }
        let record = try await storedResponse(id)
        let order = query["order"] ?? "desc"
        guard order == "asc" || order == "desc" else {
            throw OpenAIError(
                InvalidRequestError(message: "'order' must be asc or desc.", param: "order", code: "invalid_value"))
        }
        var limit = 20
        if let text = query["limit"] {
            guard let value = Int(text), (1...100).contains(value) else {
                throw OpenAIError(
                    InvalidRequestError(
                        message: "'limit' must be an integer from 1 to 100.", param: "limit", code: "invalid_value"))
            }
            limit = value
        }
        var items = record.inputItems
        if order == "desc" { items.reverse() }
        if let after = query["after"] {
            guard let index = items.firstIndex(where: { $0["id"]?.stringValue == after }) else {
                throw OpenAIError(
                    InvalidRequestError(
                        message: "No input item '\(after)' in this response.", param: "after", code: "invalid_value"))
            }
            items = Array(items[(index + 1)...])
        }
        let page = Array(items.prefix(limit))
        return ChatCompletionsRouter.jsonResponse([
            "object": "list", "data": .array(page), "first_id": page.first?["id"] ?? .null,
            "last_id": page.last?["id"] ?? .null, "has_more": .bool(items.count > limit),
        ])
    }

    func storedResponse(_ id: String) async throws -> StoredResponse {
        guard let record = try await storeCall({ try await responses.store.load(id) }) else {
            throw Self.responseNotFound(id)
        }
        return record
    }

    /// A store operation, its failure a 500 that says the store failed.
    func storeCall<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw OpenAIError(
                status: .internalServerError, message: "The response store failed.", type: "server_error",
                code: "store_error")
        }
    }

    static func responseNotFound(_ id: String) -> OpenAIError {
        OpenAIError(
            status: .notFound,
            message: "No response with id '\(id)' is stored (it was never stored, was deleted, or has expired).",
            type: "invalid_request_error", param: "response_id", code: "response_not_found")
    }
}

extension ResponseObject {
    /// The failed state: what failed, and the output made until then.
    mutating func fail(_ failure: OpenAIError, output items: [ResponseItem]) {
        status = "failed"
        output = items
        error = [
            "code": .string(failure.error.code?.description ?? "server_error"),
            "message": .string(failure.error.message),
        ]
    }

    /// The finished state: the built items, status, usage.
    mutating func finish(_ builder: ResponseOutputBuilder, _ assembler: CompletionAssembler) {
        output = builder.items
        status = builder.isIncomplete ? "incomplete" : "completed"
        if builder.isIncomplete { incompleteReason = "max_output_tokens" }
        completedAt = Int(Date().timeIntervalSince1970)
        usage = ResponseUsage(
            inputTokens: assembler.prompt?.promptTokens ?? 0, cachedTokens: assembler.prompt?.cachedTokens ?? 0,
            outputTokens: assembler.completionTokens, reasoningTokens: assembler.reasoningTokens)
    }
}

extension OpenAIError {
    /// The same error with its parameter (and the names in its message) in another API's words.
    func renamingParameters(_ names: [(String, String)]) -> OpenAIError {
        var renamed = self
        if let param = error.param {
            for (chat, other) in names where param == chat || param.hasPrefix(chat + ".") || param.hasPrefix(chat + "[")
            {
                renamed.error.param = other + param.dropFirst(chat.count)
                break
            }
        }
        for (chat, other) in names where chat != other {
            renamed.error.message = renamed.error.message.replacingOccurrences(of: "'\(chat)'", with: "'\(other)'")
        }
        return renamed
    }
}

/// Responses' stream: `response.created` and `response.in_progress` once the prompt is read, each
/// output item's events as the builder makes them, and `response.completed` (or
/// `response.incomplete`, or `response.failed`) with the whole response, which is stored then.
/// Every event carries its `sequence_number`.
struct ResponsesStreamDialect: StreamDialect {
    var object: ResponseObject
    let record: StoredResponse
    let store: (any ResponseStore)?
    let logger: Logger
    var builder: ResponseOutputBuilder
    var sequence = 0

    init(
        object: ResponseObject, builder: ResponseOutputBuilder, record: StoredResponse, store: (any ResponseStore)?,
        logger: Logger
    ) {
        self.object = object
        self.builder = builder
        self.record = record
        self.store = store
        self.logger = logger
    }

    mutating func encode(
        _ event: GenerationEvent, chunks: [ChatCompletionChunk], assembler: CompletionAssembler
    ) async throws -> [[UInt8]] {
        var events: [JSONObject] = []
        switch event {
        case .started:
            events = [
                ["type": "response.created", "response": object.json],
                ["type": "response.in_progress", "response": object.json],
            ]
        case .completed:
            object.finish(builder, assembler)
            await keep()
            events = [
                [
                    "type": .string(object.status == "incomplete" ? "response.incomplete" : "response.completed"),
                    "response": object.json,
                ]
            ]
        default:
            events = builder.apply(event)
        }
        return events.map { numbered($0) }
    }

    /// Stores the response as it is now (a store failure is logged: the stream has begun).
    func keep() async {
        guard let store else { return }
        var record = self.record
        record.body = object.json
        do {
            try await store.save(record)
        } catch {
            logger.error("\(object.id): the response could not be stored: \(error)")
        }
    }

    private mutating func numbered(_ event: JSONObject) -> [UInt8] {
        var event = event
        event["sequence_number"] = .int(sequence)
        sequence += 1
        return ServerSentEventEncoder().encode(
            ServerSentEvent(event: event["type"]?.stringValue, data: JSONValue.object(event).jsonString()))
    }

    mutating func end(assembler: CompletionAssembler) -> [[UInt8]] { [] }

    func failure(_ error: OpenAIError, assembler: CompletionAssembler) async -> [[UInt8]] {
        var failed = object
        failed.fail(error, output: builder.itemsSoFar)
        var copy = self
        copy.object = failed
        await copy.keep()
        return [copy.numbered(["type": "response.failed", "response": failed.json])]
    }
}
