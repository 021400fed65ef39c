import ChatCompletionsAPI
import ChatInference

/// Folds an engine's events into the wire objects: one ``ChatCompletion`` for a plain request, or
/// the ``ChatCompletionChunk``s of a stream.
struct CompletionAssembler {
    let id: String
    let created: Int
    let serviceTier: ServiceTier
    let includeUsage: Bool
    let wantsLogprobs: Bool
    private(set) var model: String
    private(set) var fingerprint: String?
    private(set) var prompt: PromptReport?
    private var choices: [ChoiceState]

    struct ChoiceState {
        var content = ""
        var reasoning = ""
        var reasoningTokens = 0
        var logprobs: [TokenLogprob] = []
        var toolCalls: [ToolCall] = []
        var finishReason: FinishReason?
        /// The stop sequence that ended the choice, when one did.
        var stopSequence: String?
        var completionTokens = 0
    }

    init(
        id: String, created: Int, model: String, choices: Int, serviceTier: ServiceTier, includeUsage: Bool,
        wantsLogprobs: Bool
    ) {
        self.id = id
        self.created = created
        self.model = model
        self.serviceTier = serviceTier
        self.includeUsage = includeUsage
        self.wantsLogprobs = wantsLogprobs
        self.choices = Array(repeating: ChoiceState(), count: choices)
    }

    /// The stop sequence that ended a choice (nil: none did, or it has not ended).
    func stopSequence(ofChoice index: Int) -> String? { choices[index].stopSequence }

    /// Tokens generated over all choices so far.
    var completionTokens: Int { choices.reduce(0) { $0 + $1.completionTokens } }

    /// Thinking tokens over all choices so far.
    var reasoningTokens: Int { choices.reduce(0) { $0 + $1.reasoningTokens } }

    /// Usage for the whole request.
    var usage: CompletionUsage {
        let promptTokens = prompt?.promptTokens ?? 0
        return CompletionUsage(
            promptTokens: promptTokens, completionTokens: completionTokens,
            totalTokens: promptTokens + completionTokens,
            promptTokensDetails: .init(cachedTokens: prompt?.cachedTokens ?? 0, audioTokens: 0),
            completionTokensDetails: .init(
                acceptedPredictionTokens: 0, audioTokens: 0, reasoningTokens: reasoningTokens,
                rejectedPredictionTokens: 0))
    }

    /// Records an event; returns the chunks it stands for in a stream.
    mutating func apply(_ event: GenerationEvent) -> [ChatCompletionChunk] {
        switch event {
        case .started(let report):
            prompt = report
            model = report.model
            fingerprint = report.systemFingerprint
            return choices.indices.map { index in
                var first = chunk([
                    .init(
                        index: index, delta: ChatCompletionDelta(role: .assistant, content: ""), finishReason: nil,
                        logprobs: nil)
                ])
                if index == 0 { first.promptLogprobs = report.promptLogprobs }
                return first
            }
        case .content(let index, let text, let logprobs):
            choices[index].content += text
            choices[index].logprobs += logprobs
            return [
                chunk([
                    .init(
                        index: index, delta: ChatCompletionDelta(content: text), finishReason: nil,
                        logprobs: wantsLogprobs ? ChoiceLogprobs(content: logprobs, refusal: nil) : nil)
                ])
            ]
        case .reasoning(let index, let text):
            choices[index].reasoning += text
            return [
                chunk([
                    .init(
                        index: index, delta: ChatCompletionDelta(reasoningContent: text), finishReason: nil,
                        logprobs: nil)
                ])
            ]
        case .toolCall(let index, let delta):
            if delta.index < choices[index].toolCalls.count {
                choices[index].toolCalls[delta.index].function.arguments += delta.function?.arguments ?? ""
            } else {
                choices[index].toolCalls.append(
                    ToolCall(
                        id: delta.id ?? "",
                        function: FunctionCall(
                            name: delta.function?.name ?? "", arguments: delta.function?.arguments ?? "")))
            }
            return [
                chunk([
                    .init(
                        index: index, delta: ChatCompletionDelta(toolCalls: [delta]), finishReason: nil, logprobs: nil)
                ])
            ]
        case .finished(let index, let reason, let tokens, let reasoningTokens, let stopSequence):
            choices[index].finishReason = reason
            choices[index].completionTokens = tokens
            choices[index].reasoningTokens = reasoningTokens
            choices[index].stopSequence = stopSequence
            return [chunk([.init(index: index, delta: ChatCompletionDelta(), finishReason: reason, logprobs: nil)])]
        case .completed:
            guard includeUsage else { return [] }
            var last = chunk([])
            last.usage = usage
            return [last]
        }
    }

    /// A chunk with the request's identity.
    private func chunk(_ choices: [ChatCompletionChunk.Choice]) -> ChatCompletionChunk {
        var chunk = ChatCompletionChunk(
            id: id, created: created, model: model, choices: choices, systemFingerprint: fingerprint,
            serviceTier: serviceTier)
        if includeUsage && !choices.isEmpty { chunk.additionalFields["usage"] = .null }
        return chunk
    }

    /// The whole completion (after the stream of events ended).
    var completion: ChatCompletion {
        ChatCompletion(
            id: id, created: created, model: model,
            choices: choices.enumerated().map { index, state in
                ChatCompletion.Choice(
                    index: index,
                    message: ChatCompletionMessage(
                        role: .assistant,
                        content: state.toolCalls.isEmpty || !state.content.isEmpty ? state.content : nil,
                        refusal: nil, toolCalls: state.toolCalls.isEmpty ? nil : state.toolCalls,
                        reasoningContent: state.reasoning.isEmpty ? nil : state.reasoning),
                    finishReason: state.finishReason,
                    logprobs: wantsLogprobs ? ChoiceLogprobs(content: state.logprobs, refusal: nil) : nil)
            },
            usage: usage, systemFingerprint: fingerprint, serviceTier: serviceTier,
            promptLogprobs: prompt?.promptLogprobs)
    }
}
