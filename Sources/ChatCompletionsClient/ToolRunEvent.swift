public import ChatCompletionsAPI

/// Something that happened during a streamed tool run, reported as it happens (see
/// ``ToolRunner/run(_:client:onEvent:)``).
public enum ToolRunEvent: Sendable {
    /// A piece of the model's text, as it streamed in. Text of every step is reported, also the
    /// words a model writes before it calls a tool.
    case text(String)
    /// The model called a tool; the call is about to run.
    case toolCall(ToolCall)
    /// A call finished: what the model will read, and whether the tool's code ran.
    case toolResult(ToolRunResult.Call)
    /// One completion of the run is complete (streamed chunks folded into one), before its tool
    /// calls run.
    case completion(ChatCompletion)
}
