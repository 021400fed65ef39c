import ChatCompletionsAPI
import Foundation
import Testing

@Suite struct RequestEncodingTests {
    @Test func writesOnlyWhatWasSet() throws {
        let request = ChatCompletionRequest(messages: [.user("hi")], model: "m")
        #expect(try request.jsonString() == #"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#)
    }

    @Test func writesSnakeCaseNamesInAStableOrder() throws {
        let request = ChatCompletionRequest(
            messages: [.system("s", name: "sys"), .user("u")], model: "m",
            logitBias: ["7": 1.5, "50256": -100, "13": 0],
            maxCompletionTokens: 5, stop: ["a", "b"], streamOptions: StreamOptions(includeUsage: true),
            toolChoice: .function(name: "f"), ignoreEOS: true, promptTopLogprobs: 2)
        #expect(
            try request.jsonString()
                == #"{"model":"m","messages":[{"role":"system","content":"s","name":"sys"},{"role":"user","content":"u"}],"logit_bias":{"13":0,"50256":-100,"7":1.5},"max_completion_tokens":5,"stop":["a","b"],"stream_options":{"include_usage":true},"tool_choice":{"type":"function","function":{"name":"f"}},"ignore_eos":true,"prompt_logprobs":2}"#
        )
    }

    @Test func assistantMessagesThatOnlyCallToolsSayContentNull() throws {
        let call = ToolCall(id: "call_1", function: FunctionCall(name: "f", arguments: "{}"))
        let message = ChatMessage.assistant(toolCalls: [call])
        #expect(
            try message.jsonString()
                == #"{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]}"#
        )
        let custom = ToolCall(id: "c", type: .custom, function: FunctionCall(name: "shell", arguments: "ls"))
        #expect(try custom.jsonString() == #"{"id":"c","type":"custom","custom":{"name":"shell","input":"ls"}}"#)
    }

    @Test func extraBodyMergesAndWinsOnClashes() throws {
        var request = ChatCompletionRequest(messages: [.user("hi")], model: "m", temperature: 0.5)
        request.extraBody = ["cache_prompt": true, "temperature": 0.1, "chat_template_kwargs": ["thinking": false]]
        let value = try JSONValueEncoder().encode(request)
        #expect(
            value.objectValue?.keys == ["model", "messages", "temperature", "cache_prompt", "chat_template_kwargs"])
        #expect(value["temperature"] == 0.1)
        #expect(value["cache_prompt"] == true)
        // Strict decoding refuses what only extraBody knew.
        #expect(decodingError(value.jsonString())?.param == "cache_prompt")
    }

    @Test func encodesEachKindOfToolChoiceAndFormat() throws {
        #expect(try ToolChoice.none.jsonString() == #""none""#)
        #expect(try ToolChoice.auto.jsonString() == #""auto""#)
        #expect(try ToolChoice.required.jsonString() == #""required""#)
        #expect(try ToolChoice.custom(name: "c").jsonString() == #"{"type":"custom","custom":{"name":"c"}}"#)
        #expect(
            try ToolChoice.allowedTools(AllowedTools(mode: .auto, functionNames: ["a"])).jsonString()
                == #"{"type":"allowed_tools","allowed_tools":{"mode":"auto","tools":[{"type":"function","function":{"name":"a"}}]}}"#
        )
        #expect(try ResponseFormat.text.jsonString() == #"{"type":"text"}"#)
        #expect(try ResponseFormat.jsonObject.jsonString() == #"{"type":"json_object"}"#)
        #expect(
            try ResponseFormat.jsonObjectWithSchema(["type": "object"]).jsonString()
                == #"{"type":"json_object","schema":{"type":"object"}}"#)
        #expect(
            try ResponseFormat.jsonSchema(JSONSchemaFormat(name: "n", schema: ["type": "object"], strict: true))
                .jsonString()
                == #"{"type":"json_schema","json_schema":{"name":"n","schema":{"type":"object"},"strict":true}}"#
        )
        #expect(
            try Tool.custom(name: "t", format: .text).jsonString()
                == #"{"type":"custom","custom":{"name":"t","format":{"type":"text"}}}"#)
        #expect(
            try Tool.function(name: "f", parameters: ["type": "object"]).jsonString()
                == #"{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}"#)
        #expect(try AudioOutputOptions.Voice.custom(id: "v").jsonString() == #"{"id":"v"}"#)
        #expect(try StopSequences.single("x").jsonString() == #""x""#)
    }

    @Test func conveniencesBuildTheRightMessages() {
        #expect(ChatMessage.developer("d").role == .developer)
        #expect(ChatMessage.tool("out", toolCallID: "c").role == .tool)
        #expect(ChatMessage.user([.text("a"), .imageURL(ImageURL(url: "u"))]).content?.textParts == ["a"])
        #expect(MessageContent.parts([.text("a"), .refusal("r"), .text("b")]).joinedText(separator: " ") == "a b")
        #expect(ChatMessage.assistant("x", name: "n").name == "n")
        #expect(ChatMessage.tool("out", toolCallID: "c").name == nil)
        let message = ChatCompletionMessage(
            content: "hi", toolCalls: [ToolCall(id: "1", function: FunctionCall(name: "f", arguments: "{}"))])
        #expect(AssistantMessage(message) == AssistantMessage(content: "hi", toolCalls: message.toolCalls))
        #expect(StopSequences.multiple(["a", "b"]).values == ["a", "b"])
        #expect(StopSequences.single("a").values == ["a"])
        var request = ChatCompletionRequest(messages: [], model: "m", maxTokens: 9)
        #expect(request.effectiveMaxTokens == 9)
        request.maxCompletionTokens = 4
        #expect(request.effectiveMaxTokens == 4)
        #expect(!request.isStreaming)
    }

    @Test func requestIsAPlainCodableForFoundationToo() throws {
        let request = try ChatCompletionRequest(jsonBytes: Fixtures.bytes("requests/openai-newer-fields.json"))
        let data = try FoundationCoding.encode(request)
        #expect(try FoundationCoding.decode(ChatCompletionRequest.self, data) == request)
    }
}

enum FoundationCoding {
    static func encode<T: Encodable>(_ value: T) throws -> Data { try JSONEncoder().encode(value) }
    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }
}
