import ChatCompletionsAPI
import ChatInference

/// A legacy `POST /v1/completions` request, decoded and checked: a prompt (text, texts, token ids
/// or lists of token ids) continued as it is, with no chat template.
struct TextCompletionRequest: Sendable {
    var model: String
    var prompts: [GenerationRequest.RawPrompt]
    var maxTokens: Int
    var choices: Int
    var stream: Bool
    var includeUsage: Bool
    var logprobs: Int?
    var echo: Bool
    var stop: [String]
    var sampling: SamplingParameters
    var omittedSampling: Set<SamplingParameters.Field>

    static let allowed: Set<String> = [
        "model", "prompt", "suffix", "max_tokens", "temperature", "top_p", "n", "stream", "stream_options",
        "logprobs", "echo", "stop", "presence_penalty", "frequency_penalty", "best_of", "logit_bias", "user", "seed",
        "top_k", "min_p", "repetition_penalty", "ignore_eos",
    ]

    /// Decodes and validates a body; every problem is a 400 naming the parameter.
    init(_ object: JSONObject) throws(InvalidRequestError) {
        func invalid(_ param: String, _ message: String, code: String = "invalid_value") -> InvalidRequestError {
            InvalidRequestError(message: message, param: param, code: code)
        }
        func number(_ key: String, in range: ClosedRange<Double>) throws(InvalidRequestError) -> Double? {
            guard let value = object[key], value != .null else { return nil }
            guard let number = value.doubleValue else {
                throw invalid(key, "'\(key)' must be a number.", code: "invalid_type")
            }
            guard range.contains(number) else {
                throw invalid(
                    key, "'\(key)' must be between \(range.lowerBound) and \(range.upperBound); got \(number).")
            }
            return number
        }
        func integer(_ key: String, in range: ClosedRange<Int>) throws(InvalidRequestError) -> Int? {
            guard let value = object[key], value != .null else { return nil }
            guard case .int(let number) = value else {
                throw invalid(key, "'\(key)' must be an integer.", code: "invalid_type")
            }
            guard range.contains(number) else {
                throw invalid(
                    key, "'\(key)' must be between \(range.lowerBound) and \(range.upperBound); got \(number).")
            }
            return number
        }
        func bool(_ key: String) throws(InvalidRequestError) -> Bool? {
            guard let value = object[key], value != .null else { return nil }
            guard let flag = value.boolValue else {
                throw invalid(key, "'\(key)' must be a boolean.", code: "invalid_type")
            }
            return flag
        }
        if let unknown = object.keys.sorted().first(where: { !Self.allowed.contains($0) }) {
            throw invalid(unknown, "Unrecognized request argument supplied: \(unknown).", code: "unknown_parameter")
        }
        guard let model = object["model"]?.stringValue else {
            throw invalid("model", "Missing required parameter: 'model'.", code: "missing_required_parameter")
        }
        self.model = model
        guard let prompt = object["prompt"], prompt != .null else {
            throw invalid("prompt", "Missing required parameter: 'prompt'.", code: "missing_required_parameter")
        }
        switch prompt {
        case .string(let text): prompts = [.text(text)]
        case .array(let items) where !items.isEmpty && items.allSatisfy({ $0.stringValue != nil }):
            prompts = items.map { .text($0.stringValue!) }
        case .array(let items) where !items.isEmpty && items.allSatisfy({ if case .int = $0 { true } else { false } }):
            prompts = [.tokens(items.map { $0.intValue! })]
        case .array(let items)
        where !items.isEmpty
            && items.allSatisfy({ item in
                guard let tokens = item.arrayValue, !tokens.isEmpty else { return false }
                return tokens.allSatisfy { if case .int = $0 { true } else { false } }
            }):
            prompts = items.map { .tokens($0.arrayValue!.map { $0.intValue! }) }
        default:
            throw invalid(
                "prompt",
                "'prompt' must be a string, an array of strings, an array of token ids, or an array of arrays of token ids (none empty).",
                code: "invalid_type")
        }
        if let suffix = object["suffix"], suffix != .null, suffix != .string("") {
            throw invalid(
                "suffix", "'suffix' (insertion) is not supported: these models only continue a prompt.",
                code: "unsupported_parameter")
        }
        maxTokens = try integer("max_tokens", in: 0...1_000_000) ?? 16
        choices = try integer("n", in: 1...128) ?? 1
        if let bestOf = try integer("best_of", in: 1...128), bestOf != choices {
            throw invalid(
                "best_of",
                "'best_of' other than n is not supported: this server returns every choice it generates (best_of \(bestOf), n \(choices)).",
                code: "unsupported_parameter")
        }
        stream = try bool("stream") ?? false
        includeUsage = false
        if let options = object["stream_options"], options != .null {
            guard stream else {
                throw invalid("stream_options", "'stream_options' is only allowed when 'stream' is true.")
            }
            guard let members = options.objectValue, members.keys.allSatisfy({ $0 == "include_usage" }) else {
                throw invalid("stream_options", "'stream_options' may only hold 'include_usage'.")
            }
            includeUsage = members["include_usage"]?.boolValue ?? false
        }
        logprobs = try integer("logprobs", in: 0...5)
        echo = try bool("echo") ?? false
        switch object["stop"] {
        case nil, .null?: stop = []
        case .string(let text)?: stop = [text]
        case .array(let items)? where items.count <= 4 && items.allSatisfy({ $0.stringValue?.isEmpty == false }):
            stop = items.map { $0.stringValue! }
        default:
            throw invalid("stop", "'stop' must be a string or an array of at most 4 non-empty strings.")
        }
        var bias: [Int32: Float] = [:]
        if let members = object["logit_bias"], members != .null {
            guard let entries = members.objectValue else {
                throw invalid(
                    "logit_bias", "'logit_bias' must be an object of token ids to biases.", code: "invalid_type")
            }
            for (key, value) in entries {
                guard let token = Int32(key), token >= 0, let amount = value.doubleValue, (-100...100).contains(amount)
                else {
                    throw invalid("logit_bias", "logit_bias maps token ids to numbers from -100 to 100; got '\(key)'.")
                }
                bias[token] = Float(amount)
            }
        }
        let given: [(SamplingParameters.Field, String)] = [
            (.temperature, "temperature"), (.topP, "top_p"), (.topK, "top_k"), (.minP, "min_p"),
            (.repetitionPenalty, "repetition_penalty"), (.presencePenalty, "presence_penalty"),
            (.frequencyPenalty, "frequency_penalty"),
        ]
        omittedSampling = Set(given.filter { object[$0.1] == nil || object[$0.1] == .null }.map(\.0))
        let seed = try integer("seed", in: Int.min...Int.max)
        sampling = SamplingParameters(
            temperature: try number("temperature", in: 0...2) ?? 1, topP: try number("top_p", in: 0...1) ?? 1,
            topK: try integer("top_k", in: 0...1_000_000) ?? 0, minP: try number("min_p", in: 0...1) ?? 0,
            frequencyPenalty: try number("frequency_penalty", in: -2...2) ?? 0,
            presencePenalty: try number("presence_penalty", in: -2...2) ?? 0,
            repetitionPenalty: try number("repetition_penalty", in: 0.01...10) ?? 1, logitBias: bias,
            seed: seed.map { UInt64(bitPattern: Int64($0)) }, ignoreEOS: try bool("ignore_eos") ?? false)
        if object["user"].map({ $0 != .null && $0.stringValue == nil }) == true {
            throw invalid("user", "'user' must be a string.", code: "invalid_type")
        }
    }

    /// The engine request for prompt number `index`.
    func generation(_ index: Int, id: String) -> GenerationRequest {
        var request = GenerationRequest(
            id: id, model: model, messages: [], sampling: sampling, omittedSampling: omittedSampling,
            maxTokens: max(1, maxTokens), stop: stop, choices: choices, logprobs: logprobs,
            promptLogprobs: echo && logprobs != nil ? logprobs : nil)
        request.rawPrompt = prompts[index]
        return request
    }
}
