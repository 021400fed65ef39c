public import ChatCompletionsAPI

/// What a tool run produced: the final answer and the conversation that led to it.
public struct ToolRunResult: Sendable {
    /// A tool call the model made and what it was answered.
    public struct Call: Sendable, Hashable {
        /// The call as the model made it.
        public var call: ToolCall
        /// The text sent back: the tool's result, or an error message for the model.
        public var result: String
        /// Whether the tool's code ran (not when the tool was unknown or the arguments were bad).
        public var ran: Bool

        /// A record of a call.
        public init(call: ToolCall, result: String, ran: Bool) {
            self.call = call
            self.result = result
            self.ran = ran
        }
    }

    /// The last completion: the model's answer.
    public var completion: ChatCompletion
    /// The whole conversation: the request's messages, each assistant turn, each tool result, and
    /// the final answer; send it back with a new user message to go on.
    public var messages: [ChatMessage]
    /// How many completions were asked for.
    public var steps: Int
    /// Every tool call, in order.
    public var calls: [Call]
    /// The token counts of all completions together, when the provider reported them.
    public var usage: CompletionUsage?

    /// A result.
    public init(
        completion: ChatCompletion, messages: [ChatMessage], steps: Int, calls: [Call], usage: CompletionUsage?
    ) {
        self.completion = completion
        self.messages = messages
        self.steps = steps
        self.calls = calls
        self.usage = usage
    }

    /// The text of the final answer.
    public var content: String? { completion.choices.first?.message.content }
}
