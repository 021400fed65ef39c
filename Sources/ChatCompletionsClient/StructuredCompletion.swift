public import ChatCompletionsAPI

/// An answer decoded into a type: the value of each choice, and the completion it came from.
public struct StructuredCompletion<Value: Sendable>: Sendable {
    /// The value of the first choice.
    public var value: Value { values[0] }
    /// The value of every choice, in order (one unless the request's `n` was above 1).
    public var values: [Value]
    /// The completion as the provider returned it (usage, ids, finish reasons).
    public var completion: ChatCompletion

    /// A decoded completion; `values` must not be empty.
    public init(values: [Value], completion: ChatCompletion) {
        precondition(!values.isEmpty, "a structured completion has at least one value")
        self.values = values
        self.completion = completion
    }
}
