public import ChatCompletionsAPI

/// A request to OpenAI's Responses API (`POST /v1/responses`), read strictly from its JSON. Hosted
/// tools (web search, file search, code interpreter, computer use, image generation, remote MCP),
/// reusable prompts and the Conversations API are refused by name: this server runs function tools
/// and keeps conversations by `previous_response_id`. `seed` is an extension (the same request and
/// seed give the same answer).
public struct ResponsesRequest: Sendable, Hashable {
    public var model: String
    /// The new items (a string input is one user message).
    public var input: [ResponseItem]
    public var instructions: String?
    public var previousResponseID: String?
    public var maxOutputTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var topLogprobs: Int?
    public var tools: [FunctionDefinition]
    /// The tool choice in Chat Completions' terms (the same choices exist; nil: `auto`).
    public var toolChoice: ToolChoice?
    public var parallelToolCalls: Bool?
    public var maxToolCalls: Int?
    /// `text.format` in Chat Completions' terms (nil: plain text).
    public var format: ResponseFormat?
    /// `text.verbosity`.
    public var verbosity: String?
    public var reasoningEffort: String?
    public var reasoningSummary: String?
    /// `auto` drops the oldest items when the conversation does not fit; `disabled` refuses it.
    public var truncation: String
    /// `include` values.
    public var include: Set<String>
    public var metadata: [String: String]?
    public var user: String?
    public var safetyIdentifier: String?
    public var promptCacheKey: String?
    public var serviceTier: String?
    /// Whether the response is kept (OpenAI's default: true).
    public var store: Bool
    public var stream: Bool
    public var background: Bool
    /// Extension: a seed for reproducible sampling.
    public var seed: Int?
    /// Extensions vLLM and SGLang take (SGLang Model Gateway adds them to every request it
    /// forwards): top-k (-1 or 0: off), min-p, repetition penalty.
    public var topK: Int?
    public var minP: Double?
    public var repetitionPenalty: Double?
    /// Members sent as they are (a provider's extensions); not read from requests.
    public var extraBody: JSONObject = [:]

    /// A request for `model` with `input`; the rest at OpenAI's defaults.
    public init(model: String, input: [ResponseItem], instructions: String? = nil, previousResponseID: String? = nil) {
        self.model = model
        self.input = input
        self.instructions = instructions
        self.previousResponseID = previousResponseID
        tools = []
        truncation = "disabled"
        include = []
        store = true
        stream = false
        background = false
    }

    /// A request whose input is one user message.
    public init(model: String, input text: String, instructions: String? = nil, previousResponseID: String? = nil) {
        self.init(
            model: model, input: [.message(.init(role: "user", parts: [.inputText(text)]))], instructions: instructions,
            previousResponseID: previousResponseID)
    }

    /// Whether the output text's log probabilities are asked for.
    public var wantsLogprobs: Bool { include.contains("message.output_text.logprobs") }

    /// OpenAI's smallest `max_output_tokens`.
    public static let minimumOutputTokens = 16

    static let members: Set<String> = [
        "model", "input", "instructions", "previous_response_id", "max_output_tokens", "temperature", "top_p",
        "top_logprobs", "tools", "tool_choice", "parallel_tool_calls", "max_tool_calls", "text", "reasoning",
        "truncation", "include", "metadata", "user", "safety_identifier", "prompt_cache_key", "service_tier", "store",
        "stream", "stream_options", "background", "seed", "prompt_cache_retention", "top_k", "min_p",
        "repetition_penalty", "priority",
    ]

    static let unsupportedMembers: [String: String] = [
        "conversation": "The Conversations API is not provided; continue a conversation with previous_response_id.",
        "prompt": "Reusable prompts are not provided; send instructions and input instead.",
        "context_management": "Server-side context management is not provided; use truncation: auto.",
    ]

    /// `include` values this server honours (the rest name hosted tools' outputs or encrypted state).
    static let includable: Set<String> = ["message.output_text.logprobs", "reasoning.encrypted_content"]

    public init(jsonBytes bytes: some Collection<UInt8>) throws(InvalidRequestError) {
        try self.init(JSONFields(requestBody: bytes))
    }

    public init(json value: JSONValue) throws(InvalidRequestError) {
        try self.init(JSONFields(value))
    }

    private init(_ body: JSONFields) throws(InvalidRequestError) {
        try body.refuseMembers(unsupported: Self.unsupportedMembers, known: Self.members)
        model = try body.requiredString("model")
        guard let inputValue = body.value("input") else { throw body.missing("input") }
        if case .string(let text) = inputValue {
            input = [.message(.init(role: "user", parts: [.inputText(text)]))]
        } else if let elements = try body.array("input") {
            input = try elements.map { element throws(InvalidRequestError) in
                try ResponseItem(json: element.value, at: element.path)
            }
        } else {
            throw body.typeError("input", "a string or an array of items", inputValue)
        }
        instructions = try body.string("instructions")
        previousResponseID = try body.string("previous_response_id")
        maxOutputTokens = try body.int("max_output_tokens", atLeast: Self.minimumOutputTokens)
        temperature = try body.double("temperature", in: 0...2)
        topP = try body.double("top_p", in: 0...1)
        topLogprobs = try body.int("top_logprobs", atLeast: 0)
        if let top = topLogprobs, top > 20 {
            throw body.invalid("top_logprobs", "'top_logprobs' must be at most 20, not \(top).")
        }
        tools = try (body.array("tools") ?? []).map { element throws(InvalidRequestError) in
            try Self.tool(element.value, at: element.path)
        }
        var names = Set<String>()
        for (index, tool) in tools.enumerated() where !names.insert(tool.name).inserted {
            throw InvalidRequestError(
                message: "Tool names must be unique: '\(tool.name)' is declared twice.", param: "tools[\(index)].name",
                code: "invalid_value")
        }
        toolChoice = try Self.toolChoice(body, declared: names)
        parallelToolCalls = try body.bool("parallel_tool_calls")
        maxToolCalls = try body.int("max_tool_calls", atLeast: 0)
        (format, verbosity) = try Self.text(body)
        if let reasoning = try body.fields("reasoning") {
            try reasoning.refuseUnknown(["effort", "summary", "generate_summary"])
            reasoningEffort = try reasoning.choice("effort", ["none", "minimal", "low", "medium", "high", "xhigh"])
            reasoningSummary = try reasoning.choice("summary", ["auto", "concise", "detailed"])
        }
        truncation = try body.choice("truncation", ["auto", "disabled"]) ?? "disabled"
        include = []
        for element in try body.array("include") ?? [] {
            guard case .string(let value) = element.value else {
                throw InvalidRequestError(
                    message: "'\(element.path)' must be a string.", param: element.path, code: "invalid_type")
            }
            guard Self.includable.contains(value) else {
                throw InvalidRequestError(
                    message: "'\(element.path)': '\(value)' cannot be included here; this server includes "
                        + Self.includable.sorted().map { "'\($0)'" }.joined(separator: " and ") + ".",
                    param: element.path, code: "invalid_value")
            }
            include.insert(value)
        }
        if let metadata = try body.fields("metadata") {
            guard metadata.object.count <= 16 else {
                throw body.invalid("metadata", "'metadata' holds at most 16 pairs.")
            }
            var pairs: [String: String] = [:]
            for key in metadata.object.keys {
                guard key.count <= 64, let text = try metadata.string(key), text.count <= 512 else {
                    throw metadata.invalid(
                        key, "metadata keys are at most 64 characters and values strings of at most 512.")
                }
                pairs[key] = text
            }
            self.metadata = pairs
        }
        user = try body.string("user")
        safetyIdentifier = try body.string("safety_identifier")
        promptCacheKey = try body.string("prompt_cache_key")
        _ = try body.choice("prompt_cache_retention", ["in_memory", "24h"])
        serviceTier = try body.choice("service_tier", ["auto", "default", "flex", "priority", "scale"])
        store = try body.bool("store") ?? true
        stream = try body.bool("stream") ?? false
        if let options = try body.fields("stream_options") {
            try options.refuseUnknown(["include_obfuscation"])
            _ = try options.bool("include_obfuscation")
            if !stream { throw body.invalid("stream_options", "'stream_options' is only allowed with 'stream': true.") }
        }
        background = try body.bool("background") ?? false
        if background && !store {
            throw body.invalid("background", "A background response must be stored: 'background' needs 'store': true.")
        }
        if background && stream {
            throw body.invalid(
                "background",
                "Streaming a background response is not supported; create it, then poll GET /v1/responses/{id}.")
        }
        seed = try body.int("seed")
        if let k = try body.int("top_k") {
            guard k >= -1 else { throw body.invalid("top_k", "'top_k' must be -1 (off), 0 (off) or more, not \(k).") }
            topK = k > 0 ? k : nil
        }
        minP = try body.double("min_p", in: 0...1)
        if let penalty = try body.double("repetition_penalty") {
            guard penalty > 0 && penalty <= 2 else {
                throw body.invalid("repetition_penalty", "'repetition_penalty' must be above 0 and at most 2.")
            }
            repetitionPenalty = penalty
        }
        // SGLang's scheduling priority: only its default (0), which the gateway sends, is taken;
        // this server orders requests by `service_tier`.
        if let priority = try body.int("priority"), priority != 0 {
            throw body.invalid(
                "priority", "'priority' other than 0 is not supported; use service_tier (flex, priority).")
        }
    }

    /// Hosted tool types, refused by name.
    static let hostedTools: Set<String> = [
        "web_search", "web_search_preview", "web_search_preview_2025_03_11", "web_search_2025_08_26", "file_search",
        "code_interpreter", "computer_use_preview", "computer", "image_generation", "mcp", "local_shell", "shell",
        "apply_patch",
    ]

    static func tool(_ value: JSONValue, at path: String) throws(InvalidRequestError) -> FunctionDefinition {
        let fields = try JSONFields(value, at: path)
        guard let type = try fields.string("type") else { throw fields.missing("type") }
        guard type == "function" else {
            let why =
                hostedTools.contains(type)
                ? "'\(type)' is a hosted tool, which this server does not run; declare function tools and run them yourself."
                : "The tool type '\(type)' is not supported; declare function tools."
            throw InvalidRequestError(message: why, param: fields.path("type"), code: "unsupported_value")
        }
        try fields.refuseUnknown(["type", "name", "description", "parameters", "strict"])
        let name = try fields.requiredString("name")
        let parameters = fields.value("parameters")
        if let parameters, case .object = parameters {
        } else if let parameters {
            throw fields.typeError("parameters", "a JSON Schema object", parameters)
        }
        return FunctionDefinition(
            name: name, description: try fields.string("description"), parameters: parameters,
            strict: try fields.bool("strict"))
    }

    static func toolChoice(
        _ body: JSONFields, declared: Set<String>
    ) throws(InvalidRequestError) -> ToolChoice? {
        guard let value = body.value("tool_choice") else { return nil }
        if case .string(let mode) = value {
            switch mode {
            case "none": return ToolChoice.none
            case "auto": return .auto
            case "required":
                if declared.isEmpty { throw body.invalid("tool_choice", "tool_choice 'required' needs 'tools'.") }
                return .required
            default:
                throw body.invalid(
                    "tool_choice", "'tool_choice' must be none, auto, required or an object, not '\(mode)'.")
            }
        }
        let fields = try JSONFields(value, at: "tool_choice")
        guard let type = try fields.string("type") else { throw fields.missing("type") }
        switch type {
        case "function":
            try fields.refuseUnknown(["type", "name"])
            let name = try fields.requiredString("name")
            guard declared.contains(name) else {
                throw fields.invalid(
                    "name", "tool_choice names the function '\(name)', which 'tools' does not declare.")
            }
            return .function(name: name)
        case "allowed_tools":
            try fields.refuseUnknown(["type", "mode", "tools"])
            let mode = try fields.choice("mode", ["auto", "required"]) ?? "auto"
            guard let allowed = try fields.array("tools") else { throw fields.missing("tools") }
            guard !allowed.isEmpty else {
                throw fields.invalid("tools", "'tool_choice.tools' must name at least one of the declared tools.")
            }
            var names: [String] = []
            for element in allowed {
                let tool = try JSONFields(element.value, at: element.path)
                let name = try tool.requiredString("name")
                guard declared.contains(name) else {
                    throw tool.invalid("name", "'\(name)' is not among the declared tools.")
                }
                names.append(name)
            }
            return .allowedTools(AllowedTools(mode: .init(rawValue: mode), functionNames: names))
        default:
            throw InvalidRequestError(
                message: "tool_choice type '\(type)' is not supported: hosted tools are not run by this server.",
                param: "tool_choice.type", code: "unsupported_value")
        }
    }

    static func text(_ body: JSONFields) throws(InvalidRequestError) -> (ResponseFormat?, String?) {
        guard let text = try body.fields("text") else { return (nil, nil) }
        try text.refuseUnknown(["format", "verbosity"])
        let verbosity = try text.choice("verbosity", ["low", "medium", "high"])
        guard let format = try text.fields("format") else { return (nil, verbosity) }
        guard let type = try format.choice("type", ["text", "json_object", "json_schema"]) else {
            throw format.missing("type")
        }
        switch type {
        case "text":
            try format.refuseUnknown(["type"])
            return (nil, verbosity)
        case "json_object":
            try format.refuseUnknown(["type"])
            return (.jsonObject, verbosity)
        default:
            try format.refuseUnknown(["type", "name", "schema", "strict", "description"])
            guard let schema = format.value("schema") else { throw format.missing("schema") }
            return (
                .jsonSchema(
                    JSONSchemaFormat(
                        name: try format.requiredString("name"), description: try format.string("description"),
                        schema: schema, strict: try format.bool("strict"))),
                verbosity
            )
        }
    }

    // MARK: - Writing

    /// `tool_choice` as the wire writes it.
    public var toolChoiceJSON: JSONValue {
        switch toolChoice {
        case nil, .auto?: return "auto"
        case .none?: return "none"
        case .required?: return "required"
        case .function(let name)?, .custom(let name)?: return ["type": "function", "name": .string(name)]
        case .allowedTools(let allowed)?:
            return [
                "type": "allowed_tools", "mode": .string(allowed.mode.rawValue),
                "tools": .array(allowed.toolNames.compactMap { $0 }.map { ["type": "function", "name": .string($0)] }),
            ]
        }
    }

    /// `text` as the wire writes it.
    public var textJSON: JSONValue {
        var format: JSONValue = ["type": "text"]
        switch self.format {
        case .jsonObject?: format = ["type": "json_object"]
        case .jsonSchema(let schema)?:
            var object: JSONObject = [
                "type": "json_schema", "name": .string(schema.name), "schema": schema.schema ?? [:],
                "strict": schema.strict.map(JSONValue.bool) ?? .null,
            ]
            if let description = schema.description { object["description"] = .string(description) }
            format = .object(object)
        default: break
        }
        var text: JSONObject = ["format": format]
        if let verbosity { text["verbosity"] = .string(verbosity) }
        return .object(text)
    }

    /// The tools as the wire writes them.
    public var toolsJSON: JSONValue {
        .array(
            tools.map { tool in
                [
                    "type": "function", "name": .string(tool.name),
                    "description": tool.description.map(JSONValue.string) ?? .null,
                    "parameters": tool.parameters ?? .null, "strict": tool.strict.map(JSONValue.bool) ?? .null,
                ]
            })
    }

    /// The request's settings as a response echoes them.
    public var echo: JSONObject {
        [
            "model": .string(model), "background": .bool(background),
            "instructions": instructions.map(JSONValue.string) ?? .null,
            "max_output_tokens": maxOutputTokens.map(JSONValue.int) ?? .null,
            "max_tool_calls": maxToolCalls.map(JSONValue.int) ?? .null,
            "parallel_tool_calls": .bool(parallelToolCalls ?? true),
            "previous_response_id": previousResponseID.map(JSONValue.string) ?? .null,
            "prompt_cache_key": promptCacheKey.map(JSONValue.string) ?? .null,
            "reasoning": [
                "effort": reasoningEffort.map(JSONValue.string) ?? .null,
                "summary": reasoningSummary.map(JSONValue.string) ?? .null,
            ],
            "safety_identifier": safetyIdentifier.map(JSONValue.string) ?? .null,
            "service_tier": .string(serviceTier == "flex" || serviceTier == "priority" ? serviceTier! : "default"),
            "store": .bool(store), "temperature": .double(temperature ?? 1), "text": textJSON,
            "tool_choice": toolChoiceJSON, "tools": toolsJSON, "top_logprobs": .int(topLogprobs ?? 0),
            "top_p": .double(topP ?? 1), "truncation": .string(truncation),
            "user": user.map(JSONValue.string) ?? .null,
            "metadata": .object(
                JSONObject((metadata ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]
    }

    /// The request as the wire writes it: the members that differ from OpenAI's defaults, and the
    /// extra body.
    public var json: JSONValue {
        var object: JSONObject = ["model": .string(model), "input": .array(input.map(\.json))]
        func set(_ key: String, _ value: JSONValue?) { if let value { object[key] = value } }
        set("instructions", instructions.map(JSONValue.string))
        set("previous_response_id", previousResponseID.map(JSONValue.string))
        set("max_output_tokens", maxOutputTokens.map(JSONValue.int))
        set("temperature", temperature.map(JSONValue.double))
        set("top_p", topP.map(JSONValue.double))
        set("top_logprobs", topLogprobs.map(JSONValue.int))
        if !tools.isEmpty { object["tools"] = toolsJSON }
        if toolChoice != nil { object["tool_choice"] = toolChoiceJSON }
        set("parallel_tool_calls", parallelToolCalls.map(JSONValue.bool))
        set("max_tool_calls", maxToolCalls.map(JSONValue.int))
        if format != nil || verbosity != nil { object["text"] = textJSON }
        if reasoningEffort != nil || reasoningSummary != nil {
            var reasoning: JSONObject = [:]
            if let reasoningEffort { reasoning["effort"] = .string(reasoningEffort) }
            if let reasoningSummary { reasoning["summary"] = .string(reasoningSummary) }
            object["reasoning"] = .object(reasoning)
        }
        if truncation != "disabled" { object["truncation"] = .string(truncation) }
        if !include.isEmpty { object["include"] = .array(include.sorted().map(JSONValue.string)) }
        if metadata != nil { object["metadata"] = echo["metadata"] ?? .null }
        set("user", user.map(JSONValue.string))
        set("safety_identifier", safetyIdentifier.map(JSONValue.string))
        set("prompt_cache_key", promptCacheKey.map(JSONValue.string))
        set("service_tier", serviceTier.map(JSONValue.string))
        if !store { object["store"] = false }
        if stream { object["stream"] = true }
        if background { object["background"] = true }
        set("seed", seed.map(JSONValue.int))
        set("top_k", topK.map(JSONValue.int))
        set("min_p", minP.map(JSONValue.double))
        set("repetition_penalty", repetitionPenalty.map(JSONValue.double))
        for (key, value) in extraBody { object[key] = value }
        return .object(object)
    }
}
