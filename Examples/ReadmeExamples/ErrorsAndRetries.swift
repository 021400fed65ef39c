import ChatCompletionsAPI
import ChatCompletionsClient

func answerOrExplain(_ request: ChatCompletionRequest) async throws -> String? {
    var configuration = ChatClient.Configuration.local()
    configuration.retryPolicy = RetryPolicy(maxRetries: 4, initialBackoff: .seconds(1), maxBackoff: .seconds(20))
    configuration.timeout = .seconds(120)
    return try await ChatClient.withClient(configuration) { client in
        do {
            return try await client.createChatCompletion(request).choices.first?.message.content
        } catch let error as ChatClientError where error.code == .invalidRequest || error.code == .badRequest {
            print("fix the request: \(error.message) (param: \(error.param ?? "-"))")
        } catch let error as ChatClientError where error.code == .rateLimited {
            print("still rate limited after the retries; wait \(error.retryAfter.map { "\($0)" } ?? "a while")")
        } catch let error as ChatClientError where error.isConnectionError || error.isTimeout {
            print("the server cannot be reached: \(error)")
        }
        return nil
    }
}
