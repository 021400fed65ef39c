public import ChatCompletionsAPI
public import NIOHTTP1

extension ChatClient {
    /// Where a ``ChatClient`` sends its requests and how: the provider's base URL, the API key,
    /// headers for every request, timeouts, the retry policy, and the limits client-side
    /// validation checks against.
    ///
    /// Any OpenAI-compatible URL works; the presets (``openAI(apiKey:)``, ``oxyAPI(apiKey:)``,
    /// ``local(port:apiKey:)``) fill in a provider's URL and its documented limits.
    public struct Configuration: Sendable {
        /// The API's base URL, up to and including the version, e.g. `https://api.openai.com/v1`;
        /// requests go to `<baseURL>/chat/completions`.
        public var baseURL: String
        /// The key sent as `Authorization: Bearer <key>`; none when `nil`.
        public var apiKey: String?
        /// Headers sent with every request (an organization or project header, a custom user agent);
        /// they replace the client's own headers of the same name.
        public var defaultHeaders: HTTPHeaders
        /// The most time a request may take until the provider starts answering, and, on a client
        /// that ``ChatClient/withClient(_:logger:isolation:_:)`` made, the longest silence while
        /// an answer is read.
        public var timeout: Duration
        /// The most time establishing a connection may take (on a client that
        /// ``ChatClient/withClient(_:logger:isolation:_:)`` made).
        public var connectTimeout: Duration
        /// When and how to send failed requests again.
        public var retryPolicy: RetryPolicy
        /// The limits requests are checked against before they are sent; `nil` turns client-side
        /// validation off.
        public var validation: ValidationLimits?

        /// A configuration for any OpenAI-compatible provider.
        public init(
            baseURL: String, apiKey: String? = nil, defaultHeaders: HTTPHeaders = [:],
            timeout: Duration = .seconds(600), connectTimeout: Duration = .seconds(10),
            retryPolicy: RetryPolicy = .default, validation: ValidationLimits? = .openAI
        ) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.defaultHeaders = defaultHeaders
            self.timeout = timeout
            self.connectTimeout = connectTimeout
            self.retryPolicy = retryPolicy
            self.validation = validation
        }

        /// OpenAI (`https://api.openai.com/v1`), with its limits: `n` up to 128, `top_logprobs` up to 20.
        public static func openAI(apiKey: String?) -> Configuration {
            Configuration(baseURL: "https://api.openai.com/v1", apiKey: apiKey, validation: .openAI)
        }

        /// OxyAPI (`https://app.oxyapi.uk/v1`), with its limits: `n` at most 2, `top_logprobs` at most 5.
        public static func oxyAPI(apiKey: String?) -> Configuration {
            Configuration(baseURL: "https://app.oxyapi.uk/v1", apiKey: apiKey, validation: .oxyAPI)
        }

        /// A `chat-server` on this machine (`http://127.0.0.1:<port>/v1`).
        public static func local(port: Int = 8080, apiKey: String? = nil) -> Configuration {
            Configuration(baseURL: "http://127.0.0.1:\(port)/v1", apiKey: apiKey, validation: .openAI)
        }

        /// The URL of an endpoint below the base URL, e.g. `chat/completions`.
        func url(_ path: String) -> String {
            var base = Substring(baseURL)
            while base.hasSuffix("/") { base = base.dropLast() }
            return base + "/" + path
        }
    }
}
