import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation
import ResponsesAPI
import Synchronization
import TestSupport
import Testing

/// The client's Responses API against the real server: create, stream as typed events, retrieve,
/// chained turns, input items, delete, cancel, and the tool runner over Responses (stored and
/// stateless conversations).
@Suite("Responses client")
struct ResponsesClientTests {
    static let model = LiveServer.defaultModel

    static func request(_ text: String, maxOutputTokens: Int = 16) -> ResponsesRequest {
        var request = ResponsesRequest(model: model, input: text)
        request.maxOutputTokens = maxOutputTokens
        request.temperature = 0
        return request
    }

    @Test("create, continue by previous_response_id, list input items, retrieve, delete")
    func storedConversation() async throws {
        let client = LiveServerTests.client(try await LiveServer.shared)
        var first = Self.request("My name is Ada.")
        first.instructions = "Be brief."
        first.metadata = ["run": "client"]
        let response = try await client.createResponse(first)
        #expect(response.id.hasPrefix("resp_"))
        #expect(["completed", "incomplete"].contains(response.status))
        #expect(!response.outputText.isEmpty)
        #expect(response.usage?.outputTokens ?? 0 > 0)
        #expect(response.settings["metadata"] == ["run": "client"])

        var second = Self.request("What is my name?")
        second.previousResponseID = response.id
        let next = try await client.createResponse(second)
        #expect(next.previousResponseID == response.id)
        #expect((next.usage?.cachedTokens ?? 0) > 0)

        let retrieved = try await client.retrieveResponse(next.id)
        #expect(retrieved == next)
        let page = try await client.listResponseInputItems(next.id)
        #expect(page.items.count == 1)
        #expect(!page.hasMore)
        guard case .message(let message)? = page.items.first else {
            Issue.record("no message item")
            return
        }
        #expect(message.text == "What is my name?")

        try await client.deleteResponse(next.id)
        await #expect(throws: ChatClientError.self) { try await client.retrieveResponse(next.id) }
        do {
            _ = try await client.retrieveResponse(next.id)
        } catch let error as ChatClientError {
            #expect(error.code == .notFound)
        }
    }

    @Test("a streamed response arrives as typed events whose text adds up to the final response")
    func streamed() async throws {
        let client = LiveServerTests.client(try await LiveServer.shared)
        let stream = try await client.streamResponse(Self.request("Write about the sea."))
        var deltas = ""
        var sawCreated = false
        var final: ResponseObject?
        for try await event in stream {
            switch event {
            case .created: sawCreated = true
            case .outputTextDelta(_, _, let delta, _): deltas += delta
            case .completed(let response), .incomplete(let response): final = response
            default: break
            }
        }
        #expect(sawCreated)
        let response = try #require(final)
        #expect(response.outputText == deltas)
        #expect(!deltas.isEmpty)
        // The same request, not streamed, gives the same text (temperature 0).
        #expect(try await client.createResponse(Self.request("Write about the sea.")).outputText == deltas)
        let collected = try await client.streamResponse(Self.request("Write about the sea.")).collect()
        #expect(collected.outputText == deltas)
    }

    @Test("the tool runner over Responses runs the model's calls and sends their outputs back, stored or stateless")
    func toolRunner() async throws {
        let client = LiveServerTests.client(try await LiveServer.shared)
        let cities = Mutex<[String]>([])
        let tool = ChatTool(
            name: "get_weather", description: "The weather in a city",
            parameters: .object(["city": .string(maxLength: 20)], required: ["city"])
        ) { arguments in
            let city = arguments["city"]?.stringValue ?? "?"
            cities.withLock { $0.append(city) }
            return "Sunny in \(city)"
        }
        for store in [true, false] {
            var request = Self.request("What is the weather in Paris?", maxOutputTokens: 40)
            request.store = store
            request.toolChoice = .function(name: "get_weather")
            request.parallelToolCalls = false
            let result = try await ToolRunner(tools: [tool], maxSteps: 4).run(request, client: client)
            #expect(result.calls.count >= 1, "store \(store)")
            #expect(result.calls.allSatisfy { $0.ran && $0.result.hasPrefix("Sunny in ") })
            #expect(result.response.functionCalls.isEmpty)
            #expect(result.steps == result.calls.count + 1)
            if store { #expect(result.response.previousResponseID != nil) }
        }
        #expect(cities.withLock { $0.count } >= 2)
    }

    @Test("a background response is polled to its end; a refused request throws the provider's error")
    func backgroundAndErrors() async throws {
        let client = LiveServerTests.client(try await LiveServer.shared)
        var request = Self.request("Hi")
        request.background = true
        var response = try await client.createResponse(request)
        #expect(["queued", "in_progress"].contains(response.status))
        // Polled for up to ten minutes: a loaded machine is slow, not wrong.
        let deadline = Date().addingTimeInterval(600)
        while !response.isFinal && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            response = try await client.retrieveResponse(response.id)
        }
        #expect(["completed", "incomplete"].contains(response.status))

        var hosted = Self.request("x")
        hosted.extraBody = ["tools": [["type": "web_search"]]]
        do {
            _ = try await client.createResponse(hosted)
            Issue.record("a hosted tool was accepted")
        } catch let error as ChatClientError {
            #expect(error.code == .badRequest)
            #expect(error.apiError?.param == "tools[0].type")
        }
    }
}
