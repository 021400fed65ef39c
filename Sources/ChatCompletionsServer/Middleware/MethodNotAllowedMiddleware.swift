import ChatCompletionsAPI
import HTTPTypes
import Hummingbird

/// Turns the router's 404 for a known path asked with an undeclared method into 405 with an
/// `Allow` header listing the methods the path serves. The paths and their methods are the
/// router's own routes, so the two cannot disagree.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each served path as segments (`nil` for a `{parameter}` segment), with its methods.
    let routes: [(segments: [Substring?], methods: [String])]

    /// For the routes `(path, method)`, paths written as the router writes them (`/v1/models/{id}`).
    init(routes served: [(path: String, method: HTTPRequest.Method)]) {
        var methods: [String: [String]] = [:]
        var order: [String] = []
        for (path, method) in served {
            if methods[path] == nil { order.append(path) }
            methods[path, default: []].append(method.rawValue)
        }
        routes = order.map { path in
            let segments = path.split(separator: "/").map { $0.hasPrefix("{") && $0.hasSuffix("}") ? nil : $0 }
            return (segments, methods[path] ?? [])
        }
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            guard let allowed = allowedMethods(request.uri.path), !allowed.isEmpty else { throw error }
            var refusal = OpenAIError(status: .methodNotAllowed, detail: nil, request: request)
            refusal.headers[.allow] = allowed.joined(separator: ", ")
            throw refusal
        }
    }

    /// The methods documented for `path`, or nil when no documented path matches it.
    func allowedMethods(_ path: String) -> [String]? {
        let parts = path.split(separator: "/")
        for route in routes where route.segments.count == parts.count {
            if zip(route.segments, parts).allSatisfy({ $0 == nil || $0 == $1 }) { return route.methods }
        }
        return nil
    }
}
