/// How the model should speak when the request asks for audio output (`modalities: ["audio"]`).
public struct AudioOutputOptions: Sendable, Hashable {
    /// The voice to speak with.
    public var voice: Voice
    /// The audio encoding to return.
    public var format: Format

    /// Audio output options.
    public init(voice: Voice, format: Format) {
        self.voice = voice
        self.format = format
    }

    /// A built-in voice by name, or a custom voice by id.
    public enum Voice: Sendable, Hashable {
        /// A built-in voice, e.g. `alloy`.
        case named(String)
        /// A custom voice, sent as `{"id": …}`.
        case custom(id: String)

        /// The built-in voice `alloy`.
        public static let alloy = Voice.named("alloy")
        /// The built-in voice `ash`.
        public static let ash = Voice.named("ash")
        /// The built-in voice `ballad`.
        public static let ballad = Voice.named("ballad")
        /// The built-in voice `coral`.
        public static let coral = Voice.named("coral")
        /// The built-in voice `echo`.
        public static let echo = Voice.named("echo")
        /// The built-in voice `sage`.
        public static let sage = Voice.named("sage")
        /// The built-in voice `shimmer`.
        public static let shimmer = Voice.named("shimmer")
        /// The built-in voice `verse`.
        public static let verse = Voice.named("verse")
        /// The built-in voice `marin`.
        public static let marin = Voice.named("marin")
        /// The built-in voice `cedar`.
        public static let cedar = Voice.named("cedar")
    }

    /// The encoding of output audio.
    public struct Format: OpenStringEnum {
        /// The wire spelling, e.g. `mp3`.
        public var rawValue: String
        /// The format with this wire spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// WAVE.
        public static let wav: Format = "wav"
        /// AAC.
        public static let aac: Format = "aac"
        /// MPEG layer 3.
        public static let mp3: Format = "mp3"
        /// FLAC.
        public static let flac: Format = "flac"
        /// Opus.
        public static let opus: Format = "opus"
        /// Raw 16-bit PCM.
        public static let pcm16: Format = "pcm16"
    }
}

extension AudioOutputOptions: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case voice, format
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        voice = try container.decode(Voice.self, forKey: .voice)
        format = try container.decode(Format.self, forKey: .format)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(voice, forKey: .voice)
        try container.encode(format, forKey: .format)
    }
}

extension AudioOutputOptions.Voice: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.rawValue()
        switch raw {
        case .string(let name):
            self = .named(name)
        case .object:
            try decoder.rejectUnknownMembers(known: ["id"])
            self = .custom(id: try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .id))
        default:
            let path = parameterPath(decoder.codingPath)
            throw DecodingError.issue(
                "Invalid type for '\(path)': expected a voice name or an object with an 'id', found "
                    + "\(raw.articleTypeName).",
                code: "invalid_type", at: decoder.codingPath)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .named(let name):
            var container = encoder.singleValueContainer()
            try container.encode(name)
        case .custom(let id):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
        }
    }
}
