import AsyncHTTPClient
import ChatCompletionsAPI
import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension ChatClient {
    /// The client's own `User-Agent`.
    static let userAgent = "swift-chat-completions/1"

    /// The most bytes of an error body that are read.
    static let maxErrorBodySize = 1 << 20

    /// Sends a request, retrying as the policy allows, and returns the first success response with
    /// its body unread. Any other outcome is thrown as a ``ChatClientError`` (or `CancellationError`).
    func send(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, accept: String = "application/json"
    ) async throws -> HTTPClientResponse {
        let policy = configuration.retryPolicy
        var generator = SystemRandomNumberGenerator()
        var retry = 0
        while true {
            try Task.checkCancellation()
            var failure: ChatClientError
            var retryable: Bool
            do {
                let response = try await httpClient.execute(
                    makeRequest(method, path, body: body, accept: accept, retry: retry),
                    deadline: .now() + TimeAmount(configuration.timeout), logger: logger)
                if (200..<300).contains(response.status.code) {
                    if retry > 0 { logger.info("\(method) \(path) succeeded after \(retry) retries") }
                    return response
                }
                failure = await Self.statusError(response)
                retryable = policy.isRetryable(status: Int(response.status.code))
                if let shouldRetry = response.headers.first(name: "x-should-retry") {
                    retryable = shouldRetry.lowercased() == "true"
                }
            } catch {
                if Task.isCancelled { throw CancellationError() }
                if let clientError = error as? ChatClientError { throw clientError }
                failure = Self.transportError(error)
                if failure.code == .connection {
                    failure.message = "Could not reach \(configuration.baseURL): \(Self.describe(error))."
                }
                retryable = Self.isRetryableTransportError(error)
            }
            guard retryable, retry < policy.maxRetries else { throw failure }
            let delay: Duration
            if let asked = failure.retryAfter {
                guard asked <= policy.maxRetryAfter else {
                    logger.info("not retrying: the provider asks to wait \(asked), more than \(policy.maxRetryAfter)")
                    throw failure
                }
                delay = asked
            } else {
                delay = policy.delay(beforeRetry: retry + 1, using: &generator)
            }
            retry += 1
            logger.info("\(method) \(path) failed (\(failure)); retry \(retry) of \(policy.maxRetries) in \(delay)")
            try await Task.sleep(for: delay)
        }
    }

    /// The HTTP request for one try.
    func makeRequest(
        _ method: HTTPMethod, _ path: String, body: [UInt8]?, accept: String, retry: Int
    ) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: configuration.url(path))
        request.method = method
        request.headers.add(name: "user-agent", value: Self.userAgent)
        request.headers.add(name: "accept", value: accept)
        if let apiKey = configuration.apiKey, !apiKey.isEmpty {
            request.headers.add(name: "authorization", value: "Bearer \(apiKey)")
        }
        if retry > 0 { request.headers.add(name: "x-retry-count", value: String(retry)) }
        for (name, value) in configuration.defaultHeaders {
            request.headers.replaceOrAdd(name: name, value: value)
        }
        if let body {
            request.headers.replaceOrAdd(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    /// The error for a response that is not a success, read from that response's own body.
    static func statusError(_ response: HTTPClientResponse) async -> ChatClientError {
        let bytes: [UInt8]
        do {
            var buffer = try await response.body.collect(upTo: maxErrorBodySize)
            bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            bytes = []
        }
        return statusError(status: Int(response.status.code), headers: response.headers, body: bytes)
    }

    /// The error for a status, its headers and its body.
    static func statusError(status: Int, headers: HTTPHeaders, body: [UInt8]) -> ChatClientError {
        let apiError = try? ErrorResponse(jsonBytes: body).error
        var message = apiError?.message ?? ""
        if message.isEmpty {
            let text = String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            message = text.isEmpty ? HTTPResponseStatus(statusCode: status).reasonPhrase : text
        }
        return ChatClientError(
            code: ChatClientError.Code(status: status), message: message, status: status, apiError: apiError,
            requestID: requestID(headers), retryAfter: RetryAfter.parse(headers))
    }

    /// The provider's request id header.
    static func requestID(_ headers: HTTPHeaders) -> String? {
        headers.first(name: "x-request-id") ?? headers.first(name: "request-id")
    }

    /// The error for a failure below HTTP: no connection, a broken one, or a timeout.
    static func transportError(_ error: any Error) -> ChatClientError {
        if isTimeout(error) {
            return ChatClientError(
                code: .timeout, message: "The provider did not answer in time (\(describe(error))).", underlying: error)
        }
        return ChatClientError(
            code: .connection, message: "The connection to the provider failed: \(describe(error)).", underlying: error)
    }

    /// A lower-level error in words: NIO's system errors say what failed, not which call failed.
    static func describe(_ error: any Error) -> String {
        if let io = error as? IOError {
            return String(cString: strerror(io.errnoCode)) + " (errno \(io.errnoCode))"
        }
        if let http = error as? HTTPClientError {
            return "\(http)".replacingOccurrences(of: "HTTPClientError.", with: "")
        }
        return "\(error)"
    }

    /// Whether a failure below HTTP is a timeout.
    static func isTimeout(_ error: any Error) -> Bool {
        if let http = error as? HTTPClientError {
            return [
                .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
                .getConnectionFromPoolTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout,
            ].contains(http)
        }
        if case ChannelError.connectTimeout = error { return true }
        return false
    }

    /// Whether a failure below HTTP may pass if the request is sent again (not a malformed URL).
    static func isRetryableTransportError(_ error: any Error) -> Bool {
        if let http = error as? HTTPClientError {
            return ![.invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown].contains(http)
        }
        return true
    }
}
