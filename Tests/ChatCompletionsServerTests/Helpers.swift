import ChatCompletionsAPI
import Foundation
import Synchronization
import TestSupport
import Testing

/// A chat request body for the default model (or `model`), with `extra` members merged in.
func body(
    _ prompt: String = "Write a sentence about the sea.", _ extra: JSONObject = [:],
    model: String = LiveServer.defaultModel
) -> JSONValue {
    var object: JSONObject = [
        "model": .string(model), "messages": [["role": "user", "content": .string(prompt)]],
    ]
    for (key, value) in extra { object[key] = value }
    return .object(object)
}

extension LiveServer {
    /// POSTs to /v1/chat/completions.
    func chat(_ json: JSONValue, headers: [(String, String)] = []) async throws -> HTTPResult {
        try await TestHTTP.post("\(baseURL)/v1/chat/completions", json: json, headers: headers)
    }

    /// A completed non-streamed request, decoded (fails the test on a non-200).
    func completion(_ json: JSONValue) async throws -> ChatCompletion {
        let result = try await chat(json)
        try #require(result.status == 200, "status \(result.status): \(result.text)")
        return try ChatCompletion(jsonBytes: result.body)
    }

    /// The chunks of a streamed request (fails on a non-200 or a missing [DONE]).
    func chunks(_ json: JSONValue) async throws -> [ChatCompletionChunk] {
        var object = json.objectValue ?? [:]
        object["stream"] = true
        let result = try await chat(.object(object))
        try #require(result.status == 200, "status \(result.status): \(result.text)")
        let events = result.events
        try #require(events.last?.isDone == true, "stream did not end with [DONE]: \(result.text.suffix(300))")
        return try events.dropLast().map { try ChatCompletionChunk(jsonString: $0.data) }
    }

    /// The server's /health document.
    func health() async throws -> JSONValue { try await TestHTTP.get("\(baseURL)/health").json }

    /// Waits until no sequence is busy (or fails after `seconds`, long enough for a loaded machine).
    func waitUntilIdle(seconds: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await health()["sequences_busy"]?.intValue == 0 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("sequences still busy after \(seconds) s: \(try await health().jsonString())")
    }
}

/// The text of each choice in a stream, by index.
func streamedTexts(_ chunks: [ChatCompletionChunk]) -> [Int: String] {
    var texts: [Int: String] = [:]
    for chunk in chunks {
        for choice in chunk.choices { texts[choice.index, default: ""] += choice.delta.content ?? "" }
    }
    return texts
}

/// Asserts an OpenAI error envelope with this status, `param` and (optionally) code.
func expectError(
    _ result: HTTPResult, status: Int, param: String? = nil, code: String? = nil,
    type: String = "invalid_request_error",
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    #expect(result.status == status, "body: \(result.text)", sourceLocation: sourceLocation)
    let envelope = try ErrorResponse(jsonBytes: result.body)
    #expect(envelope.error.type == type, sourceLocation: sourceLocation)
    #expect(!envelope.error.message.isEmpty, sourceLocation: sourceLocation)
    if let param {
        #expect(envelope.error.param == param, "message: \(envelope.error.message)", sourceLocation: sourceLocation)
    }
    if let code {
        #expect(
            envelope.error.code == .string(code), "message: \(envelope.error.message)", sourceLocation: sourceLocation)
    }
    // The raw body has exactly the four members.
    let members = try result.json["error"]?.objectValue?.keys.sorted()
    #expect(members == ["code", "message", "param", "type"], sourceLocation: sourceLocation)
}

/// A count that concurrent test tasks add to.
final class Counter: Sendable {
    private let storage = Mutex(0)

    /// Adds one.
    func increment() { storage.withLock { $0 += 1 } }

    /// The count now.
    var value: Int { storage.withLock { $0 } }
}
