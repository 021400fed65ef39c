public import ChatCompletionsAPI

/// Why a call of ``ChatClient`` failed.
///
/// Every failure of the client is one of these, except cancellation, which is a
/// `CancellationError`. ``code`` says what kind of failure it is; the other members carry what is
/// known about it: the HTTP status, the provider's error (``apiError``: OpenAI's `message`, `type`,
/// `param` and `code`), the provider's request id, how long the provider asked to wait, and the
/// lower-level error that caused it.
public struct ChatClientError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure an error is. Compare with the static members:
    /// `error.code == .rateLimited`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidRequest
            case badRequest
            case authentication
            case permissionDenied
            case notFound
            case conflict
            case requestTooLarge
            case unprocessableEntity
            case rateLimited
            case serverError
            case unexpectedStatus
            case connection
            case timeout
            case invalidResponse
            case streamError
            case streamEndedEarly
            case lengthLimit
            case refusal
            case contentFilter
            case invalidStructuredOutput
            case toolStepLimit
            case toolFailed
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The code's name, e.g. `rateLimited`.
        public var description: String { base.rawValue }

        /// The request broke a rule of the contract and was not sent (client-side validation).
        public static let invalidRequest = Code(.invalidRequest)
        /// HTTP 400: the provider rejected the request.
        public static let badRequest = Code(.badRequest)
        /// HTTP 401: the API key is missing or wrong.
        public static let authentication = Code(.authentication)
        /// HTTP 403: the key may not do this.
        public static let permissionDenied = Code(.permissionDenied)
        /// HTTP 404: no such route or model.
        public static let notFound = Code(.notFound)
        /// HTTP 409: the request conflicts with the provider's state.
        public static let conflict = Code(.conflict)
        /// HTTP 413: the request body is larger than the provider accepts.
        public static let requestTooLarge = Code(.requestTooLarge)
        /// HTTP 422: the request was understood but cannot be processed.
        public static let unprocessableEntity = Code(.unprocessableEntity)
        /// HTTP 429: too many requests, or the quota is spent.
        public static let rateLimited = Code(.rateLimited)
        /// HTTP 5xx: the provider failed or is unavailable.
        public static let serverError = Code(.serverError)
        /// Any other status that is not a success.
        public static let unexpectedStatus = Code(.unexpectedStatus)
        /// No connection could be made, or it broke before the answer was complete.
        public static let connection = Code(.connection)
        /// The provider took too long: to connect, to start answering, or between two pieces of a
        /// stream.
        public static let timeout = Code(.timeout)
        /// A success response whose body is not what the contract says.
        public static let invalidResponse = Code(.invalidResponse)
        /// The provider sent an error event in the middle of a stream.
        public static let streamError = Code(.streamError)
        /// A stream ended before `data: [DONE]` while the answer was still incomplete.
        public static let streamEndedEarly = Code(.streamEndedEarly)
        /// Structured output: the answer was cut off by the token limit (`finish_reason: length`).
        public static let lengthLimit = Code(.lengthLimit)
        /// Structured output: the model refused to answer.
        public static let refusal = Code(.refusal)
        /// Structured output: the answer was withheld by a content filter.
        public static let contentFilter = Code(.contentFilter)
        /// Structured output: the answer is not JSON, or does not decode into the requested type.
        public static let invalidStructuredOutput = Code(.invalidStructuredOutput)
        /// The tool runner reached its step limit while the model was still calling tools.
        public static let toolStepLimit = Code(.toolStepLimit)
        /// A tool's function threw; the error is the ``ChatClientError/underlying`` cause.
        public static let toolFailed = Code(.toolFailed)
    }

    /// What kind of failure this is.
    public var code: Code
    /// What went wrong, in words.
    public var message: String
    /// The HTTP status of the response, when there was one.
    public var status: Int?
    /// The provider's error, from the response body or a stream's error event.
    public var apiError: APIError?
    /// The provider's id of the request (the `x-request-id` header), to quote to its support.
    public var requestID: String?
    /// How long the provider asked to wait before trying again (`Retry-After`), if it said.
    public var retryAfter: Duration?
    /// The lower-level error behind this one: a connection error, a decoding error, the client-side
    /// `InvalidRequestError`, the error a tool threw.
    public var underlying: (any Error)?

    /// An error of this kind.
    public init(
        code: Code, message: String, status: Int? = nil, apiError: APIError? = nil, requestID: String? = nil,
        retryAfter: Duration? = nil, underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.apiError = apiError
        self.requestID = requestID
        self.retryAfter = retryAfter
        self.underlying = underlying
    }

    /// The provider's error category, e.g. `invalid_request_error` (OpenAI's `type`).
    public var type: String? { apiError.flatMap { $0.type.isEmpty ? nil : $0.type } }
    /// The request parameter the provider blamed (OpenAI's `param`), or the client-side validation's.
    public var param: String? { apiError?.param ?? (underlying as? InvalidRequestError)?.param }
    /// The provider's machine-readable code, e.g. `invalid_api_key` (OpenAI's `code`).
    public var errorCode: ErrorCode? { apiError?.code }

    /// Whether the provider could not be reached or the connection broke.
    public var isConnectionError: Bool { code == .connection }
    /// Whether the provider took too long.
    public var isTimeout: Bool { code == .timeout }

    /// One line: the status, the message, the parameter at fault and the request id.
    public var description: String {
        var text = message
        if let status { text = "HTTP \(status): " + text }
        if let param, !text.contains("'\(param)'") { text += " (param: \(param))" }
        if let requestID { text += " [request \(requestID)]" }
        return text
    }
}

extension ChatClientError.Code {
    /// The code for a response with this HTTP status that is not a success.
    public init(status: Int) {
        switch status {
        case 400: self = .badRequest
        case 401: self = .authentication
        case 403: self = .permissionDenied
        case 404: self = .notFound
        case 409: self = .conflict
        case 413: self = .requestTooLarge
        case 422: self = .unprocessableEntity
        case 429: self = .rateLimited
        case 500...599: self = .serverError
        default: self = .unexpectedStatus
        }
    }
}
