import ChatCompletionsAPI
import ChatCompletionsClient

struct City: StructuredOutput {
    var name: String
    var country: String
    var population: Int
    var landmarks: [String]

    static let jsonSchema = JSONSchema.object([
        "name": .string(),
        "country": .string(),
        "population": .integer(minimum: 0),
        "landmarks": .array(of: .string(), maxItems: 3),
    ])
}

func largestCity(client: ChatClient) async throws -> City {
    let request = ChatCompletionRequest(
        messages: [.user("Describe the largest city of Japan.")], model: "smollm2-135m-instruct-q4_1")
    let city = try await client.createStructuredCompletion(request, as: City.self).value
    print("\(city.name), \(city.country): \(city.population) people")
    return city
}
