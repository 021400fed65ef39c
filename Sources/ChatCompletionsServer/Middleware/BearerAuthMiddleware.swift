import HTTPTypes
import Hummingbird

/// Requires `Authorization: Bearer <key>` (or Anthropic's `x-api-key: <key>`) with one of the
/// configured keys on every route but
/// `/health` and `/metrics` (read by probes and scrapers) and the web chat page (`/`,
/// `/index.html`: static, and it asks for the key itself); a missing or wrong key is a 401 in
/// the route's API's shape.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: [[UInt8]]

    init(keys: [String]) { self.keys = keys.map { Array($0.utf8) } }

    static var apiKeyHeader: HTTPField.Name { HTTPField.Name("x-api-key")! }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        if keys.isEmpty || ["/health", "/metrics", "/", "/index.html"].contains(request.uri.path) {
            return try await next(request, context)
        }
        // Anthropic's clients send the key as `x-api-key`.
        if let key = request.headers[Self.apiKeyHeader], request.headers[.authorization] == nil {
            guard matches(Array(key.utf8)) else {
                throw OpenAIError(
                    status: .unauthorized, message: "Incorrect API key provided.", type: "invalid_request_error",
                    code: "invalid_api_key")
            }
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            throw OpenAIError(
                status: .unauthorized,
                message:
                    "You didn't provide an API key. Send it in the Authorization header as 'Bearer <key>' (or as x-api-key).",
                type: "invalid_request_error", code: "missing_api_key")
        }
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), matches(Array(header.utf8.dropFirst(prefix.utf8.count))) else {
            throw OpenAIError(
                status: .unauthorized, message: "Incorrect API key provided.", type: "invalid_request_error",
                code: "invalid_api_key")
        }
        return try await next(request, context)
    }

    /// Compares against every key in time independent of where the bytes differ.
    private func matches(_ candidate: [UInt8]) -> Bool {
        var found = false
        for key in keys {
            var difference = UInt8(key.count == candidate.count ? 0 : 1)
            for index in 0..<max(key.count, candidate.count) {
                let a = index < key.count ? key[index] : 0
                let b = index < candidate.count ? candidate[index] : 0
                difference |= a ^ b
            }
            found = found || difference == 0
        }
        return found
    }
}
