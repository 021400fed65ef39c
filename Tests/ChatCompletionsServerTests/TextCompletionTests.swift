import ChatCompletionsAPI
import Foundation
import TestSupport
import Testing

@Suite("Legacy text completions: POST /v1/completions")
struct TextCompletionTests {
    static func post(_ server: LiveServer, _ members: JSONObject) async throws -> HTTPResult {
        var object: JSONObject = ["model": .string(LiveServer.defaultModel)]
        for (key, value) in members { object[key] = value }
        return try await TestHTTP.post("\(server.baseURL)/v1/completions", json: .object(object))
    }

    static func completion(_ server: LiveServer, _ members: JSONObject) async throws -> JSONValue {
        let result = try await post(server, members)
        try #require(result.status == 200, "\(result.text)")
        let json = try result.json
        #expect(json["object"] == "text_completion")
        #expect(json["id"]?.stringValue?.hasPrefix("cmpl-") == true)
        return json
    }

    @Test("echo with logprobs: the prompt then the completion, token by token, with text offsets")
    func echoLogprobs() async throws {
        let server = try await LiveServer.shared
        let prompt = "The capital of France is"
        let json = try await Self.completion(
            server, ["prompt": .string(prompt), "max_tokens": 5, "temperature": 0, "logprobs": 2, "echo": true])
        let choice = try #require(json["choices"]?.arrayValue?.first)
        let text = try #require(choice["text"]?.stringValue)
        #expect(text.hasPrefix(prompt))
        #expect(text.count > prompt.count)
        let logprobs = try #require(choice["logprobs"])
        let tokens = try #require(logprobs["tokens"]?.arrayValue).compactMap(\.stringValue)
        let values = try #require(logprobs["token_logprobs"]?.arrayValue)
        let offsets = try #require(logprobs["text_offset"]?.arrayValue).compactMap(\.intValue)
        let tops = try #require(logprobs["top_logprobs"]?.arrayValue)
        let usage = try #require(json["usage"])
        #expect(tokens.count == (usage["prompt_tokens"]?.intValue ?? 0) + (usage["completion_tokens"]?.intValue ?? 0))
        #expect(tokens.joined() == text)
        #expect(values.first == .null && tops.first == .null)  // nothing precedes the first token
        #expect(values.dropFirst().allSatisfy { ($0.doubleValue ?? 1) <= 0 })
        #expect(tops.dropFirst().allSatisfy { ($0.objectValue?.count ?? 0) == 2 })
        var offset = 0
        for (token, start) in zip(tokens, offsets) {
            #expect(start == offset)
            offset += token.unicodeScalars.count
        }
        // max_tokens 0 with echo scores the prompt alone.
        let scored = try await Self.completion(
            server, ["prompt": .string(prompt), "max_tokens": 0, "logprobs": 1, "echo": true])
        #expect(scored["choices"]?.arrayValue?.first?["text"] == .string(prompt))
        #expect(scored["usage"]?["completion_tokens"] == 0)
        let scoredValues = scored["choices"]?.arrayValue?.first?["logprobs"]?["token_logprobs"]?.arrayValue ?? []
        #expect(scoredValues.count == scored["usage"]?["prompt_tokens"]?.intValue)
        #expect(scoredValues.first == .null)
    }

    @Test("several prompts, n each: choices indexed prompt by prompt; token-id prompts equal their text")
    func promptsAndTokens() async throws {
        let server = try await LiveServer.shared
        let json = try await Self.completion(
            server, ["prompt": ["One, two,", "A, B,"], "max_tokens": 4, "temperature": 0, "n": 2])
        let choices = try #require(json["choices"]?.arrayValue)
        #expect(choices.compactMap { $0["index"]?.intValue } == [0, 1, 2, 3])
        #expect(choices.allSatisfy { $0["text"]?.stringValue?.isEmpty == false })
        #expect(choices[0]["text"] == choices[1]["text"])
        #expect(choices[0]["text"] != choices[2]["text"])
        let tokens = try await TestHTTP.post("\(server.baseURL)/tokenize", json: ["content": "One, two,"]).json
        let byTokens = try await Self.completion(
            server, ["prompt": try #require(tokens["tokens"]), "max_tokens": 4, "temperature": 0])
        #expect(byTokens["choices"]?.arrayValue?.first?["text"] == choices[0]["text"])
        let nested = try await Self.completion(
            server, ["prompt": [try #require(tokens["tokens"])], "max_tokens": 4, "temperature": 0])
        #expect(nested["choices"]?.arrayValue?.first?["text"] == choices[0]["text"])
    }

    @Test("streaming: text_completion chunks add up to the same text, then usage and [DONE]")
    func streaming() async throws {
        let server = try await LiveServer.shared
        let members: JSONObject = ["prompt": "Once upon a time", "max_tokens": 8, "temperature": 0, "stop": ["\n\n"]]
        let whole = try await Self.completion(server, members)
        var streamed = members
        streamed["stream"] = true
        streamed["stream_options"] = ["include_usage": true]
        let result = try await Self.post(server, streamed)
        #expect(result.status == 200)
        let events = result.events
        #expect(events.last?.isDone == true)
        let chunks = try events.dropLast().map { try JSONValue(parsing: $0.data) }
        #expect(chunks.allSatisfy { $0["object"] == "text_completion" })
        let text = chunks.compactMap { $0["choices"]?.arrayValue?.first?["text"]?.stringValue }.joined()
        #expect(text == whole["choices"]?.arrayValue?.first?["text"]?.stringValue)
        #expect(chunks.last?["choices"] == [])
        #expect(chunks.last?["usage"]?["completion_tokens"] == whole["usage"]?["completion_tokens"])
    }

    @Test("bad requests are 400s naming the parameter")
    func errors() async throws {
        let server = try await LiveServer.shared
        let cases: [(JSONObject, String)] = [
            (["prompt": "x", "suffix": "y"], "suffix"),
            (["max_tokens": 3], "prompt"),
            (["prompt": "x", "logprobs": 6], "logprobs"),
            (["prompt": "x", "temperature": 3], "temperature"),
            (["prompt": "x", "best_of": 3], "best_of"),
            (["prompt": "x", "messages": []], "messages"),
            (["prompt": [1, "a"]], "prompt"),
            (["prompt": [99_999_999]], "prompt"),
            (["prompt": "x", "stream_options": ["include_usage": true]], "stream_options"),
        ]
        for (members, param) in cases {
            try expectError(try await Self.post(server, members), status: 400, param: param)
        }
        try expectError(
            try await Self.post(server, ["prompt": "x", "model": "no-such-model"]), status: 404, param: "model",
            code: "model_not_found")
    }
}
