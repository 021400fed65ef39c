import Foundation
import HTTPTypes
import Hummingbird

/// Counts every answered request in ``ServerMetrics`` by route (the matched path pattern, such as
/// `/v1/models/{id}`, or `unmatched`), method and status, and times it to the end of its body.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let start = DispatchTime.now().uptimeNanoseconds
        let method = request.method.rawValue
        do {
            var response = try await next(request, context)
            let status = response.status.code
            let route = Self.route(context)
            let body = response.body
            // Recorded once the body has been written (or has failed to be), as streams take long.
            response.body = ResponseBody(contentLength: body.contentLength) { [metrics] writer in
                defer {
                    metrics.recordHTTP(
                        route: route, method: method, status: status,
                        nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - start))
                }
                try await body.write(writer)
            }
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.recordHTTP(
                route: Self.route(context), method: method, status: status,
                nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - start))
            throw error
        }
    }

    /// The route pattern the router matched; paths it did not match share one label, so probing
    /// clients cannot grow the number of series.
    static func route(_ context: Context) -> String {
        guard let path = context.endpointPath, path != "NotFound" else { return "unmatched" }
        return path
    }
}
