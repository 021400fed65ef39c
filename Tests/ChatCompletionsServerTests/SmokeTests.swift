import ChatCompletionsAPI
import TestSupport
import Testing

@Suite("Smoke")
struct SmokeTests {
    @Test("a plain completion over HTTP has the contract's shape")
    func plainCompletion() async throws {
        let server = try await LiveServer.shared
        let result = try await TestHTTP.post(
            "\(server.baseURL)/v1/chat/completions",
            json: [
                "model": .string(LiveServer.defaultModel), "messages": [["role": "user", "content": "Hello"]],
                "max_tokens": 8, "temperature": 0,
            ])
        #expect(result.status == 200)
        let completion = try ChatCompletion(jsonBytes: result.body)
        #expect(completion.object == "chat.completion")
        #expect(completion.choices.count == 1)
        #expect(completion.usage?.completionTokens ?? 0 > 0)
    }
}
