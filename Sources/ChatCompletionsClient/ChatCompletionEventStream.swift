public import AsyncHTTPClient
public import ChatCompletionsAPI
import NIOCore
public import NIOHTTP1

/// The raw server-sent events of a streamed chat completion, read from the response body as the
/// bytes arrive and decoded with the shared `ServerSentEventDecoder`.
///
/// It can be iterated once. Failures of the connection are thrown as ``ChatClientError`` with code
/// `connection` or `timeout`; cancellation as `CancellationError`. Cancelling the task that
/// iterates, or dropping the stream or its iterator before the end, closes the connection.
public struct ChatCompletionEventStream: AsyncSequence, Sendable {
    /// Each element is one event.
    public typealias Element = ServerSentEvent

    let body: HTTPClientResponse.Body
    /// The HTTP status of the response (a success).
    public let status: Int
    /// The response headers.
    public let headers: HTTPHeaders
    /// The provider's id of the request (`x-request-id`), if it sent one.
    public let requestID: String?

    /// The events of a response's body, for a response obtained some other way than through
    /// ``ChatClient`` (its status is not checked).
    public init(response: HTTPClientResponse) {
        self.init(
            body: response.body, status: Int(response.status.code), headers: response.headers,
            requestID: ChatClient.requestID(response.headers))
    }

    init(body: HTTPClientResponse.Body, status: Int, headers: HTTPHeaders, requestID: String?) {
        self.body = body
        self.status = status
        self.headers = headers
        self.requestID = requestID
    }

    /// Produces the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: HTTPClientResponse.Body.AsyncIterator
        var decoder = ServerSentEventDecoder()
        var pending: [ServerSentEvent] = []
        var pendingIndex = 0
        var finished = false
        let status: Int
        let requestID: String?

        /// The next event, or `nil` when the body has ended.
        public mutating func next() async throws -> ServerSentEvent? {
            while true {
                if pendingIndex < pending.count {
                    defer { pendingIndex += 1 }
                    return pending[pendingIndex]
                }
                if finished { return nil }
                pending = []
                pendingIndex = 0
                let buffer: ByteBuffer?
                do {
                    buffer = try await base.next()
                } catch {
                    finished = true
                    if Task.isCancelled || error is CancellationError { throw CancellationError() }
                    var failure = ChatClient.transportError(error)
                    failure.message = "The stream broke off: \(ChatClient.describe(error))."
                    failure.status = status
                    failure.requestID = requestID
                    throw failure
                }
                if let buffer {
                    pending = decoder.feed(buffer.readableBytesView)
                } else {
                    finished = true
                    pending = decoder.finish()
                }
            }
        }
    }

    /// An iterator over the events; only one may be made.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: body.makeAsyncIterator(), status: status, requestID: requestID)
    }
}
