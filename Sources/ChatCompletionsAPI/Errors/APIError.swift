/// An error as an OpenAI-compatible server reports it.
public struct APIError: Sendable, Hashable {
    /// What went wrong, in words meant for people.
    public var message: String
    /// The error's category, e.g. `invalid_request_error`, `authentication_error`, `server_error`
    /// (empty when a provider leaves it out).
    public var type: String
    /// The request parameter at fault, as a path, if one is.
    public var param: String?
    /// A machine-readable code: a string at OpenAI, a number (the HTTP status) at some providers.
    public var code: ErrorCode?
    /// Members this type does not model.
    public var additionalFields: JSONObject

    /// An error.
    public init(
        message: String, type: String, param: String? = nil, code: ErrorCode? = nil,
        additionalFields: JSONObject = [:]
    ) {
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.additionalFields = additionalFields
    }
}

/// An error code, which providers send as a string or as a number; either kind round-trips.
public enum ErrorCode: Sendable, Hashable, CustomStringConvertible {
    /// A string code, e.g. `invalid_api_key`.
    case string(String)
    /// A numeric code, e.g. `400`.
    case int(Int)

    public var description: String {
        switch self {
        case .string(let value): return value
        case .int(let value): return String(value)
        }
    }
}

extension ErrorCode: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// A string code.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A numeric code.
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension ErrorCode: Codable {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.rawValue()
        switch raw {
        case .string(let value): self = .string(value)
        case .int(let value): self = .int(value)
        case .double(let value) where raw.intValue != nil: self = .int(Int(value))
        default:
            throw DecodingError.typeMismatch(
                ErrorCode.self,
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected a string or an integer, found \(raw.articleTypeName)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        }
    }
}

extension APIError: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case message, type, param, code
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var extra = try decoder.unknownMembers(known: Set(CodingKeys.allCases.map(\.rawValue)))
        message = try container.decode(String.self, forKey: .message, default: "")
        type = try container.decode(String.self, forKey: .type, default: "")
        param = try container.decodeTolerantly(String.self, forKey: .param, keepingIn: &extra)
        code = try container.decodeTolerantly(ErrorCode.self, forKey: .code, keepingIn: &extra)
        additionalFields = extra
    }

    /// Writes `param` and `code` always (`null` when unset), as the contract requires.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(message, forKey: .message)
        try container.encode(type, forKey: .type)
        try container.encodeOrNull(param, forKey: .param)
        try container.encodeOrNull(code, forKey: .code)
        try encoder.encodeAdditional(
            additionalFields,
            skipping: presentNames([("message", true), ("type", true), ("param", true), ("code", true)]))
    }
}
