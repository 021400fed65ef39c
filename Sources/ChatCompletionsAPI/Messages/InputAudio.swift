/// Audio for the model to listen to, inline as base64.
public struct InputAudio: Sendable, Hashable {
    /// The audio bytes, base64-encoded.
    public var data: String
    /// The encoding of the audio.
    public var format: Format

    /// An audio part's payload.
    public init(data: String, format: Format) {
        self.data = data
        self.format = format
    }

    /// The encoding of input audio.
    public struct Format: OpenStringEnum {
        /// The wire spelling, e.g. `wav`.
        public var rawValue: String
        /// The format with this wire spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// WAVE.
        public static let wav: Format = "wav"
        /// MPEG layer 3.
        public static let mp3: Format = "mp3"
    }
}

extension InputAudio: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case data, format
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        data = try container.decode(String.self, forKey: .data)
        format = try container.decode(Format.self, forKey: .format)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(format, forKey: .format)
    }
}
