import ChatCompletionsAPI
public import ResponsesAPI

/// What a tool run over the Responses API came to.
public struct ResponseToolRunResult: Sendable {
    /// The last response: the model's answer without calls.
    public var response: ResponseObject
    /// Responses created, the last included.
    public var steps: Int
    /// Every call run, in order, with its result.
    public var calls: [ToolRunResult.Call]
}

extension ToolRunner {
    /// Runs the conversation a Responses request starts: creates the response, runs the function
    /// calls it makes (those of one response concurrently) and sends their outputs back, until a
    /// response calls nothing. A stored conversation (`store`, the default) goes on by
    /// `previous_response_id`, sending only the outputs; with `store: false` every request carries
    /// the whole conversation (the outputs after the response's own items, thinking included).
    /// Calls, errors, step limits and a forcing `tool_choice` are handled as
    /// ``run(_:client:)-(ChatCompletionRequest,_)`` handles them.
    public func run(_ request: ResponsesRequest, client: ChatClient) async throws -> ResponseToolRunResult {
        var request = request
        let names = Set(tools.map(\.name))
        request.tools = request.tools.filter { !names.contains($0.name) } + tools.map(\.definition.function)
        var conversation = request.input
        var records: [ToolRunResult.Call] = []
        for step in 1...maxSteps {
            let response = try await client.createResponse(request)
            let calls = response.functionCalls
            if calls.isEmpty { return ResponseToolRunResult(response: response, steps: step, calls: records) }
            guard step < maxSteps else {
                throw ChatClientError(
                    code: .toolStepLimit,
                    message: "The model was still calling tools (\(calls.map(\.name).joined(separator: ", "))) "
                        + "after \(maxSteps) responses.")
            }
            let toolCalls = calls.map {
                ToolCall(id: $0.callID, function: FunctionCall(name: $0.name, arguments: $0.arguments))
            }
            let results = try await execute(toolCalls, logger: client.logger)
            var outputs: [ResponseItem] = []
            for (call, result) in zip(toolCalls, results) {
                records.append(ToolRunResult.Call(call: call, result: result.text, ran: result.ran))
                outputs.append(.functionCallOutput(id: nil, callID: call.id, output: result.text))
            }
            if request.store {
                request.previousResponseID = response.id
                request.input = outputs
            } else {
                conversation += response.output + outputs
                request.input = conversation
            }
            if let choice = request.toolChoice, Self.forcesCall(choice) { request.toolChoice = .auto }
        }
        preconditionFailure("the loop returns or throws by its last step")
    }
}
