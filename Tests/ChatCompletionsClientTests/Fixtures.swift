import ChatCompletionsAPI
import ChatCompletionsClient
import Testing

/// Building blocks for scripted answers.
enum Fixtures {
    static let id = "chatcmpl-scripted"

    /// A chunk of the scripted stream.
    static func chunk(
        _ choices: [ChatCompletionChunk.Choice], usage: CompletionUsage? = nil, fingerprint: String? = "fp_1"
    ) -> ChatCompletionChunk {
        ChatCompletionChunk(
            id: id, created: 1_700_000_000, model: "scripted-model", choices: choices, usage: usage,
            systemFingerprint: fingerprint)
    }

    /// A piece of content for one choice.
    static func content(_ index: Int, _ text: String, logprob: Double? = nil) -> ChatCompletionChunk.Choice {
        ChatCompletionChunk.Choice(
            index: index, delta: ChatCompletionDelta(content: text),
            logprobs: logprob.map {
                ChoiceLogprobs(content: [
                    TokenLogprob(
                        token: text, logprob: $0, bytes: text.utf8.map(Int.init),
                        topLogprobs: [TopLogprob(token: text, logprob: $0)])
                ])
            })
    }

    /// The server-sent event bytes of these chunks, then `data: [DONE]` unless `done` is false.
    static func sse(_ chunks: [ChatCompletionChunk], done: Bool = true) -> [UInt8] {
        let encoder = ServerSentEventEncoder()
        var bytes: [UInt8] = []
        for chunk in chunks { bytes += try! encoder.encodeJSON(chunk) }
        if done { bytes += encoder.encodeDone() }
        return bytes
    }

    /// A plain completion with one choice.
    static func completion(
        _ content: String?, finishReason: FinishReason = .stop, toolCalls: [ToolCall]? = nil, refusal: String? = nil,
        usage: CompletionUsage? = CompletionUsage(promptTokens: 5, completionTokens: 3)
    ) -> ChatCompletion {
        ChatCompletion(
            id: id, created: 1_700_000_000, model: "scripted-model",
            choices: [
                ChatCompletion.Choice(
                    index: 0,
                    message: ChatCompletionMessage(content: content, refusal: refusal, toolCalls: toolCalls),
                    finishReason: finishReason)
            ], usage: usage)
    }

    /// A completion whose choices have these contents.
    static func completion(choices contents: [String]) -> ChatCompletion {
        ChatCompletion(
            id: id, created: 1_700_000_000, model: "scripted-model",
            choices: contents.enumerated().map {
                ChatCompletion.Choice(
                    index: $0.offset, message: ChatCompletionMessage(content: $0.element), finishReason: .stop)
            })
    }

    /// A request with one user message.
    static func request(_ text: String = "Hello", model: String = "scripted-model") -> ChatCompletionRequest {
        ChatCompletionRequest(messages: [.user(text)], model: model)
    }

    /// A configuration for a scripted server, with quick retries.
    static func configuration(
        _ server: ScriptedServer, retries: Int = 0, apiKey: String? = nil, timeout: Duration = .seconds(60)
    ) -> ChatClient.Configuration {
        ChatClient.Configuration(
            baseURL: server.baseURL, apiKey: apiKey, timeout: timeout,
            retryPolicy: RetryPolicy(
                maxRetries: retries, initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(100), jitter: 0))
    }

    /// A stream exercising everything the accumulator folds: two choices interleaved, content with
    /// log probabilities, a refusal, two tool calls in fragments, finish reasons, a usage chunk and
    /// a piece of reasoning text.
    static let richStream: [ChatCompletionChunk] = [
        chunk([ChatCompletionChunk.Choice(index: 0, delta: ChatCompletionDelta(role: .assistant, content: ""))]),
        chunk([ChatCompletionChunk.Choice(index: 1, delta: ChatCompletionDelta(role: .assistant, content: ""))]),
        chunk([content(0, "Hel", logprob: -0.5)]),
        chunk([
            ChatCompletionChunk.Choice(
                index: 1,
                delta: ChatCompletionDelta(
                    toolCalls: [
                        ToolCallDelta(
                            index: 0, id: "call_a", type: .function,
                            function: FunctionCallDelta(name: "get_weather", arguments: "{\"ci"))
                    ], reasoningContent: "Think"))
        ]),
        chunk([content(0, "lo", logprob: -0.25)]),
        chunk([
            ChatCompletionChunk.Choice(
                index: 1,
                delta: ChatCompletionDelta(
                    toolCalls: [
                        ToolCallDelta(
                            index: 1, id: "call_b", type: .function,
                            function: FunctionCallDelta(name: "add", arguments: "{\"a\":1,")),
                        ToolCallDelta(index: 0, function: FunctionCallDelta(arguments: "ty\":\"Paris\"}")),
                    ], reasoningContent: "ing"))
        ]),
        chunk([
            ChatCompletionChunk.Choice(
                index: 1,
                delta: ChatCompletionDelta(
                    toolCalls: [
                        ToolCallDelta(index: 1, function: FunctionCallDelta(name: "add", arguments: "\"b\":2}"))
                    ]
                ))
        ]),
        chunk([content(0, " world", logprob: -1)]),
        chunk([ChatCompletionChunk.Choice(index: 0, delta: ChatCompletionDelta(), finishReason: .stop)]),
        chunk([
            ChatCompletionChunk.Choice(
                index: 1, delta: ChatCompletionDelta(), finishReason: .toolCalls, additionalFields: ["stop_reason": 7])
        ]),
        chunk([], usage: CompletionUsage(promptTokens: 11, completionTokens: 9)),
    ]

    /// What ``richStream`` folds into.
    static let richCompletion = ChatCompletion(
        id: id, created: 1_700_000_000, model: "scripted-model",
        choices: [
            ChatCompletion.Choice(
                index: 0, message: ChatCompletionMessage(content: "Hello world"), finishReason: .stop,
                logprobs: ChoiceLogprobs(content: [
                    TokenLogprob(
                        token: "Hel", logprob: -0.5, bytes: "Hel".utf8.map(Int.init),
                        topLogprobs: [TopLogprob(token: "Hel", logprob: -0.5)]),
                    TokenLogprob(
                        token: "lo", logprob: -0.25, bytes: "lo".utf8.map(Int.init),
                        topLogprobs: [TopLogprob(token: "lo", logprob: -0.25)]),
                    TokenLogprob(
                        token: " world", logprob: -1, bytes: " world".utf8.map(Int.init),
                        topLogprobs: [TopLogprob(token: " world", logprob: -1)]),
                ])),
            ChatCompletion.Choice(
                index: 1,
                message: ChatCompletionMessage(
                    content: nil,
                    toolCalls: [
                        ToolCall(
                            id: "call_a", function: FunctionCall(name: "get_weather", arguments: "{\"city\":\"Paris\"}")
                        ),
                        ToolCall(id: "call_b", function: FunctionCall(name: "add", arguments: "{\"a\":1,\"b\":2}")),
                    ], reasoningContent: "Thinking"),
                finishReason: .toolCalls, additionalFields: ["stop_reason": 7]),
        ],
        usage: CompletionUsage(promptTokens: 11, completionTokens: 9), systemFingerprint: "fp_1")
}
