public import ChatCompletionsAPI
public import NIOHTTP1

/// The chunks of a streamed chat completion, as they arrive.
///
/// The stream ends after `data: [DONE]`. It can be iterated once; ``collect()`` reads it to the end
/// and folds the chunks into one `ChatCompletion`. Reading throws ``ChatClientError``: code
/// `streamError` for an error event from the provider (its ``ChatClientError/apiError`` holds the
/// provider's error), `invalidResponse` for an event that is neither a chunk nor an error,
/// `connection` or `timeout` when the connection fails, and `streamEndedEarly` when the body ends
/// before `[DONE]` while a choice is unfinished (or a usage chunk that was asked for never came;
/// some providers leave `[DONE]` out, which is fine once every choice has its finish reason).
/// Cancelling the reading task, or dropping the stream or its iterator, closes the connection.
public struct ChatCompletionStream: AsyncSequence, Sendable {
    /// Each element is one chunk.
    public typealias Element = ChatCompletionChunk

    /// The raw events underneath.
    public let events: ChatCompletionEventStream
    let expectedChoices: Int
    let expectsUsage: Bool

    /// The chunks of `events`, the stream answering `request` (its `n` and
    /// `stream_options.include_usage` say when a stream without `[DONE]` is still complete).
    public init(events: ChatCompletionEventStream, request: ChatCompletionRequest) {
        self.events = events
        self.expectedChoices = Swift.max(1, request.n ?? 1)
        self.expectsUsage = request.streamOptions?.includeUsage == true
    }

    /// The provider's id of the request (`x-request-id`), if it sent one.
    public var requestID: String? { events.requestID }
    /// The response headers.
    public var headers: HTTPHeaders { events.headers }

    /// Produces the chunks.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: ChatCompletionEventStream.AsyncIterator
        let expectedChoices: Int
        let expectsUsage: Bool
        let requestID: String?
        let status: Int
        var finished = false
        var started: Set<Int> = []
        var ended: Set<Int> = []
        var sawUsage = false

        /// The next chunk, or `nil` after `[DONE]`.
        public mutating func next() async throws -> ChatCompletionChunk? {
            while !finished {
                guard let event = try await base.next() else {
                    finished = true
                    try checkComplete()
                    return nil
                }
                let interpreted: ChatCompletionStreamEvent
                do {
                    interpreted = try ChatCompletionStreamEvent(event)
                } catch {
                    finished = true
                    throw ChatClientError(
                        code: .invalidResponse, message: "The stream carried an unreadable event: \(error.reason).",
                        status: status, requestID: requestID, underlying: error)
                }
                switch interpreted {
                case .chunk(let chunk):
                    for choice in chunk.choices {
                        started.insert(choice.index)
                        if choice.finishReason != nil { ended.insert(choice.index) }
                    }
                    if chunk.usage != nil { sawUsage = true }
                    return chunk
                case .done:
                    finished = true
                case .error(let apiError):
                    finished = true
                    throw ChatClientError(
                        code: .streamError,
                        message: apiError.message.isEmpty ? "The provider sent an error event." : apiError.message,
                        status: status, apiError: apiError, requestID: requestID)
                }
            }
            return nil
        }

        /// Throws unless a stream without `[DONE]` still delivered the whole answer.
        func checkComplete() throws {
            let complete =
                started.count >= expectedChoices && started.isSubset(of: ended) && (sawUsage || !expectsUsage)
            guard !complete else { return }
            let unfinished = started.subtracting(ended).sorted()
            var detail = "before data: [DONE]"
            if started.isEmpty {
                detail += ", without a single chunk"
            } else if !unfinished.isEmpty {
                detail += ", with choice \(unfinished.map(String.init).joined(separator: ", ")) unfinished"
            } else if started.count < expectedChoices {
                detail += ", with \(started.count) of \(expectedChoices) choices"
            } else {
                detail += ", without the usage chunk"
            }
            throw ChatClientError(
                code: .streamEndedEarly, message: "The stream ended \(detail).", status: status, requestID: requestID)
        }
    }

    /// An iterator over the chunks; only one may be made.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            base: events.makeAsyncIterator(), expectedChoices: expectedChoices, expectsUsage: expectsUsage,
            requestID: events.requestID, status: events.status)
    }

    /// Reads the stream to its end and returns the chunks folded into one completion.
    public func collect() async throws -> ChatCompletion {
        var accumulator = ChatCompletionAccumulator()
        for try await chunk in self {
            accumulator.add(chunk)
        }
        return accumulator.completion
    }
}
