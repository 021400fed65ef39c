/// The chunks of a chat completion stream, read from its server-sent events.
///
/// The sequence ends at `data: [DONE]`. An error event ends it by throwing a
/// ``ChatCompletionStreamError`` of kind `errorEvent` carrying the server's ``APIError``; data that is
/// neither a chunk nor an error throws kind `invalidData`. When the events run out before `[DONE]`
/// the sequence just ends, unless `requiresDone` is set, in which case it throws kind `missingDone`
/// (a stream cut off mid-answer looks exactly like that).
public struct ChatCompletionChunkSequence<Base: AsyncSequence>: AsyncSequence where Base.Element == ServerSentEvent {
    /// Each element is one chunk.
    public typealias Element = ChatCompletionChunk

    let base: Base
    let requiresDone: Bool

    /// The chunks of the events of `base`.
    public init(_ base: Base, requiresDone: Bool = false) {
        self.base = base
        self.requiresDone = requiresDone
    }

    /// Produces the chunks.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let requiresDone: Bool
        var finished = false

        /// The next chunk, or `nil` after `[DONE]`.
        public mutating func next() async throws -> ChatCompletionChunk? {
            while !finished {
                guard let event = try await base.next() else {
                    finished = true
                    if requiresDone {
                        throw ChatCompletionStreamError(
                            kind: .missingDone, reason: "the stream ended before data: [DONE]")
                    }
                    return nil
                }
                switch try ChatCompletionStreamEvent(event) {
                case .chunk(let chunk):
                    return chunk
                case .done:
                    finished = true
                case .error(let error):
                    finished = true
                    throw ChatCompletionStreamError(kind: .errorEvent, apiError: error, reason: error.message)
                }
            }
            return nil
        }
    }

    /// An iterator over the chunks.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), requiresDone: requiresDone)
    }
}

extension ChatCompletionChunkSequence: Sendable where Base: Sendable {}

extension AsyncSequence where Element == ServerSentEvent {
    /// The chat completion chunks these events carry, up to `data: [DONE]`.
    public func chatCompletionChunks(requiresDone: Bool = false) -> ChatCompletionChunkSequence<Self> {
        ChatCompletionChunkSequence(self, requiresDone: requiresDone)
    }
}
