import ChatCompletionsAPI
import Testing

/// Every fixture decodes, re-encodes to the same JSON (up to how numbers were written and which
/// unset members were written as `null`), and decodes again to the same value.
@Suite struct FixtureRoundTripTests {
    /// Request fixtures whose re-encoding legitimately differs, and how.
    static let requestRewrites: [String: @Sendable (inout JSONValue) -> Void] = [
        // `prompt_logprobs: N` decodes as `loglikelihood` plus a count; both go back out.
        "vllm-extensions.json": { value in
            if case .object(var object) = value {
                object["loglikelihood"] = true
                value = .object(object)
            }
        }
    ]

    /// The parameterised tests below (and `ServerSentEventTests`'s) pass vacuously on an empty or
    /// unreadable directory: this one fails instead, with the error.
    @Test(
        "every fixture directory holds its fixtures",
        arguments: [("requests", 10), ("responses", 5), ("models", 1), ("errors", 3), ("streams", 3)])
    func fixturesPresent(directory: String, atLeast: Int) throws {
        let count = try Fixtures.names(in: directory).count
        #expect(count >= atLeast, "Fixtures/\(directory) holds \(count) files")
    }

    @Test(arguments: Fixtures.arguments(in: "requests"))
    func requestRoundTrips(name: String) throws {
        let original = try Fixtures.json("requests/" + name)
        let request = try ChatCompletionRequest(json: original)
        var expected = original
        Self.requestRewrites[name]?(&expected)
        let encoded = try JSONValueEncoder().encode(request)
        #expect(encoded.normalized == expected.normalized)
        #expect(try ChatCompletionRequest(json: encoded) == request)
        #expect(try roundTrip(request) == request)
    }

    @Test(arguments: Fixtures.arguments(in: "requests"))
    func requestFixturesAreValid(name: String) throws {
        let request = try ChatCompletionRequest(jsonBytes: Fixtures.bytes("requests/" + name))
        // OxyAPI's own example asks for n = 2 and 5 alternatives, within its limits.
        let limits: ValidationLimits = name.contains("oxyapi") ? .oxyAPI : .openAI
        #expect(request.validationIssues(limits: limits) == [])
    }

    @Test(arguments: Fixtures.arguments(in: "responses"))
    func completionRoundTrips(name: String) throws {
        let original = try Fixtures.json("responses/" + name)
        let completion = try JSONValueDecoder().decode(ChatCompletion.self, from: original)
        let encoded = try JSONValueEncoder().encode(completion)
        #expect(encoded.normalized == original.normalized)
        #expect(try JSONValueDecoder().decode(ChatCompletion.self, from: encoded) == completion)
    }

    @Test(arguments: Fixtures.arguments(in: "models"))
    func modelListRoundTrips(name: String) throws {
        let original = try Fixtures.json("models/" + name)
        let list = try JSONValueDecoder().decode(ModelList.self, from: original)
        let encoded = try JSONValueEncoder().encode(list)
        #expect(encoded.normalized == original.normalized)
        #expect(try roundTrip(list) == list)
    }

    @Test(arguments: Fixtures.arguments(in: "errors"))
    func errorDecodes(name: String) throws {
        let original = try Fixtures.json("errors/" + name)
        let response = try JSONValueDecoder().decode(ErrorResponse.self, from: original)
        #expect(!response.error.message.isEmpty)
        #expect(try roundTrip(response) == response)
    }

    @Test(arguments: Fixtures.arguments(in: "streams"))
    func streamChunksRoundTrip(name: String) throws {
        var decoder = ServerSentEventDecoder()
        let events = decoder.feed(try Fixtures.bytes("streams/" + name)) + decoder.finish()
        #expect(!events.isEmpty)
        for event in events {
            guard case .chunk(let chunk) = try ChatCompletionStreamEvent(event) else { continue }
            let original = try JSONValue(parsing: event.data)
            let encoded = try JSONValueEncoder().encode(chunk)
            #expect(encoded.normalized == original.normalized)
            #expect(try roundTrip(chunk) == chunk)
        }
    }
}
