import Foundation
import HTTPTypes
import Hummingbird

/// Refuses request bodies that say they are not JSON with 415 in OpenAI's shape. Accepted: no
/// `Content-Type`, `application/json` and `…+json` (any parameters), and
/// `application/x-www-form-urlencoded`, which is what `curl -d` sends when no type is given (the
/// body is still parsed as JSON, and malformed JSON is a 400).
struct JSONContentTypeMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        guard request.method == .post, let type = request.headers[.contentType] else {
            return try await next(request, context)
        }
        let mediaType =
            type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if mediaType == "application/json" || mediaType.hasSuffix("+json")
            || mediaType == "application/x-www-form-urlencoded"
        {
            return try await next(request, context)
        }
        throw OpenAIError(
            status: .unsupportedMediaType,
            message: "The request body must be JSON (Content-Type: application/json), not '\(type)'.",
            type: "invalid_request_error", param: nil, code: "unsupported_media_type")
    }
}
