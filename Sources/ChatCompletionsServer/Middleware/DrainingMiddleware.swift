import ChatCompletionsAPI
import Hummingbird

/// While the server shuts down (``ShutdownCoordinator/isDraining``): `GET /health` answers 503
/// `{"status":"shutting_down"}` so load balancers stop sending, and new completions (chat and
/// legacy) get a 503 in OpenAI's shape. Quick requests (models, tokens, metrics) are still served
/// until the listener closes.
struct DrainingMiddleware<Context: RequestContext>: RouterMiddleware {
    let shutdown: ShutdownCoordinator

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        guard shutdown.isDraining else { return try await next(request, context) }
        if request.method == .get && request.uri.path == "/health" {
            return ChatCompletionsRouter.jsonResponse(["status": "shutting_down"], status: .serviceUnavailable)
        }
        guard request.method == .post && request.uri.path.hasSuffix("completions") else {
            return try await next(request, context)
        }
        throw OpenAIError.shuttingDown
    }
}

extension OpenAIError {
    /// A 503 for work that arrives (or is still running) when the server shuts down.
    static let shuttingDown = OpenAIError(
        status: .serviceUnavailable, message: "The server is shutting down; retry on another replica or later.",
        type: "server_error", code: "server_shutting_down")
}
