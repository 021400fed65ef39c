/// One model a server offers.
public struct ModelInfo: Sendable, Hashable {
    /// The model's id, as a request's `model` names it.
    public var id: String
    /// Always `model`.
    public var object: String
    /// When the model was created, in seconds since 1970 (0 when a provider leaves it out).
    public var created: Int
    /// Who owns the model (empty when a provider leaves it out).
    public var ownedBy: String
    /// The date (`YYYY-MM-DD`) after which the model is no longer served, if one is set.
    public var shutdownDate: String?
    /// Members this type does not model (llama.cpp's `meta`, vLLM's `max_model_len`, …).
    public var additionalFields: JSONObject

    /// A model description.
    public init(
        id: String, object: String = "model", created: Int, ownedBy: String, shutdownDate: String? = nil,
        additionalFields: JSONObject = [:]
    ) {
        self.id = id
        self.object = object
        self.created = created
        self.ownedBy = ownedBy
        self.shutdownDate = shutdownDate
        self.additionalFields = additionalFields
    }
}

extension ModelInfo: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, object, created
        case ownedBy = "owned_by"
        case shutdownDate = "shutdown_date"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        object = try container.decode(String.self, forKey: .object, default: "model")
        created = try container.decode(Int.self, forKey: .created, default: 0)
        ownedBy = try container.decode(String.self, forKey: .ownedBy, default: "")
        shutdownDate = try container.decodeIfPresent(String.self, forKey: .shutdownDate)
        additionalFields = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(object, forKey: .object)
        try container.encode(created, forKey: .created)
        try container.encode(ownedBy, forKey: .ownedBy)
        try container.encodeIfPresent(shutdownDate, forKey: .shutdownDate)
        try encoder.encodeAdditional(
            additionalFields,
            skipping: presentNames([
                ("id", true), ("object", true), ("created", true), ("owned_by", true),
                ("shutdown_date", shutdownDate != nil),
            ]))
    }
}
