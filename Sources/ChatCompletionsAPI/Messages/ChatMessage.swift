/// One message of the conversation in a request, by role.
public enum ChatMessage: Sendable, Hashable {
    /// Instructions from the application (older models).
    case system(SystemMessage)
    /// Instructions from the developer (newer models).
    case developer(DeveloperMessage)
    /// A message from the end user.
    case user(UserMessage)
    /// Something the model said or called earlier.
    case assistant(AssistantMessage)
    /// The result of a tool call.
    case tool(ToolMessage)

    /// The message's role.
    public var role: Role {
        switch self {
        case .system: return .system
        case .developer: return .developer
        case .user: return .user
        case .assistant: return .assistant
        case .tool: return .tool
        }
    }

    /// The message's content, if it has any (an assistant message that only calls tools has none).
    public var content: MessageContent? {
        switch self {
        case .system(let message): return message.content
        case .developer(let message): return message.content
        case .user(let message): return message.content
        case .assistant(let message): return message.content
        case .tool(let message): return message.content
        }
    }

    /// The participant name, for the roles that have one.
    public var name: String? {
        switch self {
        case .system(let message): return message.name
        case .developer(let message): return message.name
        case .user(let message): return message.name
        case .assistant(let message): return message.name
        case .tool: return nil
        }
    }

    /// The roles a request message may have, in wire spelling.
    public static let knownRoles = ["system", "developer", "user", "assistant", "tool"]
}

extension ChatMessage {
    /// A system message with plain text.
    public static func system(_ text: String, name: String? = nil) -> ChatMessage {
        .system(SystemMessage(content: .text(text), name: name))
    }

    /// A developer message with plain text.
    public static func developer(_ text: String, name: String? = nil) -> ChatMessage {
        .developer(DeveloperMessage(content: .text(text), name: name))
    }

    /// A user message with plain text.
    public static func user(_ text: String, name: String? = nil) -> ChatMessage {
        .user(UserMessage(content: .text(text), name: name))
    }

    /// A user message with content parts.
    public static func user(_ parts: [ContentPart], name: String? = nil) -> ChatMessage {
        .user(UserMessage(content: .parts(parts), name: name))
    }

    /// An assistant message with plain text.
    public static func assistant(_ text: String, name: String? = nil) -> ChatMessage {
        .assistant(AssistantMessage(content: .text(text), name: name))
    }

    /// An assistant message that calls tools.
    public static func assistant(toolCalls: [ToolCall], content: String? = nil) -> ChatMessage {
        .assistant(AssistantMessage(content: content.map { .text($0) }, toolCalls: toolCalls))
    }

    /// A tool result answering the call `toolCallID`.
    public static func tool(_ text: String, toolCallID: String) -> ChatMessage {
        .tool(ToolMessage(content: .text(text), toolCallID: toolCallID))
    }
}

extension ChatMessage: Codable {
    private enum CodingKeys: String, CodingKey {
        case role
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let role = try container.decode(String.self, forKey: .role)
        switch role {
        case "system": self = .system(try SystemMessage(from: decoder))
        case "developer": self = .developer(try DeveloperMessage(from: decoder))
        case "user": self = .user(try UserMessage(from: decoder))
        case "assistant": self = .assistant(try AssistantMessage(from: decoder))
        case "tool": self = .tool(try ToolMessage(from: decoder))
        case "function":
            let path = decoder.codingPath + [CodingKeys.role]
            throw DecodingError.issue(
                "The 'function' role in '\(parameterPath(path))' is deprecated and not supported; use 'tool' "
                    + "messages with 'tool_call_id' instead.",
                code: "unsupported_value", at: path)
        default:
            let path = decoder.codingPath + [CodingKeys.role]
            throw DecodingError.issue(
                "Invalid value for '\(parameterPath(path))': '\(role)' is not a message role; expected one of "
                    + ChatMessage.knownRoles.joined(separator: ", ") + ".",
                code: "invalid_value", at: path)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .system(let message): try message.encode(to: encoder)
        case .developer(let message): try message.encode(to: encoder)
        case .user(let message): try message.encode(to: encoder)
        case .assistant(let message): try message.encode(to: encoder)
        case .tool(let message): try message.encode(to: encoder)
        }
    }
}
