/// Options for the web search some models run before answering.
public struct WebSearchOptions: Sendable, Hashable {
    /// Roughly where the user is, to localize results.
    public var userLocation: UserLocation?
    /// How much of the search results to put in the model's context.
    public var searchContextSize: ContextSize?

    /// Web search options.
    public init(userLocation: UserLocation? = nil, searchContextSize: ContextSize? = nil) {
        self.userLocation = userLocation
        self.searchContextSize = searchContextSize
    }

    /// An approximate user location (the wire object `{"type": "approximate", "approximate": {…}}`).
    public struct UserLocation: Sendable, Hashable {
        /// The two-letter ISO country code, e.g. `US`.
        public var country: String?
        /// A region or state, e.g. `California`.
        public var region: String?
        /// A city, e.g. `San Francisco`.
        public var city: String?
        /// An IANA time zone, e.g. `America/Los_Angeles`.
        public var timezone: String?

        /// An approximate location.
        public init(country: String? = nil, region: String? = nil, city: String? = nil, timezone: String? = nil) {
            self.country = country
            self.region = region
            self.city = city
            self.timezone = timezone
        }
    }

    /// How much search context the model gets.
    public struct ContextSize: OpenStringEnum {
        /// The wire spelling, e.g. `medium`.
        public var rawValue: String
        /// The size with this wire spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Little context: cheaper and faster.
        public static let low: ContextSize = "low"
        /// The default.
        public static let medium: ContextSize = "medium"
        /// The most context.
        public static let high: ContextSize = "high"
    }
}

extension WebSearchOptions: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case userLocation = "user_location"
        case searchContextSize = "search_context_size"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        userLocation = try container.decodeIfPresent(UserLocation.self, forKey: .userLocation)
        searchContextSize = try container.decodeIfPresent(ContextSize.self, forKey: .searchContextSize)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(userLocation, forKey: .userLocation)
        try container.encodeIfPresent(searchContextSize, forKey: .searchContextSize)
    }
}

extension WebSearchOptions.UserLocation: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case type, approximate
    }

    private enum LocationKeys: String, CodingKey, CaseIterable {
        case country, region, city, timezone
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        guard type == "approximate" else {
            let path = container.codingPath + [CodingKeys.type]
            throw DecodingError.issue(
                "Invalid value for '\(parameterPath(path))': expected 'approximate', found '\(type)'.",
                code: "invalid_value", at: path)
        }
        let location = try container.strictNestedContainer(keyedBy: LocationKeys.self, forKey: .approximate)
        country = try location.decodeIfPresent(String.self, forKey: .country)
        region = try location.decodeIfPresent(String.self, forKey: .region)
        city = try location.decodeIfPresent(String.self, forKey: .city)
        timezone = try location.decodeIfPresent(String.self, forKey: .timezone)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("approximate", forKey: .type)
        var location = container.nestedContainer(keyedBy: LocationKeys.self, forKey: .approximate)
        try location.encodeIfPresent(country, forKey: .country)
        try location.encodeIfPresent(region, forKey: .region)
        try location.encodeIfPresent(city, forKey: .city)
        try location.encodeIfPresent(timezone, forKey: .timezone)
    }
}
