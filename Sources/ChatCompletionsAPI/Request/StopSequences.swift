/// Where generation stops: one sequence or a list of them (at most four by the contract).
public enum StopSequences: Sendable, Hashable {
    /// A single stop sequence, sent as a string.
    case single(String)
    /// Several stop sequences, sent as an array.
    case multiple([String])

    /// The sequences, whichever form they were given in.
    public var values: [String] {
        switch self {
        case .single(let value): return [value]
        case .multiple(let values): return values
        }
    }
}

extension StopSequences: ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    /// A single stop sequence.
    public init(stringLiteral value: String) { self = .single(value) }
    /// Several stop sequences.
    public init(arrayLiteral elements: String...) { self = .multiple(elements) }
}

extension StopSequences: Codable {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.rawValue()
        switch raw {
        case .string(let value): self = .single(value)
        case .array: self = .multiple(try decoder.singleValueContainer().decode([String].self))
        default:
            let path = parameterPath(decoder.codingPath)
            throw DecodingError.issue(
                "Invalid type for '\(path)': expected a string or an array of strings, found \(raw.articleTypeName).",
                code: "invalid_type", at: decoder.codingPath)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .single(let value): try container.encode(value)
        case .multiple(let values): try container.encode(values)
        }
    }
}
