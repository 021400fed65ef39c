import ChatCompletionsAPI
import Foundation
import TestSupport
import Testing

/// Tool calls in each family's own syntax, through llama.cpp: the family's real chat template is
/// put on the default model's weights (`--chat-template-file`), `tool_choice: "required"` makes the
/// grammar write a call in that family's syntax, and the server must hand it back as `tool_calls`,
/// streamed and not. DeepSeek R1's template opens the thinking first, so its grammar waits for a
/// thinking budget to close it.
@Suite("Tool calls in each family's syntax, end to end", .serialized)
struct FamilyToolCallTests {
    static let tools: JSONValue = [
        [
            "type": "function",
            "function": [
                "name": "get_weather", "description": "Current weather for a city",
                "parameters": [
                    "type": "object", "properties": ["city": ["type": "string", "maxLength": 12]],
                    "required": ["city"], "additionalProperties": false,
                ],
            ],
        ]
    ]

    @Test(
        "a forced call comes back as tool_calls",
        arguments: [
            "deepseek-ai-DeepSeek-V3.1", "deepseek-ai-DeepSeek-R1-Distill-Llama-8B", "Kimi-K2-Instruct",
            "unsloth-mistral-Devstral-Small-2507", "Qwen-Qwen3-0.6B", "Qwen3-Coder", "Qwen3.5-4B", "GLM-4.6",
            "MiniMax-M2", "ByteDance-Seed-OSS", "openai-gpt-oss-120b", "CohereForAI-c4ai-command-r7b-12-2024-tool_use",
            "ibm-granite-granite-3.3-2B-Instruct", "fireworks-ai-llama-3-firefunction-v2",
            "meetkai-functionary-medium-v3.1", "meetkai-functionary-medium-v3.2", "NVIDIA-Nemotron-Nano-v2",
            "mistralai-Mistral-Nemo-Instruct-2407", "Mistral-Small-3.2-24B-Instruct-2506", "deepseek-ai-DeepSeek-V3.2",
            "deepseek-ai-DeepSeek-V4", "Apertus-8B-Instruct", "LFM2.5-8B-A1B", "MiniMax-M1", "GigaChat3.1-10B-A1.8B",
            "google-gemma-4-31B-it",
        ])
    func forcedCall(_ template: String) async throws {
        let server = try await ReasoningTests.server(template: template)
        defer { Task { await server.stop() } }
        let request = body(
            "What is the weather in Paris?",
            [
                "seed": 11, "max_tokens": 400, "tools": Self.tools, "tool_choice": "required",
                "parallel_tool_calls": false, "reasoning_budget_tokens": 4,
            ])
        let completion = try await server.completion(request)
        let choice = try #require(completion.choices.first)
        #expect(choice.finishReason == .toolCalls, "\(template): \(choice.message)")
        let call = try #require(choice.message.toolCalls?.first, "\(template): no call in \(choice.message)")
        #expect(call.function.name == "get_weather")
        let arguments = try JSONValue(parsing: Array(call.function.arguments.utf8))
        #expect(arguments["city"]?.stringValue != nil, "\(template): \(call.function.arguments)")
        #expect(choice.message.content == nil || choice.message.content?.isEmpty == true, "\(template)")

        let chunks = try await server.chunks(request)
        var name = ""
        var streamedArguments = ""
        for chunk in chunks {
            for delta in chunk.choices.flatMap({ $0.delta.toolCalls ?? [] }) {
                name += delta.function?.name ?? ""
                streamedArguments += delta.function?.arguments ?? ""
            }
        }
        #expect(name == "get_weather")
        #expect(streamedArguments == call.function.arguments)
    }

    @Test(
        "Mistral's templates take only nine-character call ids: the server makes such ids, and maps other clients' ids",
        arguments: ["mistralai-Mistral-Nemo-Instruct-2407", "Mistral-Small-3.2-24B-Instruct-2506"])
    func mistralCallIDs(_ template: String) async throws {
        let server = try await ReasoningTests.server(template: template)
        defer { Task { await server.stop() } }
        let request = body(
            "What is the weather in Paris?",
            [
                "seed": 11, "max_tokens": 200, "tools": Self.tools, "tool_choice": "required",
                "parallel_tool_calls": false,
            ])
        let completion = try await server.completion(request)
        let call = try #require(completion.choices.first?.message.toolCalls?.first)
        #expect(call.id.count == 9 && call.id.allSatisfy { $0.isLetter || $0.isNumber }, "\(call.id)")
        // The next turn, with this id and with an id in OpenAI's style: both render (the template
        // raises on any other length), and the call and its result keep the same id.
        for id in [call.id, "call_Q8yM2fJ3kLp0aZ7wX5vB1nC4"] {
            let followUp: JSONValue = [
                "model": .string(LiveServer.defaultModel), "tools": Self.tools, "max_tokens": 8, "seed": 1,
                "messages": [
                    ["role": "user", "content": "What is the weather in Paris?"],
                    [
                        "role": "assistant", "content": .null,
                        "tool_calls": [
                            [
                                "id": .string(id), "type": "function",
                                "function": ["name": "get_weather", "arguments": "{\"city\": \"Paris\"}"],
                            ]
                        ],
                    ],
                    ["role": "tool", "tool_call_id": .string(id), "content": "18 C"],
                ],
            ]
            let result = try await TestHTTP.post("\(server.baseURL)/apply-template", json: followUp)
            #expect(result.status == 200, "\(id): \(result.text)")
            let prompt = try result.json["prompt"]?.stringValue ?? ""
            #expect(prompt.contains(id) == (id.count == 9), "\(prompt)")
            #expect(try await server.chat(followUp).status == 200)
        }
    }
}
