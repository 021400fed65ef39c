/// `POST /tokenize` (llama.cpp's server extension): text to the model's token ids.
public struct TokenizeRequest: Sendable, Hashable, DecodableRequest {
    public var content: String
    /// Add the model's beginning-of-text token (default false).
    public var addSpecial: Bool?
    /// Read special tokens written in the text as themselves (default true).
    public var parseSpecial: Bool?
    /// Answer each token with its text piece (default false).
    public var withPieces: Bool?
    /// The model whose tokenizer to use (default: the server's default model).
    public var model: String?

    public init(content: String, model: String? = nil) {
        self.content = content
        self.model = model
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case content
        case addSpecial = "add_special"
        case parseSpecial = "parse_special"
        case withPieces = "with_pieces"
        case model
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        content = try container.decode(String.self, forKey: .content)
        addSpecial = try container.decodeIfPresent(Bool.self, forKey: .addSpecial)
        parseSpecial = try container.decodeIfPresent(Bool.self, forKey: .parseSpecial)
        withPieces = try container.decodeIfPresent(Bool.self, forKey: .withPieces)
        model = try container.decodeIfPresent(String.self, forKey: .model)
    }
}

/// `POST /detokenize` (llama.cpp's server extension): token ids to text.
public struct DetokenizeRequest: Sendable, Hashable, DecodableRequest {
    public var tokens: [Int]
    /// The model whose tokenizer to use (default: the server's default model).
    public var model: String?

    public init(tokens: [Int], model: String? = nil) {
        self.tokens = tokens
        self.model = model
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case tokens, model
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tokens = try container.decode([Int].self, forKey: .tokens)
        model = try container.decodeIfPresent(String.self, forKey: .model)
    }
}
