import ChatCompletionsAPI

/// The OpenAPI 3.1 description of exactly what this server serves (`GET /openapi.json`): every
/// route, every status each can answer, reusable `components/schemas` for every body, so that
/// generic tools (schemathesis, client generators) can drive and fuzz it. Tests check real
/// responses against these schemas, and schemathesis runs against the live server in CI.
///
/// The text is `Documents/openapi.json`, compiled into the binary. It describes each route once; a
/// route the router also serves without its `/v1` prefix gets the same path item under that path
/// too (``document(servedPaths:)``), so the two descriptions cannot drift apart.
enum OpenAPIDocument {
    /// The document as written.
    static let written: JSONValue = {
        do {
            return try JSONValue(parsing: PackageResources.openapi_json)
        } catch {
            preconditionFailure("the embedded OpenAPI document does not parse: \(error)")
        }
    }()

    /// The document for a router serving `servedPaths` (`/chat/completions`, `/v1/models/{id}`): a
    /// served path the text does not describe but whose `/v1` twin it does is described as that
    /// twin, under operation ids of its own (`createChatCompletionUnversioned`).
    static func document(servedPaths: [String]) -> JSONValue {
        guard var object = written.objectValue, var items = object["paths"]?.objectValue else { return written }
        for path in servedPaths where items[path] == nil {
            guard var item = items["/v1" + path]?.objectValue else { continue }
            for (method, operation) in item {
                guard var fields = operation.objectValue, let id = fields["operationId"]?.stringValue else { continue }
                fields["operationId"] = .string(id + "Unversioned")
                item[method] = .object(fields)
            }
            items[path] = .object(item)
        }
        object["paths"] = .object(items)
        return .object(object)
    }
}
