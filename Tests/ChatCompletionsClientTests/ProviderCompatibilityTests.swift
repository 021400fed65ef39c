import ChatCompletionsAPI
import ChatCompletionsClient
import Testing

/// Answers from "another provider": members and enumeration values this code has never heard of.
@Suite("Other providers")
struct ProviderCompatibilityTests {
    static let body: JSONValue = [
        "id": "gen-123", "object": "chat.completion", "created": 1_720_000_000, "model": "other/model-x",
        "provider": "SomeCloud", "x_groq": ["id": "req_01"],
        "choices": [
            [
                "index": 0, "finish_reason": "eos_token", "native_finish_reason": "EOS", "stop_reason": 128_001,
                "logprobs": .null,
                "message": [
                    "role": "assistant", "content": "Bonjour", "reasoning_content": "The user greets me.",
                    "tool_calls": [],
                ],
            ]
        ],
        "usage": [
            "prompt_tokens": 4, "completion_tokens": 2, "total_tokens": 6, "queue_time": 0.01,
            "prompt_tokens_details": ["cached_tokens": 0, "cache_hit_ratio": 0.5],
        ],
        "service_tier": "on_demand",
        "timings": ["prompt_ms": 1.5],
    ]

    @Test("unknown members and enumeration values decode and are kept")
    func completion() async throws {
        try await ScriptedServer.with({ _, _ in .json(Self.body) }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let response = try await client.createChatCompletionResponse(Fixtures.request())
            let completion = response.value
            #expect(completion.id == "gen-123")
            #expect(completion.serviceTier == ServiceTier("on_demand"))
            #expect(completion.additionalFields["provider"] == "SomeCloud")
            #expect(completion.additionalFields["timings"] == ["prompt_ms": 1.5])
            let choice = try #require(completion.choices.first)
            #expect(choice.finishReason == FinishReason("eos_token"))
            #expect(choice.additionalFields["stop_reason"] == 128_001)
            #expect(choice.message.content == "Bonjour")
            #expect(choice.message.reasoningContent == "The user greets me.")
            #expect(completion.usage?.totalTokens == 6)
            #expect(try JSONValue(parsing: response.body) == Self.body)
        }
    }

    @Test("a stream with unknown members, usage on the last content chunk and no [DONE] accumulates")
    func stream() async throws {
        let events: [JSONValue] = [
            [
                "id": "s1", "object": "chat.completion.chunk", "created": 1, "model": "m", "obfuscation": "xyz",
                "choices": [["index": 0, "delta": ["role": "assistant", "content": "Hi", "reasoning_content": "A"]]],
            ],
            [
                "id": "s1", "object": "chat.completion.chunk", "created": 1, "model": "m",
                "choices": [
                    [
                        "index": 0, "delta": ["content": " there", "reasoning_content": "B"],
                        "finish_reason": "end_turn", "stop_reason": "</s>",
                    ]
                ],
                "usage": ["prompt_tokens": 2, "completion_tokens": 2, "total_tokens": 4],
            ],
        ]
        let bytes = events.flatMap { Array("data: \($0.jsonString())\n\n".utf8) }
        try await ScriptedServer.with({ _, _ in .events(bytes) }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            var request = Fixtures.request()
            request.streamOptions = StreamOptions(includeUsage: true)
            let completion = try await client.streamChatCompletion(request).collect()
            let choice = try #require(completion.choices.first)
            #expect(choice.message.content == "Hi there")
            #expect(choice.finishReason == FinishReason("end_turn"))
            #expect(choice.additionalFields["stop_reason"] == "</s>")
            #expect(choice.message.reasoningContent == "AB")
            #expect(completion.usage?.totalTokens == 4)
            #expect(completion.additionalFields["obfuscation"] == nil)
        }
    }
}
