import AnthropicMessagesAPI
public import ChatCompletionsAPI
public import ChatInference
import Foundation
public import HTTPTypes
public import Hummingbird
import Logging

/// An error that renders itself as OpenAI's envelope, `{"error":{"message","type","param","code"}}`,
/// with its HTTP status.
public struct OpenAIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var error: APIError
    /// Headers the response carries besides `Content-Type` (such as `Allow` on a 405).
    public var headers: HTTPFields = [:]

    public init(status: HTTPResponse.Status, message: String, type: String, param: String? = nil, code: String? = nil) {
        self.status = status
        self.error = APIError(message: message, type: type, param: param, code: code.map { .string($0) })
    }

    /// A 400 for an invalid request.
    public init(_ invalid: InvalidRequestError) {
        self.status = .badRequest
        self.error = invalid.apiError
    }

    /// The status, type and code an engine error maps to.
    public init(_ engine: EngineError) {
        let code = engine.reason.map(Self.code)
        switch engine.kind {
        case .invalidRequest:
            self.init(
                status: .badRequest, message: engine.message, type: "invalid_request_error",
                param: engine.subject?.chatPath,
                code: code)
        case .notFound:
            self.init(
                status: .notFound, message: engine.message + " GET /v1/models lists the models and adapters on offer.",
                type: "invalid_request_error", param: engine.subject?.chatPath, code: code)
        case .overloaded:
            self.init(status: .tooManyRequests, message: engine.message, type: "rate_limit_error", code: code)
        case .unavailable:
            self.init(
                status: .serviceUnavailable, message: engine.message, type: "server_error",
                param: engine.subject?.chatPath,
                code: code)
        case .internal:
            self = .internal
        }
    }

    /// OpenAI's error code for an engine's reason.
    static func code(_ reason: EngineError.Reason) -> String {
        switch reason {
        case .invalidValue: "invalid_value"
        case .contextLengthExceeded: "context_length_exceeded"
        case .unsupportedContent: "unsupported_content"
        case .invalidSchema: "invalid_schema"
        case .schemaTooComplex: "schema_too_complex"
        case .templateError: "template_error"
        case .modelNotFound: "model_not_found"
        case .adapterNotFound: "adapter_not_found"
        case .modelLoadFailed: "model_load_failed"
        case .busy: "rate_limit_exceeded"
        case .shuttingDown: "server_shutting_down"
        }
    }

    /// Whether a path is Anthropic's Messages API, whose errors have Anthropic's envelope
    /// (`{"type": "error", "error": {"type", "message"}}`, the type from the status).
    static func isMessagesRoute(_ path: String) -> Bool { path == "/v1/messages" || path.hasPrefix("/v1/messages/") }

    /// A 500 that says nothing about the cause (which goes to the log).
    public static let `internal` = OpenAIError(
        status: .internalServerError, message: "The server had an error while processing your request.",
        type: "server_error", code: "internal_error")

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [UInt8]
        if Self.isMessagesRoute(request.uri.path) {
            body = MessagesError(type: MessagesError.type(forStatus: Int(status.code)), message: error.message).json
                .serialized()
        } else {
            body =
                (try? ErrorResponse(error: error).jsonBytes())
                ?? Array(#"{"error":{"message":"error","type":"server_error","param":null,"code":null}}"#.utf8)
        }
        var headers = self.headers
        headers[.contentType] = "application/json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if status == .tooManyRequests { headers[.retryAfter] = "1" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Turns every error a handler or the router throws into OpenAI's shape: routing errors keep their
/// status, anything unexpected becomes a 500 that leaks nothing.
struct OpenAIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as OpenAIError {
            throw error
        } catch let error as EngineError {
            throw OpenAIError(error)
        } catch let error as InvalidRequestError {
            throw OpenAIError(error)
        } catch let error as JSONParseError {
            throw OpenAIError(InvalidRequestError(error))
        } catch let error as GenerationCancelled {
            throw OpenAIError(error)
        } catch let error as HTTPError {
            throw OpenAIError(status: error.status, detail: error.body, request: request)
        } catch let error as any HTTPResponseError {
            // Hummingbird's own errors, e.g. a body over the size limit (NIOTooManyBytesError).
            throw OpenAIError(status: error.status, detail: nil, request: request)
        } catch {
            context.logger.error("unexpected error for \(request.method) \(request.uri.path): \(error)")
            throw OpenAIError.internal
        }
    }
}

extension OpenAIError {
    init(status: HTTPResponse.Status, detail: String?, request: Request) {
        switch status {
        case .notFound:
            self.init(
                status: .notFound, message: "Unknown route: \(request.method) \(request.uri.path).",
                type: "invalid_request_error", code: "unknown_url")
        case .contentTooLarge:
            self.init(
                status: .contentTooLarge, message: "The request body is larger than this server accepts.",
                type: "invalid_request_error", code: "request_too_large")
        case .methodNotAllowed:
            self.init(
                status: .methodNotAllowed, message: "\(request.method) is not allowed on \(request.uri.path).",
                type: "invalid_request_error", code: "method_not_allowed")
        default:
            self.init(
                status: status, message: detail ?? status.reasonPhrase,
                type: status.code >= 500 ? "server_error" : "invalid_request_error")
        }
    }
}
