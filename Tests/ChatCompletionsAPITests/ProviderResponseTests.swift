import ChatCompletionsAPI
import Testing

@Suite struct ProviderResponseTests {
    func completion(_ name: String) throws -> ChatCompletion {
        try JSONValueDecoder().decode(ChatCompletion.self, fromJSON: Fixtures.bytes("responses/" + name))
    }

    @Test func openAIReferenceExamples() throws {
        let basic = try completion("reference-default.json")
        #expect(basic.id == "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT")
        #expect(basic.choices[0].message.content == "Hello! How can I assist you today?")
        #expect(basic.choices[0].message.annotations == [])
        #expect(basic.choices[0].finishReason == .stop)
        #expect(basic.serviceTier == .default)
        #expect(basic.usage?.promptTokensDetails?.cachedTokens == 0)
        #expect(basic.usage?.completionTokensDetails?.rejectedPredictionTokens == 0)
        #expect(basic.additionalFields.isEmpty)

        let tools = try completion("reference-functions.json")
        #expect(tools.choices[0].finishReason == .toolCalls)
        #expect(tools.choices[0].message.content == nil)
        #expect(tools.choices[0].message.toolCalls?[0].function.name == "get_current_weather")
        #expect(tools.choices[0].message.toolCalls?[0].function.arguments == "{\n\"location\": \"Boston, MA\"\n}")

        let logprobs = try completion("reference-logprobs.json")
        let tokens = try #require(logprobs.choices[0].logprobs?.content)
        #expect(tokens.count == 9)
        #expect(
            tokens[0]
                == TokenLogprob(
                    token: "Hello", logprob: -0.31725305, bytes: [72, 101, 108, 108, 111],
                    topLogprobs: [
                        TopLogprob(token: "Hello", logprob: -0.31725305, bytes: [72, 101, 108, 108, 111]),
                        TopLogprob(token: "Hi", logprob: -1.3190403, bytes: [72, 105]),
                    ]))
        #expect(tokens[2].topLogprobs[1].bytes == nil)
        #expect(tokens[4].logprob == -3.7697225e-6)
    }

    @Test func earliestResponseShapeWithPlaceholderValues() throws {
        let old = try completion("seed-004-earliest.json")
        #expect(old.object == "string")
        #expect(old.choices[0].message.role == Role("string"))
        #expect(old.choices[0].finishReason == FinishReason("string"))
        #expect(old.usage == CompletionUsage(promptTokens: 0, completionTokens: 0, totalTokens: 0))
    }

    @Test func llamaCppTimingsAndReasoningStayReachable() throws {
        let llama = try completion("llamacpp-completion.json")
        #expect(llama.additionalFields["timings"]?["predicted_per_second"] == 81.05)
        #expect(llama.additionalFields["timings"]?["prompt_n"] == 20)
        #expect(llama.choices[0].message.reasoningContent == "The user asks a simple fact.")
        #expect(llama.choices[0].logprobs?.content?[0].additionalFields["id"] == 9079)
        #expect(llama.choices[0].logprobs?.content?[0].topLogprobs[0].additionalFields["id"] == 9079)
        #expect(llama.choices[0].logprobs?.refusal == nil)
        #expect(llama.systemFingerprint == "b5890-4f6f7bbd")
    }

    @Test func vLLMStopReasonsAndPromptLogprobsStayReachable() throws {
        let vllm = try completion("vllm-completion.json")
        #expect(vllm.choices.map(\.finishReason) == [.stop, .length, FinishReason("abort")])
        #expect(vllm.choices[0].additionalFields["stop_reason"] == 151645)
        #expect(vllm.choices[1].additionalFields["stop_reason"] == .null)
        #expect(vllm.choices[2].additionalFields["stop_reason"] == "###")
        #expect(vllm.choices[0].message.toolCalls == [])
        #expect(vllm.serviceTier == nil)
        #expect(vllm.usage?.promptTokensDetails == nil)
        // vLLM's own prompt_logprobs shape is not ours; it is kept raw rather than failing.
        #expect(vllm.promptLogprobs == nil)
        #expect(vllm.additionalFields["prompt_logprobs"]?.arrayValue?.count == 2)
        #expect(vllm.additionalFields["kv_transfer_params"] == .null)
    }

    @Test func unknownEnumValuesDecode() throws {
        let groq = try completion("groq-on-demand.json")
        #expect(groq.serviceTier == ServiceTier("on_demand"))
        #expect(groq.serviceTier?.rawValue == "on_demand")
        #expect(groq.additionalFields["x_groq"]?["id"] == "req_01jbd6g2qdfw2adyrt2az8hz4w")
        #expect(groq.usage?.additionalFields["queue_time"] == 0.037493756)
        #expect(groq.usage?.totalTokens == 574)

        let eos = try completion("eos-token-finish.json")
        #expect(eos.choices[0].finishReason == FinishReason("eos_token"))
        #expect(eos.choices[0].finishReason != .stop)
        #expect(eos.additionalFields["prompt"] == [])
        #expect(eos.choices[0].message.toolCalls == nil)
    }

    @Test func refusalsCitationsAudioAndModeration() throws {
        let mixed = try completion("openai-refusal-and-citations.json")
        #expect(mixed.choices[0].message.refusal == "I'm sorry, I can't help with that.")
        #expect(mixed.choices[0].logprobs?.refusal?[0].token == "I'm")
        #expect(mixed.choices[0].logprobs?.content == nil)
        #expect(mixed.choices[1].finishReason == .contentFilter)
        #expect(
            mixed.choices[1].message.annotations?[0].urlCitation
                == Annotation.URLCitation(
                    startIndex: 40, endIndex: 43, url: "https://www.swift.org/blog/announcing-swift-6/",
                    title: "Announcing Swift 6"))
        #expect(mixed.metadata == ["project": "demo"])
        #expect(mixed.serviceTier == .priority)
        #expect(mixed.additionalFields["moderation"]?["output"]?["code"] == "timeout")

        let audio = try completion("openai-audio.json")
        #expect(audio.choices[0].message.audio?.transcript == "Hello there!")
        #expect(audio.choices[0].message.audio?.expiresAt == 1_730_003_600)
        #expect(audio.usage?.completionTokensDetails?.audioTokens == 32)
        #expect(audio.usage?.promptTokensDetails?.textTokens == 17)
        #expect(
            AssistantMessage(audio.choices[0].message).audio == AssistantMessage.AudioReference(id: "audio_abc123"))
    }

    @Test func promptLogprobsInOurShape() throws {
        let local = try completion("loglikelihood.json")
        #expect(local.promptLogprobs?.count == 2)
        #expect(local.promptLogprobs?[0].topLogprobs[0].token == "The")
        #expect(local.additionalFields.isEmpty)
    }

    @Test func errorEnvelopesInTheirVariousShapes() throws {
        func error(_ name: String) throws -> APIError {
            try JSONValueDecoder().decode(ErrorResponse.self, fromJSON: Fixtures.bytes("errors/" + name)).error
        }
        let openAI = try error("openai-invalid-request.json")
        #expect(openAI.type == "invalid_request_error")
        #expect(openAI.param == "temperature")
        #expect(openAI.code == .string("decimal_above_max_value"))
        #expect(try error("openai-auth.json").param == nil)
        let llama = try error("llamacpp-error.json")
        #expect(llama.code == .int(400))
        #expect(llama.additionalFields["n_ctx"] == 4096)
        let vllm = try error("vllm-error.json")
        #expect(vllm.code == 404)
        #expect(vllm.type == "NotFoundError")
        #expect(vllm.additionalFields["object"] == "error")
        let plain = try error("string-error.json")
        #expect(plain.message == "Unauthorized")
        #expect(plain.type == "")

        let written = try ErrorResponse(error: APIError(message: "m", type: "t", code: 429)).jsonString()
        #expect(written == #"{"error":{"message":"m","type":"t","param":null,"code":429}}"#)
        #expect(
            try ErrorResponse(error: InvalidRequestError(message: "bad", param: "n", code: "x").apiError).jsonString()
                == #"{"error":{"message":"bad","type":"invalid_request_error","param":"n","code":"x"}}"#)
        #expect(throws: DecodingError.self) {
            try JSONValueDecoder().decode(ErrorResponse.self, from: ["id": "chatcmpl-1"])
        }
    }

    @Test func modelLists() throws {
        let reference = try JSONValueDecoder().decode(
            ModelList.self, fromJSON: Fixtures.bytes("models/reference-models.json"))
        #expect(reference.data.map(\.id) == ["model-id-0", "model-id-1", "model-id-2"])
        #expect(reference.data[2].shutdownDate == "2026-10-23")
        #expect(reference.data[2].ownedBy == "openai")
        let llama = try JSONValueDecoder().decode(
            ModelList.self, fromJSON: Fixtures.bytes("models/llamacpp-models.json"))
        #expect(llama.data[0].additionalFields["meta"]?["n_ctx_train"] == 32768)
        #expect(llama.additionalFields["models"]?.arrayValue?.count == 1)
        let vllm = try JSONValueDecoder().decode(ModelList.self, fromJSON: Fixtures.bytes("models/vllm-models.json"))
        #expect(vllm.data[0].additionalFields["max_model_len"] == 32768)
        #expect(
            try ModelList(data: [ModelInfo(id: "gemma", created: 1, ownedBy: "me")]).jsonString()
                == #"{"object":"list","data":[{"id":"gemma","object":"model","created":1,"owned_by":"me"}]}"#)
    }

    @Test func requiredNullableMembersAreWrittenAsNull() throws {
        let completion = ChatCompletion(
            id: "c", created: 1, model: "m",
            choices: [.init(index: 0, message: ChatCompletionMessage(content: "x"), finishReason: nil)])
        #expect(
            try completion.jsonString()
                == #"{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"x","refusal":null},"finish_reason":null,"logprobs":null}]}"#
        )
        let chunk = ChatCompletionChunk(
            id: "c", created: 1, model: "m", choices: [.init(index: 0, delta: ChatCompletionDelta(content: "x"))])
        #expect(
            try chunk.jsonString()
                == #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null,"logprobs":null}]}"#
        )
        #expect(
            try TokenLogprob(token: "a", logprob: -1).jsonString()
                == #"{"token":"a","logprob":-1.0,"bytes":null,"top_logprobs":[]}"#)
    }

    @Test func usageWithoutATotalGetsTheSumEvenForAbsurdCounts() throws {
        let usage = try CompletionUsage(jsonString: #"{"prompt_tokens":3,"completion_tokens":4}"#)
        #expect(usage.totalTokens == 7)
        let huge = try CompletionUsage(jsonString: #"{"prompt_tokens":9223372036854775807,"completion_tokens":1}"#)
        #expect(huge.promptTokens == Int.max)
    }

    @Test func argumentsSentAsObjectsBecomeText() throws {
        let call = try ToolCall(
            jsonString: #"{"id":"1","type":"function","function":{"name":"f","arguments":{"a":1}},"index":0}"#)
        #expect(call.function.arguments == #"{"a":1}"#)
        let delta = try ToolCallDelta(jsonString: #"{"index":2,"function":{"arguments":{"b":[true]}}}"#)
        #expect(delta.function?.arguments == #"{"b":[true]}"#)
        #expect(delta.index == 2)
    }
}
