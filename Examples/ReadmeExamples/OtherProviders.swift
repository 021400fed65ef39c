import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation

func askOpenAI(_ question: String) async throws -> String? {
    let key = ProcessInfo.processInfo.environment["OPENAI_API_KEY"]
    return try await ChatClient.withClient(.openAI(apiKey: key)) { client in
        var request = ChatCompletionRequest(messages: [.user(question)], model: "gpt-4o-mini")
        request.serviceTier = .flex
        request.safetyIdentifier = "user-1234"
        request.extraBody = ["prompt_cache_retention": "24h"]  // any field the types do not model yet
        return try await client.createChatCompletion(request).choices.first?.message.content
    }
}

func askOxyAPI(_ question: String) async throws -> [String] {
    let key = ProcessInfo.processInfo.environment["OXYAPI_API_KEY"]
    return try await ChatClient.withClient(.oxyAPI(apiKey: key)) { client in
        var request = ChatCompletionRequest(messages: [.user(question)], model: "oxy-1-small")
        request.n = 2  // OxyAPI allows at most 2; the client checks before sending
        request.logprobs = true
        request.topLogprobs = 5
        request.user = "user-42"
        let completion = try await client.createChatCompletion(request)
        return completion.choices.compactMap { $0.message.content }
    }
}

func askWithExtensions(client: ChatClient) async throws -> String? {
    var request = ChatCompletionRequest(messages: [.user("Write a haiku.")], model: "smollm2-135m-instruct-q4_1")
    request.topK = 40
    request.minP = 0.05
    request.repetitionPenalty = 1.1
    request.loglikelihood = true
    let completion = try await client.createChatCompletion(request)
    print("prompt tokens scored: \(completion.promptLogprobs?.count ?? 0)")
    return completion.choices.first?.message.content
}
