public import ChatCompletionsAPI
public import ResponsesAPI

extension ChatClient {
    /// Runs a conversation in which the model may call `tools`; see ``ToolRunner``.
    public func runTools(
        _ request: ChatCompletionRequest, tools: [ChatTool], maxSteps: Int = 10
    ) async throws -> ToolRunResult {
        try await ToolRunner(tools: tools, maxSteps: maxSteps).run(request, client: self)
    }

    /// Runs a conversation in which the model may call `tools`, streaming every completion and
    /// telling `onEvent` of text, calls and results as they come; see
    /// ``ToolRunner/run(_:client:onEvent:)``.
    public func runTools(
        _ request: ChatCompletionRequest, tools: [ChatTool], maxSteps: Int = 10,
        onEvent: @escaping @Sendable (ToolRunEvent) async throws -> Void
    ) async throws -> ToolRunResult {
        try await ToolRunner(tools: tools, maxSteps: maxSteps).run(request, client: self, onEvent: onEvent)
    }

    /// Runs a Responses conversation in which the model may call `tools`; see
    /// ``ToolRunner/run(_:client:)-(ResponsesRequest,_)``.
    public func runTools(
        _ request: ResponsesRequest, tools: [ChatTool], maxSteps: Int = 10
    ) async throws -> ResponseToolRunResult {
        try await ToolRunner(tools: tools, maxSteps: maxSteps).run(request, client: self)
    }
}
