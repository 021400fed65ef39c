import AsyncHTTPClient
import ChatCompletionsAPI
import NIOCore
import NIOHTTP1
public import ResponsesAPI

/// OpenAI's Responses API (`/responses`), against this server or any provider that speaks it.
extension ChatClient {
    /// Creates a response and waits for it (`stream` is turned off). A `background` request comes
    /// back queued; poll it with ``retrieveResponse(_:)``. Throws ``ChatClientError`` as
    /// ``createChatCompletion(_:)`` does.
    public func createResponse(_ request: ResponsesRequest) async throws -> ResponseObject {
        var request = request
        request.stream = false
        return try await responseObject(.POST, "responses", body: request.json.serialized())
    }

    /// Creates a response and streams its events as they come (`stream` is turned on). Returns once
    /// the provider accepted the request. Reading throws ``ChatClientError``: `streamError` for an
    /// `error` event, `invalidResponse` for an event that cannot be read, `connection` or `timeout`
    /// when the connection fails, `streamEndedEarly` when the body ends before the response's last
    /// event (`response.completed`, `.incomplete` or `.failed`). Cancelling the reading task closes
    /// the connection, which stops the generation.
    public func streamResponse(_ request: ResponsesRequest) async throws -> ResponseEventStream {
        var request = request
        request.stream = true
        let response = try await send(
            .POST, "responses", body: request.json.serialized(), accept: "text/event-stream")
        return ResponseEventStream(
            events: ChatCompletionEventStream(
                body: response.body, status: Int(response.status.code), headers: response.headers,
                requestID: Self.requestID(response.headers)))
    }

    /// A stored response (`GET /responses/{id}`), or one running in the background as it is now.
    public func retrieveResponse(_ id: String) async throws -> ResponseObject {
        try await responseObject(.GET, "responses/\(id.addingPercentEncodingForPath())")
    }

    /// Deletes a stored response.
    public func deleteResponse(_ id: String) async throws {
        _ = try await jsonBody(.DELETE, "responses/\(id.addingPercentEncodingForPath())")
    }

    /// Cancels a background response; returns it as it is then.
    public func cancelResponse(_ id: String) async throws -> ResponseObject {
        try await responseObject(.POST, "responses/\(id.addingPercentEncodingForPath())/cancel")
    }

    /// A page of a stored response's input items: newest first unless `ascending`, `limit` (1–100)
    /// at a time, after the item `after`. Returns the items and whether more follow.
    public func listResponseInputItems(
        _ id: String, after: String? = nil, limit: Int? = nil, ascending: Bool = false
    ) async throws -> (items: [ResponseItem], hasMore: Bool) {
        var query = ["order=\(ascending ? "asc" : "desc")"]
        if let after { query.append("after=\(after.addingPercentEncodingForPath())") }
        if let limit { query.append("limit=\(limit)") }
        let path = "responses/\(id.addingPercentEncodingForPath())/input_items?" + query.joined(separator: "&")
        let (value, status, requestID) = try await jsonBody(.GET, path)
        do {
            let items = try (value["data"]?.arrayValue ?? []).enumerated().map { index, item in
                try ResponseItem(json: item, at: "data[\(index)]")
            }
            return (items, value["has_more"]?.boolValue ?? false)
        } catch {
            throw ChatClientError(
                code: .invalidResponse, message: "The provider's input items cannot be read: \(error).",
                status: status, requestID: requestID, underlying: error)
        }
    }

    /// A request whose answer is a response object.
    func responseObject(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil) async throws -> ResponseObject {
        let (value, status, requestID) = try await jsonBody(method, path, body: body)
        do {
            return try ResponseObject(json: value)
        } catch {
            throw ChatClientError(
                code: .invalidResponse, message: "The provider's answer is not a response: \(error).", status: status,
                requestID: requestID, underlying: error)
        }
    }

    /// Sends a request and reads its JSON answer.
    func jsonBody(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil
    ) async throws -> (JSONValue, status: Int, requestID: String?) {
        let response = try await send(method, path, body: body)
        let requestID = Self.requestID(response.headers)
        var buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: 64 << 20)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw Self.transportError(error)
        }
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        do {
            return (try JSONValue(parsing: bytes), Int(response.status.code), requestID)
        } catch {
            throw ChatClientError(
                code: .invalidResponse,
                message: "The provider's answer to \(method) \(path) is not JSON: \(error).",
                status: Int(response.status.code), requestID: requestID, underlying: error)
        }
    }
}

/// The events of a streamed response, as they arrive; iterate once. ``collect()`` reads to the end
/// and returns the final response.
public struct ResponseEventStream: AsyncSequence, Sendable {
    public typealias Element = ResponseStreamEvent

    /// The raw events underneath.
    public let events: ChatCompletionEventStream

    /// The provider's id of the request, if it sent one.
    public var requestID: String? { events.requestID }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: ChatCompletionEventStream.AsyncIterator
        let status: Int
        let requestID: String?
        var finished = false

        public mutating func next() async throws -> ResponseStreamEvent? {
            guard !finished else { return nil }
            guard let raw = try await base.next() else {
                finished = true
                throw ChatClientError(
                    code: .streamEndedEarly, message: "The response stream ended before the response was done.",
                    status: status, requestID: requestID)
            }
            let event: ResponseStreamEvent
            do {
                event = try ResponseStreamEvent(json: try JSONValue(parsing: Array(raw.data.utf8)))
            } catch {
                finished = true
                throw ChatClientError(
                    code: .invalidResponse, message: "A stream event cannot be read: \(error).", status: status,
                    requestID: requestID, underlying: error)
            }
            switch event {
            case .completed, .incomplete, .failed: finished = true
            case .error(let apiError):
                finished = true
                throw ChatClientError(
                    code: .streamError, message: apiError.message, status: status, apiError: apiError,
                    requestID: requestID)
            default: break
            }
            return event
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: events.makeAsyncIterator(), status: events.status, requestID: events.requestID)
    }

    /// Reads the stream to its end; the final response (completed, incomplete or failed).
    public func collect() async throws -> ResponseObject {
        var last: ResponseObject?
        for try await event in self { if let response = event.response { last = response } }
        guard let last else {
            throw ChatClientError(code: .streamEndedEarly, message: "The response stream carried no response.")
        }
        return last
    }
}
