public import ChatCompletionsAPI
public import ChatCompletionsClient

/// The README's examples that the tests run, at package access: the README's code keeps Swift's
/// default access, as it would have in a reader's app, so the tests reach it through here.
package enum ReadmeExample {
    package static func largestCity(client: ChatClient) async throws -> (name: String, landmarks: [String]) {
        let city = try await ReadmeExamples.largestCity(client: client)
        return (city.name, city.landmarks)
    }

    package static func weatherAnswer(client: ChatClient) async throws -> String {
        try await ReadmeExamples.weatherAnswer(client: client)
    }

    package static func streamStory(client: ChatClient) async throws -> ChatCompletion {
        try await ReadmeExamples.streamStory(client: client)
    }
}
