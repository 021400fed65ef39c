public import ChatCompletionsAPI
import Logging

/// Runs a conversation in which the model may call Swift functions: it sends the request with the
/// tools declared, runs the calls the model makes (several calls of one turn concurrently), sends
/// their results back, and repeats until the model answers without calling a tool.
///
/// A call of a tool that does not exist, or with arguments that are not JSON or do not fit the
/// tool's parameters, is answered with an error message for the model instead of running anything,
/// so it can correct itself. When a tool's code throws, the run stops with a ``ChatClientError`` of
/// code `toolFailed`. When the model still calls tools at the last of ``maxSteps`` completions,
/// the run stops with code `toolStepLimit`. A `tool_choice` that forces a call (`required`, or a
/// named function) applies to the first completion only; later ones use `auto`, or the model could
/// never answer. ``run(_:client:onEvent:)`` streams every completion and reports text, calls and
/// results as they happen, for a user interface that shows the answer as it is written.
public struct ToolRunner: Sendable {
    /// The tools the model may call.
    public var tools: [ChatTool]
    /// The most completions one run may ask for.
    public var maxSteps: Int

    /// A runner of these tools.
    public init(tools: [ChatTool], maxSteps: Int = 10) {
        self.tools = tools
        self.maxSteps = max(1, maxSteps)
    }

    /// Runs the conversation `request` starts, with `client`. The request's own tools are kept
    /// (those with a name of a runner tool are replaced), and its `n` must be 1 or unset.
    public func run(_ request: ChatCompletionRequest, client: ChatClient) async throws -> ToolRunResult {
        try await loop(request, client: client, onEvent: nil) { request in
            try await client.createChatCompletion(request)
        }
    }

    /// Like `run(_:client:)`, but every completion is streamed and `onEvent` hears of the run as
    /// it goes: each piece of text as it arrives, each tool call before it runs, each result.
    /// `onEvent` runs on the caller's task, in order; when it throws, the run stops with its error.
    /// Cancelling the task closes the stream in progress and ends the run with `CancellationError`.
    public func run(
        _ request: ChatCompletionRequest, client: ChatClient,
        onEvent: @escaping @Sendable (ToolRunEvent) async throws -> Void
    ) async throws -> ToolRunResult {
        try await loop(request, client: client, onEvent: onEvent) { request in
            var accumulator = ChatCompletionAccumulator()
            for try await chunk in try await client.streamChatCompletion(request) {
                accumulator.add(chunk)
                for choice in chunk.choices where choice.index == 0 {
                    if let text = choice.delta.content, !text.isEmpty { try await onEvent(.text(text)) }
                }
            }
            return accumulator.completion
        }
    }

    /// The conversation loop, with `complete` asking for each completion.
    private func loop(
        _ request: ChatCompletionRequest, client: ChatClient,
        onEvent: (@Sendable (ToolRunEvent) async throws -> Void)?,
        complete: (ChatCompletionRequest) async throws -> ChatCompletion
    ) async throws -> ToolRunResult {
        if let n = request.n, n != 1 {
            throw ChatClientError(
                code: .invalidRequest,
                message: "The tool runner follows one conversation; 'n' must be 1, not \(n).")
        }
        var request = request
        let names = Set(tools.map(\.name))
        request.tools = (request.tools ?? []).filter { !names.contains($0.name) } + tools.map(\.definition)
        var records: [ToolRunResult.Call] = []
        var usage: CompletionUsage?
        for step in 1...maxSteps {
            let completion = try await complete(request)
            try await onEvent?(.completion(completion))
            usage = Self.sum(usage, completion.usage)
            guard let choice = completion.choices.first else {
                throw ChatClientError(code: .invalidResponse, message: "The completion has no choices.")
            }
            request.messages.append(.assistant(AssistantMessage(choice.message)))
            let calls = choice.message.toolCalls ?? []
            if calls.isEmpty {
                return ToolRunResult(
                    completion: completion, messages: request.messages, steps: step, calls: records, usage: usage)
            }
            guard step < maxSteps else {
                throw ChatClientError(
                    code: .toolStepLimit,
                    message:
                        "The model was still calling tools (\(calls.map(\.function.name).joined(separator: ", "))) "
                        + "after \(maxSteps) completions.")
            }
            for call in calls { try await onEvent?(.toolCall(call)) }
            let results = try await execute(calls, logger: client.logger)
            for (call, result) in zip(calls, results) {
                let record = ToolRunResult.Call(call: call, result: result.text, ran: result.ran)
                records.append(record)
                try await onEvent?(.toolResult(record))
                request.messages.append(.tool(result.text, toolCallID: call.id))
            }
            if let choice = request.toolChoice, Self.forcesCall(choice) { request.toolChoice = .auto }
        }
        preconditionFailure("the loop returns or throws by its last step")
    }

    /// Runs the calls of one turn concurrently; results in the calls' order.
    func execute(_ calls: [ToolCall], logger: Logger) async throws -> [(text: String, ran: Bool)] {
        try await withThrowingTaskGroup(of: (Int, String, Bool).self) { group in
            for (position, call) in calls.enumerated() {
                let tool = tools.first { $0.name == call.function.name }
                group.addTask {
                    guard let tool else {
                        let available = tools.map(\.name).joined(separator: ", ")
                        logger.debug("the model called an unknown tool \(call.function.name)")
                        return (
                            position,
                            "Error: there is no tool named '\(call.function.name)'. Available tools: \(available).",
                            false
                        )
                    }
                    do {
                        logger.debug("calling tool \(call.function.name) (\(call.id))")
                        return (position, try await tool.call(arguments: call.function.arguments), true)
                    } catch let error as ToolArgumentError {
                        return (position, "Error: invalid arguments for '\(tool.name)': \(error.message)", false)
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        throw ChatClientError(
                            code: .toolFailed, message: "The tool '\(tool.name)' failed: \(error).",
                            underlying: error)
                    }
                }
            }
            var results = Array(repeating: (text: "", ran: false), count: calls.count)
            for try await (position, text, ran) in group { results[position] = (text, ran) }
            return results
        }
    }

    static func forcesCall(_ choice: ToolChoice) -> Bool {
        switch choice {
        case .required, .function, .custom: return true
        case .allowedTools(let allowed): return allowed.mode == .required
        default: return false
        }
    }

    private static func sum(_ total: CompletionUsage?, _ usage: CompletionUsage?) -> CompletionUsage? {
        guard let usage else { return total }
        guard let total else { return usage }
        return CompletionUsage(
            promptTokens: total.promptTokens + usage.promptTokens,
            completionTokens: total.completionTokens + usage.completionTokens,
            totalTokens: total.totalTokens + usage.totalTokens)
    }
}
