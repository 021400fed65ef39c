public import AsyncHTTPClient
import ChatCompletionsAPI
public import Logging
import NIOCore
import NIOHTTP1

/// A client of the Chat Completions API of any OpenAI-compatible provider.
///
/// Make one for a scope with ``withClient(_:logger:isolation:_:)``, which owns an HTTP client and
/// always shuts it down, or around an `HTTPClient` you own with
/// ``init(configuration:httpClient:logger:)``. Then ask for a completion
/// (``createChatCompletion(_:)``), a stream of chunks (``streamChatCompletion(_:)``), a decoded
/// value (``createStructuredCompletion(_:as:schema:name:strict:)``) or a tool-using conversation
/// (`runTools(_:tools:maxSteps:)`).
///
/// Requests are checked against the contract before they are sent (see
/// ``Configuration/validation``), failed requests are retried by the ``RetryPolicy``, and every
/// failure is a ``ChatClientError``.
public struct ChatClient: Sendable {
    /// Where requests go and how.
    public let configuration: Configuration
    /// The HTTP client requests are sent with.
    public let httpClient: HTTPClient
    /// Where the client logs requests, retries and failures (at `debug` and `info`).
    public var logger: Logger

    /// A logger that drops everything: the default, since a library must not talk unasked.
    public static let disabledLogger = Logger(
        label: "ChatCompletionsClient", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A client sending its requests with `httpClient`, which the caller keeps alive and shuts down
    /// (the default, ``sharedHTTPClient``, needs neither).
    public init(
        configuration: Configuration, httpClient: HTTPClient = ChatClient.sharedHTTPClient,
        logger: Logger = disabledLogger
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
    }

    /// The HTTP client clients use unless given another: one for the whole process, never shut down
    /// (like `HTTPClient.shared`), which reports a failed connection at once instead of retrying it
    /// until the request's deadline, so that the ``RetryPolicy`` decides about retries.
    ///
    /// An `HTTPClient` given to ``init(configuration:httpClient:logger:)`` should do the same
    /// (`connectionPool.retryConnectionEstablishment = false`); otherwise an unreachable provider is
    /// only reported when the request's ``Configuration/timeout`` runs out.
    ///
    /// It keeps up to ``connectionsPerHost`` connections to one provider (AsyncHTTPClient's default
    /// is 8): answers stream for minutes, and a request that waits for a free connection fails
    /// after the connect timeout, so a ninth concurrent stream to one server used to fail after 10 s.
    public static let sharedHTTPClient: HTTPClient = {
        var settings = HTTPClient.Configuration()
        settings.connectionPool.retryConnectionEstablishment = false
        settings.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connectionsPerHost
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
    }()

    /// Connections kept to one provider at most by the HTTP clients this type makes.
    public static let connectionsPerHost = 128

    /// Runs `body` with a client that owns its own HTTP client, configured with the configuration's
    /// timeouts, and shuts that HTTP client down when `body` returns or throws.
    public static func withClient<Result>(
        _ configuration: Configuration, logger: Logger = disabledLogger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (ChatClient) async throws -> Result
    ) async throws -> Result {
        var settings = HTTPClient.Configuration()
        settings.timeout = HTTPClient.Configuration.Timeout(
            connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.timeout))
        settings.connectionPool.retryConnectionEstablishment = false
        settings.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connectionsPerHost
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: settings, backgroundActivityLogger: logger)
        let client = ChatClient(configuration: configuration, httpClient: httpClient, logger: logger)
        let result: Result
        do {
            result = try await body(client)
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
        return result
    }
}

extension TimeAmount {
    /// The same span of time as `duration`, to the nanosecond.
    init(_ duration: Duration) {
        let parts = duration.components
        let nanoseconds = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = .nanoseconds(
            nanoseconds.overflow ? Int64.max : nanoseconds.partialValue &+ parts.attoseconds / 1_000_000_000)
    }
}
