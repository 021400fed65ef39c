import ChatCompletionsAPI
import ChatInference

/// Turns one choice's generated text into engine events: plain content, or (when tool calls are
/// possible) content and tool-call deltas separated by the family's parser.
struct ChoiceOutput {
    private var parser: ToolCallParser?
    /// Whether any tool call was made.
    private(set) var madeCalls = false
    /// Log-probabilities of tokens whose text the parser holds back (it may start a call): they go
    /// out with that text if it turns out to be content, and are dropped if it is call syntax.
    private var heldLogprobs: [TokenLogprob] = []

    init(syntax: ToolCallSyntax?) {
        parser = syntax.map { ToolCallParser(syntax: $0) }
    }

    /// Events for new text; `logprobs` travel with the content it yields (tokens that turn out to be
    /// call syntax carry none, as calls have no log-probabilities in the contract).
    mutating func feed(_ text: String, logprobs: [TokenLogprob], choice: Int) -> [GenerationEvent] {
        guard var parser else { return [.content(choice: choice, text: text, logprobs: logprobs)] }
        let outputs = parser.feed(text)
        self.parser = parser
        heldLogprobs += logprobs
        return events(outputs, choice: choice)
    }

    /// Events for whatever the parser held back.
    mutating func finish(choice: Int) -> [GenerationEvent] {
        guard var parser else { return [] }
        let outputs = parser.finish()
        self.parser = parser
        return events(outputs, choice: choice)
    }

    private mutating func events(_ outputs: [ToolCallParser.Output], choice: Int) -> [GenerationEvent] {
        var events: [GenerationEvent] = []
        for output in outputs {
            switch output {
            case .content(let text):
                events.append(.content(choice: choice, text: text, logprobs: heldLogprobs))
                heldLogprobs = []
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
