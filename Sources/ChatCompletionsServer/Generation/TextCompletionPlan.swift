import ChatCompletionsAPI
import ChatInference

/// A validated `POST /v1/completions` request as this server runs it: the endpoint's own defaults
/// resolved (16 tokens, one choice), what no local engine does refused, and one engine request per
/// prompt, whose sampling is mapped as the chat request's is.
struct TextCompletionPlan: Sendable {
    var request: TextCompletionRequest
    var prompts: [GenerationRequest.RawPrompt]
    /// OpenAI's default for this endpoint.
    var maxTokens: Int { request.maxTokens ?? 16 }
    var choices: Int { request.n ?? 1 }
    var stream: Bool { request.stream ?? false }
    var includeUsage: Bool { request.streamOptions?.includeUsage ?? false }
    var echo: Bool { request.echo ?? false }
    var logprobs: Int? { request.logprobs }
    var model: String { request.model }
    private let sampling: SamplingRequest

    init(_ request: TextCompletionRequest) throws(InvalidRequestError) {
        func refuse(_ param: String, _ message: String) -> InvalidRequestError {
            InvalidRequestError(message: message, param: param, code: "unsupported_parameter")
        }
        if let suffix = request.suffix, !suffix.isEmpty {
            throw refuse("suffix", "'suffix' (insertion) is not supported: these models only continue a prompt.")
        }
        if let bestOf = request.bestOf, bestOf != request.n ?? 1 {
            throw refuse(
                "best_of",
                "'best_of' other than n is not supported: this server returns every choice it generates "
                    + "(best_of \(bestOf), n \(request.n ?? 1)).")
        }
        if request.streamOptions?.includeObfuscation == true {
            throw refuse("stream_options.include_obfuscation", "Stream obfuscation is not supported by this server.")
        }
        self.request = request
        prompts = request.prompts.map { prompt in
            switch prompt {
            case .tokens(let ids): .tokens(ids)
            case .text(let text): .text(text)
            case .texts, .tokenLists: preconditionFailure("TextCompletionRequest.prompts lists single prompts")
            }
        }
        sampling = try SamplingRequest(request)
    }

    /// The engine request for prompt number `index`.
    func generation(_ index: Int, id: String) -> GenerationRequest {
        var generation = GenerationRequest(
            id: id, model: model, messages: [], sampling: sampling, maxTokens: max(1, maxTokens),
            stop: request.stop?.values ?? [], choices: choices, logprobs: logprobs,
            promptLogprobs: echo && logprobs != nil ? logprobs : nil)
        generation.rawPrompt = prompts[index]
        return generation
    }
}
