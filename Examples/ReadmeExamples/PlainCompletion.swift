import ChatCompletionsAPI
import ChatCompletionsClient

func ask(_ question: String) async throws -> String {
    try await ChatClient.withClient(.local()) { client in
        let request = ChatCompletionRequest(
            messages: [.system("Answer in one sentence."), .user(question)],
            model: "smollm2-135m-instruct-q4_1")
        let completion = try await client.createChatCompletion(request)
        return completion.choices.first?.message.content ?? ""
    }
}

/// The same request with sampling parameters, usage and the provider's request id.
func askWithParameters(client: ChatClient) async throws -> String {
    var request = ChatCompletionRequest(
        messages: [.user("Name three prime numbers.")], model: "smollm2-135m-instruct-q4_1")
    request.temperature = 0.2
    request.maxTokens = 64
    request.seed = 42
    request.stop = .single("\n\n")
    let response = try await client.createChatCompletionResponse(request)
    let completion = response.value
    print("request \(response.requestID ?? "-"): \(completion.usage?.totalTokens ?? 0) tokens")
    return completion.choices.first?.message.content ?? ""
}
