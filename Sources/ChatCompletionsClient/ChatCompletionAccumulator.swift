public import ChatCompletionsAPI

/// Folds the chunks of a stream into the `ChatCompletion` the same request would have returned
/// without streaming.
///
/// For every choice (any `n`), it joins the content, reasoning and refusal pieces, assembles tool calls from
/// their fragments by `index` (the id, type and name from the first fragment that has them, the
/// arguments' text joined), joins the log probabilities, and keeps the last finish reason. From the
/// chunks as a whole it keeps the id, creation time, model, system fingerprint, service tier,
/// prompt log probabilities and the usage (from a final usage-only chunk or from a content chunk,
/// as some providers send it). Members the types do not model are kept too: string pieces of a
/// delta are joined into the message's additional fields.
public struct ChatCompletionAccumulator: Sendable {
    private var id = ""
    private var created = 0
    private var model = ""
    private var systemFingerprint: String?
    private var serviceTier: ServiceTier?
    private var usage: CompletionUsage?
    private var promptLogprobs: [TokenLogprob]?
    private var additionalFields = JSONObject()
    private var choices: [Int: ChoiceState] = [:]

    /// How many chunks were added.
    public private(set) var chunkCount = 0

    /// An accumulator that has seen no chunk.
    public init() {}

    /// Adds the next chunk of the stream.
    public mutating func add(_ chunk: ChatCompletionChunk) {
        chunkCount += 1
        if id.isEmpty { id = chunk.id }
        if created == 0 { created = chunk.created }
        if model.isEmpty { model = chunk.model }
        if let fingerprint = chunk.systemFingerprint { systemFingerprint = fingerprint }
        if let tier = chunk.serviceTier { serviceTier = tier }
        if let usage = chunk.usage { self.usage = usage }
        if promptLogprobs == nil { promptLogprobs = chunk.promptLogprobs }
        for (key, value) in chunk.additionalFields where key != "obfuscation" {
            additionalFields[key] = value
        }
        for choice in chunk.choices {
            choices[choice.index, default: ChoiceState()].add(choice)
        }
    }

    /// Adds chunks in order.
    public mutating func add(contentsOf chunks: some Sequence<ChatCompletionChunk>) {
        for chunk in chunks { add(chunk) }
    }

    /// The completion so far: after the last chunk, the whole answer.
    public var completion: ChatCompletion {
        ChatCompletion(
            id: id, created: created, model: model,
            choices: choices.keys.sorted().map { choices[$0]!.choice(index: $0) },
            usage: usage, systemFingerprint: systemFingerprint, serviceTier: serviceTier,
            promptLogprobs: promptLogprobs, additionalFields: additionalFields)
    }

    /// The text of one choice so far (`""` when it has none yet).
    public func content(ofChoice index: Int = 0) -> String {
        choices[index]?.content ?? ""
    }

    /// The thinking of one choice so far (`""` when it has none yet).
    public func reasoning(ofChoice index: Int = 0) -> String {
        choices[index]?.reasoning ?? ""
    }
}

/// What has arrived of one choice.
private struct ChoiceState: Sendable {
    var role: Role?
    var content: String?
    var reasoning: String?
    var refusal: String?
    var toolCalls: [Int: ToolCallState] = [:]
    var hasLogprobs = false
    var contentLogprobs: [TokenLogprob]?
    var refusalLogprobs: [TokenLogprob]?
    var finishReason: FinishReason?
    var messageFields = JSONObject()
    var choiceFields = JSONObject()

    mutating func add(_ piece: ChatCompletionChunk.Choice) {
        let delta = piece.delta
        if role == nil { role = delta.role }
        if let text = delta.content { content = (content ?? "") + text }
        if let text = delta.refusal { refusal = (refusal ?? "") + text }
        if let text = delta.reasoningContent { reasoning = (reasoning ?? "") + text }
        for call in delta.toolCalls ?? [] {
            toolCalls[call.index, default: ToolCallState()].add(call)
        }
        if let logprobs = piece.logprobs {
            hasLogprobs = true
            if let tokens = logprobs.content { contentLogprobs = (contentLogprobs ?? []) + tokens }
            if let tokens = logprobs.refusal { refusalLogprobs = (refusalLogprobs ?? []) + tokens }
        }
        if let reason = piece.finishReason { finishReason = reason }
        for (key, value) in delta.additionalFields {
            if case .string(let text) = value, case .string(let earlier)? = messageFields[key] {
                messageFields[key] = .string(earlier + text)
            } else {
                messageFields[key] = value
            }
        }
        for (key, value) in piece.additionalFields { choiceFields[key] = value }
    }

    func choice(index: Int) -> ChatCompletion.Choice {
        let calls = toolCalls.keys.sorted().map { toolCalls[$0]!.call }
        var text = content
        if text == "", !calls.isEmpty || refusal != nil { text = nil }
        let message = ChatCompletionMessage(
            role: role ?? .assistant, content: text, refusal: refusal, toolCalls: calls.isEmpty ? nil : calls,
            reasoningContent: reasoning, additionalFields: messageFields)
        return ChatCompletion.Choice(
            index: index, message: message, finishReason: finishReason,
            logprobs: hasLogprobs ? ChoiceLogprobs(content: contentLogprobs, refusal: refusalLogprobs) : nil,
            additionalFields: choiceFields)
    }
}

/// What has arrived of one tool call.
private struct ToolCallState: Sendable {
    var id: String?
    var type: ToolType?
    var name: String?
    var arguments = ""

    mutating func add(_ piece: ToolCallDelta) {
        if let value = piece.id, !value.isEmpty, id == nil || id == "" { id = value }
        if type == nil { type = piece.type }
        if let value = piece.function?.name, !value.isEmpty {
            // The name normally comes whole in the first fragment; some providers repeat it in every
            // fragment, a few split it. A repeat is not appended.
            if let current = name, current != value {
                name = current + value
            } else {
                name = value
            }
        }
        if let text = piece.function?.arguments { arguments += text }
    }

    var call: ToolCall {
        ToolCall(id: id ?? "", type: type ?? .function, function: FunctionCall(name: name ?? "", arguments: arguments))
    }
}
