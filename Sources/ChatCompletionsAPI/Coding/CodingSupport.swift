// Internal helpers shared by the hand-written Codable conformances: strict member checks for
// requests, collection of unknown members for responses, and parameter paths for messages.

/// A precise problem found while decoding a request, carried as the underlying error of a
/// `DecodingError.dataCorrupted`, so that ``InvalidRequestError`` can keep its wording and code.
struct DecodingIssue: Error {
    var message: String
    var code: String?
}

extension DecodingError {
    /// A `dataCorrupted` error at `path` with a complete, user-facing `message`.
    static func issue(_ message: String, code: String?, at path: [any CodingKey]) -> DecodingError {
        .dataCorrupted(
            Context(
                codingPath: path, debugDescription: message,
                underlyingError: DecodingIssue(message: message, code: code))
        )
    }
}

/// Formats a coding path as a parameter path: `messages[2].content`, `tools[0].function.name`,
/// `logit_bias["not a key"]`.
package func parameterPath(_ path: [any CodingKey]) -> String {
    var result = ""
    for key in path {
        if let index = arrayIndex(key) {
            result += "[\(index)]"
        } else {
            appendMember(key.stringValue, to: &result)
        }
    }
    return result
}

/// The array position `key` stands for, or `nil` for a member name. Dictionary keys that look like
/// integers (`"50256"` in `logit_bias`) carry an `intValue` too; they are told apart because an
/// array key is an ``AnyCodingKey`` made from an index, or (Foundation's) spells itself `Index 3`.
private func arrayIndex(_ key: any CodingKey) -> Int? {
    guard let index = key.intValue else { return nil }
    if key is AnyCodingKey { return index }
    return key.stringValue == String(index) ? nil : index
}

/// Appends `.name`, or `["name"]` when the name is not a plain identifier-like word.
func appendMember(_ name: String, to path: inout String) {
    let plain =
        !name.isEmpty
        && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default: return false
            }
        }
    if plain {
        path += path.isEmpty ? name : ".\(name)"
    } else {
        path += "[\(JSONValue.string(name).jsonString())]"
    }
}

/// `path` extended by one member name.
func memberPath(_ path: String, _ name: String) -> String {
    var result = path
    appendMember(name, to: &result)
    return result
}

/// `path` extended by one array index.
func indexPath(_ path: String, _ index: Int) -> String { "\(path)[\(index)]" }

extension Decoder {
    /// Throws for the first member whose name is not in `known`. Members named in `deprecated`
    /// get a message naming their replacement, unless they are `null` (which clients send for
    /// "not set"); members in `ignored` are accepted and dropped.
    func rejectUnknownMembers(
        known: Set<String>, deprecated: [String: String] = [:], ignored: Set<String> = []
    ) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !known.contains(key.stringValue) && !ignored.contains(key.stringValue) {
            let path = codingPath + [key]
            if let replacement = deprecated[key.stringValue] {
                if try container.decodeNil(forKey: key) { continue }
                throw DecodingError.issue(
                    "'\(parameterPath(path))' is deprecated and not supported; use '\(replacement)' instead.",
                    code: "unsupported_parameter", at: path)
            }
            throw DecodingError.issue(
                "Unrecognized parameter '\(parameterPath(path))'.", code: "unknown_parameter", at: path)
        }
    }

    /// The members whose names are not in `known`, in document order, for `additionalFields`.
    func unknownMembers(known: Set<String>) throws -> JSONObject {
        let container = try container(keyedBy: AnyCodingKey.self)
        var result = JSONObject()
        for key in container.allKeys where !known.contains(key.stringValue) {
            result[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        return result
    }

    /// The raw JSON of this value, whatever it is.
    func rawValue() throws -> JSONValue {
        try singleValueContainer().decode(JSONValue.self)
    }
}

extension KeyedDecodingContainer {
    /// The raw JSON of member `key`, or `nil` when it is absent.
    func rawValueIfPresent(forKey key: Key) throws -> JSONValue? {
        try decodeIfPresent(JSONValue.self, forKey: key).flatMap { $0 }
    }

    /// The nested object at `key`, after checking that it has no members outside `NestedKey`.
    func strictNestedContainer<NestedKey: CodingKey & CaseIterable & RawRepresentable>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> where NestedKey.RawValue == String {
        let nested = try nestedContainer(keyedBy: type, forKey: key)
        try superDecoder(forKey: key).rejectUnknownMembers(known: Set(NestedKey.allCases.map(\.rawValue)))
        return nested
    }

    /// Decodes member `key`, or returns `fallback` when the member is absent or `null`.
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key, default fallback: T) throws -> T {
        try decodeIfPresent(type, forKey: key) ?? fallback
    }

    /// Throws a type error for member `key` whose raw value is `found`.
    func typeError(forKey key: Key, expected: String, found: JSONValue) -> DecodingError {
        let path = codingPath + [key]
        return DecodingError.issue(
            "Invalid type for '\(parameterPath(path))': expected \(expected), found \(found.articleTypeName).",
            code: "invalid_type", at: path)
    }

    /// Decodes an optional member tolerantly: a value that does not decode as `T` is kept in
    /// `additional` under its own name instead of failing the whole response.
    func decodeTolerantly<T: Decodable>(
        _ type: T.Type, forKey key: Key, keepingIn additional: inout JSONObject
    )
        throws -> T?
    {
        guard let raw = try rawValueIfPresent(forKey: key), raw != .null else { return nil }
        do {
            return try decode(type, forKey: key)
        } catch {
            additional[key.stringValue] = raw
            return nil
        }
    }
}

extension Encoder {
    /// Writes the members of `object` whose names are not in `skipping`, after what was already
    /// encoded.
    func encodeAdditional(_ object: JSONObject, skipping known: Set<String> = []) throws {
        guard !object.isEmpty else { return }
        var container = container(keyedBy: AnyCodingKey.self)
        for (key, value) in object where !known.contains(key) {
            try container.encode(value, forKey: AnyCodingKey(key))
        }
    }
}

extension KeyedEncodingContainer {
    /// Writes `value`, or an explicit `null` when it is `nil`.
    mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

/// The names in `known` whose modelled values are present, so that `additionalFields` members with
/// the same names are not written twice; a kept raw value under a modelled name whose typed value
/// is `nil` (say, vLLM's own `prompt_logprobs` shape) still goes out.
func presentNames(_ pairs: [(String, Bool)]) -> Set<String> {
    Set(pairs.compactMap { $0.1 ? $0.0 : nil })
}
