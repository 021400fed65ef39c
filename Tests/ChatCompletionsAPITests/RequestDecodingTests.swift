import ChatCompletionsAPI
import Foundation
import Testing

@Suite struct RequestDecodingTests {
    static let minimal = #"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#

    /// `minimal` with `extra` spliced in as further top-level members.
    static func body(_ extra: String) -> String {
        #"{"model":"m","messages":[{"role":"user","content":"hi"}],"# + extra + "}"
    }

    @Test func decodesTheMinimalRequest() throws {
        let request = try ChatCompletionRequest(jsonBytes: Array(Self.minimal.utf8))
        #expect(request == ChatCompletionRequest(messages: [.user("hi")], model: "m"))
    }

    @Test func treatsNullAsAbsent() throws {
        let request = try ChatCompletionRequest(
            jsonBytes: Array(
                Self.body(
                    #""temperature":null,"stop":null,"tools":null,"tool_choice":null,"metadata":null,"audio":null,"#
                        + #""n":null,"seed":null,"stream_options":null,"prompt_logprobs":null"#
                ).utf8))
        #expect(request == ChatCompletionRequest(messages: [.user("hi")], model: "m"))
    }

    @Test func malformedJSONSaysWhere() throws {
        let error = decodingError("{\n  \"model\": \"m\",\n  \"messages\": [,]\n}")
        #expect(error?.param == nil)
        #expect(error?.code == "invalid_json")
        #expect(error?.message.contains("line 3, column 16") == true, "\(String(describing: error))")
    }

    @Test func bodyMustBeAnObject() {
        let error = decodingError("[1]")
        #expect(error?.param == nil)
        #expect(error?.message == "The request body must be a JSON object, found an array.")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var json: String
        var param: String?
        var message: String
        var code: String?
        var testDescription: String { param ?? message }
    }

    static let cases: [Case] = [
        Case(
            json: body(#""foo":1"#), param: "foo", message: "Unrecognized parameter 'foo'.", code: "unknown_parameter"),
        Case(
            json: body(#""functions":[{"name":"f"}]"#), param: "functions",
            message: "'functions' is deprecated and not supported; use 'tools' instead.",
            code: "unsupported_parameter"),
        Case(
            json: body(#""function_call":"auto""#), param: "function_call",
            message: "'function_call' is deprecated and not supported; use 'tool_choice' instead.",
            code: "unsupported_parameter"),
        Case(
            json: body(#""prompt_cache_retention":"24h""#), param: "prompt_cache_retention",
            message: "use 'prompt_cache_options.ttl' instead", code: "unsupported_parameter"),
        Case(
            json: #"{"messages":[{"role":"user","content":"hi"}]}"#, param: "model",
            message: "Missing required parameter: 'model'.", code: "missing_required_parameter"),
        Case(
            json: #"{"model":"m"}"#, param: "messages", message: "Missing required parameter: 'messages'.",
            code: "missing_required_parameter"),
        Case(
            json: #"{"model":7,"messages":[]}"#, param: "model",
            message: "Invalid type for 'model': expected a string, found an integer.", code: "invalid_type"),
        Case(
            json: #"{"model":"m","messages":{}}"#, param: "messages",
            message: "Invalid type for 'messages': expected an array, found an object.", code: "invalid_type"),
        Case(
            json: #"{"model":"m","messages":[{"role":"user","content":"a"},{"role":"robot","content":"b"}]}"#,
            param: "messages[1].role",
            message:
                "Invalid value for 'messages[1].role': 'robot' is not a message role; expected one of system, developer, user, assistant, tool.",
            code: "invalid_value"),
        Case(
            json: #"{"model":"m","messages":[{"role":"function","name":"f","content":"x"}]}"#,
            param: "messages[0].role", message: "use 'tool' messages with 'tool_call_id' instead",
            code: "unsupported_value"),
        Case(
            json: #"{"model":"m","messages":[{"content":"x"}]}"#, param: "messages[0].role",
            message: "Missing required parameter: 'messages[0].role'.", code: "missing_required_parameter"),
        Case(
            json: #"{"model":"m","messages":[{"role":"user"}]}"#, param: "messages[0].content",
            message: "Missing required parameter: 'messages[0].content'.", code: "missing_required_parameter"),
        Case(
            json:
                #"{"model":"m","messages":[{"role":"system","content":"s"},{"role":"user","content":"u"},{"role":"user","content":5}]}"#,
            param: "messages[2].content",
            message:
                "Invalid type for 'messages[2].content': expected a string or an array of content parts, found an integer.",
            code: "invalid_type"),
        Case(
            json: #"{"model":"m","messages":[{"role":"user","content":"x","mood":"happy"}]}"#,
            param: "messages[0].mood", message: "Unrecognized parameter 'messages[0].mood'.", code: "unknown_parameter"),
        Case(
            json:
                #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"video","video":{}}]}]}"#,
            param: "messages[0].content[1].type",
            message:
                "Invalid value for 'messages[0].content[1].type': 'video' is not a content part type; expected one of text, image_url, input_audio, file, refusal.",
            code: "invalid_value"),
        Case(
            json: #"{"model":"m","messages":[{"role":"user","content":[{"type":"text"}]}]}"#,
            param: "messages[0].content[0].text", message: "Missing required parameter: 'messages[0].content[0].text'.",
            code: "missing_required_parameter"),
        Case(
            json:
                #"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"u","size":1}}]}]}"#,
            param: "messages[0].content[0].image_url.size",
            message: "Unrecognized parameter 'messages[0].content[0].image_url.size'.", code: "unknown_parameter"),
        Case(
            json: #"{"model":"m","messages":[{"role":"assistant","content":"x","function_call":{"name":"f"}}]}"#,
            param: "messages[0].function_call", message: "use 'tool_calls' instead", code: "unsupported_parameter"),
        Case(
            json: #"{"model":"m","messages":[{"role":"tool","content":"x"}]}"#, param: "messages[0].tool_call_id",
            message: "Missing required parameter: 'messages[0].tool_call_id'.", code: "missing_required_parameter"),
        Case(
            json: body(#""tools":[{"type":"function","function":{"name":12}}]"#), param: "tools[0].function.name",
            message: "Invalid type for 'tools[0].function.name': expected a string, found an integer.",
            code: "invalid_type"),
        Case(
            json: body(#""tools":[{"type":"retrieval"}]"#), param: "tools[0].type",
            message: "'retrieval' is not a tool type", code: "invalid_value"),
        Case(
            json: body(#""tools":[{"type":"function","function":{"name":"f","returns":{}}}]"#),
            param: "tools[0].function.returns", message: "Unrecognized parameter 'tools[0].function.returns'.",
            code: "unknown_parameter"),
        Case(
            json: body(#""temperature":"hot""#), param: "temperature",
            message: "Invalid type for 'temperature': expected a number, found a string.", code: "invalid_type"),
        Case(
            json: body(#""max_tokens":1.5"#), param: "max_tokens",
            message: "Invalid type for 'max_tokens': expected an integer, found the number 1.5.", code: "invalid_type"),
        Case(
            json: body(#""seed":1e30"#), param: "seed", message: "expected an integer", code: "invalid_type"),
        Case(
            json: body(#""logit_bias":{"50256":"ban"}"#), param: "logit_bias.50256",
            message: "Invalid type for 'logit_bias.50256': expected a number, found a string.", code: "invalid_type"),
        Case(
            json: body(#""stop":5"#), param: "stop",
            message: "Invalid type for 'stop': expected a string or an array of strings, found an integer.",
            code: "invalid_type"),
        Case(
            json: body(#""stop":["a",1]"#), param: "stop[1]",
            message: "Invalid type for 'stop[1]': expected a string, found an integer.", code: "invalid_type"),
        Case(
            json: body(#""tool_choice":"any""#), param: "tool_choice", message: "'any' is not a tool choice",
            code: "invalid_value"),
        Case(
            json: body(#""tool_choice":{"type":"function","function":{}}"#), param: "tool_choice.function.name",
            message: "Missing required parameter: 'tool_choice.function.name'.", code: "missing_required_parameter"),
        Case(
            json: body(#""response_format":{"type":"xml"}"#), param: "response_format.type",
            message: "'xml' is not a response format", code: "invalid_value"),
        Case(
            json: body(#""response_format":{"type":"json_schema","json_schema":{"schema":{}}}"#),
            param: "response_format.json_schema.name",
            message: "Missing required parameter: 'response_format.json_schema.name'.",
            code: "missing_required_parameter"),
        Case(
            json: body(#""stream_options":{"include_usage":"yes"}"#), param: "stream_options.include_usage",
            message: "expected a boolean, found a string", code: "invalid_type"),
        Case(
            json: body(#""prompt_logprobs":"all""#), param: "prompt_logprobs",
            message: "Invalid type for 'prompt_logprobs': expected a boolean or an integer, found a string.",
            code: "invalid_type"),
        Case(
            json: body(#""prompt_logprobs":2,"loglikelihood":false"#), param: "prompt_logprobs",
            message: "'prompt_logprobs' and 'loglikelihood' disagree", code: "invalid_value"),
        Case(
            json: body(#""web_search_options":{"user_location":{"type":"exact","approximate":{}}}"#),
            param: "web_search_options.user_location.type", message: "expected 'approximate', found 'exact'",
            code: "invalid_value"),
        Case(
            json: body(#""audio":{"voice":3,"format":"wav"}"#), param: "audio.voice",
            message: "expected a voice name or an object with an 'id'", code: "invalid_type"),
        Case(
            json: body(#""metadata":{"k":1}"#), param: "metadata.k", message: "expected a string, found an integer",
            code: "invalid_type"),
        Case(
            json: body(#""logit_bias":{"a b":1}"#) + "x", param: nil, message: "not valid JSON", code: "invalid_json"),
    ]

    @Test(arguments: cases)
    func strictDecodingNamesTheParameter(testCase: Case) {
        let error = decodingError(testCase.json)
        #expect(error != nil)
        #expect(error?.param == testCase.param, "\(String(describing: error))")
        #expect(error?.message.contains(testCase.message) == true, "\(String(describing: error))")
        #expect(error?.code == testCase.code)
    }

    @Test func pathsQuoteNamesThatAreNotPlainWords() {
        #expect(parameterPath([AnyCodingKey("logit_bias"), AnyCodingKey("a b")]) == #"logit_bias["a b"]"#)
        #expect(parameterPath([AnyCodingKey("tools"), AnyCodingKey(index: 3), AnyCodingKey("x")]) == "tools[3].x")
        #expect(parameterPath([]) == "")
    }

    @Test func promptLogprobsIsAnotherSpellingOfLoglikelihood() throws {
        func decode(_ extra: String) throws -> ChatCompletionRequest {
            try ChatCompletionRequest(jsonBytes: Array(Self.body(extra).utf8))
        }
        #expect(try decode(#""prompt_logprobs":true"#).loglikelihood == true)
        #expect(try decode(#""prompt_logprobs":true"#).promptTopLogprobs == nil)
        #expect(try decode(#""prompt_logprobs":false"#).loglikelihood == false)
        let counted = try decode(#""prompt_logprobs":3"#)
        #expect(counted.loglikelihood == true)
        #expect(counted.promptTopLogprobs == 3)
        #expect(counted.wantsPromptLogprobs)
        let zero = try decode(#""prompt_logprobs":0,"loglikelihood":true"#)
        #expect(zero.loglikelihood == true)
        #expect(zero.promptTopLogprobs == 0)
        #expect(try decode(#""loglikelihood":true"#).promptTopLogprobs == nil)
    }

    @Test func acceptsAReturnedMessageSentBackAsHistory() throws {
        let json = #"""
            {"model":"m","functions":null,"function_call":null,"messages":[
              {"role":"user","content":"Weather in Boston?"},
              {"role":"assistant","content":null,"refusal":null,"annotations":[],"audio":null,"function_call":null,
               "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"sunny"}]}
            """#
        let request = try ChatCompletionRequest(jsonBytes: Array(json.utf8))
        #expect(
            request.messages[1]
                == .assistant(toolCalls: [
                    ToolCall(id: "call_1", function: FunctionCall(name: "get_weather", arguments: "{}"))
                ]))
        #expect(request.validationIssues() == [])
    }

    @Test func acceptsAndDropsPromptCacheBreakpoints() throws {
        let json =
            #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"long prefix","prompt_cache_breakpoint":{"mode":"explicit"}}]}]}"#
        let request = try ChatCompletionRequest(jsonBytes: Array(json.utf8))
        #expect(request.messages == [.user([.text("long prefix")])])
    }

    @Test func decodesEveryRoleAndPart() throws {
        let request = try ChatCompletionRequest(jsonBytes: Fixtures.bytes("requests/openai-newer-fields.json"))
        #expect(request.messages.map(\.role) == [.developer, .user, .assistant, .tool, .tool, .assistant])
        guard case .assistant(let calls) = request.messages[2], case .assistant(let last) = request.messages[5] else {
            Issue.record("expected assistant messages")
            return
        }
        #expect(calls.content == nil)
        #expect(
            calls.toolCalls?[1]
                == ToolCall(id: "call_2", type: .custom, function: FunctionCall(name: "shell", arguments: "ls -la")))
        #expect(last.content == .parts([.text("Here it is."), .refusal("I won't run commands.")]))
        #expect(last.name == "helper")
        #expect(last.audio?.id == "audio_abc")
        #expect(request.tools?[1].type == .custom)
        #expect(request.tools?[1].customFormat == .grammar(definition: "^[a-z -]+$", syntax: .regex))
        #expect(request.tools?[2] == .custom(name: "notes"))
        #expect(
            request.toolChoice
                == .allowedTools(
                    AllowedTools(
                        mode: .required,
                        tools: [
                            ["type": "function", "function": ["name": "read_file"]],
                            ["type": "custom", "custom": ["name": "shell"]],
                        ])))
        #expect(request.audio == AudioOutputOptions(voice: .alloy, format: .wav))
        #expect(request.moderation?.policy == ModerationOptions.Policy(input: .block, output: .score))
        #expect(request.promptCacheOptions == PromptCacheOptions(ttl: .thirtyMinutes, mode: .implicit))
        #expect(request.webSearchOptions?.userLocation?.city == "London")
        #expect(request.metadata == ["project": "demo", "ticket": "T-1"])

        let parts = try ChatCompletionRequest(jsonBytes: Fixtures.bytes("requests/user-content-parts.json"))
        guard case .user(let user) = parts.messages[0], case .parts(let content) = user.content else {
            Issue.record("expected user parts")
            return
        }
        #expect(content.map(\.type) == ["text", "image_url", "image_url", "input_audio", "file", "file"])
        #expect(content[1] == .imageURL(ImageURL(url: "data:image/png;base64,iVBORw0KGgo=", detail: .high)))
        #expect(content[3] == .inputAudio(InputAudio(data: "UklGRiQAAABXQVZF", format: .wav)))
        #expect(content[5] == .file(FileInput(fileID: "file-abc123")))
        #expect(user.name == "carol")
        #expect(parts.audio?.voice == .custom(id: "voice_1234"))
    }

    @Test func decodingThroughFoundationIsStrictToo() throws {
        let json = Self.body(#""bogus":true"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoderProbe.decode(json)
        }
        let badContent =
            #"{"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"user","content":5}]}"#
        do {
            _ = try JSONDecoderProbe.decode(badContent)
            Issue.record("expected a failure")
        } catch let error as DecodingError {
            #expect(InvalidRequestError(error).param == "messages[2].content")
        }
        do {
            _ = try JSONDecoderProbe.decode("[]")
            Issue.record("expected a failure")
        } catch let error as DecodingError {
            #expect(InvalidRequestError(error).param == nil)
            #expect(InvalidRequestError(error).message.hasPrefix("Invalid request body: "))
            #expect(!InvalidRequestError(error).message.hasSuffix(".."))
        }
        let badBias = Self.body(#""logit_bias":{"50256":"x"}"#)
        do {
            _ = try JSONDecoderProbe.decode(badBias)
            Issue.record("expected a failure")
        } catch let error as DecodingError {
            #expect(InvalidRequestError(error).param == "logit_bias.50256")
        }
    }
}

/// Foundation's decoder, to show the wire types are plain `Codable`.
enum JSONDecoderProbe {
    static func decode(_ json: String) throws -> ChatCompletionRequest {
        try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(json.utf8))
    }
}
