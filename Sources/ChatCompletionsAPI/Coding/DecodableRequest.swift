/// A request body of the contract, decoded strictly: unknown and deprecated members, a missing
/// required member and a member of the wrong type are each an ``InvalidRequestError`` naming the
/// member's path. Decoding does not run the request's `validate(limits:)`.
public protocol DecodableRequest: Decodable {}

extension DecodableRequest {
    /// Parses JSON text and decodes the request from it strictly.
    public init(jsonBytes bytes: some Collection<UInt8>) throws(InvalidRequestError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw InvalidRequestError(error)
        }
        try self.init(json: value)
    }

    /// Strictly decodes the request from parsed JSON, as `init(jsonBytes:)` does after parsing.
    public init(json value: JSONValue) throws(InvalidRequestError) {
        guard case .object = value else {
            throw InvalidRequestError(
                message: "The request body must be a JSON object, found \(value.articleTypeName).", param: nil,
                code: "invalid_type")
        }
        do {
            self = try JSONValueDecoder().decode(Self.self, from: value)
        } catch let error as DecodingError {
            throw InvalidRequestError(error)
        } catch {
            throw InvalidRequestError(message: "Invalid request: \(error).")
        }
    }
}
