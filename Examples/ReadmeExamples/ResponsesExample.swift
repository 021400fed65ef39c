import ChatCompletionsAPI
import ChatCompletionsClient
import ResponsesAPI

func responsesConversation(client: ChatClient) async throws {
    var request = ResponsesRequest(model: "smollm2-135m-instruct-q4_1", input: "My name is Ada.")
    request.instructions = "Answer in one sentence."
    let first = try await client.createResponse(request)
    print(first.outputText)

    // The server keeps the conversation: the next turn names the previous response.
    let next = try await client.createResponse(
        ResponsesRequest(model: "smollm2-135m-instruct-q4_1", input: "What is my name?", previousResponseID: first.id))
    print(next.outputText, next.usage?.cachedTokens ?? 0)
}

func responsesStreamed(client: ChatClient, request: ResponsesRequest) async throws -> ResponseObject? {
    var final: ResponseObject?
    for try await event in try await client.streamResponse(request) {
        switch event {
        case .outputTextDelta(_, _, let delta, _): print(delta, terminator: "")
        case .functionCallArgumentsDone(_, _, let arguments): print("\n[call \(arguments)]")
        case .completed(let response), .incomplete(let response): final = response
        default: break
        }
    }
    return final
}

func responsesWithTools(client: ChatClient) async throws -> String {
    let request = ResponsesRequest(model: "smollm2-135m-instruct-q4_1", input: "How warm is it in Paris?")
    let result = try await client.runTools(request, tools: [weatherTool()])
    return result.response.outputText
}
