public import ChatCompletionsAPI

/// What the HTTP layer enforces: keys, sizes, time limits, and how it names itself.
public struct ServerConfiguration: Sendable, Hashable {
    /// Accepted bearer keys; empty means no authentication.
    public var apiKeys: [String]
    /// Largest request body accepted, in bytes (413 above it).
    public var maxBodySize: Int
    /// The rules requests are checked against before any work (400 when broken); by default
    /// OpenAI's, with this server's bounds on schemas (``ValidationLimits/chatServer``).
    public var validationLimits: ValidationLimits
    /// Whether `GET /` (and `/index.html`) serves the built-in web chat page; when false those
    /// paths are 404 like any unknown one.
    public var webUI: Bool
    /// How long a client may take to send a request's headers, from its first byte; then the
    /// server answers 408 and closes the connection.
    public var headerTimeout: Duration
    /// How long a client may take to send a request's body, once the headers are in; then the
    /// request is answered 408 and the connection closed.
    public var bodyTimeout: Duration
    /// How long a kept-alive connection may stay without a request before it is closed.
    public var idleTimeout: Duration
    /// Most time a completion may take from its arrival (nil: no limit); when it runs out, the
    /// choices still generating end with finish reason `length`.
    public var maxRequestDuration: Duration?
    /// After a graceful shutdown begins (SIGTERM), how long running completions may take to
    /// finish before they are cancelled. New completions are refused with 503 meanwhile.
    public var shutdownGrace: Duration

    public init(
        apiKeys: [String] = [], maxBodySize: Int = 8 << 20, validationLimits: ValidationLimits = .chatServer,
        headerTimeout: Duration = .seconds(30), bodyTimeout: Duration = .seconds(60),
        idleTimeout: Duration = .seconds(120), maxRequestDuration: Duration? = nil,
        shutdownGrace: Duration = .seconds(30), webUI: Bool = true
    ) {
        self.apiKeys = apiKeys
        self.maxBodySize = maxBodySize
        self.validationLimits = validationLimits
        self.webUI = webUI
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxRequestDuration = maxRequestDuration
        self.shutdownGrace = shutdownGrace
    }
}
