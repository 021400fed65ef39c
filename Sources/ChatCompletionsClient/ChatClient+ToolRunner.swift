import ChatCompletionsAPI

extension ChatClient {
    /// Runs a conversation in which the model may call `tools`; see ``ToolRunner``.
    public func runTools(
        _ request: ChatCompletionRequest, tools: [ChatTool], maxSteps: Int = 10
    ) async throws -> ToolRunResult {
        try await ToolRunner(tools: tools, maxSteps: maxSteps).run(request, client: self)
    }
}
