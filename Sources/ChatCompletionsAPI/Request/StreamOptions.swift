/// Options for a streamed response; only meaningful with `stream: true`.
public struct StreamOptions: Sendable, Hashable {
    /// Send one more chunk before `data: [DONE]` carrying the whole request's usage, with empty
    /// `choices`.
    public var includeUsage: Bool?
    /// Pad chunks with random characters in an `obfuscation` member, against side-channel attacks.
    public var includeObfuscation: Bool?

    /// Stream options.
    public init(includeUsage: Bool? = nil, includeObfuscation: Bool? = nil) {
        self.includeUsage = includeUsage
        self.includeObfuscation = includeObfuscation
    }
}

extension StreamOptions: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case includeUsage = "include_usage"
        case includeObfuscation = "include_obfuscation"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        includeUsage = try container.decodeIfPresent(Bool.self, forKey: .includeUsage)
        includeObfuscation = try container.decodeIfPresent(Bool.self, forKey: .includeObfuscation)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(includeUsage, forKey: .includeUsage)
        try container.encodeIfPresent(includeObfuscation, forKey: .includeObfuscation)
    }
}
