import ChatCompletionsAPI
import ChatCompletionsClient

/// Prints an answer as it is written, and returns it whole.
func streamStory(client: ChatClient) async throws -> ChatCompletion {
    let request = ChatCompletionRequest(
        messages: [.user("Tell me a two-sentence story.")], model: "smollm2-135m-instruct-q4_1")
    var accumulator = ChatCompletionAccumulator()
    for try await chunk in try await client.streamChatCompletion(request) {
        accumulator.add(chunk)
        print(chunk.choices.first?.delta.content ?? "", terminator: "")
    }
    print()
    let completion = accumulator.completion  // the same value a request without streaming returns
    print("finish reason: \(completion.choices[0].finishReason?.rawValue ?? "-")")
    return completion
}

/// Streams, and only keeps the result.
func streamCollected(client: ChatClient, request: ChatCompletionRequest) async throws -> ChatCompletion {
    let completion = try await client.streamChatCompletion(request).collect()
    return completion
}
