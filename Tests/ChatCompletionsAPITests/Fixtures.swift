import ChatCompletionsAPI
import Foundation

/// Access to the files under `Fixtures/`.
enum Fixtures {
    static let root: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    /// The bytes of `Fixtures/<path>`.
    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }

    /// The parsed JSON of `Fixtures/<path>`.
    static func json(_ path: String) throws -> JSONValue {
        try JSONValue(parsing: bytes(path))
    }

    /// The names of the files in `Fixtures/<directory>`, sorted; throws when it cannot be read.
    static func names(in directory: String) throws -> [String] {
        let url = root.appendingPathComponent(directory)
        return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// ``names(in:)`` for `@Test(arguments:)`, which cannot throw: none when the directory cannot
    /// be read. `FixtureRoundTripTests.fixturesPresent` reads every such directory with
    /// ``names(in:)`` and fails, with the error, when one is missing or holds too few files.
    static func arguments(in directory: String) -> [String] {
        (try? names(in: directory)) ?? []
    }
}

extension JSONValue {
    /// This value with every number as a double and every `null` object member removed, for
    /// comparing JSON that may differ in how a number was written (`1` or `1.0`) or in whether an
    /// unset member was written as `null`.
    var normalized: JSONValue {
        switch self {
        case .int(let value): return .double(Double(value))
        case .array(let elements): return .array(elements.map(\.normalized))
        case .object(let object):
            var result = JSONObject()
            for (key, value) in object where value != .null { result[key] = value.normalized }
            return .object(result)
        default: return self
        }
    }
}

/// Encodes through the order-keeping encoder, serializes, parses and decodes again.
func roundTrip<T: Codable>(_ value: T) throws -> T {
    let bytes = try JSONValueEncoder().encodeToJSON(value)
    return try JSONValueDecoder().decode(T.self, fromJSON: bytes)
}

/// The request error thrown by `body`, if any.
func requestError(_ body: () throws(InvalidRequestError) -> Void) -> InvalidRequestError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

/// The error decoding `json` as a request throws, if any.
func decodingError(_ json: String) -> InvalidRequestError? {
    requestError { () throws(InvalidRequestError) in _ = try ChatCompletionRequest(jsonBytes: Array(json.utf8)) }
}
