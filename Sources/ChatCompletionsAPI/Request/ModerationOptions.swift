/// Moderation to run on the request's input and the generated output.
public struct ModerationOptions: Sendable, Hashable {
    /// The moderation model to use.
    public var model: String
    /// What to do with input and output; the provider's default when `nil`.
    public var policy: Policy?

    /// Moderation options.
    public init(model: String, policy: Policy? = nil) {
        self.model = model
        self.policy = policy
    }

    /// How input and output are moderated.
    public struct Policy: Sendable, Hashable {
        /// How the input is moderated.
        public var input: Mode?
        /// How the output is moderated.
        public var output: Mode?

        /// A moderation policy.
        public init(input: Mode? = nil, output: Mode? = nil) {
            self.input = input
            self.output = output
        }
    }

    /// Whether moderation only scores content or blocks it (sent as `{"mode": …}`).
    public struct Mode: OpenStringEnum {
        /// The wire spelling, e.g. `score`.
        public var rawValue: String
        /// The mode with this wire spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Report scores only.
        public static let score: Mode = "score"
        /// Block flagged content.
        public static let block: Mode = "block"
    }
}

extension ModerationOptions: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case model, policy
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        policy = try container.decodeIfPresent(Policy.self, forKey: .policy)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encodeIfPresent(policy, forKey: .policy)
    }
}

extension ModerationOptions.Policy: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case input, output
    }

    private enum ModeKeys: String, CodingKey, CaseIterable {
        case mode
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        input = try Self.mode(in: container, forKey: .input)
        output = try Self.mode(in: container, forKey: .output)
    }

    private static func mode(
        in container: KeyedDecodingContainer<CodingKeys>, forKey key: CodingKeys
    ) throws -> ModerationOptions.Mode? {
        guard try container.rawValueIfPresent(forKey: key) != nil else { return nil }
        let config = try container.strictNestedContainer(keyedBy: ModeKeys.self, forKey: key)
        return try config.decode(ModerationOptions.Mode.self, forKey: .mode)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let input {
            var config = container.nestedContainer(keyedBy: ModeKeys.self, forKey: .input)
            try config.encode(input, forKey: .mode)
        }
        if let output {
            var config = container.nestedContainer(keyedBy: ModeKeys.self, forKey: .output)
            try config.encode(output, forKey: .mode)
        }
    }
}
