import ChatCompletionsAPI
import Foundation
import JSONSchemaValidation
import LlamaInference
import TestSupport
import Testing

/// Reasoning models through llama.cpp, on the default model's weights with a reasoning family's
/// real chat template put in its place (`--chat-template-file`): DeepSeek R1's template opens the
/// thinking in the prompt (`<think>\n`), Qwen3's lets the model open it or turns it off with
/// `enable_thinking`. A thinking budget closes the thinking by decoding the family's closing
/// marker, so the split into `reasoning_content`, its token count, and grammars that wait for the
/// thinking to end are exercised deterministically.
@Suite("Reasoning: thinking split from the answer, budgets, grammars after thinking", .serialized)
struct ReasoningTests {
    static func templateSource(_ name: String) throws -> String {
        let source = try #require(ProcessInfo.processInfo.environment["LLAMA_CPP_SOURCE_DIR"])
        return try String(contentsOfFile: "\(source)/models/templates/\(name).jinja", encoding: .utf8)
    }

    static func server(
        template: String, reasoningFormat: EngineConfiguration.ReasoningFormat = .auto
    ) async throws -> LiveServer {
        var configuration = LiveServer.configuration(parallel: 2)
        configuration.chatTemplate = try templateSource(template)
        configuration.reasoningFormat = reasoningFormat
        return try await LiveServer.start(engine: configuration)
    }

    static let schema: JSONValue = [
        "type": "object",
        "properties": ["answer": ["type": "string", "maxLength": 12], "sure": ["type": "boolean"]],
        "required": ["answer", "sure"], "additionalProperties": false,
    ]

    @Test("a thinking budget closes the thinking, and a JSON Schema holds the answer that follows (R1 template)")
    func budgetThenSchema() async throws {
        let server = try await Self.server(template: "deepseek-ai-DeepSeek-R1-Distill-Llama-8B")
        defer { Task { await server.stop() } }
        let request = body(
            "Is the sea salty?",
            [
                "seed": 7, "max_tokens": 80, "reasoning_budget_tokens": 6,
                "response_format": ["type": "json_schema", "json_schema": ["name": "a", "schema": Self.schema]],
            ])
        let completion = try await server.completion(request)
        let message = try #require(completion.choices.first?.message)
        let reasoning = try #require(message.reasoningContent, "no reasoning_content")
        #expect(!reasoning.isEmpty)
        #expect(!reasoning.contains("</think>"))
        let content = try #require(message.content)
        let parsed = try JSONValue(parsing: Array(content.utf8))
        let validator = try JSONSchemaValidator(schema: Self.schema)
        #expect(validator.isValid(parsed), "content \(content) does not match the schema")
        let details = try #require(completion.usage?.completionTokensDetails)
        // Six thinking tokens, then the closing marker's tokens, all counted as reasoning.
        #expect((details.reasoningTokens ?? 0) > 6)
        #expect((details.reasoningTokens ?? 0) < (completion.usage?.completionTokens ?? 0))

        // Streamed: the same seed gives the same thinking and answer, the thinking first.
        let chunks = try await server.chunks(request)
        var streamedReasoning = ""
        var streamedContent = ""
        for chunk in chunks {
            for choice in chunk.choices {
                if let piece = choice.delta.reasoningContent {
                    #expect(streamedContent.isEmpty, "reasoning after the answer began")
                    streamedReasoning += piece
                }
                streamedContent += choice.delta.content ?? ""
            }
        }
        #expect(streamedReasoning == reasoning)
        #expect(streamedContent == content)
    }

    @Test(
        "the agent APIs carry thinking: a Responses reasoning item (streamed as reasoning_text), Anthropic thinking blocks closed by the budget"
    )
    func thinkingInAgentAPIs() async throws {
        let server = try await Self.server(template: "deepseek-ai-DeepSeek-R1-Distill-Llama-8B")
        defer { Task { await server.stop() } }
        // Responses: the thinking the model never closes within the limit is a reasoning item.
        let request = ResponsesTests.request("Is the sea salty?", ["seed": 7, "max_output_tokens": 24])
        let response = try await ResponsesTests.create(server, request)
        let item = try #require(response["output"]?.arrayValue?.first)
        #expect(item["type"] == "reasoning")
        #expect(item["id"]?.stringValue?.hasPrefix("rs_") == true)
        let thought = try #require(item["content"]?.arrayValue?.first?["text"]?.stringValue)
        #expect(!thought.isEmpty && !thought.contains("<think>"))
        #expect(response["usage"]?["output_tokens_details"]?["reasoning_tokens"] == 24)
        let events = try await ResponsesTests.events(server, request)
        let deltas = events.filter { $0["type"] == "response.reasoning_text.delta" }.compactMap {
            $0["delta"]?.stringValue
        }
        #expect(deltas.joined() == thought)
        #expect(events.contains { $0["type"] == "response.reasoning_text.done" && $0["text"]?.stringValue == thought })
        // A stored reasoning item goes back to the template as the assistant's reasoning_content.
        let next = try await ResponsesTests.create(
            server, ResponsesTests.request("And fresh water?", ["previous_response_id": response["id"]!, "seed": 7]))
        #expect(next["status"] != "failed")

        // Messages: thinking enabled with a budget; the budget closes the thinking, then the answer.
        let message = try await MessagesTests.message(
            server,
            MessagesTests.request(
                "Is the sea salty?",
                ["seed": 7, "max_tokens": 1040, "thinking": ["type": "enabled", "budget_tokens": 1024]]))
        let blocks = try #require(message["content"]?.arrayValue)
        #expect(blocks.first?["type"] == "thinking")
        #expect(blocks.first?["signature"] == "")
        let thinking = blocks.first?["thinking"]?.stringValue ?? ""
        #expect(thinking.count > 10)
        #expect(blocks.dropFirst().allSatisfy { $0["type"] == "text" })
    }

    @Test("thinking the model never closes stays reasoning; --reasoning-format none keeps it in the content")
    func unclosedAndUnsplit() async throws {
        let split = try await Self.server(template: "deepseek-ai-DeepSeek-R1-Distill-Llama-8B")
        let request = body("Write a sentence about the sea.", ["seed": 3, "max_tokens": 10])
        let thought = try await split.completion(request)
        await split.stop()
        let message = try #require(thought.choices.first?.message)
        #expect(message.content == nil || message.content == "")
        let reasoning = try #require(message.reasoningContent)
        #expect(thought.usage?.completionTokensDetails?.reasoningTokens == 10)

        let unsplit = try await Self.server(
            template: "deepseek-ai-DeepSeek-R1-Distill-Llama-8B", reasoningFormat: .none)
        let plain = try await unsplit.completion(request)
        await unsplit.stop()
        #expect(plain.choices.first?.message.reasoningContent == nil)
        #expect(plain.choices.first?.message.content == reasoning)
        #expect(plain.usage?.completionTokensDetails?.reasoningTokens == 0)
    }

    @Test("Qwen3's template: tools and thinking switches reach it; /apply-template shows the prompt")
    func qwen3Template() async throws {
        let server = try await Self.server(template: "Qwen-Qwen3-0.6B")
        defer { Task { await server.stop() } }
        let tools: JSONValue = [
            [
                "type": "function",
                "function": [
                    "name": "get_weather", "description": "Current weather for a city",
                    "parameters": ["type": "object", "properties": ["city": ["type": "string"]]],
                ],
            ]
        ]
        func prompt(_ extra: JSONObject) async throws -> String {
            let result = try await TestHTTP.post("\(server.baseURL)/apply-template", json: body("Hi", extra))
            try #require(result.status == 200, "\(result.text)")
            return try #require(result.json["prompt"]?.stringValue)
        }
        let withTools = try await prompt(["tools": tools])
        #expect(withTools.contains("<tools>"), "Qwen3's own tool section is missing")
        #expect(withTools.contains("\"get_weather\""))
        #expect(!withTools.contains("You can call the tools listed below"))
        #expect(try await prompt(["reasoning_effort": "none"]).hasSuffix("<think>\n\n</think>\n\n"))
        #expect(try await prompt(["chat_template_kwargs": ["enable_thinking": false]]).hasSuffix("</think>\n\n"))
        #expect(try await prompt(["reasoning_effort": "high"]).hasSuffix("<|im_start|>assistant\n"))

        // Thinking is optional here: a schema still holds whatever the model does first.
        for effort in ["high", "none"] {
            let completion = try await server.completion(
                body(
                    "Is the sea salty?",
                    [
                        "seed": 5, "max_tokens": 60, "reasoning_effort": .string(effort),
                        "reasoning_budget_tokens": 8,
                        "response_format": [
                            "type": "json_schema", "json_schema": ["name": "a", "schema": Self.schema],
                        ],
                    ]))
            let content = try #require(completion.choices.first?.message.content)
            let validator = try JSONSchemaValidator(schema: Self.schema)
            #expect(validator.isValid(try JSONValue(parsing: Array(content.utf8))), "\(effort): \(content)")
        }
    }

    @Test(
        "gpt-oss's harmony template: earlier thinking reaches it, a schema answer comes in the final channel without markup"
    )
    func harmony() async throws {
        let server = try await Self.server(template: "openai-gpt-oss-120b")
        defer { Task { await server.stop() } }
        // An earlier turn's reasoning and call, as the template renders them.
        let conversation: JSONValue = [
            ["role": "user", "content": "Weather in Oslo?"],
            [
                "role": "assistant", "content": .null, "reasoning_content": "Need the tool.",
                "tool_calls": [
                    [
                        "id": "call_1", "type": "function",
                        "function": ["name": "get_weather", "arguments": "{\"city\": \"Oslo\"}"],
                    ]
                ],
            ],
            ["role": "tool", "tool_call_id": "call_1", "content": "-3 C"],
        ]
        let result = try await TestHTTP.post(
            "\(server.baseURL)/apply-template",
            json: ["model": .string(LiveServer.defaultModel), "messages": conversation, "reasoning_effort": "low"])
        try #require(result.status == 200, "\(result.text)")
        let prompt = try #require(result.json["prompt"]?.stringValue)
        #expect(prompt.contains("<|channel|>analysis<|message|>Need the tool.<|end|>"), "\(prompt)")
        #expect(prompt.contains("to=functions.get_weather"))
        #expect(prompt.contains("Reasoning: low"))
        #expect(prompt.hasSuffix("<|start|>assistant"))

        let request = body(
            "Is the sea salty?",
            [
                "seed": 3, "max_tokens": 80, "reasoning_budget_tokens": 6,
                "response_format": ["type": "json_schema", "json_schema": ["name": "a", "schema": Self.schema]],
            ])
        let completion = try await server.completion(request)
        let message = try #require(completion.choices.first?.message)
        let content = try #require(message.content)
        #expect(!content.contains("<|"), "harmony markup in the content: \(content)")
        let validator = try JSONSchemaValidator(schema: Self.schema)
        #expect(validator.isValid(try JSONValue(parsing: Array(content.utf8))), "\(content)")
        let chunks = try await server.chunks(request)
        let streamed = chunks.flatMap(\.choices).compactMap(\.delta.content).joined()
        #expect(streamed == content)
    }
}
