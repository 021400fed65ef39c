/// How the provider should cache the prompt's prefix between requests.
public struct PromptCacheOptions: Sendable, Hashable {
    /// The least time a cached prefix should live.
    public var ttl: TTL?
    /// Whether caching happens on its own or only at marked breakpoints.
    public var mode: Mode?

    /// Prompt cache options.
    public init(ttl: TTL? = nil, mode: Mode? = nil) {
        self.ttl = ttl
        self.mode = mode
    }

    /// A minimum cache lifetime.
    public struct TTL: OpenStringEnum {
        /// The wire spelling, e.g. `30m`.
        public var rawValue: String
        /// The lifetime with this wire spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Thirty minutes.
        public static let thirtyMinutes: TTL = "30m"
    }

    /// How prompt caching is triggered.
    public struct Mode: OpenStringEnum {
        /// The wire spelling, e.g. `implicit`.
        public var rawValue: String
        /// The mode with this wire spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The provider caches prefixes on its own.
        public static let implicit: Mode = "implicit"
        /// Only prefixes ending at marked breakpoints are cached.
        public static let explicit: Mode = "explicit"
    }
}

extension PromptCacheOptions: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case ttl, mode
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ttl = try container.decodeIfPresent(TTL.self, forKey: .ttl)
        mode = try container.decodeIfPresent(Mode.self, forKey: .mode)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(ttl, forKey: .ttl)
        try container.encodeIfPresent(mode, forKey: .mode)
    }
}
