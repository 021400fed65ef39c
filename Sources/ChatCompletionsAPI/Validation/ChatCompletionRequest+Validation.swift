extension ChatCompletionRequest {
    /// Checks the request against the contract's ranges and rules and throws the first problem.
    ///
    /// The server runs this before any work; a client may run it before sending. The rules:
    /// `messages` non-empty and each message's content parts allowed for its role; tool messages
    /// answering a tool call of an earlier assistant message; `temperature` 0…2, `top_p` 0…1,
    /// penalties −2…2; `logit_bias` keys that are token ids with biases −100…100; `top_logprobs`
    /// 0…``ValidationLimits/maxTopLogprobs`` and only with `logprobs: true`; `n` 1…``ValidationLimits/maxN``;
    /// `stop` at most ``ValidationLimits/maxStopSequences`` non-empty sequences; token limits ≥ 1;
    /// tool names `^[a-zA-Z0-9_-]{1,64}$`, unique, at most ``ValidationLimits/maxTools`` tools;
    /// `tool_choice` naming a declared tool; `parallel_tool_calls` only with tools;
    /// `stream_options` only with `stream: true`; json_schema names like tool names; the schemas of
    /// `response_format` and function tools within ``ValidationLimits/schemas``; `metadata` and
    /// `safety_identifier` sizes; audio options when audio output is asked for; and the provider
    /// extensions `min_p` 0…1, `top_k` ≥ 0, `repetition_penalty` > 0.
    public func validate(limits: ValidationLimits = .openAI) throws(InvalidRequestError) {
        var validator = RequestValidator(limits: limits, stopAtFirst: true)
        validator.check(self)
        if let first = validator.issues.first { throw first }
    }

    /// Every problem ``validate(limits:)`` would find, in the order of the request's parameters.
    public func validationIssues(limits: ValidationLimits = .openAI) -> [InvalidRequestError] {
        var validator = RequestValidator(limits: limits, stopAtFirst: false)
        validator.check(self)
        return validator.issues
    }
}

/// Collects the problems of one request (a chat or a text completion).
struct RequestValidator {
    let limits: ValidationLimits
    let stopAtFirst: Bool
    var issues: [InvalidRequestError] = []
    /// Bytes of the schemas checked so far, for ``SchemaLimits/maxTotalSchemaBytes``.
    var schemaBytes = 0

    init(limits: ValidationLimits, stopAtFirst: Bool) {
        self.limits = limits
        self.stopAtFirst = stopAtFirst
    }

    var done: Bool { stopAtFirst && !issues.isEmpty }

    mutating func fail(_ param: String, _ message: String, code: String = "invalid_value") {
        guard !done else { return }
        issues.append(InvalidRequestError(message: message, param: param, code: code))
    }

    mutating func check(_ request: ChatCompletionRequest) {
        if request.model.isEmpty { fail("model", "'model' must not be empty; name the model to use.") }
        checkMessages(request.messages)
        checkSampling(request)
        checkLogprobs(request)
        checkMinimum("max_tokens", request.maxTokens, 1)
        checkMinimum("max_completion_tokens", request.maxCompletionTokens, 1)
        checkResponseFormat(request.responseFormat)
        if request.streamOptions != nil, request.stream != true {
            fail("stream_options", "'stream_options' is only allowed when 'stream' is true.")
        }
        checkTools(request)
        checkModalities(request)
        checkPrediction(request.prediction)
        checkMetadata(request.metadata)
        if let identifier = request.safetyIdentifier, identifier.count > limits.maxSafetyIdentifierLength {
            fail(
                "safety_identifier",
                "'safety_identifier' is \(identifier.count) characters long; at most "
                    + "\(limits.maxSafetyIdentifierLength) are allowed.",
                code: "string_above_max_length")
        }
        checkMinimum("reasoning_budget_tokens", request.reasoningBudgetTokens, 0)
        checkPromptLogprobs(request)
    }

    /// The rules of the members that choose tokens, the same for every request that has them.
    mutating func checkSampling(_ request: some SamplingMembers) {
        checkRange("frequency_penalty", request.frequencyPenalty, -2, 2)
        checkRange("presence_penalty", request.presencePenalty, -2, 2)
        checkLogitBias(request.logitBias)
        checkIntegerRange("n", request.n, 1, limits.maxN)
        checkStop(request.stop)
        checkRange("temperature", request.temperature, 0, 2)
        checkRange("top_p", request.topP, 0, 1)
        checkRange("min_p", request.minP, 0, 1)
        checkMinimum("top_k", request.topK, 0)
        if let penalty = request.repetitionPenalty, !(penalty > 0 && penalty.isFinite) {
            fail(
                "repetition_penalty",
                "'repetition_penalty' is \(format(penalty)), but it must be a number greater than 0 (1 means no "
                    + "penalty).",
                code: "decimal_below_min_value")
        }
    }

    // MARK: Numbers

    mutating func checkRange(_ param: String, _ value: Double?, _ low: Double, _ high: Double) {
        guard let value else { return }
        let allowed = "between \(format(low)) and \(format(high))"
        if value.isNaN || value.isInfinite {
            fail(param, "'\(param)' must be a finite number \(allowed).")
        } else if value < low {
            fail(
                param, "'\(param)' is \(format(value)), but it must be \(allowed).", code: "decimal_below_min_value")
        } else if value > high {
            fail(
                param, "'\(param)' is \(format(value)), but it must be \(allowed).", code: "decimal_above_max_value")
        }
    }

    mutating func checkMinimum(_ param: String, _ value: Int?, _ minimum: Int) {
        guard let value, value < minimum else { return }
        fail(param, "'\(param)' is \(value), but it must be at least \(minimum).", code: "integer_below_min_value")
    }

    mutating func checkIntegerRange(_ param: String, _ value: Int?, _ low: Int, _ high: Int?) {
        guard let value else { return }
        let allowed = high.map { "between \(low) and \($0)" } ?? "at least \(low)"
        if value < low {
            fail(param, "'\(param)' is \(value), but it must be \(allowed).", code: "integer_below_min_value")
        } else if let high, value > high {
            fail(param, "'\(param)' is \(value), but it must be \(allowed).", code: "integer_above_max_value")
        }
    }

    // MARK: Messages

    mutating func checkMessages(_ messages: [ChatMessage]) {
        if messages.isEmpty {
            fail("messages", "'messages' must contain at least one message.", code: "empty_array")
        }
        var answerableCallIDs: Set<String> = []
        for (index, message) in messages.enumerated() {
            let path = indexPath("messages", index)
            switch message {
            case .system(let system):
                checkParts(system.content, path: path, holder: "system messages", allowed: ["text"])
            case .developer(let developer):
                checkParts(developer.content, path: path, holder: "developer messages", allowed: ["text"])
            case .user(let user):
                checkParts(
                    user.content, path: path, holder: "user messages",
                    allowed: ["text", "image_url", "input_audio", "file"])
            case .assistant(let assistant):
                if let content = assistant.content {
                    checkParts(content, path: path, holder: "assistant messages", allowed: ["text", "refusal"])
                }
                let calls = assistant.toolCalls ?? []
                if assistant.content == nil, calls.isEmpty, assistant.refusal == nil, assistant.audio == nil {
                    fail(
                        memberPath(path, "content"),
                        "'\(memberPath(path, "content"))' is missing: an assistant message needs 'content' unless it "
                            + "has 'tool_calls', 'refusal' or 'audio'.",
                        code: "missing_required_parameter")
                }
                for (callIndex, call) in calls.enumerated() {
                    if call.id.isEmpty {
                        let callPath = memberPath(indexPath(memberPath(path, "tool_calls"), callIndex), "id")
                        fail(callPath, "'\(callPath)' must not be empty; tool messages answer calls by this id.")
                    }
                    answerableCallIDs.insert(call.id)
                }
            case .tool(let tool):
                checkParts(tool.content, path: path, holder: "tool messages", allowed: ["text"])
                if !answerableCallIDs.contains(tool.toolCallID) {
                    let idPath = memberPath(path, "tool_call_id")
                    fail(
                        idPath,
                        "'\(idPath)' is '\(tool.toolCallID)', which answers no tool call: a tool message must answer "
                            + "the id of a tool call made by an earlier assistant message.")
                }
            }
        }
    }

    mutating func checkParts(_ content: MessageContent, path: String, holder: String, allowed: [String]) {
        guard case .parts(let parts) = content else { return }
        let contentPath = memberPath(path, "content")
        if parts.isEmpty {
            fail(
                contentPath, "'\(contentPath)' must contain at least one content part, or be a string.",
                code: "empty_array")
        }
        for (index, part) in parts.enumerated() {
            let partPath = indexPath(contentPath, index)
            guard allowed.contains(part.type) else {
                fail(
                    memberPath(partPath, "type"),
                    "'\(part.type)' content parts are not allowed in \(holder); \(holder) accept "
                        + allowed.joined(separator: ", ") + ".")
                continue
            }
            switch part {
            case .imageURL(let image) where image.url.isEmpty:
                let urlPath = memberPath(memberPath(partPath, "image_url"), "url")
                fail(urlPath, "'\(urlPath)' must not be empty; give an image URL or a base64 data URL.")
            case .file(let file) where file.fileID == nil && file.fileData == nil:
                let filePath = memberPath(partPath, "file")
                fail(
                    filePath, "'\(filePath)' must have 'file_id' (an uploaded file) or 'file_data' (the file inline).",
                    code: "missing_required_parameter")
            default: break
            }
        }
    }

    // MARK: Sampling and output

    mutating func checkLogitBias(_ bias: [String: Double]?) {
        guard let bias else { return }
        for key in bias.keys.sorted() {
            let path = memberPath("logit_bias", key)
            let isTokenID = !key.isEmpty && key.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && Int(key) != nil
            if !isTokenID {
                fail(
                    path,
                    "'\(key)' is not a token id: 'logit_bias' keys must be non-negative integer token ids written as "
                        + "strings, like \"50256\".")
                continue
            }
            checkRange(path, bias[key], -100, 100)
        }
    }

    mutating func checkLogprobs(_ request: ChatCompletionRequest) {
        guard let top = request.topLogprobs else { return }
        checkIntegerRange("top_logprobs", top, 0, limits.maxTopLogprobs)
        if request.logprobs != true {
            fail("top_logprobs", "'top_logprobs' is only allowed when 'logprobs' is true.")
        }
    }

    mutating func checkResponseFormat(_ format: ResponseFormat?) {
        switch format {
        case .jsonSchema(let schemaFormat):
            let namePath = "response_format.json_schema.name"
            if !isValidName(schemaFormat.name) {
                fail(
                    namePath,
                    "'\(namePath)' is '\(schemaFormat.name)', but it must be 1 to 64 characters of a-z, A-Z, 0-9, "
                        + "'_' and '-'.")
            }
            if let schema = schemaFormat.schema, schema.objectValue == nil {
                fail(
                    "response_format.json_schema.schema",
                    "'response_format.json_schema.schema' must be a JSON Schema object, found \(schema.articleTypeName).",
                    code: "invalid_type")
            } else if let schema = schemaFormat.schema {
                checkSchema(schema, at: "response_format.json_schema.schema")
            }
        case .jsonObjectWithSchema(let schema):
            if schema.objectValue == nil && schema.boolValue == nil {
                fail(
                    "response_format.schema",
                    "'response_format.schema' must be a JSON Schema object, found \(schema.articleTypeName).",
                    code: "invalid_type")
            } else {
                checkSchema(schema, at: "response_format.schema")
            }
        default: break
        }
    }

    /// Holds one schema to ``ValidationLimits/schemas``, and all of them together to its total size.
    mutating func checkSchema(_ schema: JSONValue, at path: String) {
        guard !done else { return }
        var checker = SchemaLimitChecker(limits: limits.schemas, root: path)
        if let issue = checker.check(schema) {
            issues.append(issue)
            return
        }
        guard let total = limits.schemas.maxTotalSchemaBytes else { return }
        let before = schemaBytes
        schemaBytes += schema.serialized().count
        if before <= total && schemaBytes > total {
            fail(
                path,
                "The schemas of this request (response_format and tools together) come to \(schemaBytes) bytes of "
                    + "JSON with '\(path)'; at most \(total) bytes are allowed in all.",
                code: "schema_too_large")
        }
    }

    mutating func checkStop(_ stop: StopSequences?) {
        switch stop {
        case .single(let sequence):
            if sequence.isEmpty { fail("stop", "'stop' must not be an empty string.") }
        case .multiple(let sequences):
            if sequences.isEmpty {
                fail("stop", "'stop' must contain at least one sequence, or be left out.", code: "empty_array")
            } else if sequences.count > limits.maxStopSequences {
                fail(
                    "stop",
                    "'stop' has \(sequences.count) sequences; at most \(limits.maxStopSequences) are allowed.",
                    code: "array_above_max_length")
            }
            for (index, sequence) in sequences.enumerated() where sequence.isEmpty {
                let path = indexPath("stop", index)
                fail(path, "'\(path)' must not be an empty string.")
            }
        case nil: break
        }
    }

    // MARK: Tools

    mutating func checkTools(_ request: ChatCompletionRequest) {
        let tools = request.tools ?? []
        if tools.count > limits.maxTools {
            fail(
                "tools", "'tools' has \(tools.count) tools; at most \(limits.maxTools) are allowed.",
                code: "array_above_max_length")
        }
        var firstIndexByName: [String: Int] = [:]
        for (index, tool) in tools.enumerated() {
            let toolPath = indexPath("tools", index)
            let kind: String
            switch tool.type {
            case .function: kind = "function"
            case .custom: kind = "custom"
            default:
                fail(
                    memberPath(toolPath, "type"),
                    "'\(tool.type.rawValue)' is not a tool type; tools must be 'function' or 'custom'.")
                continue
            }
            let namePath = memberPath(memberPath(toolPath, kind), "name")
            let name = tool.function.name
            if !isValidName(name) {
                fail(
                    namePath,
                    "'\(namePath)' is '\(name)', but it must be 1 to 64 characters of a-z, A-Z, 0-9, '_' and '-'.")
            } else if let first = firstIndexByName[name] {
                fail(
                    namePath,
                    "'\(name)' is declared twice (first at tools[\(first)]); tool names must be unique.")
            } else {
                firstIndexByName[name] = index
            }
            if tool.type == .function {
                if let parameters = tool.function.parameters, parameters.objectValue == nil {
                    let path = memberPath(memberPath(toolPath, "function"), "parameters")
                    fail(
                        path, "'\(path)' must be a JSON Schema object, found \(parameters.articleTypeName).",
                        code: "invalid_type")
                } else if let parameters = tool.function.parameters {
                    checkSchema(parameters, at: memberPath(memberPath(toolPath, "function"), "parameters"))
                }
            } else if tool.function.parameters != nil || tool.function.strict != nil {
                let path = memberPath(toolPath, "custom")
                fail(
                    path,
                    "'\(path)' is a custom tool: it takes free-form input, so 'parameters' and 'strict' do not apply.")
            }
        }
        checkToolChoice(request.toolChoice, tools: tools)
        if request.parallelToolCalls != nil, tools.isEmpty {
            fail("parallel_tool_calls", "'parallel_tool_calls' is only allowed when 'tools' are given.")
        }
    }

    mutating func checkToolChoice(_ choice: ToolChoice?, tools: [Tool]) {
        guard let choice else { return }
        func declared(_ type: ToolType) -> [String] { tools.filter { $0.type == type }.map(\.function.name) }
        func listing(_ names: [String]) -> String {
            names.isEmpty ? "none are declared" : "declared: " + names.joined(separator: ", ")
        }
        switch choice {
        case .none, .auto:
            break
        case .required:
            if tools.isEmpty {
                fail("tool_choice", "'tool_choice' is 'required', but no 'tools' are given to call.")
            }
        case .function(let name):
            let names = declared(.function)
            if !names.contains(name) {
                fail(
                    "tool_choice.function.name",
                    "'tool_choice.function.name' is '\(name)', which is not a function in 'tools' (\(listing(names))).")
            }
        case .custom(let name):
            let names = declared(.custom)
            if !names.contains(name) {
                fail(
                    "tool_choice.custom.name",
                    "'tool_choice.custom.name' is '\(name)', which is not a custom tool in 'tools' (\(listing(names)))."
                )
            }
        case .allowedTools(let allowed):
            if tools.isEmpty {
                fail("tool_choice", "'tool_choice' allows tools, but no 'tools' are given.")
                return
            }
            let names = Set(tools.map(\.function.name))
            for (index, name) in allowed.toolNames.enumerated() where name.map({ !names.contains($0) }) ?? true {
                let path = indexPath("tool_choice.allowed_tools.tools", index)
                fail(path, "'\(path)' must name a tool declared in 'tools' (\(listing(tools.map(\.function.name)))).")
            }
        }
    }

    // MARK: Other parameters

    mutating func checkModalities(_ request: ChatCompletionRequest) {
        if request.modalities?.contains(.audio) == true, request.audio == nil {
            fail(
                "audio", "'audio' is required when 'modalities' includes 'audio': give a voice and a format.",
                code: "missing_required_parameter")
        }
    }

    mutating func checkPrediction(_ prediction: Prediction?) {
        guard let prediction else { return }
        checkParts(prediction.content, path: "prediction", holder: "predictions", allowed: ["text"])
    }

    mutating func checkMetadata(_ metadata: [String: String]?) {
        guard let metadata else { return }
        if metadata.count > limits.maxMetadataPairs {
            fail(
                "metadata", "'metadata' has \(metadata.count) pairs; at most \(limits.maxMetadataPairs) are allowed.",
                code: "object_above_max_properties")
        }
        for key in metadata.keys.sorted() {
            let path = memberPath("metadata", key)
            if key.count > limits.maxMetadataKeyLength {
                fail(
                    path,
                    "The 'metadata' key '\(key)' is \(key.count) characters long; at most "
                        + "\(limits.maxMetadataKeyLength) are allowed.",
                    code: "string_above_max_length")
            }
            if let value = metadata[key], value.count > limits.maxMetadataValueLength {
                fail(
                    path,
                    "'\(path)' is \(value.count) characters long; at most \(limits.maxMetadataValueLength) are allowed.",
                    code: "string_above_max_length")
            }
        }
    }

    mutating func checkPromptLogprobs(_ request: ChatCompletionRequest) {
        guard let count = request.promptTopLogprobs else { return }
        checkIntegerRange("prompt_logprobs", count, 0, limits.maxTopLogprobs)
        if request.loglikelihood == false {
            fail(
                "prompt_logprobs",
                "'prompt_logprobs' asks for prompt log probabilities, but 'loglikelihood' is false; set only one.")
        }
    }
}

/// Whether `name` matches `^[a-zA-Z0-9_-]{1,64}$`, the rule for tool and schema names.
func isValidName(_ name: String) -> Bool {
    let bytes = name.utf8
    guard (1...64).contains(bytes.count) else { return false }
    return bytes.allSatisfy { byte in
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default: return false
        }
    }
}

/// A number as people write it: `2` rather than `2.0`.
private func format(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}
