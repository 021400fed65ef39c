import ChatCompletionsAPI
import ChatCompletionsClient

struct WeatherQuery: Decodable, Sendable {
    var city: String
}

func weatherTool() -> ChatTool {
    ChatTool(
        name: "get_weather", description: "The current temperature in a city, in degrees Celsius",
        parameters: .object(["city": .string(description: "The city's name")]),
        arguments: WeatherQuery.self
    ) { query in
        // Your code: call a weather service, read a database, ...
        "{\"city\": \"\(query.city)\", \"celsius\": 21}"
    }
}

func weatherAnswer(client: ChatClient) async throws -> String {
    let request = ChatCompletionRequest(
        messages: [.user("How warm is it in Paris?")], model: "smollm2-135m-instruct-q4_1")
    let result = try await client.runTools(request, tools: [weatherTool()])
    for record in result.calls {
        print("\(record.call.function.name)(\(record.call.function.arguments)) -> \(record.result)")
    }
    return result.content ?? ""
}

func weatherAnswerStreamed(client: ChatClient, request: ChatCompletionRequest) async throws -> ToolRunResult {
    let result = try await client.runTools(request, tools: [weatherTool()]) { event in
        switch event {
        case .text(let text): print(text, terminator: "")
        case .toolCall(let call): print("\n[calling \(call.function.name)]")
        case .toolResult(let record): print("[result: \(record.result)]")
        case .completion: break
        }
    }
    // result.messages is the whole conversation: append a user message to it to go on.
    return result
}
