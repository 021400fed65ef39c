import ChatCompletionsAPI
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request one id: the client's `x-request-id` when it sent a usable one (1…128
/// visible ASCII characters), otherwise a new `req_…` id. The id goes into the request's logger
/// metadata (as Hummingbird's `hb.request.id`, so `context.id` agrees), hence onto every log line
/// written for the request, and back to the client as `x-request-id` on every response, errors
/// included (and as `request-id` on Anthropic's routes).
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The header carrying the id both ways.
    static var header: HTTPField.Name { HTTPField.Name("x-request-id")! }
    /// The header Anthropic's API answers the id in.
    static var anthropicHeader: HTTPField.Name { HTTPField.Name("request-id")! }
    /// The logger metadata key holding the id.
    static var metadataKey: String { "hb.request.id" }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let id = request.headers[Self.header].flatMap(Self.usable) ?? RandomIdentifier.make(prefix: "req_")
        var context = context
        context.logger[metadataKey: Self.metadataKey] = .string(id)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[Self.header] = id
        // Anthropic's clients read the id from `request-id`.
        if OpenAIError.isMessagesRoute(request.uri.path) { response.headers[Self.anthropicHeader] = id }
        return response
    }

    /// The client's id, if it is short and printable enough to log and echo safely.
    static func usable(_ value: String) -> String? {
        let bytes = value.utf8
        guard (1...128).contains(bytes.count), bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        return value
    }
}
