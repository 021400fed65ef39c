import ArgumentParser
import ChatCompletionsAPI
import Foundation

/// The request's parameters: the whole contract, provider extensions included.
struct ParameterOptions: ParsableArguments {
    @Option(help: "The model (default: $CHAT_MODEL, else the first the provider lists).")
    var model: String?

    @Option(help: "A system prompt.")
    var system: String?

    @Option(help: "Sampling temperature, 0 to 2.")
    var temperature: Double?

    @Option(name: .customLong("top-p"), help: "Nucleus sampling: the probability mass to sample from, 0 to 1.")
    var topP: Double?

    @Option(
        name: .customLong("max-tokens"),
        help: ArgumentHelp(
            "The most tokens to generate (default: \(Self.defaultAnswerLimit), sent as max_completion_tokens; "
                + "0: no limit)."))
    var maxTokens: Int?

    @Option(name: .customLong("max-completion-tokens"), help: "The most tokens to generate, reasoning included.")
    var maxCompletionTokens: Int?

    @Option(help: "A seed for reproducible sampling.")
    var seed: Int?

    @Option(help: "How many alternative answers to generate.")
    var n: Int?

    @Option(help: "A sequence that ends the answer (repeatable, up to 4).")
    var stop: [String] = []

    @Option(
        help: ArgumentHelp("Return log probabilities with up to N alternatives per token (0: none).", valueName: "n"))
    var logprobs: Int?

    @Option(name: .customLong("frequency-penalty"), help: "Frequency penalty, -2 to 2.")
    var frequencyPenalty: Double?

    @Option(name: .customLong("presence-penalty"), help: "Presence penalty, -2 to 2.")
    var presencePenalty: Double?

    @Option(
        name: .customLong("logit-bias"),
        help: ArgumentHelp("A token's bias, from -100 to 100 (repeatable).", valueName: "token-id=bias"))
    var logitBias: [String] = []

    @Flag(help: "Ask for a JSON object (JSON mode).")
    var json = false

    @Option(
        name: .customLong("json-schema"),
        help: ArgumentHelp("Ask for JSON following the JSON Schema in FILE.", valueName: "file"))
    var jsonSchema: String?

    @Option(
        help: ArgumentHelp(
            "Declare the tools in FILE (a JSON array of tools or function definitions). The model's calls are "
                + "printed, not run; in a session, /tool answers them.", valueName: "file"))
    var tools: String?

    @Option(name: .customLong("tool-choice"), help: "none, auto, required, or the name of a function to call.")
    var toolChoice: String?

    @Option(name: .customLong("top-k"), help: "Sample from the K most likely tokens only (provider extension).")
    var topK: Int?

    @Option(
        name: .customLong("min-p"), help: "Drop tokens less likely than P times the most likely (provider extension).")
    var minP: Double?

    @Option(name: .customLong("repetition-penalty"), help: "Repetition penalty; 1 is none (provider extension).")
    var repetitionPenalty: Double?

    @Flag(name: .customLong("ignore-eos"), help: "Keep generating past the end-of-sequence token (provider extension).")
    var ignoreEOS = false

    @Option(help: "A parameter-efficient fine-tune (LoRA adapter) to apply (provider extension).")
    var peft: String?

    @Flag(help: "Return the log probability of every prompt token (provider extension).")
    var loglikelihood = false

    @Flag(name: .customLong("log-prompt"), help: "Let the provider store the prompt (provider extension).")
    var logPrompt = false

    @Flag(name: .customLong("no-parallel-tool-calls"), help: "Allow at most one tool call per answer.")
    var noParallelToolCalls = false

    @Option(
        name: .customLong("param"),
        help: ArgumentHelp(
            "A request parameter by its wire name, the value as JSON (repeatable), e.g. service_tier=flex. "
                + "The names the contract defines are taken (others are refused; send them with --extra-body): "
                + ChatCompletionRequest.settableParameterNames.joined(separator: ", ") + ".",
            valueName: "name=json"))
    var parameters: [String] = []

    @Option(help: "An end-user id to send.")
    var user: String?

    @Option(
        name: .customLong("extra-body"),
        help: ArgumentHelp("A JSON object merged into the request body.", valueName: "json"))
    var extraBody: String?

    /// The answer limit sent when no limit is given: a model that loops (small models do) stops
    /// after this many tokens instead of writing until the context is full.
    static let defaultAnswerLimit = 1024

    /// The limit to send when a request sets none: the default, unless `--max-tokens 0` asked for
    /// none (a limit given by an option is in the request itself).
    var answerLimit: Int? { maxTokens == 0 ? nil : Self.defaultAnswerLimit }

    func validate() throws {
        if let n, n < 1 { throw ValidationError("--n must be at least 1.") }
        if let logprobs, logprobs < 0 { throw ValidationError("--logprobs must not be negative.") }
        if let maxTokens, maxTokens < 0 { throw ValidationError("--max-tokens must not be negative.") }
        if json && jsonSchema != nil { throw ValidationError("--json and --json-schema exclude each other.") }
        for entry in parameters where !entry.contains("=") || entry.hasPrefix("=") {
            throw ValidationError("--param '\(entry)' is not of the form NAME=JSON.")
        }
        for entry in logitBias {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, Int(parts[0]) != nil, Double(parts[1]) != nil else {
                throw ValidationError("--logit-bias '\(entry)' is not of the form TOKEN_ID=BIAS.")
            }
        }
    }

    /// The request these options describe, without messages (and without a model when none was given).
    func request() throws -> ChatCompletionRequest {
        var request = ChatCompletionRequest(messages: [], model: model ?? "")
        request.temperature = temperature
        request.topP = topP
        request.maxTokens = maxTokens == 0 ? nil : maxTokens
        request.maxCompletionTokens = maxCompletionTokens
        request.seed = seed
        request.n = n
        if stop.count == 1 {
            request.stop = .single(stop[0])
        } else if !stop.isEmpty {
            request.stop = .multiple(stop)
        }
        if let logprobs {
            request.logprobs = true
            request.topLogprobs = logprobs
        }
        request.frequencyPenalty = frequencyPenalty
        request.presencePenalty = presencePenalty
        if !logitBias.isEmpty {
            var biases: [String: Double] = [:]
            for entry in logitBias {
                let parts = entry.split(separator: "=", maxSplits: 1)
                biases[String(parts[0])] = Double(parts[1])
            }
            request.logitBias = biases
        }
        if json { request.responseFormat = .jsonObject }
        if let jsonSchema { request.responseFormat = .jsonSchema(try Self.schemaFormat(file: jsonSchema)) }
        if let tools { request.tools = try Self.tools(file: tools) }
        if let toolChoice { request.toolChoice = Self.toolChoice(toolChoice) }
        request.topK = topK
        request.minP = minP
        request.repetitionPenalty = repetitionPenalty
        if ignoreEOS { request.ignoreEOS = true }
        request.peft = peft
        request.user = user
        if loglikelihood { request.loglikelihood = true }
        if logPrompt { request.logPrompt = true }
        if noParallelToolCalls { request.parallelToolCalls = false }
        if let extraBody {
            guard case .object(let object)? = try? JSONValue(parsing: extraBody) else {
                throw ValidationError("--extra-body must be a JSON object.")
            }
            request.extraBody = object
        }
        for entry in parameters {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            request = try request.setting(parts[0], to: parts[1])
        }
        return request
    }

    /// The named schema in a file: either a bare JSON Schema, or the `json_schema` member's shape
    /// (`{"name", "schema", "strict"}`).
    static func schemaFormat(file: String) throws -> JSONSchemaFormat {
        let value = try readJSON(file, option: "--json-schema")
        if case .object(let object) = value, object["schema"] != nil, case .string? = object["name"] {
            do {
                return try JSONValueDecoder().decode(JSONSchemaFormat.self, from: value)
            } catch {
                throw ValidationError("--json-schema \(file): \(error)")
            }
        }
        guard case .object = value else {
            throw ValidationError("--json-schema \(file) does not hold a JSON Schema object.")
        }
        return JSONSchemaFormat(name: "response", schema: value, strict: true)
    }

    /// The tools in a file: wire tools (`{"type": "function", "function": {…}}`) or bare function
    /// definitions (`{"name", "description", "parameters"}`), in an array.
    static func tools(file: String) throws -> [Tool] {
        guard case .array(let items) = try readJSON(file, option: "--tools") else {
            throw ValidationError("--tools \(file) must hold a JSON array of tools.")
        }
        let decoder = JSONValueDecoder()
        return try items.enumerated().map { index, item in
            do {
                if item["type"] != nil { return try decoder.decode(Tool.self, from: item) }
                return Tool(function: try decoder.decode(FunctionDefinition.self, from: item))
            } catch let error as DecodingError {
                throw ValidationError("--tools \(file), tool \(index): \(InvalidRequestError(error).message)")
            }
        }
    }

    static func toolChoice(_ text: String) -> ToolChoice {
        switch text {
        case "none": return ToolChoice.none
        case "auto": return .auto
        case "required": return .required
        default: return .function(name: text)
        }
    }

    static func readJSON(_ path: String, option: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(option): cannot read \(path).")
        }
        do {
            return try JSONValue(parsing: [UInt8](data))
        } catch {
            throw ValidationError("\(option): \(path) is not JSON: \(error).")
        }
    }
}
