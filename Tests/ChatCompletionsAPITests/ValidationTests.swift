import ChatCompletionsAPI
import Testing

/// One rule of `validate(limits:)`: requests at the boundary pass, requests just past it fail
/// with the given parameter path.
struct Rule: Sendable, CustomTestStringConvertible {
    typealias Change = @Sendable (inout ChatCompletionRequest) -> Void

    var name: String
    var limits: ValidationLimits = .openAI
    var accepted: [Change]
    var rejected: [(param: String, change: Change)]

    var testDescription: String { name }
}

private func base() -> ChatCompletionRequest {
    ChatCompletionRequest(messages: [.user("hi")], model: "m")
}

private let weather = Tool.function(name: "get_weather", parameters: ["type": "object"])
private let call = ToolCall(id: "call_1", function: FunctionCall(name: "get_weather", arguments: "{}"))

private func name(_ length: Int) -> String { String(repeating: "a", count: length) }

@Suite struct ValidationTests {
    static let rules: [Rule] = [
        Rule(
            name: "temperature 0…2", accepted: [{ $0.temperature = 0 }, { $0.temperature = 2 }],
            rejected: [
                ("temperature", { $0.temperature = -0.001 }), ("temperature", { $0.temperature = 2.001 }),
                ("temperature", { $0.temperature = .nan }), ("temperature", { $0.temperature = .infinity }),
            ]),
        Rule(
            name: "top_p 0…1", accepted: [{ $0.topP = 0 }, { $0.topP = 1 }],
            rejected: [("top_p", { $0.topP = -0.01 }), ("top_p", { $0.topP = 1.01 })]),
        Rule(
            name: "frequency_penalty −2…2", accepted: [{ $0.frequencyPenalty = -2 }, { $0.frequencyPenalty = 2 }],
            rejected: [
                ("frequency_penalty", { $0.frequencyPenalty = -2.01 }),
                ("frequency_penalty", { $0.frequencyPenalty = 2.01 }),
            ]),
        Rule(
            name: "presence_penalty −2…2", accepted: [{ $0.presencePenalty = -2 }, { $0.presencePenalty = 2 }],
            rejected: [
                ("presence_penalty", { $0.presencePenalty = -2.01 }),
                ("presence_penalty", { $0.presencePenalty = 2.01 }),
            ]),
        Rule(
            name: "logit_bias token ids and −100…100",
            accepted: [{ $0.logitBias = ["0": -100, "50256": 100, "7": 0.5] }],
            rejected: [
                ("logit_bias.1", { $0.logitBias = ["1": 100.5] }), ("logit_bias.2", { $0.logitBias = ["2": -101] }),
                ("logit_bias.-1", { $0.logitBias = ["-1": 1] }), ("logit_bias.abc", { $0.logitBias = ["abc": 1] }),
                (#"logit_bias["1.5"]"#, { $0.logitBias = ["1.5": 1] }),
                (#"logit_bias[""]"#, { $0.logitBias = ["": 1] }),
                ("logit_bias.99999999999999999999", { $0.logitBias = ["99999999999999999999": 1] }),
            ]),
        Rule(
            name: "top_logprobs 0…20 with logprobs",
            accepted: [
                {
                    $0.logprobs = true
                    $0.topLogprobs = 0
                },
                {
                    $0.logprobs = true
                    $0.topLogprobs = 20
                },
            ],
            rejected: [
                (
                    "top_logprobs",
                    {
                        $0.logprobs = true
                        $0.topLogprobs = 21
                    }
                ),
                (
                    "top_logprobs",
                    {
                        $0.logprobs = true
                        $0.topLogprobs = -1
                    }
                ),
                ("top_logprobs", { $0.topLogprobs = 5 }),
                (
                    "top_logprobs",
                    {
                        $0.logprobs = false
                        $0.topLogprobs = 1
                    }
                ),
            ]),
        Rule(
            name: "top_logprobs 0…5 at OxyAPI", limits: .oxyAPI,
            accepted: [
                {
                    $0.logprobs = true
                    $0.topLogprobs = 5
                }
            ],
            rejected: [
                (
                    "top_logprobs",
                    {
                        $0.logprobs = true
                        $0.topLogprobs = 6
                    }
                )
            ]),
        Rule(
            name: "n 1…128", accepted: [{ $0.n = 1 }, { $0.n = 128 }],
            rejected: [("n", { $0.n = 0 }), ("n", { $0.n = 129 })]),
        Rule(
            name: "n 1…2 at OxyAPI", limits: .oxyAPI, accepted: [{ $0.n = 2 }],
            rejected: [("n", { $0.n = 3 }), ("n", { $0.n = 0 })]),
        Rule(
            name: "n unbounded when maxN is nil", limits: ValidationLimits(maxN: nil), accepted: [{ $0.n = 100_000 }],
            rejected: [("n", { $0.n = 0 })]),
        Rule(
            name: "stop at most 4 non-empty",
            accepted: [{ $0.stop = ["a", "b", "c", "d"] }, { $0.stop = "x" }, { $0.stop = ["only"] }],
            rejected: [
                ("stop", { $0.stop = ["a", "b", "c", "d", "e"] }), ("stop[1]", { $0.stop = ["a", ""] }),
                ("stop", { $0.stop = "" }), ("stop", { $0.stop = .multiple([]) }),
            ]),
        Rule(
            name: "max_tokens ≥ 1", accepted: [{ $0.maxTokens = 1 }],
            rejected: [("max_tokens", { $0.maxTokens = 0 }), ("max_tokens", { $0.maxTokens = -5 })]),
        Rule(
            name: "max_completion_tokens ≥ 1", accepted: [{ $0.maxCompletionTokens = 1 }],
            rejected: [("max_completion_tokens", { $0.maxCompletionTokens = 0 })]),
        Rule(
            name: "messages non-empty", accepted: [{ $0.messages = [.developer("d")] }],
            rejected: [("messages", { $0.messages = [] })]),
        Rule(
            name: "model non-empty", accepted: [{ $0.model = "x" }], rejected: [("model", { $0.model = "" })]),
        Rule(
            name: "tool names ^[a-zA-Z0-9_-]{1,64}$",
            accepted: [
                { $0.tools = [.function(name: name(64))] }, { $0.tools = [.function(name: "a-Z_9")] },
                { $0.tools = [.custom(name: "c")] },
            ],
            rejected: [
                ("tools[0].function.name", { $0.tools = [.function(name: name(65))] }),
                ("tools[0].function.name", { $0.tools = [.function(name: "")] }),
                ("tools[0].function.name", { $0.tools = [.function(name: "get weather")] }),
                ("tools[0].function.name", { $0.tools = [.function(name: "café")] }),
                ("tools[0].custom.name", { $0.tools = [.custom(name: "a.b")] }),
            ]),
        Rule(
            name: "tool names unique",
            accepted: [{ $0.tools = [.function(name: "a"), .function(name: "b")] }],
            rejected: [
                (
                    "tools[2].function.name",
                    { $0.tools = [.function(name: "a"), .function(name: "b"), .function(name: "a")] }
                ),
                ("tools[1].custom.name", { $0.tools = [.function(name: "a"), .custom(name: "a")] }),
            ]),
        Rule(
            name: "at most 128 tools",
            accepted: [{ $0.tools = (0..<128).map { .function(name: "f\($0)") } }],
            rejected: [("tools", { $0.tools = (0..<129).map { .function(name: "f\($0)") } })]),
        Rule(
            name: "tool definitions well-formed",
            accepted: [{ $0.tools = [.function(name: "f", parameters: ["type": "object"], strict: true)] }],
            rejected: [
                ("tools[0].function.parameters", { $0.tools = [.function(name: "f", parameters: ["string"])] }),
                (
                    "tools[0].custom",
                    { $0.tools = [Tool(type: .custom, function: FunctionDefinition(name: "c", strict: true))] }
                ),
                ("tools[0].type", { $0.tools = [Tool(type: "retrieval", function: FunctionDefinition(name: "r"))] }),
            ]),
        Rule(
            name: "tool_choice names a declared tool",
            accepted: [
                {
                    $0.tools = [weather]
                    $0.toolChoice = .function(name: "get_weather")
                },
                {
                    $0.tools = [weather]
                    $0.toolChoice = .required
                },
                { $0.toolChoice = ToolChoice.none },
                { $0.toolChoice = .auto },
                {
                    $0.tools = [weather, .custom(name: "c")]
                    $0.toolChoice = .custom(name: "c")
                },
                {
                    $0.tools = [weather]
                    $0.toolChoice = .allowedTools(AllowedTools(mode: .auto, functionNames: ["get_weather"]))
                },
            ],
            rejected: [
                (
                    "tool_choice.function.name",
                    {
                        $0.tools = [weather]
                        $0.toolChoice = .function(name: "get_time")
                    }
                ),
                ("tool_choice.function.name", { $0.toolChoice = .function(name: "get_weather") }),
                ("tool_choice", { $0.toolChoice = .required }),
                (
                    "tool_choice.custom.name",
                    {
                        $0.tools = [weather]
                        $0.toolChoice = .custom(name: "get_weather")
                    }
                ),
                (
                    "tool_choice.allowed_tools.tools[1]",
                    {
                        $0.tools = [weather]
                        $0.toolChoice = .allowedTools(
                            AllowedTools(mode: .required, functionNames: ["get_weather", "x"]))
                    }
                ),
                (
                    "tool_choice",
                    { $0.toolChoice = .allowedTools(AllowedTools(mode: .required, functionNames: ["get_weather"])) }
                ),
            ]),
        Rule(
            name: "parallel_tool_calls only with tools",
            accepted: [
                {
                    $0.tools = [weather]
                    $0.parallelToolCalls = false
                }
            ],
            rejected: [("parallel_tool_calls", { $0.parallelToolCalls = true })]),
        Rule(
            name: "tool messages answer an earlier tool call",
            accepted: [
                { $0.messages = [.user("q"), .assistant(toolCalls: [call]), .tool("sunny", toolCallID: "call_1")] },
                {
                    $0.messages = [
                        .user("q"), .assistant(toolCalls: [call]), .user("more"), .tool("sunny", toolCallID: "call_1"),
                    ]
                },
            ],
            rejected: [
                (
                    "messages[2].tool_call_id",
                    { $0.messages = [.user("q"), .assistant(toolCalls: [call]), .tool("sunny", toolCallID: "call_2")] }
                ),
                (
                    "messages[1].tool_call_id",
                    { $0.messages = [.user("q"), .tool("sunny", toolCallID: "call_1"), .assistant(toolCalls: [call])] }
                ),
                (
                    "messages[1].tool_calls[0].id",
                    {
                        $0.messages = [
                            .user("q"),
                            .assistant(toolCalls: [ToolCall(id: "", function: FunctionCall(name: "f", arguments: ""))]),
                        ]
                    }
                ),
            ]),
        Rule(
            name: "assistant messages say something",
            accepted: [
                { $0.messages = [.assistant(AssistantMessage(refusal: "no"))] },
                { $0.messages = [.assistant(AssistantMessage(audio: .init(id: "a")))] },
                { $0.messages = [.assistant("")] },
            ],
            rejected: [("messages[0].content", { $0.messages = [.assistant(AssistantMessage())] })]),
        Rule(
            name: "stream_options only with stream",
            accepted: [
                {
                    $0.stream = true
                    $0.streamOptions = StreamOptions(includeUsage: true)
                }
            ],
            rejected: [
                ("stream_options", { $0.streamOptions = StreamOptions(includeUsage: true) }),
                (
                    "stream_options",
                    {
                        $0.stream = false
                        $0.streamOptions = StreamOptions(includeUsage: false)
                    }
                ),
            ]),
        Rule(
            name: "json_schema name and schema",
            accepted: [
                { $0.responseFormat = .jsonSchema(JSONSchemaFormat(name: name(64), schema: ["type": "object"])) },
                { $0.responseFormat = .jsonObjectWithSchema(["type": "object"]) },
                { $0.responseFormat = .jsonObjectWithSchema(true) },
            ],
            rejected: [
                (
                    "response_format.json_schema.name",
                    { $0.responseFormat = .jsonSchema(JSONSchemaFormat(name: name(65))) }
                ),
                (
                    "response_format.json_schema.name",
                    { $0.responseFormat = .jsonSchema(JSONSchemaFormat(name: "a b")) }
                ),
                (
                    "response_format.json_schema.schema",
                    { $0.responseFormat = .jsonSchema(JSONSchemaFormat(name: "n", schema: "object")) }
                ),
                ("response_format.schema", { $0.responseFormat = .jsonObjectWithSchema([1]) }),
            ]),
        Rule(
            name: "min_p 0…1", accepted: [{ $0.minP = 0 }, { $0.minP = 1 }],
            rejected: [("min_p", { $0.minP = -0.01 }), ("min_p", { $0.minP = 1.01 })]),
        Rule(name: "top_k ≥ 0", accepted: [{ $0.topK = 0 }], rejected: [("top_k", { $0.topK = -1 })]),
        Rule(
            name: "repetition_penalty > 0",
            accepted: [{ $0.repetitionPenalty = 0.0001 }, { $0.repetitionPenalty = 2 }],
            rejected: [
                ("repetition_penalty", { $0.repetitionPenalty = 0 }),
                ("repetition_penalty", { $0.repetitionPenalty = -1 }),
                ("repetition_penalty", { $0.repetitionPenalty = .infinity }),
            ]),
        Rule(
            name: "content parts allowed per role",
            accepted: [
                {
                    $0.messages = [
                        .system(SystemMessage(content: .parts([.text("s")]))),
                        .developer(DeveloperMessage(content: .parts([.text("d")]))),
                        .user([
                            .text("u"), .imageURL(ImageURL(url: "https://x/y.png")),
                            .inputAudio(InputAudio(data: "AAAA", format: .mp3)), .file(FileInput(fileID: "f")),
                        ]),
                        .assistant(AssistantMessage(content: .parts([.text("a"), .refusal("r")]))),
                    ]
                },
                {
                    $0.messages = [
                        .user("q"), .assistant(toolCalls: [call]),
                        .tool(ToolMessage(content: .parts([.text("t")]), toolCallID: "call_1")),
                    ]
                },
            ],
            rejected: [
                (
                    "messages[0].content[1].type",
                    {
                        $0.messages = [
                            .system(SystemMessage(content: .parts([.text("s"), .imageURL(ImageURL(url: "u"))])))
                        ]
                    }
                ),
                (
                    "messages[0].content[0].type",
                    { $0.messages = [.developer(DeveloperMessage(content: .parts([.file(FileInput(fileID: "f"))])))] }
                ),
                ("messages[0].content[0].type", { $0.messages = [.user([.refusal("r")])] }),
                (
                    "messages[0].content[0].type",
                    { $0.messages = [.assistant(AssistantMessage(content: .parts([.imageURL(ImageURL(url: "u"))])))] }
                ),
                (
                    "messages[2].content[0].type",
                    {
                        $0.messages = [
                            .user("q"), .assistant(toolCalls: [call]),
                            .tool(
                                ToolMessage(
                                    content: .parts([.inputAudio(InputAudio(data: "", format: .wav))]),
                                    toolCallID: "call_1")),
                        ]
                    }
                ),
                ("messages[0].content", { $0.messages = [.user([])] }),
                ("messages[0].content[0].file", { $0.messages = [.user([.file(FileInput(filename: "x.pdf"))])] }),
                ("messages[0].content[0].image_url.url", { $0.messages = [.user([.imageURL(ImageURL(url: ""))])] }),
                ("prediction.content[0].type", { $0.prediction = Prediction(content: .parts([.refusal("r")])) }),
            ]),
        Rule(
            name: "metadata sizes",
            accepted: [
                { $0.metadata = Dictionary(uniqueKeysWithValues: (0..<16).map { ("k\($0)", "v") }) },
                { $0.metadata = [name(64): String(repeating: "v", count: 512)] },
            ],
            rejected: [
                ("metadata", { $0.metadata = Dictionary(uniqueKeysWithValues: (0..<17).map { ("k\($0)", "v") }) }),
                ("metadata.\(name(65))", { $0.metadata = [name(65): "v"] }),
                ("metadata.k", { $0.metadata = ["k": String(repeating: "v", count: 513)] }),
            ]),
        Rule(
            name: "safety_identifier at most 64 characters", accepted: [{ $0.safetyIdentifier = name(64) }],
            rejected: [("safety_identifier", { $0.safetyIdentifier = name(65) })]),
        Rule(
            name: "audio output needs audio options",
            accepted: [
                {
                    $0.modalities = [.text, .audio]
                    $0.audio = AudioOutputOptions(voice: .alloy, format: .mp3)
                },
                { $0.modalities = [.text] },
            ],
            rejected: [("audio", { $0.modalities = [.audio] })]),
        Rule(
            name: "prompt_logprobs 0…20 and consistent",
            accepted: [
                { $0.promptTopLogprobs = 0 },
                {
                    $0.loglikelihood = true
                    $0.promptTopLogprobs = 20
                },
            ],
            rejected: [
                ("prompt_logprobs", { $0.promptTopLogprobs = 21 }), ("prompt_logprobs", { $0.promptTopLogprobs = -1 }),
                (
                    "prompt_logprobs",
                    {
                        $0.loglikelihood = false
                        $0.promptTopLogprobs = 1
                    }
                ),
            ]),
    ]

    @Test(arguments: rules)
    func acceptsTheBoundaryAndRejectsJustPastIt(rule: Rule) {
        for change in rule.accepted {
            var request = base()
            change(&request)
            #expect(request.validationIssues(limits: rule.limits) == [], "\(rule.name)")
        }
        for (param, change) in rule.rejected {
            var request = base()
            change(&request)
            let issues = request.validationIssues(limits: rule.limits)
            #expect(issues.map(\.param) == [param], "\(rule.name): \(issues)")
            let first = requestError { () throws(InvalidRequestError) in try request.validate(limits: rule.limits) }
            #expect(first == issues.first)
            #expect(first?.message.isEmpty == false)
        }
    }

    @Test func messagesSayWhatIsWrongAndWhatIsAllowed() {
        var request = base()
        request.temperature = 2.5
        #expect(
            request.validationIssues()
                == [
                    InvalidRequestError(
                        message: "'temperature' is 2.5, but it must be between 0 and 2.", param: "temperature",
                        code: "decimal_above_max_value")
                ])
        request = base()
        request.n = 3
        #expect(
            request.validationIssues(limits: .oxyAPI).first?.message == "'n' is 3, but it must be between 1 and 2.")
        request = base()
        request.stop = ["1", "2", "3", "4", "5"]
        #expect(request.validationIssues().first?.message == "'stop' has 5 sequences; at most 4 are allowed.")
        request = base()
        request.messages = [.system(SystemMessage(content: .parts([.imageURL(ImageURL(url: "u"))])))]
        #expect(
            request.validationIssues().first?.message
                == "'image_url' content parts are not allowed in system messages; system messages accept text.")
        request = base()
        request.tools = [weather]
        request.toolChoice = .function(name: "nope")
        #expect(
            request.validationIssues().first?.message
                == "'tool_choice.function.name' is 'nope', which is not a function in 'tools' (declared: get_weather).")
    }

    @Test func listsEveryIssueInParameterOrderAndValidateThrowsTheFirst() {
        var request = base()
        request.messages = []
        request.temperature = 3
        request.topK = -2
        request.n = 0
        let issues = request.validationIssues()
        #expect(issues.map(\.param) == ["messages", "n", "temperature", "top_k"])
        let thrown = requestError { () throws(InvalidRequestError) in try request.validate() }
        #expect(thrown == issues[0])
        #expect(thrown?.apiError.type == "invalid_request_error")
    }
}
