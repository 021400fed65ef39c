/// The result of a tool call, answering the assistant's call with the same id.
public struct ToolMessage: Sendable, Hashable {
    /// The tool's output: text, or text parts.
    public var content: MessageContent
    /// The id of the tool call this answers.
    public var toolCallID: String

    /// A tool result.
    public init(content: MessageContent, toolCallID: String) {
        self.content = content
        self.toolCallID = toolCallID
    }
}

extension ToolMessage: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case role, content
        case toolCallID = "tool_call_id"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try checkRole(in: container, key: .role, expected: .tool)
        content = try container.decode(MessageContent.self, forKey: .content)
        toolCallID = try container.decode(String.self, forKey: .toolCallID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Role.tool, forKey: .role)
        try container.encode(content, forKey: .content)
        try container.encode(toolCallID, forKey: .toolCallID)
    }
}
