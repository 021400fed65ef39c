/// Instructions from the application, for models older than the `developer` role.
public struct SystemMessage: Sendable, Hashable {
    /// The instructions: text, or text parts.
    public var content: MessageContent
    /// An optional name telling participants of the same role apart.
    public var name: String?

    /// A system message.
    public init(content: MessageContent, name: String? = nil) {
        self.content = content
        self.name = name
    }
}

extension SystemMessage: Codable {
    public init(from decoder: any Decoder) throws {
        let fields = try InstructionFields(from: decoder, role: .system)
        self.init(content: fields.content, name: fields.name)
    }

    public func encode(to encoder: any Encoder) throws {
        try InstructionFields(content: content, name: name).encode(to: encoder, role: .system)
    }
}
