import ChatCompletionsAPI

/// What the HTTP layer enforces: keys, sizes, and how it names itself.
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

    public init(
        apiKeys: [String] = [], maxBodySize: Int = 8 << 20, validationLimits: ValidationLimits = .chatServer,
        webUI: Bool = true
    ) {
        self.apiKeys = apiKeys
        self.maxBodySize = maxBodySize
        self.validationLimits = validationLimits
        self.webUI = webUI
    }
}
