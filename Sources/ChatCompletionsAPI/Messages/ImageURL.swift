/// An image for the model to look at: a URL, or the image itself as a `data:` URL.
public struct ImageURL: Sendable, Hashable {
    /// An `https:` URL or a base64 `data:image/…;base64,…` URL.
    public var url: String
    /// How closely the model should look; the provider's default when `nil`.
    public var detail: Detail?

    /// An image part's payload.
    public init(url: String, detail: Detail? = nil) {
        self.url = url
        self.detail = detail
    }

    /// How much detail the model should take from an image.
    public struct Detail: OpenStringEnum {
        /// The wire spelling, e.g. `low`.
        public var rawValue: String
        /// The detail level with this wire spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Let the model choose.
        public static let auto: Detail = "auto"
        /// A small, cheap view of the image.
        public static let low: Detail = "low"
        /// The full-resolution view.
        public static let high: Detail = "high"
    }
}

extension ImageURL: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case url, detail
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.decode(String.self, forKey: .url)
        detail = try container.decodeIfPresent(Detail.self, forKey: .detail)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(url, forKey: .url)
        try container.encodeIfPresent(detail, forKey: .detail)
    }
}
