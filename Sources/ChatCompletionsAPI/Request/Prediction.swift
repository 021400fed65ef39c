/// Text the answer is expected to mostly repeat (a "predicted output"), which lets the provider
/// produce it faster, e.g. when regenerating a file with small edits.
public struct Prediction: Sendable, Hashable {
    /// The predicted text: a string, or text parts.
    public var content: MessageContent

    /// A predicted output.
    public init(content: MessageContent) { self.content = content }
}

extension Prediction: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case type, content
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        guard type == "content" else {
            let path = container.codingPath + [CodingKeys.type]
            throw DecodingError.issue(
                "Invalid value for '\(parameterPath(path))': expected 'content', found '\(type)'.",
                code: "invalid_value", at: path)
        }
        content = try container.decode(MessageContent.self, forKey: .content)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("content", forKey: .type)
        try container.encode(content, forKey: .content)
    }
}
