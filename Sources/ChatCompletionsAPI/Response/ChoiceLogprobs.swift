/// Log probabilities of a choice's tokens.
public struct ChoiceLogprobs: Sendable, Hashable {
    /// One entry per content token.
    public var content: [TokenLogprob]?
    /// One entry per refusal token.
    public var refusal: [TokenLogprob]?
    /// Members this type does not model.
    public var additionalFields: JSONObject

    /// Log probabilities of a choice.
    public init(content: [TokenLogprob]? = nil, refusal: [TokenLogprob]? = nil, additionalFields: JSONObject = [:]) {
        self.content = content
        self.refusal = refusal
        self.additionalFields = additionalFields
    }
}

extension ChoiceLogprobs: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case content, refusal
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        content = try container.decodeIfPresent([TokenLogprob].self, forKey: .content)
        refusal = try container.decodeIfPresent([TokenLogprob].self, forKey: .refusal)
        additionalFields = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    /// Writes both lists always (`null` when unset), as the contract requires.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeOrNull(content, forKey: .content)
        try container.encodeOrNull(refusal, forKey: .refusal)
        try encoder.encodeAdditional(additionalFields, skipping: Set(CodingKeys.allCases.map(\.rawValue)))
    }
}
