/// The body of an error answer: `{"error": {"message", "type", "param", "code"}}`.
///
/// Decoding also accepts two shapes seen in the wild: `{"error": "text"}`, and the error members
/// at the top level without the `error` wrapper (as vLLM sends them).
public struct ErrorResponse: Sendable, Hashable {
    /// The error.
    public var error: APIError

    /// An error envelope.
    public init(error: APIError) { self.error = error }
}

extension ErrorResponse: Codable {
    private enum CodingKeys: String, CodingKey {
        case error, message
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let raw = try container.rawValueIfPresent(forKey: .error) {
            if case .string(let message) = raw {
                error = APIError(message: message, type: "")
            } else {
                error = try container.decode(APIError.self, forKey: .error)
            }
        } else if container.contains(.message) {
            error = try APIError(from: decoder)
        } else {
            throw DecodingError.keyNotFound(
                CodingKeys.error,
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "not an error envelope"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(error, forKey: .error)
    }
}
