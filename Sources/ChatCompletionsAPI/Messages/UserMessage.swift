/// A message from the end user: text, or parts with text, images, audio and files.
public struct UserMessage: Sendable, Hashable {
    /// What the user said or showed.
    public var content: MessageContent
    /// An optional name telling participants of the same role apart.
    public var name: String?

    /// A user message.
    public init(content: MessageContent, name: String? = nil) {
        self.content = content
        self.name = name
    }
}

extension UserMessage: Codable {
    public init(from decoder: any Decoder) throws {
        let fields = try InstructionFields(from: decoder, role: .user)
        self.init(content: fields.content, name: fields.name)
    }

    public func encode(to encoder: any Encoder) throws {
        try InstructionFields(content: content, name: name).encode(to: encoder, role: .user)
    }
}

/// The shared wire shape of system, developer and user messages: `role`, `content`, `name`.
struct InstructionFields {
    var content: MessageContent
    var name: String?

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case role, content, name
    }

    init(content: MessageContent, name: String?) {
        self.content = content
        self.name = name
    }

    init(from decoder: any Decoder, role: Role) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try checkRole(in: container, key: .role, expected: role)
        content = try container.decode(MessageContent.self, forKey: .content)
        name = try container.decodeIfPresent(String.self, forKey: .name)
    }

    func encode(to encoder: any Encoder, role: Role) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encode(content, forKey: .content)
        try container.encodeIfPresent(name, forKey: .name)
    }
}

/// When a message type is decoded on its own, its `role` member, if present, must be its own role.
func checkRole<Key: CodingKey>(in container: KeyedDecodingContainer<Key>, key: Key, expected: Role) throws {
    guard let role = try container.decodeIfPresent(String.self, forKey: key) else { return }
    guard role == expected.rawValue else {
        let path = container.codingPath + [key]
        throw DecodingError.issue(
            "Invalid value for '\(parameterPath(path))': expected '\(expected.rawValue)', found '\(role)'.",
            code: "invalid_value", at: path)
    }
}
