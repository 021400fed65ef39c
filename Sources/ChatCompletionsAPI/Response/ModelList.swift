/// The answer to `GET /v1/models`: the models a server offers.
public struct ModelList: Sendable, Hashable {
    /// Always `list`.
    public var object: String
    /// The models.
    public var data: [ModelInfo]
    /// Members this type does not model (llama.cpp's `models`, …).
    public var additionalFields: JSONObject

    /// A model list.
    public init(object: String = "list", data: [ModelInfo], additionalFields: JSONObject = [:]) {
        self.object = object
        self.data = data
        self.additionalFields = additionalFields
    }
}

extension ModelList: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case object, data
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        object = try container.decode(String.self, forKey: .object, default: "list")
        data = try container.decode([ModelInfo].self, forKey: .data)
        additionalFields = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(object, forKey: .object)
        try container.encode(data, forKey: .data)
        try encoder.encodeAdditional(additionalFields, skipping: Set(CodingKeys.allCases.map(\.rawValue)))
    }
}
