/// Token counts for a request.
public struct CompletionUsage: Sendable, Hashable {
    /// Tokens in the prompt.
    public var promptTokens: Int
    /// Tokens generated, across all choices.
    public var completionTokens: Int
    /// Prompt and generated tokens together.
    public var totalTokens: Int
    /// A breakdown of the prompt tokens.
    public var promptTokensDetails: PromptTokensDetails?
    /// A breakdown of the generated tokens.
    public var completionTokensDetails: CompletionTokensDetails?
    /// Members this type does not model.
    public var additionalFields: JSONObject

    /// Token counts; `totalTokens` defaults to the sum of the other two.
    public init(
        promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil,
        promptTokensDetails: PromptTokensDetails? = nil, completionTokensDetails: CompletionTokensDetails? = nil,
        additionalFields: JSONObject = [:]
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens &+ completionTokens
        self.promptTokensDetails = promptTokensDetails
        self.completionTokensDetails = completionTokensDetails
        self.additionalFields = additionalFields
    }

    /// What the prompt tokens were.
    public struct PromptTokensDetails: Sendable, Hashable {
        /// Prompt tokens served from the prompt cache.
        public var cachedTokens: Int?
        /// Audio tokens in the prompt.
        public var audioTokens: Int?
        /// Text tokens in the prompt.
        public var textTokens: Int?
        /// Image tokens in the prompt.
        public var imageTokens: Int?
        /// Prompt tokens written to the prompt cache.
        public var cacheWriteTokens: Int?
        /// Members this type does not model.
        public var additionalFields: JSONObject

        /// A breakdown of prompt tokens.
        public init(
            cachedTokens: Int? = nil, audioTokens: Int? = nil, textTokens: Int? = nil, imageTokens: Int? = nil,
            cacheWriteTokens: Int? = nil, additionalFields: JSONObject = [:]
        ) {
            self.cachedTokens = cachedTokens
            self.audioTokens = audioTokens
            self.textTokens = textTokens
            self.imageTokens = imageTokens
            self.cacheWriteTokens = cacheWriteTokens
            self.additionalFields = additionalFields
        }
    }

    /// What the generated tokens were.
    public struct CompletionTokensDetails: Sendable, Hashable {
        /// Tokens of a predicted output that appeared in the answer.
        public var acceptedPredictionTokens: Int?
        /// Audio tokens generated.
        public var audioTokens: Int?
        /// Tokens spent reasoning, not shown in the answer.
        public var reasoningTokens: Int?
        /// Tokens of a predicted output that did not appear in the answer (still billed).
        public var rejectedPredictionTokens: Int?
        /// Text tokens generated.
        public var textTokens: Int?
        /// Members this type does not model.
        public var additionalFields: JSONObject

        /// A breakdown of generated tokens.
        public init(
            acceptedPredictionTokens: Int? = nil, audioTokens: Int? = nil, reasoningTokens: Int? = nil,
            rejectedPredictionTokens: Int? = nil, textTokens: Int? = nil, additionalFields: JSONObject = [:]
        ) {
            self.acceptedPredictionTokens = acceptedPredictionTokens
            self.audioTokens = audioTokens
            self.reasoningTokens = reasoningTokens
            self.rejectedPredictionTokens = rejectedPredictionTokens
            self.textTokens = textTokens
            self.additionalFields = additionalFields
        }
    }
}

extension CompletionUsage: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case promptTokensDetails = "prompt_tokens_details"
        case completionTokensDetails = "completion_tokens_details"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        promptTokens = try container.decode(Int.self, forKey: .promptTokens, default: 0)
        completionTokens = try container.decode(Int.self, forKey: .completionTokens, default: 0)
        // A provider that leaves the total out gets the sum; hostile counts must not trap.
        totalTokens =
            try container.decodeIfPresent(Int.self, forKey: .totalTokens) ?? (promptTokens &+ completionTokens)
        promptTokensDetails = try container.decodeIfPresent(PromptTokensDetails.self, forKey: .promptTokensDetails)
        completionTokensDetails = try container.decodeIfPresent(
            CompletionTokensDetails.self, forKey: .completionTokensDetails)
        additionalFields = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(promptTokens, forKey: .promptTokens)
        try container.encode(completionTokens, forKey: .completionTokens)
        try container.encode(totalTokens, forKey: .totalTokens)
        try container.encodeIfPresent(promptTokensDetails, forKey: .promptTokensDetails)
        try container.encodeIfPresent(completionTokensDetails, forKey: .completionTokensDetails)
        try encoder.encodeAdditional(
            additionalFields,
            skipping: presentNames([
                ("prompt_tokens", true), ("completion_tokens", true), ("total_tokens", true),
                ("prompt_tokens_details", promptTokensDetails != nil),
                ("completion_tokens_details", completionTokensDetails != nil),
            ]))
    }
}

extension CompletionUsage.PromptTokensDetails: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case cachedTokens = "cached_tokens"
        case audioTokens = "audio_tokens"
        case textTokens = "text_tokens"
        case imageTokens = "image_tokens"
        case cacheWriteTokens = "cache_write_tokens"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cachedTokens = try container.decodeIfPresent(Int.self, forKey: .cachedTokens)
        audioTokens = try container.decodeIfPresent(Int.self, forKey: .audioTokens)
        textTokens = try container.decodeIfPresent(Int.self, forKey: .textTokens)
        imageTokens = try container.decodeIfPresent(Int.self, forKey: .imageTokens)
        cacheWriteTokens = try container.decodeIfPresent(Int.self, forKey: .cacheWriteTokens)
        additionalFields = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(cachedTokens, forKey: .cachedTokens)
        try container.encodeIfPresent(audioTokens, forKey: .audioTokens)
        try container.encodeIfPresent(textTokens, forKey: .textTokens)
        try container.encodeIfPresent(imageTokens, forKey: .imageTokens)
        try container.encodeIfPresent(cacheWriteTokens, forKey: .cacheWriteTokens)
        try encoder.encodeAdditional(
            additionalFields,
            skipping: presentNames([
                ("cached_tokens", cachedTokens != nil), ("audio_tokens", audioTokens != nil),
                ("text_tokens", textTokens != nil), ("image_tokens", imageTokens != nil),
                ("cache_write_tokens", cacheWriteTokens != nil),
            ]))
    }
}

extension CompletionUsage.CompletionTokensDetails: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case acceptedPredictionTokens = "accepted_prediction_tokens"
        case audioTokens = "audio_tokens"
        case reasoningTokens = "reasoning_tokens"
        case rejectedPredictionTokens = "rejected_prediction_tokens"
        case textTokens = "text_tokens"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        acceptedPredictionTokens = try container.decodeIfPresent(Int.self, forKey: .acceptedPredictionTokens)
        audioTokens = try container.decodeIfPresent(Int.self, forKey: .audioTokens)
        reasoningTokens = try container.decodeIfPresent(Int.self, forKey: .reasoningTokens)
        rejectedPredictionTokens = try container.decodeIfPresent(Int.self, forKey: .rejectedPredictionTokens)
        textTokens = try container.decodeIfPresent(Int.self, forKey: .textTokens)
        additionalFields = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(acceptedPredictionTokens, forKey: .acceptedPredictionTokens)
        try container.encodeIfPresent(audioTokens, forKey: .audioTokens)
        try container.encodeIfPresent(reasoningTokens, forKey: .reasoningTokens)
        try container.encodeIfPresent(rejectedPredictionTokens, forKey: .rejectedPredictionTokens)
        try container.encodeIfPresent(textTokens, forKey: .textTokens)
        try encoder.encodeAdditional(
            additionalFields,
            skipping: presentNames([
                ("accepted_prediction_tokens", acceptedPredictionTokens != nil), ("audio_tokens", audioTokens != nil),
                ("reasoning_tokens", reasoningTokens != nil),
                ("rejected_prediction_tokens", rejectedPredictionTokens != nil), ("text_tokens", textTokens != nil),
            ]))
    }
}
