/// A token with its log probability and the most likely alternatives at its position.
public struct TokenLogprob: Sendable, Hashable {
    /// The token's text.
    public var token: String
    /// The natural logarithm of the token's probability.
    public var logprob: Double
    /// The token's UTF-8 bytes, which matter when a character spans several tokens; `nil` for
    /// tokens with no text of their own.
    public var bytes: [Int]?
    /// The most likely tokens at this position, most likely first.
    public var topLogprobs: [TopLogprob]
    /// Members this type does not model (llama.cpp's token `id`, …).
    public var additionalFields: JSONObject

    /// A token's log probability.
    public init(
        token: String, logprob: Double, bytes: [Int]? = nil, topLogprobs: [TopLogprob] = [],
        additionalFields: JSONObject = [:]
    ) {
        self.token = token
        self.logprob = logprob
        self.bytes = bytes
        self.topLogprobs = topLogprobs
        self.additionalFields = additionalFields
    }
}

/// One of the most likely tokens at a position.
public struct TopLogprob: Sendable, Hashable {
    /// The token's text.
    public var token: String
    /// The natural logarithm of the token's probability.
    public var logprob: Double
    /// The token's UTF-8 bytes.
    public var bytes: [Int]?
    /// Members this type does not model.
    public var additionalFields: JSONObject

    /// An alternative token.
    public init(token: String, logprob: Double, bytes: [Int]? = nil, additionalFields: JSONObject = [:]) {
        self.token = token
        self.logprob = logprob
        self.bytes = bytes
        self.additionalFields = additionalFields
    }
}

extension TokenLogprob: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case token, logprob, bytes
        case topLogprobs = "top_logprobs"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        token = try container.decode(String.self, forKey: .token)
        logprob = try container.decode(Double.self, forKey: .logprob)
        bytes = try container.decodeIfPresent([Int].self, forKey: .bytes)
        topLogprobs = try container.decode([TopLogprob].self, forKey: .topLogprobs, default: [])
        additionalFields = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(token, forKey: .token)
        try container.encode(logprob, forKey: .logprob)
        try container.encodeOrNull(bytes, forKey: .bytes)
        try container.encode(topLogprobs, forKey: .topLogprobs)
        try encoder.encodeAdditional(additionalFields, skipping: Set(CodingKeys.allCases.map(\.rawValue)))
    }
}

extension TopLogprob: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case token, logprob, bytes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        token = try container.decode(String.self, forKey: .token)
        logprob = try container.decode(Double.self, forKey: .logprob)
        bytes = try container.decodeIfPresent([Int].self, forKey: .bytes)
        additionalFields = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(token, forKey: .token)
        try container.encode(logprob, forKey: .logprob)
        try container.encodeOrNull(bytes, forKey: .bytes)
        try encoder.encodeAdditional(additionalFields, skipping: Set(CodingKeys.allCases.map(\.rawValue)))
    }
}
