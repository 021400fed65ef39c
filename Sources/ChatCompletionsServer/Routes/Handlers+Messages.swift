import AnthropicMessagesAPI
import ChatCompletionsAPI
import ChatInference
import Foundation
import Hummingbird

/// Anthropic's Messages API on the same engine: a request is translated into a chat request (so
/// it meets the same validation, grammars, templates, seeds and scheduling), and the generation is
/// written back as a `message` or as Anthropic's stream events.
extension Handlers {
    /// `POST /v1/messages`.
    func messages(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let bytes = try await body(request, context)
        let wire = try MessagesRequest(jsonBytes: bytes)
        let id = RandomIdentifier.make(prefix: "msg_")
        let (chat, generation) = try chatRequest(for: wire, id: id)
        let run = try await startRun(chat, generation, context: context)
        if wire.stream { return run.stream(MessagesStreamDialect(id: id, model: wire.model)) }
        let collected = try await run.collect()
        let message = MessagesResponse(collected.assembler, id: id, model: wire.model)
        return ChatCompletionsRouter.jsonResponse(bytes: message.json.serialized(), headers: collected.headers)
    }

    /// `POST /v1/messages/count_tokens`: the prompt's tokens for a Messages request's conversation,
    /// system prompt, tools and thinking setting (`max_tokens` is not needed).
    func countMessageTokens(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let bytes = try await body(request, context)
        let body = try JSONFields(requestBody: bytes)
        try body.refuseUnknown(["model", "messages", "system", "tools", "tool_choice", "thinking"])
        var object = body.object
        // Counting needs no limit; one large enough for any thinking budget stands in.
        object["max_tokens"] = .int(Int(Int32.max))
        let wire = try MessagesRequest(json: .object(object))
        let generation = try chatRequest(for: wire, id: RandomIdentifier.make(prefix: "msg_")).generation
        let count = try await engine.countPromptTokens(generation)
        return ChatCompletionsRouter.jsonResponse(["input_tokens": .int(count)])
    }

    /// The chat request a Messages request stands for, validated, and the generation made of it
    /// (with the stop sequences, which Anthropic does not limit to four).
    func chatRequest(
        for wire: MessagesRequest, id: String
    ) throws -> (wire: ChatCompletionRequest, generation: GenerationRequest) {
        var chat = ChatCompletionRequest(messages: Self.chatMessages(wire), model: wire.model)
        chat.maxCompletionTokens = wire.maxTokens
        chat.temperature = wire.temperature
        chat.topP = wire.topP
        chat.topK = wire.topK
        chat.seed = wire.seed
        chat.user = wire.userID
        if wire.stream {
            chat.stream = true
            chat.streamOptions = StreamOptions(includeUsage: true)
        }
        if !wire.tools.isEmpty {
            chat.tools = wire.tools.map {
                Tool(
                    function: FunctionDefinition(name: $0.name, description: $0.description, parameters: $0.inputSchema)
                )
            }
        }
        // Without tools, auto and none both mean no call: the engine takes a tool choice only with tools.
        if let choice = wire.toolChoice, !wire.tools.isEmpty {
            switch choice.kind {
            case .auto: chat.toolChoice = .auto
            case .any: chat.toolChoice = .required
            case .tool(let name): chat.toolChoice = .function(name: name)
            case .none: chat.toolChoice = ToolChoice.none
            }
            if choice.disableParallelToolUse { chat.parallelToolCalls = false }
        }
        // Anthropic's models think only when asked; templates that can switch thinking off are told.
        switch wire.thinking {
        case .enabled(let budget)?:
            chat.chatTemplateKwargs = ["enable_thinking": true]
            chat.reasoningBudgetTokens = budget
        case .disabled?, nil:
            chat.chatTemplateKwargs = ["enable_thinking": false]
        }
        try chat.validate(limits: configuration.validationLimits)
        var generation = try GenerationRequest(chat, id: id)
        generation.stop = wire.stopSequences
        return (chat, generation)
    }

    /// The conversation in Chat Completions' messages: the system prompt first; a user turn's tool
    /// results become `tool` messages (before its text, as Anthropic orders them); an assistant
    /// turn's thinking, text and tool uses become one assistant message.
    static func chatMessages(_ wire: MessagesRequest) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        if let system = wire.system { messages.append(.system(system)) }
        for message in wire.messages {
            switch message.role {
            case .user:
                var texts: [String] = []
                for block in message.content {
                    switch block {
                    case .toolResult(let id, let content, let isError):
                        messages.append(.tool(isError ? "Error: " + content : content, toolCallID: id))
                    case .text(let text): texts.append(text)
                    default: break
                    }
                }
                if !texts.isEmpty { messages.append(.user(texts.joined(separator: "\n\n"))) }
            case .assistant:
                var texts: [String] = []
                var thinking: [String] = []
                var calls: [ToolCall] = []
                for block in message.content {
                    switch block {
                    case .text(let text): texts.append(text)
                    case .thinking(let text, _): thinking.append(text)
                    case .toolUse(let id, let name, let input):
                        calls.append(
                            ToolCall(id: id, function: FunctionCall(name: name, arguments: input.jsonString())))
                    default: break
                    }
                }
                // A turn of thinking alone (or no blocks) is still a turn: empty text, not no content,
                // which Chat Completions refuses.
                var assistant = AssistantMessage(
                    content: texts.isEmpty && !calls.isEmpty ? nil : .text(texts.joined(separator: "\n\n")),
                    toolCalls: calls.isEmpty ? nil : calls)
                if !thinking.isEmpty { assistant.reasoningContent = thinking.joined(separator: "\n") }
                messages.append(.assistant(assistant))
            }
        }
        return messages
    }
}

extension StopReason {
    /// Anthropic's reason for a chat finish reason (`stop` with a matched sequence is `stop_sequence`).
    init(_ reason: FinishReason, stopSequence: String?) {
        switch reason {
        case .length: self = .maxTokens
        case .toolCalls, .functionCall: self = .toolUse
        case .contentFilter: self = .refusal
        default: self = stopSequence == nil ? .endTurn : .stopSequence
        }
    }
}

extension MessagesResponse {
    /// The message an assembled generation (one choice) makes: thinking, text, then tool uses.
    init(_ assembler: CompletionAssembler, id: String, model: String) {
        let choice = assembler.completion.choices.first
        var content: [ContentBlock] = []
        if let thinking = choice?.message.reasoningContent, !thinking.isEmpty {
            content.append(.thinking(thinking, signature: ""))
        }
        if let text = choice?.message.content, !text.isEmpty { content.append(.text(text)) }
        for call in choice?.message.toolCalls ?? [] {
            content.append(.toolUse(id: call.id, name: call.function.name, input: Self.input(call.function.arguments)))
        }
        let stopSequence = assembler.stopSequence(ofChoice: 0)
        self.init(
            id: id, model: model, content: content,
            stopReason: choice?.finishReason.map { StopReason($0, stopSequence: stopSequence) },
            stopSequence: choice?.finishReason == .stop ? stopSequence : nil,
            usage: MessagesUsage(
                promptTokens: assembler.prompt?.promptTokens ?? 0, cachedTokens: assembler.prompt?.cachedTokens ?? 0,
                outputTokens: assembler.completionTokens))
    }

    /// A tool use's input: the call's arguments as an object (`{}` when the model wrote none, or
    /// something that is not an object, which only an unconstrained call can).
    static func input(_ arguments: String) -> JSONValue {
        guard let value = try? JSONValue(parsing: Array(arguments.utf8)), case .object = value else { return [:] }
        return value
    }
}

/// Anthropic's stream: `message_start` and a `ping` once the prompt is read; each block (thinking,
/// text, tool use) opened with `content_block_start`, grown with its deltas and closed with
/// `content_block_stop`; `message_delta` with the stop reason and usage; `message_stop`.
struct MessagesStreamDialect: StreamDialect {
    let id: String
    let model: String
    /// The block being written: its index and kind.
    private var open: (index: Int, kind: String)?
    private var nextIndex = 0

    init(id: String, model: String) {
        self.id = id
        self.model = model
    }

    mutating func encode(
        _ event: GenerationEvent, chunks: [ChatCompletionChunk], assembler: CompletionAssembler
    ) -> [[UInt8]] {
        var events: [MessagesStreamEvent] = []
        switch event {
        case .started(let report):
            let start = MessagesResponse(
                id: id, model: model, content: [], stopReason: nil,
                usage: MessagesUsage(
                    promptTokens: report.promptTokens, cachedTokens: report.cachedTokens, outputTokens: 0))
            events = [.messageStart(start), .ping]
        case .reasoning(_, let text):
            guard !text.isEmpty else { break }
            events = begin("thinking", .thinking("", signature: "")) + [.thinkingDelta(index: nextIndex - 1, text)]
        case .content(_, let text, _):
            guard !text.isEmpty else { break }
            events = begin("text", .text("")) + [.textDelta(index: nextIndex - 1, text)]
        case .toolCall(_, let delta):
            if let callID = delta.id {
                events = close()
                events.append(
                    .contentBlockStart(
                        index: nextIndex, .toolUse(id: callID, name: delta.function?.name ?? "", input: [:])))
                open = (nextIndex, "tool_use")
                nextIndex += 1
            }
            if let arguments = delta.function?.arguments, !arguments.isEmpty, let index = open?.index {
                events.append(.inputJSONDelta(index: index, arguments))
            }
        case .finished(_, let reason, let tokens, _, let stopSequence):
            let usage = MessagesUsage(
                promptTokens: assembler.prompt?.promptTokens ?? 0, cachedTokens: assembler.prompt?.cachedTokens ?? 0,
                outputTokens: tokens)
            events =
                close() + [
                    .messageDelta(
                        stopReason: StopReason(reason, stopSequence: stopSequence),
                        stopSequence: reason == .stop ? stopSequence : nil, usage: usage)
                ]
        case .completed:
            events = [.messageStop]
        }
        return events.map(Self.bytes)
    }

    /// Opens a block of `kind` unless one is open already.
    private mutating func begin(_ kind: String, _ block: ContentBlock) -> [MessagesStreamEvent] {
        if open?.kind == kind { return [] }
        var events = close()
        events.append(.contentBlockStart(index: nextIndex, block))
        open = (nextIndex, kind)
        nextIndex += 1
        return events
    }

    private mutating func close() -> [MessagesStreamEvent] {
        guard let block = open else { return [] }
        open = nil
        return [.contentBlockStop(index: block.index)]
    }

    func end(assembler: CompletionAssembler) -> [[UInt8]] { [] }

    func failure(_ error: OpenAIError, assembler: CompletionAssembler) -> [[UInt8]] {
        let event = MessagesStreamEvent.error(
            MessagesError(type: MessagesError.type(forStatus: Int(error.status.code)), message: error.error.message))
        return [Self.bytes(event)]
    }

    static func bytes(_ event: MessagesStreamEvent) -> [UInt8] {
        ServerSentEventEncoder().encode(event.serverSentEvent)
    }
}
