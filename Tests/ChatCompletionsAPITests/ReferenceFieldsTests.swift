import ChatCompletionsAPI
import Testing

/// Checks the wire types member by member against OpenAI's schema, through the list of member
/// names that `Fixtures/reference/extract-reference-fields.py` took from it.
@Suite struct ReferenceFieldsTests {
    struct Schema: Decodable {
        var fields: [String]
        var deprecated: [String]
        var required: [String]
    }

    static let reference: [String: Schema] = {
        let bytes = (try? Fixtures.bytes("reference/reference-fields.json")) ?? []
        return (try? JSONValueDecoder().decode([String: Schema].self, fromJSON: bytes)) ?? [:]
    }()

    func schema(_ name: String) throws -> Schema {
        try #require(Self.reference[name], "\(name) is missing from reference-fields.json")
    }

    /// The member names `value` encodes to.
    func keys(_ value: some Encodable) throws -> Set<String> {
        Set(try JSONValueEncoder().encode(value).objectValue?.keys ?? [])
    }

    /// `full` (every member set) writes exactly the schema's members, bar the listed exceptions;
    /// `minimal` (only what must be set) still writes every required member.
    func check(
        _ name: String, full: some Encodable, minimal: some Encodable, notModelled: Set<String> = [],
        extensions: Set<String> = [], keptDeprecated: Set<String> = []
    ) throws {
        let schema = try schema(name)
        let expected = Set(schema.fields).subtracting(notModelled).union(extensions).union(keptDeprecated)
        #expect(try keys(full) == expected, "\(name)")
        #expect(Set(schema.required).subtracting(notModelled).isSubset(of: try keys(minimal)), "\(name) required")
        for member in keptDeprecated { #expect(schema.deprecated.contains(member), "\(name).\(member)") }
    }

    @Test func requestParametersMatchTheReference() throws {
        let schema = try schema("CreateChatCompletionRequest")
        let modelled = Set(ChatCompletionRequest.parameterNames)
        // Every current parameter is modelled.
        #expect(Set(schema.fields).subtracting(modelled) == [])
        // Deprecated ones are either still widely used (and asked for by the seeds) or refused
        // with a pointer to their replacement.
        let keptDeprecated: Set<String> = ["max_tokens", "seed", "user"]
        #expect(Set(schema.deprecated) == keptDeprecated.union(ChatCompletionRequest.deprecatedParameters.keys))
        // What the request has beyond the reference is exactly the provider extensions.
        #expect(
            modelled.subtracting(schema.fields).subtracting(keptDeprecated)
                == [
                    "min_p", "top_k", "repetition_penalty", "ignore_eos", "log_prompt", "loglikelihood",
                    "prompt_logprobs", "peft", "chat_template_kwargs", "reasoning_budget_tokens",
                ])
        // A request with every member set writes every modelled name.
        var random = RandomValues(seed: 7)
        var full = random.request()
        full.messages = [.user("x")]
        full.frequencyPenalty = 0
        full.presencePenalty = 0
        full.logitBias = ["1": 1]
        full.logprobs = true
        full.topLogprobs = 1
        full.maxTokens = 1
        full.maxCompletionTokens = 1
        full.n = 1
        full.responseFormat = .text
        full.seed = 1
        full.serviceTier = .auto
        full.stop = "x"
        full.stream = true
        full.streamOptions = StreamOptions()
        full.temperature = 1
        full.topP = 1
        full.tools = []
        full.toolChoice = .auto
        full.parallelToolCalls = true
        full.user = "u"
        full.reasoningEffort = .low
        full.verbosity = .low
        full.modalities = [.text]
        full.prediction = Prediction(content: "p")
        full.metadata = [:]
        full.store = true
        full.promptCacheKey = "k"
        full.promptCacheOptions = PromptCacheOptions()
        full.safetyIdentifier = "s"
        full.webSearchOptions = WebSearchOptions()
        full.audio = AudioOutputOptions(voice: .alloy, format: .mp3)
        full.moderation = ModerationOptions(model: "m")
        full.minP = 0
        full.topK = 0
        full.repetitionPenalty = 1
        full.ignoreEOS = true
        full.logPrompt = true
        full.loglikelihood = true
        full.promptTopLogprobs = 1
        full.peft = "p"
        full.chatTemplateKwargs = ["enable_thinking": false]
        full.reasoningBudgetTokens = 0
        #expect(try keys(full) == modelled)
        #expect(try keys(ChatCompletionRequest(messages: [], model: "m")) == ["model", "messages"])
    }

    @Test func requestMembersMatchTheReference() throws {
        let breakpoint: Set<String> = ["prompt_cache_breakpoint"]
        try check(
            "ChatCompletionRequestSystemMessage", full: ChatMessage.system("s", name: "n"),
            minimal: ChatMessage.system("s"))
        try check(
            "ChatCompletionRequestDeveloperMessage", full: ChatMessage.developer("d", name: "n"),
            minimal: ChatMessage.developer("d"))
        try check(
            "ChatCompletionRequestUserMessage", full: ChatMessage.user("u", name: "n"), minimal: ChatMessage.user("u"))
        try check(
            "ChatCompletionRequestAssistantMessage",
            full: AssistantMessage(
                content: "c", refusal: "r", name: "n", toolCalls: [], audio: AssistantMessage.AudioReference(id: "a")),
            minimal: AssistantMessage())
        try check(
            "ChatCompletionRequestToolMessage", full: ChatMessage.tool("t", toolCallID: "c"),
            minimal: ChatMessage.tool("t", toolCallID: "c"))
        try check(
            "ChatCompletionRequestMessageContentPartText", full: ContentPart.text("t"), minimal: ContentPart.text("t"),
            notModelled: breakpoint)
        try check(
            "ChatCompletionRequestMessageContentPartImage", full: ContentPart.imageURL(ImageURL(url: "u")),
            minimal: ContentPart.imageURL(ImageURL(url: "u")), notModelled: breakpoint)
        try check(
            "ChatCompletionRequestMessageContentPartImage.image_url", full: ImageURL(url: "u", detail: .low),
            minimal: ImageURL(url: "u"))
        try check(
            "ChatCompletionRequestMessageContentPartAudio",
            full: ContentPart.inputAudio(InputAudio(data: "d", format: .wav)),
            minimal: ContentPart.inputAudio(InputAudio(data: "d", format: .wav)), notModelled: breakpoint)
        try check(
            "ChatCompletionRequestMessageContentPartAudio.input_audio", full: InputAudio(data: "d", format: .wav),
            minimal: InputAudio(data: "d", format: .wav))
        try check(
            "ChatCompletionRequestMessageContentPartFile", full: ContentPart.file(FileInput()),
            minimal: ContentPart.file(FileInput()), notModelled: breakpoint)
        try check(
            "ChatCompletionRequestMessageContentPartFile.file",
            full: FileInput(filename: "f", fileData: "d", fileID: "i"),
            minimal: FileInput())
        try check(
            "ChatCompletionRequestMessageContentPartRefusal", full: ContentPart.refusal("r"),
            minimal: ContentPart.refusal("r"))
        let call = ToolCall(id: "i", function: FunctionCall(name: "n", arguments: "{}"))
        try check("ChatCompletionMessageToolCall", full: call, minimal: call)
        try check("ChatCompletionMessageToolCall.function", full: call.function, minimal: call.function)
        let custom = ToolCall(id: "i", type: .custom, function: FunctionCall(name: "n", arguments: "x"))
        try check("ChatCompletionMessageCustomToolCall", full: custom, minimal: custom)
        let function = Tool.function(name: "f", description: "d", parameters: [:], strict: true)
        try check("ChatCompletionTool", full: function, minimal: Tool.function(name: "f"))
        try check("FunctionObject", full: function.function, minimal: FunctionDefinition(name: "f"))
        try check("CustomToolChatCompletions", full: Tool.custom(name: "c"), minimal: Tool.custom(name: "c"))
        try check(
            "ChatCompletionNamedToolChoice", full: ToolChoice.function(name: "f"),
            minimal: ToolChoice.function(name: "f"))
        try check(
            "ChatCompletionNamedToolChoiceCustom", full: ToolChoice.custom(name: "c"),
            minimal: ToolChoice.custom(name: "c"))
        let allowed = AllowedTools(mode: .auto, functionNames: ["f"])
        try check(
            "ChatCompletionAllowedToolsChoice", full: ToolChoice.allowedTools(allowed),
            minimal: ToolChoice.allowedTools(allowed))
        try check("ChatCompletionAllowedTools", full: allowed, minimal: allowed)
        try check("ResponseFormatText", full: ResponseFormat.text, minimal: ResponseFormat.text)
        try check("ResponseFormatJsonObject", full: ResponseFormat.jsonObject, minimal: ResponseFormat.jsonObject)
        let schemaFormat = JSONSchemaFormat(name: "n", description: "d", schema: [:], strict: true)
        try check(
            "ResponseFormatJsonSchema", full: ResponseFormat.jsonSchema(schemaFormat),
            minimal: ResponseFormat.jsonSchema(JSONSchemaFormat(name: "n")))
        try check("ResponseFormatJsonSchema.json_schema", full: schemaFormat, minimal: JSONSchemaFormat(name: "n"))
        try check(
            "ChatCompletionStreamOptions", full: StreamOptions(includeUsage: true, includeObfuscation: true),
            minimal: StreamOptions())
        try check("PredictionContent", full: Prediction(content: "p"), minimal: Prediction(content: "p"))
        try check(
            "PromptCacheOptionsParam", full: PromptCacheOptions(ttl: .thirtyMinutes, mode: .explicit),
            minimal: PromptCacheOptions())
        try check(
            "ModerationParam", full: ModerationOptions(model: "m", policy: .init()),
            minimal: ModerationOptions(model: "m"))
        try check(
            "ModerationPolicyParam", full: ModerationOptions.Policy(input: .block, output: .score),
            minimal: ModerationOptions.Policy())
        try check(
            "CreateChatCompletionRequest.web_search_options",
            full: WebSearchOptions(userLocation: .init(), searchContextSize: .low), minimal: WebSearchOptions())
        try check(
            "CreateChatCompletionRequest.web_search_options.user_location", full: WebSearchOptions.UserLocation(),
            minimal: WebSearchOptions.UserLocation())
        let location = WebSearchOptions.UserLocation(country: "c", region: "r", city: "c", timezone: "t")
        let locationJSON = try JSONValueEncoder().encode(location)
        #expect(
            Set(locationJSON["approximate"]?.objectValue?.keys ?? []) == Set(try schema("WebSearchLocation").fields))
        try check(
            "CreateChatCompletionRequest.audio", full: AudioOutputOptions(voice: .ash, format: .opus),
            minimal: AudioOutputOptions(voice: .ash, format: .opus))
        try check(
            "CreateChatCompletionRequest.audio.voice", full: AudioOutputOptions.Voice.custom(id: "v"),
            minimal: AudioOutputOptions.Voice.custom(id: "v"))
    }

    @Test func responseMembersMatchTheReference() throws {
        let usage = CompletionUsage(
            promptTokens: 1, completionTokens: 2,
            promptTokensDetails: .init(
                cachedTokens: 1, audioTokens: 1, textTokens: 1, imageTokens: 1, cacheWriteTokens: 1),
            completionTokensDetails: .init(
                acceptedPredictionTokens: 1, audioTokens: 1, reasoningTokens: 1, rejectedPredictionTokens: 1,
                textTokens: 1))
        let message = ChatCompletionMessage(
            content: "c", refusal: "r", toolCalls: [], annotations: [],
            audio: .init(id: "a", expiresAt: 1, data: "d", transcript: "t"))
        let logprobs = ChoiceLogprobs(content: [], refusal: [])
        let choice = ChatCompletion.Choice(index: 0, message: message, finishReason: .stop, logprobs: logprobs)
        let minimalChoice = ChatCompletion.Choice(index: 0, message: ChatCompletionMessage(), finishReason: nil)
        // `moderation` results and the chunk's `obfuscation` padding stay in `additionalFields`;
        // `prompt_logprobs` is the loglikelihood extension; `system_fingerprint` is deprecated but
        // still sent by OpenAI and llama.cpp.
        try check(
            "CreateChatCompletionResponse",
            full: ChatCompletion(
                id: "i", created: 1, model: "m", choices: [choice], usage: usage, systemFingerprint: "f",
                serviceTier: .auto, promptLogprobs: [], metadata: [:]),
            minimal: ChatCompletion(id: "i", created: 1, model: "m", choices: []), notModelled: ["moderation"],
            extensions: ["prompt_logprobs"], keptDeprecated: ["system_fingerprint"])
        try check("CreateChatCompletionResponse.choices[]", full: choice, minimal: minimalChoice)
        try check(
            "ChatCompletionResponseMessage", full: message, minimal: ChatCompletionMessage())
        try check("CreateChatCompletionResponse.choices[].logprobs", full: logprobs, minimal: ChoiceLogprobs())
        try check(
            "CreateChatCompletionResponse.choices[].message.annotations[]",
            full: Annotation(urlCitation: .init(startIndex: 0, endIndex: 1, url: "u", title: "t")),
            minimal: Annotation(urlCitation: .init(startIndex: 0, endIndex: 1, url: "u", title: "t")))
        try check(
            "CreateChatCompletionResponse.choices[].message.annotations[].url_citation",
            full: Annotation.URLCitation(startIndex: 0, endIndex: 1, url: "u", title: "t"),
            minimal: Annotation.URLCitation(startIndex: 0, endIndex: 1, url: "u", title: "t"))
        try check(
            "ChatCompletionResponseMessage.audio",
            full: ChatCompletionMessage.Audio(id: "a", expiresAt: 1, data: "d", transcript: "t"),
            minimal: ChatCompletionMessage.Audio(id: "a", expiresAt: 1, data: "d", transcript: "t"))
        try check(
            "ChatCompletionTokenLogprob", full: TokenLogprob(token: "t", logprob: 0, bytes: [1], topLogprobs: []),
            minimal: TokenLogprob(token: "t", logprob: 0))
        try check(
            "ChatCompletionTokenLogprob.top_logprobs[]", full: TopLogprob(token: "t", logprob: 0, bytes: []),
            minimal: TopLogprob(token: "t", logprob: 0))
        try check("CompletionUsage", full: usage, minimal: CompletionUsage(promptTokens: 0, completionTokens: 0))
        try check(
            "CompletionUsage.prompt_tokens_details", full: try #require(usage.promptTokensDetails),
            minimal: CompletionUsage.PromptTokensDetails())
        try check(
            "CompletionUsage.completion_tokens_details", full: try #require(usage.completionTokensDetails),
            minimal: CompletionUsage.CompletionTokensDetails())
        let delta = ChatCompletionDelta(role: .assistant, content: "c", refusal: "r", toolCalls: [])
        let chunkChoice = ChatCompletionChunk.Choice(index: 0, delta: delta, finishReason: .stop, logprobs: logprobs)
        try check(
            "CreateChatCompletionStreamResponse",
            full: ChatCompletionChunk(
                id: "i", created: 1, model: "m", choices: [chunkChoice], usage: usage, systemFingerprint: "f",
                serviceTier: .auto, promptLogprobs: []),
            minimal: ChatCompletionChunk(id: "i", created: 1, model: "m", choices: []),
            notModelled: ["moderation", "obfuscation"], extensions: ["prompt_logprobs"],
            keptDeprecated: ["system_fingerprint"])
        try check(
            "CreateChatCompletionStreamResponse.choices[]", full: chunkChoice,
            minimal: ChatCompletionChunk.Choice(index: 0, delta: ChatCompletionDelta()))
        try check("ChatCompletionStreamResponseDelta", full: delta, minimal: ChatCompletionDelta())
        let toolDelta = ToolCallDelta(
            index: 0, id: "i", type: .function, function: FunctionCallDelta(name: "n", arguments: "a"))
        try check("ChatCompletionMessageToolCallChunk", full: toolDelta, minimal: ToolCallDelta(index: 0))
        try check(
            "ChatCompletionMessageToolCallChunk.function", full: FunctionCallDelta(name: "n", arguments: "a"),
            minimal: FunctionCallDelta())
        let model = ModelInfo(id: "i", created: 1, ownedBy: "o", shutdownDate: "2030-01-01")
        try check("ListModelsResponse", full: ModelList(data: [model]), minimal: ModelList(data: []))
        try check("Model", full: model, minimal: ModelInfo(id: "i", created: 1, ownedBy: "o"))
        let error = APIError(message: "m", type: "t", param: "p", code: "c")
        try check("Error", full: error, minimal: APIError(message: "m", type: "t"))
        try check("ErrorResponse", full: ErrorResponse(error: error), minimal: ErrorResponse(error: error))
    }
}
