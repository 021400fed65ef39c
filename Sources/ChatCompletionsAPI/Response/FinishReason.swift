/// Why the model stopped producing tokens for a choice.
public struct FinishReason: OpenStringEnum {
    /// The wire spelling, e.g. `stop`.
    public var rawValue: String

    /// The reason with this wire spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A natural end of the message or one of the stop sequences.
    public static let stop: FinishReason = "stop"
    /// The token limit (`max_tokens`, `max_completion_tokens` or the context) was reached.
    public static let length: FinishReason = "length"
    /// The model called one or more tools.
    public static let toolCalls: FinishReason = "tool_calls"
    /// Content was withheld by a content filter.
    public static let contentFilter: FinishReason = "content_filter"
    /// The model called a function the deprecated way.
    public static let functionCall: FinishReason = "function_call"
}
