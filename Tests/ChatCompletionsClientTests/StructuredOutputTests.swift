import ChatCompletionsAPI
import ChatCompletionsClient
import Testing

/// A type with its own schema.
struct Weather: StructuredOutput, Equatable {
    var city: String
    var celsius: Double
    var conditions: String
    var warnings: [String]
    var note: String?

    static let jsonSchema = JSONSchema.object([
        "city": .string(description: "The city's name", minLength: 1),
        "celsius": .number(minimum: -90, maximum: 60),
        "conditions": .enumeration(["sunny", "cloudy", "rain"]),
        "warnings": .array(of: .string(), maxItems: 3),
        "note": .nullable(.string()),
    ])
}

@Suite("Structured output")
struct StructuredOutputTests {
    static let weatherJSON = #"{"city":"Paris","celsius":21.5,"conditions":"sunny","warnings":[],"note":null}"#

    @Test("the schema builder writes the JSON Schema strict outputs need")
    func schema() throws {
        let expected = try JSONValue(
            parsing: """
                {"type":"object","properties":{
                  "city":{"type":"string","description":"The city's name","minLength":1},
                  "celsius":{"type":"number","minimum":-90.0,"maximum":60.0},
                  "conditions":{"type":"string","enum":["sunny","cloudy","rain"]},
                  "warnings":{"type":"array","items":{"type":"string"},"maxItems":3},
                  "note":{"type":["string","null"]}},
                 "required":["city","celsius","conditions","warnings","note"],"additionalProperties":false}
                """)
        #expect(Weather.jsonSchema.value == expected)
        #expect(Weather.schemaName == "Weather")
        let tree = JSONSchema.object(["value": .integer(), "children": .array(of: .reference("node"))])
            .definitions(["node": .object(["value": .integer()])]).description("A tree")
        #expect(tree.value["$defs"]?["node"]?["type"] == "object")
        #expect(tree.value["properties"]?["children"]?["items"] == ["$ref": "#/$defs/node"])
        #expect(tree.value["description"] == "A tree")
        #expect(JSONSchema.nullable(.enumeration(["a"])).value == ["type": ["string", "null"], "enum": ["a", nil]])
        #expect(JSONSchema.nullable(.reference("x")).value == ["anyOf": [["$ref": "#/$defs/x"], ["type": "null"]]])
        #expect(JSONSchema.constant(3).value == ["const": 3])
        #expect(JSONSchema.boolean().value == ["type": "boolean"])
    }

    @Test("the request carries the schema as response_format and the answer decodes into the type")
    func decode() async throws {
        try await ScriptedServer.with({ _, _ in .completion(Fixtures.completion(Self.weatherJSON)) }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let result = try await client.createStructuredCompletion(Fixtures.request("Weather?"), as: Weather.self)
            #expect(result.value == Weather(city: "Paris", celsius: 21.5, conditions: "sunny", warnings: [], note: nil))
            #expect(result.completion.usage?.completionTokens == 3)
            let format = await server.requests[0].json["response_format"]
            #expect(format?["type"] == "json_schema")
            #expect(format?["json_schema"]?["name"] == "Weather")
            #expect(format?["json_schema"]?["strict"] == true)
            #expect(format?["json_schema"]?["schema"] == Weather.jsonSchema.value)
        }
    }

    @Test("every choice is decoded; a schema given beside a plain Decodable type works too")
    func choices() async throws {
        struct Pair: Decodable, Sendable, Equatable {
            var a: Int
            var b: Int
        }
        try await ScriptedServer.with({ _, _ in
            .completion(Fixtures.completion(choices: [#"{"a":1,"b":2}"#, #" {"a":3,"b":4} "#]))
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            var request = Fixtures.request()
            request.n = 2
            let result = try await client.createStructuredCompletion(
                request, as: Pair.self, schema: .object(["a": .integer(), "b": .integer()]), name: "pair", strict: false
            )
            #expect(result.values == [Pair(a: 1, b: 2), Pair(a: 3, b: 4)])
            #expect(await server.requests[0].json["response_format"]?["json_schema"]?["strict"] == false)
        }
    }

    @Test("a cut-off, refused, filtered, non-JSON or mis-shaped answer is a typed error, never a crash")
    func failures() async throws {
        let replies: [(ChatCompletion, ChatClientError.Code)] = [
            (Fixtures.completion(#"{"city":"Par"#, finishReason: .length), .lengthLimit),
            (Fixtures.completion(nil, refusal: "I can't share the weather."), .refusal),
            (Fixtures.completion("", finishReason: .contentFilter), .contentFilter),
            (Fixtures.completion("It is sunny in Paris."), .invalidStructuredOutput),
            (Fixtures.completion(#"{"city":"Paris"}"#), .invalidStructuredOutput),
            (Fixtures.completion(nil), .invalidStructuredOutput),
        ]
        try await ScriptedServer.with({ _, number in .completion(replies[number].0) }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            for (_, code) in replies {
                let error = await #expect(throws: ChatClientError.self) {
                    _ = try await client.createStructuredCompletion(Fixtures.request(), as: Weather.self)
                }
                #expect(error?.code == code)
            }
        }
        let refused = Fixtures.completion(nil, refusal: "No.")
        #expect(throws: ChatClientError.self) { try refused.decodeContent(as: Weather.self) }
        let missing = Fixtures.completion("{}")
        let error = #expect(throws: ChatClientError.self) { try missing.decodeContent(as: Weather.self, choice: 3) }
        #expect(error?.code == .invalidStructuredOutput)
        let shaped = #expect(throws: ChatClientError.self) {
            try Fixtures.completion(#"{"city":"Paris"}"#).decodeContent(as: Weather.self)
        }
        #expect(shaped?.underlying is DecodingError)
        #expect(shaped?.message.contains("celsius") == true)
    }
}
