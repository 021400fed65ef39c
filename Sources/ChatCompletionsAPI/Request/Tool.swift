/// A tool the model may call: a function with a JSON Schema for its arguments, or a custom tool
/// that takes free-form input.
///
/// Both kinds keep their name and description in `function`; a custom tool leaves
/// `function.parameters` and `function.strict` unset and may constrain its input with
/// `customFormat`. On the wire a function tool is `{"type": "function", "function": {…}}` and a
/// custom tool `{"type": "custom", "custom": {"name", "description", "format"}}`.
public struct Tool: Sendable, Hashable {
    /// The kind of tool.
    public var type: ToolType
    /// The function's (or custom tool's) name, description and, for functions, parameters.
    public var function: FunctionDefinition
    /// For a custom tool, the format its input must follow; unconstrained text when `nil`.
    public var customFormat: CustomToolFormat?

    /// A function tool.
    public init(function: FunctionDefinition) {
        self.type = .function
        self.function = function
        self.customFormat = nil
    }

    /// A tool of any kind.
    public init(type: ToolType, function: FunctionDefinition, customFormat: CustomToolFormat? = nil) {
        self.type = type
        self.function = function
        self.customFormat = customFormat
    }

    /// A function tool.
    public static func function(
        name: String, description: String? = nil, parameters: JSONValue? = nil, strict: Bool? = nil
    ) -> Tool {
        Tool(function: FunctionDefinition(name: name, description: description, parameters: parameters, strict: strict))
    }

    /// A custom tool.
    public static func custom(name: String, description: String? = nil, format: CustomToolFormat? = nil) -> Tool {
        Tool(type: .custom, function: FunctionDefinition(name: name, description: description), customFormat: format)
    }

    /// The tool's name.
    public var name: String { function.name }
}

/// A function the model may call.
public struct FunctionDefinition: Sendable, Hashable {
    /// The name the model calls it by: letters, digits, `_` and `-`, at most 64 characters.
    public var name: String
    /// What the function does, so the model knows when and how to call it.
    public var description: String?
    /// The arguments, as a JSON Schema for an object; no arguments when `nil`.
    public var parameters: JSONValue?
    /// Whether the arguments must follow the schema exactly (structured outputs).
    public var strict: Bool?

    /// A function definition.
    public init(name: String, description: String? = nil, parameters: JSONValue? = nil, strict: Bool? = nil) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.strict = strict
    }
}

/// The input format of a custom tool.
public enum CustomToolFormat: Sendable, Hashable {
    /// Unconstrained text.
    case text
    /// Text that must match a grammar.
    case grammar(definition: String, syntax: GrammarSyntax)

    /// The notation a custom tool's grammar is written in.
    public struct GrammarSyntax: OpenStringEnum {
        /// The wire spelling, e.g. `lark`.
        public var rawValue: String
        /// The syntax with this wire spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A Lark grammar.
        public static let lark: GrammarSyntax = "lark"
        /// A regular expression.
        public static let regex: GrammarSyntax = "regex"
    }
}

extension Tool: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, function, custom
    }

    private enum CustomKeys: String, CodingKey, CaseIterable {
        case name, description, format
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(ToolType.self, forKey: .type)
        switch type {
        case .function:
            try decoder.rejectUnknownMembers(known: ["type", "function"])
            function = try container.decode(FunctionDefinition.self, forKey: .function)
            customFormat = nil
        case .custom:
            try decoder.rejectUnknownMembers(known: ["type", "custom"])
            let custom = try container.strictNestedContainer(keyedBy: CustomKeys.self, forKey: .custom)
            function = FunctionDefinition(
                name: try custom.decode(String.self, forKey: .name),
                description: try custom.decodeIfPresent(String.self, forKey: .description))
            customFormat = try custom.decodeIfPresent(CustomToolFormat.self, forKey: .format)
        default:
            let path = decoder.codingPath + [CodingKeys.type]
            throw DecodingError.issue(
                "Invalid value for '\(parameterPath(path))': '\(type.rawValue)' is not a tool type; expected "
                    + "'function' or 'custom'.",
                code: "invalid_value", at: path)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        if type == .custom {
            var custom = container.nestedContainer(keyedBy: CustomKeys.self, forKey: .custom)
            try custom.encode(function.name, forKey: .name)
            try custom.encodeIfPresent(function.description, forKey: .description)
            try custom.encodeIfPresent(customFormat, forKey: .format)
        } else {
            try container.encode(function, forKey: .function)
        }
    }
}

extension FunctionDefinition: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, parameters, strict
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        parameters = try container.rawValueIfPresent(forKey: .parameters)
        strict = try container.decodeIfPresent(Bool.self, forKey: .strict)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(parameters, forKey: .parameters)
        try container.encodeIfPresent(strict, forKey: .strict)
    }
}

extension CustomToolFormat: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, grammar
    }

    private enum GrammarKeys: String, CodingKey, CaseIterable {
        case definition, syntax
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "text":
            try decoder.rejectUnknownMembers(known: ["type"])
            self = .text
        case "grammar":
            try decoder.rejectUnknownMembers(known: ["type", "grammar"])
            let grammar = try container.strictNestedContainer(keyedBy: GrammarKeys.self, forKey: .grammar)
            self = .grammar(
                definition: try grammar.decode(String.self, forKey: .definition),
                syntax: try grammar.decode(GrammarSyntax.self, forKey: .syntax))
        default:
            let path = decoder.codingPath + [CodingKeys.type]
            throw DecodingError.issue(
                "Invalid value for '\(parameterPath(path))': '\(type)' is not a custom tool format; expected "
                    + "'text' or 'grammar'.",
                code: "invalid_value", at: path)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text:
            try container.encode("text", forKey: .type)
        case .grammar(let definition, let syntax):
            try container.encode("grammar", forKey: .type)
            var grammar = container.nestedContainer(keyedBy: GrammarKeys.self, forKey: .grammar)
            try grammar.encode(definition, forKey: .definition)
            try grammar.encode(syntax, forKey: .syntax)
        }
    }
}
