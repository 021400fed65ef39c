public import ChatCompletionsAPI

/// A request to Anthropic's Messages API (`POST /v1/messages`), read strictly from its JSON: every
/// member Anthropic documents for text conversations and client tools, and `seed` (an extension:
/// the same request and seed give the same answer). What this API does not serve here is refused
/// by name: image and document blocks (the server reads text only), server tools (web search, code
/// execution, ...), `container`, `mcp_servers` and `context_management`.
public struct MessagesRequest: Sendable, Hashable {
    public var model: String
    public var messages: [Message]
    /// The most tokens to generate (required, as Anthropic requires it).
    public var maxTokens: Int
    /// The system prompt: a string, or text blocks (joined).
    public var system: String?
    public var stopSequences: [String]
    public var stream: Bool
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var tools: [ToolDefinition]
    public var toolChoice: ToolChoice?
    public var thinking: Thinking?
    /// `metadata.user_id`.
    public var userID: String?
    /// `service_tier`: `auto` or `standard_only` (both served alike).
    public var serviceTier: String?
    /// Extension: a seed for reproducible sampling.
    public var seed: Int?

    /// A turn of the conversation.
    public struct Message: Sendable, Hashable {
        public var role: Role
        public var content: [ContentBlock]

        public init(role: Role, content: [ContentBlock]) {
            self.role = role
            self.content = content
        }
    }

    public enum Role: String, Sendable, Hashable {
        case user, assistant
    }

    /// A client tool the model may call.
    public struct ToolDefinition: Sendable, Hashable {
        public var name: String
        public var description: String?
        /// A JSON Schema object for the tool's input.
        public var inputSchema: JSONValue

        public init(name: String, description: String? = nil, inputSchema: JSONValue) {
            self.name = name
            self.description = description
            self.inputSchema = inputSchema
        }
    }

    /// How the model may use the tools.
    public struct ToolChoice: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// The model decides.
            case auto
            /// The model must call some tool.
            case any
            /// The model must call this tool.
            case tool(String)
            /// The model must not call a tool.
            case none
        }

        public var kind: Kind
        /// At most one call per answer.
        public var disableParallelToolUse: Bool

        public init(kind: Kind, disableParallelToolUse: Bool = false) {
            self.kind = kind
            self.disableParallelToolUse = disableParallelToolUse
        }
    }

    /// Extended thinking.
    public enum Thinking: Sendable, Hashable {
        /// Think first, for at most this many tokens.
        case enabled(budgetTokens: Int)
        case disabled
    }

    /// The smallest thinking budget Anthropic accepts.
    public static let minimumThinkingBudget = 1024

    static let members: Set<String> = [
        "model", "messages", "max_tokens", "system", "stop_sequences", "stream", "temperature", "top_p", "top_k",
        "tools", "tool_choice", "thinking", "metadata", "service_tier", "seed",
    ]

    /// Members of Anthropic's API that need what this server does not run.
    static let unsupportedMembers: [String: String] = [
        "container": "this server does not provide code execution containers.",
        "mcp_servers":
            "this server does not provide remote MCP servers (run the MCP client beside your application instead).",
        "context_management": "this server does not provide server-side context management.",
    ]

    /// Reads a request body.
    public init(jsonBytes bytes: some Collection<UInt8>) throws(InvalidRequestError) {
        try self.init(JSONFields(requestBody: bytes))
    }

    /// Reads a request from its JSON value.
    public init(json value: JSONValue) throws(InvalidRequestError) {
        try self.init(JSONFields(value))
    }

    private init(_ body: JSONFields) throws(InvalidRequestError) {
        try body.refuseMembers(unsupported: Self.unsupportedMembers, known: Self.members)
        model = try body.requiredString("model")
        guard let maxTokens = try body.int("max_tokens", atLeast: 1) else { throw body.missing("max_tokens") }
        self.maxTokens = maxTokens
        guard let messageList = try body.array("messages") else { throw body.missing("messages") }
        messages = try messageList.map { element throws(InvalidRequestError) in
            try Self.message(element.value, at: element.path)
        }
        guard !messages.isEmpty else { throw body.invalid("messages", "'messages' must hold at least one message.") }
        system = try Self.system(body)
        stopSequences = []
        for element in try body.array("stop_sequences") ?? [] {
            guard case .string(let text) = element.value, !text.isEmpty else {
                throw InvalidRequestError(
                    message: "'\(element.path)' must be a non-empty string.", param: element.path, code: "invalid_type")
            }
            stopSequences.append(text)
        }
        stream = try body.bool("stream") ?? false
        temperature = try body.double("temperature", in: 0...1)
        topP = try body.double("top_p", in: 0...1)
        topK = try body.int("top_k", atLeast: 0)
        tools = try (body.array("tools") ?? []).map { element throws(InvalidRequestError) in
            try Self.tool(element.value, at: element.path)
        }
        var names = Set<String>()
        for (index, tool) in tools.enumerated() where !names.insert(tool.name).inserted {
            throw InvalidRequestError(
                message: "Tool names must be unique: '\(tool.name)' is declared twice.", param: "tools[\(index)].name",
                code: "invalid_value")
        }
        toolChoice = try body.fields("tool_choice").map { fields throws(InvalidRequestError) in
            try Self.toolChoice(fields)
        }
        if case .tool(let name)? = toolChoice?.kind, !names.contains(name) {
            throw InvalidRequestError(
                message: "tool_choice names the tool '\(name)', which 'tools' does not declare.",
                param: "tool_choice.name", code: "invalid_value")
        }
        if let kind = toolChoice?.kind, kind != .none, kind != .auto, tools.isEmpty {
            throw InvalidRequestError(
                message: "tool_choice requires a tool call, but no 'tools' are declared.", param: "tool_choice",
                code: "invalid_value")
        }
        thinking = try body.fields("thinking").map { fields throws(InvalidRequestError) in
            try Self.thinking(fields, maxTokens: maxTokens)
        }
        if let metadata = try body.fields("metadata") {
            try metadata.refuseUnknown(["user_id"])
            userID = try metadata.string("user_id")
        }
        serviceTier = try body.choice("service_tier", ["auto", "standard_only"])
        seed = try body.int("seed")
    }

    static func system(_ body: JSONFields) throws(InvalidRequestError) -> String? {
        guard let value = body.value("system") else { return nil }
        if case .string(let text) = value { return text }
        guard let blocks = try body.array("system") else { return nil }
        var texts: [String] = []
        for block in blocks {
            guard case .text(let text) = try ContentBlock(json: block.value, at: block.path) else {
                throw InvalidRequestError(
                    message: "'\(block.path)' must be a text block: the system prompt holds text only.",
                    param: block.path, code: "invalid_value")
            }
            texts.append(text)
        }
        return texts.joined(separator: "\n\n")
    }

    static func message(_ value: JSONValue, at path: String) throws(InvalidRequestError) -> Message {
        let fields = try JSONFields(value, at: path)
        try fields.refuseUnknown(["role", "content"])
        guard let roleName = try fields.choice("role", ["user", "assistant"]) else { throw fields.missing("role") }
        let role = Role(rawValue: roleName)!
        guard let content = fields.value("content") else { throw fields.missing("content") }
        if case .string(let text) = content { return Message(role: role, content: [.text(text)]) }
        guard let blocks = try fields.array("content") else {
            throw fields.typeError("content", "a string or an array", content)
        }
        // Anthropic refuses empty content; a user turn without blocks would leave nothing to answer.
        if role == .user && blocks.isEmpty {
            throw InvalidRequestError(
                message: "'\(fields.path("content"))' must hold at least one block, or be a string.",
                param: fields.path("content"), code: "invalid_value")
        }
        let parsed = try blocks.map { block throws(InvalidRequestError) in
            try ContentBlock(json: block.value, at: block.path)
        }
        for (block, element) in zip(parsed, blocks) {
            switch (role, block) {
            case (.user, .toolUse), (.user, .thinking), (.user, .redactedThinking):
                throw InvalidRequestError(
                    message: "'\(element.path)': a user message cannot hold a \(block.typeName) block.",
                    param: element.path, code: "invalid_value")
            case (.assistant, .toolResult):
                throw InvalidRequestError(
                    message: "'\(element.path)': tool_result blocks belong in a user message.", param: element.path,
                    code: "invalid_value")
            default: break
            }
        }
        return Message(role: role, content: parsed)
    }

    static func tool(_ value: JSONValue, at path: String) throws(InvalidRequestError) -> ToolDefinition {
        let fields = try JSONFields(value, at: path)
        if let type = try fields.string("type"), type != "custom" {
            throw InvalidRequestError(
                message: "The tool type '\(type)' is a server tool this server does not run; declare client tools "
                    + "(name, description, input_schema) and run them yourself.",
                param: fields.path("type"), code: "unsupported_value")
        }
        try fields.refuseUnknown(["type", "name", "description", "input_schema", "cache_control"])
        let name = try fields.requiredString("name")
        // Anthropic allows 128 characters; tools reach the engine as Chat Completions functions,
        // whose names are at most 64.
        guard !name.isEmpty, name.utf8.count <= 64,
            name.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "-")
            })
        else {
            throw fields.invalid("name", "'\(fields.path("name"))' must be 1 to 64 letters, digits, '_' or '-'.")
        }
        guard let schema = fields.value("input_schema") else { throw fields.missing("input_schema") }
        guard case .object(let object) = schema, object["type"] == "object" else {
            throw fields.invalid(
                "input_schema", "'\(fields.path("input_schema"))' must be a JSON Schema of type object.")
        }
        return ToolDefinition(name: name, description: try fields.string("description"), inputSchema: schema)
    }

    static func toolChoice(_ fields: JSONFields) throws(InvalidRequestError) -> ToolChoice {
        guard let type = try fields.choice("type", ["auto", "any", "tool", "none"]) else {
            throw fields.missing("type")
        }
        try fields.refuseUnknown(
            type == "tool" ? ["type", "name", "disable_parallel_tool_use"] : ["type", "disable_parallel_tool_use"])
        let kind: ToolChoice.Kind
        switch type {
        case "auto": kind = .auto
        case "any": kind = .any
        case "none": kind = .none
        default: kind = .tool(try fields.requiredString("name"))
        }
        return ToolChoice(kind: kind, disableParallelToolUse: try fields.bool("disable_parallel_tool_use") ?? false)
    }

    static func thinking(_ fields: JSONFields, maxTokens: Int) throws(InvalidRequestError) -> Thinking {
        guard let type = try fields.choice("type", ["enabled", "disabled"]) else { throw fields.missing("type") }
        if type == "disabled" {
            try fields.refuseUnknown(["type"])
            return .disabled
        }
        try fields.refuseUnknown(["type", "budget_tokens"])
        guard let budget = try fields.int("budget_tokens") else { throw fields.missing("budget_tokens") }
        guard budget >= minimumThinkingBudget else {
            throw fields.invalid(
                "budget_tokens", "'thinking.budget_tokens' must be at least \(minimumThinkingBudget), not \(budget).")
        }
        guard budget < maxTokens else {
            throw fields.invalid(
                "budget_tokens",
                "'thinking.budget_tokens' (\(budget)) must be less than 'max_tokens' (\(maxTokens)).")
        }
        return .enabled(budgetTokens: budget)
    }
}
