import ChatCompletionsAPI
import ChatInference

/// Turns one choice's generated text into engine events: the model's thinking (split off by the
/// family's markers, when it thinks), then plain content, or (when tool calls are possible) content
/// and tool-call deltas separated by the family's parser.
struct ChoiceOutput {
    private var reasoning: ReasoningSplitter?
    private var parser: ToolCallParser?
    /// Whether any tool call was made.
    private(set) var madeCalls = false
    /// Log-probabilities of tokens whose text the parser holds back (it may start a call): they go
    /// out with that text if it turns out to be content, and are dropped if it is call syntax.
    private var heldLogprobs: [TokenLogprob] = []

    /// Thinking that the family's format carries itself (harmony's analysis channel) is shown as
    /// content when the server does not split reasoning off.
    private let reasoningAsContent: Bool

    /// `syntax`: how calls (and, for harmony, every message) are read, nil when the output is plain;
    /// `tools`: the request's tools; `reasoningAsContent`: the server keeps thinking in the content.
    init(syntax: ToolCallSyntax?, thinking: ThinkingStart? = nil, tools: [Tool] = [], reasoningAsContent: Bool = false)
    {
        parser = syntax.map { ToolCallParser(syntax: $0, tools: tools, makeID: $0.makeCallID) }
        // Harmony's reader splits the thinking itself.
        reasoning = syntax?.family == .harmony ? nil : thinking.map { ReasoningSplitter($0) }
        self.reasoningAsContent = reasoningAsContent
    }

    /// Events for new text; `logprobs` travel with the content it yields (tokens that turn out to be
    /// call syntax or thinking carry none, as only content has log-probabilities in the contract).
    mutating func feed(_ text: String, logprobs: [TokenLogprob], choice: Int) -> [GenerationEvent] {
        guard var reasoning else { return answer(text, logprobs: logprobs, choice: choice) }
        let pieces = reasoning.feed(text)
        self.reasoning = reasoning
        return split(pieces, logprobs: logprobs, choice: choice)
    }

    /// Events for whatever was held back.
    mutating func finish(choice: Int) -> [GenerationEvent] {
        var events: [GenerationEvent] = []
        if var reasoning {
            events += split(reasoning.finish(), logprobs: [], choice: choice)
            self.reasoning = reasoning
        }
        guard var parser else { return events }
        let outputs = parser.finish()
        self.parser = parser
        return events + self.events(outputs, choice: choice)
    }

    /// Thinking goes out as reasoning; the answer's log-probabilities go with its first piece.
    private mutating func split(
        _ pieces: [ReasoningSplitter.Piece], logprobs: [TokenLogprob], choice: Int
    ) -> [GenerationEvent] {
        var events: [GenerationEvent] = []
        var logprobs = logprobs
        for piece in pieces {
            switch piece {
            case .reasoning(let text): events.append(.reasoning(choice: choice, text: text))
            case .answer(let text):
                events += answer(text, logprobs: logprobs, choice: choice)
                logprobs = []
            }
        }
        return events
    }

    /// Events for answer text: content, or what the tool-call parser makes of it.
    private mutating func answer(_ text: String, logprobs: [TokenLogprob], choice: Int) -> [GenerationEvent] {
        guard var parser else { return [.content(choice: choice, text: text, logprobs: logprobs)] }
        let outputs = parser.feed(text)
        self.parser = parser
        heldLogprobs += logprobs
        return events(outputs, choice: choice)
    }

    private mutating func events(_ outputs: [ToolCallParser.Output], choice: Int) -> [GenerationEvent] {
        var events: [GenerationEvent] = []
        for output in outputs {
            switch output {
            case .content(let text):
                events.append(.content(choice: choice, text: text, logprobs: heldLogprobs))
                heldLogprobs = []
            case .reasoning(let text) where reasoningAsContent:
                events.append(.content(choice: choice, text: text, logprobs: heldLogprobs))
                heldLogprobs = []
            case .reasoning(let text):
                heldLogprobs = []
                events.append(.reasoning(choice: choice, text: text))
            case .callStarted(let index, let id, let name):
                madeCalls = true
                heldLogprobs = []
                events.append(
                    .toolCall(
                        choice: choice,
                        ToolCallDelta(
                            index: index, id: id, type: .function,
                            function: FunctionCallDelta(name: name, arguments: ""))))
            case .arguments(let index, let fragment):
                heldLogprobs = []
                events.append(
                    .toolCall(
                        choice: choice, ToolCallDelta(index: index, function: FunctionCallDelta(arguments: fragment))))
            }
        }
        return events
    }
}
