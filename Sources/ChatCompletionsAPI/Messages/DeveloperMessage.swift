/// Instructions from the developer, which the model follows whatever the user says.
public struct DeveloperMessage: Sendable, Hashable {
    /// The instructions: text, or text parts.
    public var content: MessageContent
    /// An optional name telling participants of the same role apart.
    public var name: String?

    /// A developer message.
    public init(content: MessageContent, name: String? = nil) {
        self.content = content
        self.name = name
    }
}

extension DeveloperMessage: Codable {
    public init(from decoder: any Decoder) throws {
        let fields = try InstructionFields(from: decoder, role: .developer)
        self.init(content: fields.content, name: fields.name)
    }

    public func encode(to encoder: any Encoder) throws {
        try InstructionFields(content: content, name: name).encode(to: encoder, role: .developer)
    }
}
