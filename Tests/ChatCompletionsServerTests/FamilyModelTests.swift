import ChatCompletionsAPI
import Foundation
import JSONSchemaValidation
import TestSupport
import Testing

/// Each model family end to end on a model of its own: a tiny random-weight GGUF with the family's
/// real tokenizer, special tokens and chat template (built by `scripts/setup.sh family-models`,
/// `scripts/family_models.py`). Its markers are single special tokens here, its end-of-generation
/// tokens end the turn, and grammars force its syntax through llama.cpp: a required call comes back
/// as `tool_calls` (streamed the same), thinking closed by a budget lands in `reasoning_content`,
/// and a JSON Schema holds the answer after the thinking, with no markup left in either.
@Suite("Model families on their own tokenizers and templates", .serialized)
struct FamilyModelTests {
    /// Where the set-up put the family models.
    static var directory: String? { ProcessInfo.processInfo.environment["CHAT_FAMILY_MODELS_DIR"] }

    struct Family: Sendable, CustomTestStringConvertible {
        var model: String
        /// Texts that must be one token each.
        var markers: [String]
        /// Whether the prompt opens the thinking when thinking is on, so that the output starts inside it.
        var thinksFirst = false
        /// Whether the template turns thinking off unless asked (its prompt ends with an empty
        /// thinking block), so that no thinking may come back.
        var thinkingOffByDefault = false
        var testDescription: String { model }
    }

    static let families: [Family] = [
        Family(model: "family-qwen3", markers: ["<tool_call>", "</tool_call>", "<think>", "</think>", "<|im_end|>"]),
        Family(model: "family-qwen3-coder", markers: ["<tool_call>", "</tool_call>", "<|im_start|>"]),
        Family(model: "family-llama3", markers: ["<|start_header_id|>", "<|eot_id|>", "<|python_tag|>"]),
        Family(model: "family-gpt-oss", markers: ["<|channel|>", "<|message|>", "<|end|>", "<|call|>", "<|start|>"]),
        Family(model: "family-devstral", markers: ["[TOOL_CALLS]", "[ARGS]", "[INST]"]),
        Family(
            model: "family-deepseek-r1", markers: ["<｜tool▁calls▁begin｜>", "<｜tool▁sep｜>", "<think>"],
            thinksFirst: true, thinkingOffByDefault: true),
        Family(
            model: "family-gemma4", markers: ["<|tool_call>", "<tool_call|>", "<|\"|>", "<|channel>", "<turn|>"],
            thinkingOffByDefault: true),
    ]

    static let tools: JSONValue = [
        [
            "type": "function",
            "function": [
                "name": "get_weather", "description": "Current weather for a city",
                "parameters": [
                    "type": "object", "properties": ["city": ["enum": ["Paris", "Rome"]]], "required": ["city"],
                    "additionalProperties": false,
                ],
            ],
        ]
    ]

    static let schema: JSONValue = [
        "type": "object", "properties": ["answer": ["enum": ["yes", "no"]]], "required": ["answer"],
        "additionalProperties": false,
    ]

    static func server(_ family: Family) async throws -> LiveServer {
        let directory = try #require(
            Self.directory,
            "CHAT_FAMILY_MODELS_DIR is not set: scripts/run-tests.sh sets it (scripts/setup.sh family-models)")
        let path = (directory as NSString).appendingPathComponent(family.model + ".gguf")
        try #require(
            FileManager.default.fileExists(atPath: path), "\(path) is missing: run scripts/setup.sh family-models")
        return try await LiveServer.start(
            engine: LiveServer.configuration(model: family.model, parallel: 2, modelsDirectory: directory))
    }

    @Test("markers are single tokens; a forced call comes back as tool_calls, streamed the same", arguments: families)
    func forcedCall(_ family: Family) async throws {
        let server = try await Self.server(family)
        defer { Task { await server.stop() } }
        for marker in family.markers {
            let result = try await TestHTTP.post(
                "\(server.baseURL)/tokenize", json: ["model": .string(family.model), "content": .string(marker)])
            #expect(try result.json["tokens"]?.arrayValue?.count == 1, "\(marker): \(result.text)")
        }
        let request = body(
            "What is the weather in Paris?",
            [
                "seed": 11, "max_tokens": 160, "tools": Self.tools, "tool_choice": "required",
                "parallel_tool_calls": false, "reasoning_budget_tokens": 4,
            ], model: family.model)
        let completion = try await server.completion(request)
        let choice = try #require(completion.choices.first)
        #expect(choice.finishReason == .toolCalls, "\(choice.message)")
        let call = try #require(choice.message.toolCalls?.first, "no call in \(choice.message)")
        #expect(call.function.name == "get_weather")
        let arguments = try JSONValue(parsing: Array(call.function.arguments.utf8))
        #expect(["Paris", "Rome"].contains(arguments["city"]?.stringValue ?? ""), "\(call.function.arguments)")
        #expect(choice.message.content == nil || choice.message.content?.isEmpty == true, "\(choice.message)")
        if family.thinkingOffByDefault { #expect(choice.message.reasoningContent == nil, "\(choice.message)") }

        let chunks = try await server.chunks(request)
        let deltas = chunks.flatMap { $0.choices.flatMap { $0.delta.toolCalls ?? [] } }
        #expect(deltas.compactMap(\.function?.name).joined() == "get_weather")
        #expect(deltas.compactMap(\.function?.arguments).joined() == call.function.arguments)
    }

    @Test("a thinking budget, then a JSON Schema answer; no markup in the thinking or the answer", arguments: families)
    func thinkingThenSchema(_ family: Family) async throws {
        let server = try await Self.server(family)
        defer { Task { await server.stop() } }
        let request = body(
            "Is the sea salty?",
            [
                "seed": 5, "max_tokens": 120, "reasoning_budget_tokens": 4, "reasoning_effort": "high",
                "response_format": ["type": "json_schema", "json_schema": ["name": "a", "schema": Self.schema]],
            ], model: family.model)
        let completion = try await server.completion(request)
        let message = try #require(completion.choices.first?.message)
        let content = try #require(message.content, "\(message)")
        let validator = try JSONSchemaValidator(schema: Self.schema)
        #expect(validator.isValid(try JSONValue(parsing: Array(content.utf8))), "\(content)")
        if family.thinksFirst {
            #expect(!(message.reasoningContent ?? "").isEmpty, "no thinking: \(message)")
        }

        let reasoning = message.reasoningContent ?? ""
        for marker in family.markers { #expect(!reasoning.contains(marker) && !content.contains(marker), "\(message)") }
    }
}
