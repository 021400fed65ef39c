import ChatCompletionsAPI
import TestSupport

/// Random values of the wire types. Every value it makes survives encode → decode unchanged, so
/// it leaves out only states the wire cannot tell apart (documented where they occur).
struct RandomValues {
    var generator: SeededGenerator
    /// Whether doubles inside free-form JSON may be whole numbers; Foundation's encoder writes
    /// `2.0` as `2`, which reads back as an integer.
    var integralDoublesInJSON = true

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func bool() -> Bool { Bool.random(using: &generator) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
    mutating func maybe<T>(_ make: (inout RandomValues) -> T) -> T? { bool() ? make(&self) : nil }
    mutating func array<T>(_ count: ClosedRange<Int>, _ make: (inout RandomValues) -> T) -> [T] {
        (0..<int(count)).map { _ in make(&self) }
    }
    mutating func pick<T>(_ options: [T]) -> T { options[int(0...options.count - 1)] }

    mutating func anyInt() -> Int {
        switch int(0...3) {
        case 0: return pick([Int.min, Int.max, 0, -1, 1])
        case 1: return int(-1_000_000...1_000_000)
        default: return Int.random(in: Int.min...Int.max, using: &generator)
        }
    }

    mutating func double() -> Double {
        switch int(0...4) {
        case 0: return pick([0, -0.5, 0.1, 1e-7, 123456.789, 1e300, -2.5e-300, .leastNonzeroMagnitude])
        case 1: return Double(int(-100...100))
        case 2: return Double(int(-1_000_000...1_000_000)) / 1024
        default:
            let value = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            return value.isFinite ? value : 0.25
        }
    }

    mutating func string() -> String {
        let pieces = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "ß", "中", "😀",
            "👩‍👩‍👧", "\u{FEFF}", "\u{2028}", "[DONE]", "data:", "{", "}",
        ]
        return (0..<int(0...12)).map { _ in pick(pieces) }.joined()
    }

    mutating func word() -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        return String((0..<int(1...12)).map { _ in pick(letters) })
    }

    mutating func json(depth: Int = 0) -> JSONValue {
        let kinds = depth > 3 ? 5 : 7
        switch int(0...kinds - 1) {
        case 0: return .null
        case 1: return .bool(bool())
        case 2: return .int(anyInt())
        case 3:
            var value = double()
            if !integralDoublesInJSON, value == value.rounded() { value += 0.5 }
            if !value.isFinite || value.magnitude > 1e300 { value = 0.75 }
            return .double(value)
        case 4: return .string(string())
        case 5: return .array(array(0...4) { $0.json(depth: depth + 1) })
        default: return .object(object(depth: depth + 1))
        }
    }

    /// JSON that is not `null` at the top (an absent schema and a `null` one read back the same).
    mutating func nonNullJSON() -> JSONValue {
        let value = json()
        return value == .null ? .object(object(depth: 1)) : value
    }

    mutating func object(depth: Int = 0, prefix: String = "") -> JSONObject {
        JSONObject(array(0...4) { ($0.word().isEmpty ? "k" : prefix + $0.string() + $0.word(), $0.json(depth: depth)) })
    }

    /// Members for `additionalFields`, named so they cannot clash with modelled members.
    mutating func extras() -> JSONObject {
        chance(50) ? [:] : object(depth: 1, prefix: "x_")
    }

    mutating func openValue<T: OpenStringEnum>(_ known: [T]) -> T {
        chance(70) ? pick(known) : T(rawValue: string())
    }

    // MARK: Requests

    mutating func contentPart() -> ContentPart {
        switch int(0...4) {
        case 0: return .text(string())
        case 1: return .imageURL(ImageURL(url: string(), detail: maybe { $0.openValue([.auto, .low, .high]) }))
        case 2: return .inputAudio(InputAudio(data: string(), format: openValue([.wav, .mp3])))
        case 3:
            return .file(
                FileInput(
                    filename: maybe { $0.string() }, fileData: maybe { $0.string() }, fileID: maybe { $0.string() }))
        default: return .refusal(string())
        }
    }

    mutating func content() -> MessageContent {
        bool() ? .text(string()) : .parts(array(0...4) { $0.contentPart() })
    }

    mutating func toolCall() -> ToolCall {
        ToolCall(
            id: string(), type: openValue([.function, .custom]),
            function: FunctionCall(name: string(), arguments: string()))
    }

    mutating func message() -> ChatMessage {
        switch int(0...4) {
        case 0: return .system(SystemMessage(content: content(), name: maybe { $0.string() }))
        case 1: return .developer(DeveloperMessage(content: content(), name: maybe { $0.string() }))
        case 2: return .user(UserMessage(content: content(), name: maybe { $0.string() }))
        case 3:
            return .assistant(
                AssistantMessage(
                    content: maybe { $0.content() }, refusal: maybe { $0.string() }, name: maybe { $0.string() },
                    toolCalls: maybe { $0.array(0...3) { $0.toolCall() } },
                    audio: maybe { AssistantMessage.AudioReference(id: $0.string()) }))
        default: return .tool(ToolMessage(content: content(), toolCallID: string()))
        }
    }

    mutating func tool() -> Tool {
        if bool() {
            return .function(
                name: string(), description: maybe { $0.string() }, parameters: maybe { $0.nonNullJSON() },
                strict: maybe { $0.bool() })
        }
        let format: CustomToolFormat? = maybe {
            $0.bool() ? .text : .grammar(definition: $0.string(), syntax: $0.openValue([.lark, .regex]))
        }
        return .custom(name: string(), description: maybe { $0.string() }, format: format)
    }

    mutating func toolChoice() -> ToolChoice {
        switch int(0...5) {
        case 0: return .none
        case 1: return .auto
        case 2: return .required
        case 3: return .function(name: string())
        case 4: return .custom(name: string())
        default:
            return .allowedTools(
                AllowedTools(mode: openValue([.auto, .required]), tools: array(0...3) { $0.object() }))
        }
    }

    mutating func responseFormat() -> ResponseFormat {
        switch int(0...3) {
        case 0: return .text
        case 1: return .jsonObject
        case 2: return .jsonObjectWithSchema(nonNullJSON())
        default:
            return .jsonSchema(
                JSONSchemaFormat(
                    name: string(), description: maybe { $0.string() }, schema: maybe { $0.nonNullJSON() },
                    strict: maybe { $0.bool() }))
        }
    }

    mutating func stringMap() -> [String: String] {
        Dictionary(array(0...5) { ($0.string(), $0.string()) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func request() -> ChatCompletionRequest {
        var request = ChatCompletionRequest(messages: array(0...6) { $0.message() }, model: string())
        request.frequencyPenalty = maybe { $0.double() }
        request.presencePenalty = maybe { $0.double() }
        request.logitBias = maybe {
            Dictionary($0.array(0...4) { ($0.string(), $0.double()) }, uniquingKeysWith: { first, _ in first })
        }
        request.logprobs = maybe { $0.bool() }
        request.topLogprobs = maybe { $0.anyInt() }
        request.maxTokens = maybe { $0.anyInt() }
        request.maxCompletionTokens = maybe { $0.anyInt() }
        request.n = maybe { $0.anyInt() }
        request.responseFormat = maybe { $0.responseFormat() }
        request.seed = maybe { $0.anyInt() }
        request.serviceTier = maybe { $0.openValue([.auto, .default, .flex, .scale, .priority]) }
        request.stop = maybe { $0.bool() ? .single($0.string()) : .multiple($0.array(0...5) { $0.string() }) }
        request.stream = maybe { $0.bool() }
        request.streamOptions = maybe {
            StreamOptions(includeUsage: $0.maybe { $0.bool() }, includeObfuscation: $0.maybe { $0.bool() })
        }
        request.temperature = maybe { $0.double() }
        request.topP = maybe { $0.double() }
        request.tools = maybe { $0.array(0...4) { $0.tool() } }
        request.toolChoice = maybe { $0.toolChoice() }
        request.parallelToolCalls = maybe { $0.bool() }
        request.user = maybe { $0.string() }
        request.reasoningEffort = maybe { $0.openValue([.none, .minimal, .low, .medium, .high, .xhigh, .max]) }
        request.verbosity = maybe { $0.openValue([.low, .medium, .high]) }
        request.modalities = maybe { $0.array(0...2) { $0.openValue([.text, .audio]) } }
        request.prediction = maybe { Prediction(content: $0.content()) }
        request.metadata = maybe { $0.stringMap() }
        request.store = maybe { $0.bool() }
        request.promptCacheKey = maybe { $0.string() }
        request.promptCacheOptions = maybe {
            PromptCacheOptions(
                ttl: $0.maybe { $0.openValue([.thirtyMinutes]) },
                mode: $0.maybe { $0.openValue([.implicit, .explicit]) })
        }
        request.safetyIdentifier = maybe { $0.string() }
        request.webSearchOptions = maybe {
            WebSearchOptions(
                userLocation: $0.maybe {
                    .init(
                        country: $0.maybe { $0.string() }, region: $0.maybe { $0.string() },
                        city: $0.maybe { $0.string() },
                        timezone: $0.maybe { $0.string() })
                }, searchContextSize: $0.maybe { $0.openValue([.low, .medium, .high]) })
        }
        request.audio = maybe {
            AudioOutputOptions(
                voice: $0.bool() ? .named($0.string()) : .custom(id: $0.string()),
                format: $0.openValue([.wav, .aac, .mp3, .flac, .opus, .pcm16]))
        }
        request.moderation = maybe {
            ModerationOptions(
                model: $0.string(),
                policy: $0.maybe {
                    .init(
                        input: $0.maybe { $0.openValue([.score, .block]) },
                        output: $0.maybe { $0.openValue([.score, .block]) })
                })
        }
        request.minP = maybe { $0.double() }
        request.topK = maybe { $0.anyInt() }
        request.repetitionPenalty = maybe { $0.double() }
        request.ignoreEOS = maybe { $0.bool() }
        request.logPrompt = maybe { $0.bool() }
        request.loglikelihood = maybe { $0.bool() }
        request.peft = maybe { $0.string() }
        request.chatTemplateKwargs = maybe { $0.object(depth: 1, prefix: "") }
        request.reasoningBudgetTokens = maybe { $0.anyInt() }
        if chance(30) {
            // A count of prompt alternatives reads back as `loglikelihood: true`.
            request.promptTopLogprobs = anyInt()
            request.loglikelihood = true
        }
        return request
    }

    // MARK: Responses

    mutating func topLogprob() -> TopLogprob {
        TopLogprob(
            token: string(), logprob: double(), bytes: maybe { $0.array(0...4) { $0.int(0...255) } },
            additionalFields: extras())
    }

    mutating func tokenLogprob() -> TokenLogprob {
        TokenLogprob(
            token: string(), logprob: double(), bytes: maybe { $0.array(0...4) { $0.int(0...255) } },
            topLogprobs: array(0...3) { $0.topLogprob() }, additionalFields: extras())
    }

    mutating func choiceLogprobs() -> ChoiceLogprobs {
        ChoiceLogprobs(
            content: maybe { $0.array(0...3) { $0.tokenLogprob() } },
            refusal: maybe { $0.array(0...2) { $0.tokenLogprob() } },
            additionalFields: extras())
    }

    mutating func usage() -> CompletionUsage {
        CompletionUsage(
            promptTokens: anyInt(), completionTokens: anyInt(), totalTokens: anyInt(),
            promptTokensDetails: maybe {
                .init(
                    cachedTokens: $0.maybe { $0.anyInt() }, audioTokens: $0.maybe { $0.anyInt() },
                    textTokens: $0.maybe { $0.anyInt() }, imageTokens: $0.maybe { $0.anyInt() },
                    cacheWriteTokens: $0.maybe { $0.anyInt() }, additionalFields: $0.extras())
            },
            completionTokensDetails: maybe {
                .init(
                    acceptedPredictionTokens: $0.maybe { $0.anyInt() }, audioTokens: $0.maybe { $0.anyInt() },
                    reasoningTokens: $0.maybe { $0.anyInt() }, rejectedPredictionTokens: $0.maybe { $0.anyInt() },
                    textTokens: $0.maybe { $0.anyInt() }, additionalFields: $0.extras())
            }, additionalFields: extras())
    }

    mutating func responseMessage() -> ChatCompletionMessage {
        ChatCompletionMessage(
            role: openValue([.assistant, .user, .tool]), content: maybe { $0.string() }, refusal: maybe { $0.string() },
            toolCalls: maybe { $0.array(0...3) { $0.toolCall() } },
            annotations: maybe {
                $0.array(0...2) {
                    Annotation(
                        type: $0.string(),
                        urlCitation: $0.maybe {
                            .init(startIndex: $0.anyInt(), endIndex: $0.anyInt(), url: $0.string(), title: $0.string())
                        }, additionalFields: $0.extras())
                }
            },
            audio: maybe { .init(id: $0.string(), expiresAt: $0.anyInt(), data: $0.string(), transcript: $0.string()) },
            reasoningContent: maybe { $0.string() }, additionalFields: extras())
    }

    mutating func finishReason() -> FinishReason {
        openValue([.stop, .length, .toolCalls, .contentFilter, .functionCall])
    }

    mutating func completion() -> ChatCompletion {
        ChatCompletion(
            id: string(), object: string(), created: anyInt(), model: string(),
            choices: array(0...3) {
                .init(
                    index: $0.anyInt(), message: $0.responseMessage(), finishReason: $0.maybe { $0.finishReason() },
                    logprobs: $0.maybe { $0.choiceLogprobs() }, additionalFields: $0.extras())
            }, usage: maybe { $0.usage() }, systemFingerprint: maybe { $0.string() },
            serviceTier: maybe { $0.openValue([.auto, .default, .flex, .scale, .priority]) },
            promptLogprobs: maybe { $0.array(0...3) { $0.tokenLogprob() } }, metadata: maybe { $0.stringMap() },
            additionalFields: extras())
    }

    mutating func chunk() -> ChatCompletionChunk {
        ChatCompletionChunk(
            id: string(), object: string(), created: anyInt(), model: string(),
            choices: array(0...3) {
                .init(
                    index: $0.anyInt(),
                    delta: ChatCompletionDelta(
                        role: $0.maybe { $0.openValue([.assistant, .tool]) }, content: $0.maybe { $0.string() },
                        refusal: $0.maybe { $0.string() },
                        toolCalls: $0.maybe {
                            $0.array(0...3) {
                                ToolCallDelta(
                                    index: $0.anyInt(), id: $0.maybe { $0.string() },
                                    type: $0.maybe { $0.openValue([.function, .custom]) },
                                    function: $0.maybe {
                                        FunctionCallDelta(
                                            name: $0.maybe { $0.string() }, arguments: $0.maybe { $0.string() })
                                    }, additionalFields: $0.extras())
                            }
                        }, reasoningContent: $0.maybe { $0.string() }, additionalFields: $0.extras()),
                    finishReason: $0.maybe { $0.finishReason() }, logprobs: $0.maybe { $0.choiceLogprobs() },
                    additionalFields: $0.extras())
            }, usage: maybe { $0.usage() }, systemFingerprint: maybe { $0.string() },
            serviceTier: maybe { $0.openValue([.auto, .default, .flex]) },
            promptLogprobs: maybe { $0.array(0...3) { $0.tokenLogprob() } }, additionalFields: extras())
    }

    mutating func modelList() -> ModelList {
        ModelList(
            object: string(),
            data: array(0...3) {
                ModelInfo(
                    id: $0.string(), object: $0.string(), created: $0.anyInt(), ownedBy: $0.string(),
                    shutdownDate: $0.maybe { $0.string() }, additionalFields: $0.extras())
            }, additionalFields: extras())
    }

    mutating func errorResponse() -> ErrorResponse {
        ErrorResponse(
            error: APIError(
                message: string(), type: string(), param: maybe { $0.string() },
                code: maybe { $0.bool() ? .string($0.string()) : .int($0.anyInt()) }, additionalFields: extras()))
    }

    mutating func event() -> ServerSentEvent {
        func line(_ values: inout RandomValues) -> String {
            values.string().filter { $0 != "\r" && $0 != "\n" && $0 != "\r\n" && $0 != "\u{0}" }
        }
        let data = array(1...3) { line(&$0) }.joined(separator: "\n")
        return ServerSentEvent(
            id: maybe { line(&$0) },
            event: maybe { values in
                let name = line(&values)
                return name.isEmpty ? "e" : name
            }, data: data, retry: maybe { $0.int(0...100_000) })
    }
}
