import AsyncHTTPClient
public import ChatCompletionsAPI
import Logging
import NIOCore
import NIOHTTP1

extension ChatClient {
    /// Asks for a complete answer (`stream` is turned off) and returns it.
    ///
    /// Throws a ``ChatClientError``: `invalidRequest` when client-side validation finds a problem
    /// (nothing is sent), a status code such as `badRequest` or `rateLimited` when the provider
    /// refuses, `connection` or `timeout` when it cannot be reached in time, `invalidResponse` when
    /// the answer is not a completion.
    public func createChatCompletion(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        try await createChatCompletionResponse(request).value
    }

    /// Like ``createChatCompletion(_:)``, with the response's status, headers, request id and raw body.
    public func createChatCompletionResponse(_ request: ChatCompletionRequest) async throws -> Response<ChatCompletion>
    {
        var request = request
        if request.stream == true { request.stream = nil }
        let body = try encode(request)
        let response = try await send(.POST, "chat/completions", body: body)
        let requestID = Self.requestID(response.headers)
        var buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: Int.max)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            var failure = Self.transportError(error)
            failure.status = Int(response.status.code)
            failure.requestID = requestID
            throw failure
        }
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        do {
            let completion = try ChatCompletion(jsonBytes: bytes)
            logger.debug("chat completion \(completion.id) (request \(requestID ?? "-"))")
            return Response(
                value: completion, status: Int(response.status.code), headers: response.headers, requestID: requestID,
                body: bytes)
        } catch {
            throw ChatClientError(
                code: .invalidResponse,
                message: "The provider's answer is not a chat completion: \(error). Body: "
                    + String(decoding: bytes.prefix(300), as: UTF8.self),
                status: Int(response.status.code), requestID: requestID, underlying: error)
        }
    }

    /// Asks for a streamed answer (`stream` is turned on) and returns the chunks as they arrive.
    ///
    /// Returns once the provider has accepted the request (its status line arrived): refusals and
    /// retries happen before that, and throw as ``createChatCompletion(_:)`` does. Reading the
    /// returned stream then throws ``ChatClientError`` with code `streamError` for an error event
    /// the provider sends mid-stream, `connection` or `timeout` when the connection breaks or
    /// falls silent, `invalidResponse` for data that is no chunk, and `streamEndedEarly` when the
    /// stream ends incomplete. Cancelling the reading task, or dropping the stream or its
    /// iterator, closes the connection, which tells the provider to stop generating.
    public func streamChatCompletion(_ request: ChatCompletionRequest) async throws -> ChatCompletionStream {
        ChatCompletionStream(events: try await streamChatCompletionEvents(request), request: request)
    }

    /// Like ``streamChatCompletion(_:)``, but yields the raw server-sent events (the wire JSON of
    /// each chunk, error events and `[DONE]`), for callers that want to see exactly what the
    /// provider said. Interpret each with `ChatCompletionStreamEvent(_:)`.
    public func streamChatCompletionEvents(_ request: ChatCompletionRequest) async throws -> ChatCompletionEventStream {
        var request = request
        request.stream = true
        let body = try encode(request)
        let response = try await send(.POST, "chat/completions", body: body, accept: "text/event-stream")
        let requestID = Self.requestID(response.headers)
        let contentType = response.headers.first(name: "content-type")?.lowercased() ?? ""
        if contentType.hasPrefix("application/json") {
            // Not a stream: a provider that answers errors (or ignores `stream`) with plain JSON.
            var buffer = try await response.body.collect(upTo: Self.maxErrorBodySize)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            if let apiError = try? ErrorResponse(jsonBytes: bytes).error {
                throw ChatClientError(
                    code: .streamError, message: apiError.message, status: Int(response.status.code),
                    apiError: apiError, requestID: requestID)
            }
            throw ChatClientError(
                code: .invalidResponse, message: "The provider answered a streamed request without an event stream.",
                status: Int(response.status.code), requestID: requestID)
        }
        logger.debug("streaming chat completion (request \(requestID ?? "-"))")
        return ChatCompletionEventStream(
            body: response.body, status: Int(response.status.code), headers: response.headers, requestID: requestID)
    }

    /// The models the provider offers (`GET /models`).
    public func listModels() async throws -> ModelList {
        try await get("models", as: ModelList.self)
    }

    /// One model the provider offers (`GET /models/{id}`).
    public func retrieveModel(_ id: String) async throws -> ModelInfo {
        let escaped = id.addingPercentEncodingForPath()
        return try await get("models/\(escaped)", as: ModelInfo.self)
    }

    /// A `GET` of a JSON resource below the base URL.
    func get<Value: Decodable>(_ path: String, as type: Value.Type) async throws -> Value {
        let response = try await send(.GET, path)
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
            return try Value(jsonBytes: bytes)
        } catch {
            throw ChatClientError(
                code: .invalidResponse,
                message: "The provider's answer to GET \(path) is not what was expected: \(error).",
                status: Int(response.status.code), requestID: requestID, underlying: error)
        }
    }

    /// Validates (when configured) and encodes a request.
    func encode(_ request: ChatCompletionRequest) throws -> [UInt8] {
        if let limits = configuration.validation {
            do {
                try request.validate(limits: limits)
            } catch {
                throw ChatClientError(
                    code: .invalidRequest, message: error.message, apiError: error.apiError, underlying: error)
            }
        }
        do {
            return try request.jsonBytes()
        } catch {
            throw ChatClientError(
                code: .invalidRequest, message: "The request cannot be encoded as JSON: \(error).",
                underlying: error)
        }
    }
}
