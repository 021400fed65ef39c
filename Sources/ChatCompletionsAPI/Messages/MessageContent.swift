/// The content of a request message: plain text, or a list of parts.
public enum MessageContent: Sendable, Hashable {
    /// A plain string.
    case text(String)
    /// A list of content parts (text, images, audio, files, refusals; see ``ContentPart``).
    case parts([ContentPart])

    /// The text parts in order; for `.text`, the string itself.
    public var textParts: [String] {
        switch self {
        case .text(let text): return [text]
        case .parts(let parts): return parts.compactMap(\.text)
        }
    }

    /// All the text joined with `separator`; non-text parts are left out.
    public func joinedText(separator: String = "") -> String {
        textParts.joined(separator: separator)
    }
}

extension MessageContent: ExpressibleByStringLiteral {
    /// Plain text content.
    public init(stringLiteral value: String) { self = .text(value) }
}

extension MessageContent: Codable {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.rawValue()
        switch raw {
        case .string(let text):
            self = .text(text)
        case .array:
            var container = try decoder.unkeyedContainer()
            var parts: [ContentPart] = []
            while !container.isAtEnd { parts.append(try container.decode(ContentPart.self)) }
            self = .parts(parts)
        default:
            let path = parameterPath(decoder.codingPath)
            throw DecodingError.issue(
                "Invalid type for '\(path)': expected a string or an array of content parts, found "
                    + "\(raw.articleTypeName).",
                code: "invalid_type", at: decoder.codingPath)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .text(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .parts(let parts):
            var container = encoder.unkeyedContainer()
            for part in parts { try container.encode(part) }
        }
    }
}
