import ArgumentParser
import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation
import NIOHTTP1

/// Where requests go: the provider, the key, headers, timeouts, retries, validation.
struct ConnectionOptions: ParsableArguments {
    /// The providers with presets.
    enum Preset: String, ExpressibleByArgument, CaseIterable {
        case local, openai, oxyapi
    }

    @Option(name: .customLong("base-url"), help: "The API's base URL (default: $CHAT_BASE_URL, else the preset's).")
    var baseURL: String?

    @Option(help: "A provider preset, for its URL and limits: local, openai, oxyapi.")
    var preset: Preset?

    @Option(name: .customLong("api-key"), help: "The API key (default: $CHAT_API_KEY or $OPENAI_API_KEY).")
    var apiKey: String?

    @Option(
        name: .customLong("header"),
        help: ArgumentHelp("An extra request header (repeatable).", valueName: "name: value"))
    var headers: [String] = []

    @Option(
        help: ArgumentHelp(
            "Seconds to wait for the provider to start answering, and between streamed pieces.", valueName: "seconds"))
    var timeout: Double = 600

    @Option(name: .customLong("max-retries"), help: "How often a failed request is sent again.")
    var maxRetries: Int = 2

    @Flag(name: .customLong("no-validate"), help: "Send requests without checking them against the contract first.")
    var noValidate = false

    func validate() throws {
        if timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds.") }
        if maxRetries < 0 { throw ValidationError("--max-retries must not be negative.") }
        for header in headers where !header.contains(":") {
            throw ValidationError("--header '\(header)' is not of the form 'Name: value'.")
        }
    }

    /// The client configuration these options and the environment describe.
    func clientConfiguration(environment: [String: String]) throws -> ChatClient.Configuration {
        let key = apiKey ?? environment["CHAT_API_KEY"] ?? environment["OPENAI_API_KEY"]
        var configuration: ChatClient.Configuration
        switch preset {
        case .openai?: configuration = .openAI(apiKey: key)
        case .oxyapi?: configuration = .oxyAPI(apiKey: key)
        case .local?, nil: configuration = .local(port: 8080, apiKey: key)
        }
        if let url = baseURL ?? environment["CHAT_BASE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ValidationError("The base URL '\(url)' must start with http:// or https://.")
            }
            configuration.baseURL = url
        }
        for header in headers {
            let colon = header.firstIndex(of: ":")!
            let name = header[..<colon].trimmingCharacters(in: .whitespaces)
            let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            configuration.defaultHeaders.replaceOrAdd(name: name, value: value)
        }
        configuration.timeout = .milliseconds(timeout * 1000)
        configuration.retryPolicy.maxRetries = maxRetries
        if noValidate { configuration.validation = nil }
        return configuration
    }
}
