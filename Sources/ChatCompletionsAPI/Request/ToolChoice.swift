/// Whether and which tool the model must call.
///
/// When assigning to an optional, spell out `ToolChoice.none`: a bare `.none` means `nil` there.
public enum ToolChoice: Sendable, Hashable {
    /// Never call a tool; answer with a message (the default without tools).
    case none
    /// Call tools or answer, as the model sees fit (the default with tools).
    case auto
    /// Call at least one tool.
    case required
    /// Call the function tool with this name.
    case function(name: String)
    /// Call the custom tool with this name.
    case custom(name: String)
    /// Choose only among these tools.
    case allowedTools(AllowedTools)

    /// The name of the tool this choice forces, for `.function` and `.custom`.
    public var forcedToolName: String? {
        switch self {
        case .function(let name), .custom(let name): return name
        default: return nil
        }
    }
}

/// A subset of the request's tools that the model may use, and whether it must use one.
public struct AllowedTools: Sendable, Hashable {
    /// `auto` (may call one of them) or `required` (must call one of them).
    public var mode: Mode
    /// The allowed tools, each as the wire object naming it, like
    /// `{"type": "function", "function": {"name": "get_weather"}}`.
    public var tools: [JSONObject]

    /// An allowed-tools choice.
    public init(mode: Mode, tools: [JSONObject]) {
        self.mode = mode
        self.tools = tools
    }

    /// An allowed-tools choice over function tools named `names`.
    public init(mode: Mode, functionNames names: [String]) {
        self.init(mode: mode, tools: names.map { ["type": "function", "function": ["name": .string($0)]] })
    }

    /// The tool names the entries mention (`function.name` or `custom.name`), `nil` for an entry
    /// that names none.
    public var toolNames: [String?] {
        tools.map { entry in
            let type = entry["type"]?.stringValue ?? "function"
            return entry[type]?["name"]?.stringValue
        }
    }

    /// Whether the model may or must call one of the allowed tools.
    public struct Mode: OpenStringEnum {
        /// The wire spelling, e.g. `auto`.
        public var rawValue: String
        /// The mode with this wire spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The model may call one of the allowed tools or answer.
        public static let auto: Mode = "auto"
        /// The model must call one of the allowed tools.
        public static let required: Mode = "required"
    }
}

extension ToolChoice: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, function, custom
        case allowedTools = "allowed_tools"
    }

    private enum NameKeys: String, CodingKey, CaseIterable {
        case name
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.rawValue()
        switch raw {
        case .string(let mode):
            switch mode {
            case "none": self = .none
            case "auto": self = .auto
            case "required": self = .required
            default:
                let path = parameterPath(decoder.codingPath)
                throw DecodingError.issue(
                    "Invalid value for '\(path)': '\(mode)' is not a tool choice; expected 'none', 'auto', "
                        + "'required' or an object naming a tool.",
                    code: "invalid_value", at: decoder.codingPath)
            }
        case .object:
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let type = try container.decode(String.self, forKey: .type)
            switch type {
            case "function", "custom":
                let key: CodingKeys = type == "function" ? .function : .custom
                try decoder.rejectUnknownMembers(known: ["type", key.rawValue])
                let named = try container.strictNestedContainer(keyedBy: NameKeys.self, forKey: key)
                let name = try named.decode(String.self, forKey: .name)
                self = type == "function" ? .function(name: name) : .custom(name: name)
            case "allowed_tools":
                try decoder.rejectUnknownMembers(known: ["type", "allowed_tools"])
                self = .allowedTools(try container.decode(AllowedTools.self, forKey: .allowedTools))
            default:
                let path = decoder.codingPath + [CodingKeys.type]
                throw DecodingError.issue(
                    "Invalid value for '\(parameterPath(path))': '\(type)' is not a tool choice type; expected "
                        + "'function', 'custom' or 'allowed_tools'.",
                    code: "invalid_value", at: path)
            }
        default:
            let path = parameterPath(decoder.codingPath)
            throw DecodingError.issue(
                "Invalid type for '\(path)': expected a string or an object, found \(raw.articleTypeName).",
                code: "invalid_type", at: decoder.codingPath)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .none:
            var container = encoder.singleValueContainer()
            try container.encode("none")
        case .auto:
            var container = encoder.singleValueContainer()
            try container.encode("auto")
        case .required:
            var container = encoder.singleValueContainer()
            try container.encode("required")
        case .function(let name), .custom(let name):
            let key: CodingKeys
            if case .function = self { key = .function } else { key = .custom }
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key.rawValue, forKey: .type)
            var named = container.nestedContainer(keyedBy: NameKeys.self, forKey: key)
            try named.encode(name, forKey: .name)
        case .allowedTools(let allowed):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("allowed_tools", forKey: .type)
            try container.encode(allowed, forKey: .allowedTools)
        }
    }
}

extension AllowedTools: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case mode, tools
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mode = try container.decode(Mode.self, forKey: .mode)
        tools = try container.decode([JSONObject].self, forKey: .tools)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        try container.encode(tools, forKey: .tools)
    }
}
