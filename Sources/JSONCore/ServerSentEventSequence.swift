/// The server-sent events of a byte stream that arrives in chunks (`[UInt8]`, `ArraySlice<UInt8>`,
/// or any other sequence of bytes, such as a NIO `ByteBufferView`).
///
/// Events are produced as soon as the chunk that completes them arrives. When the byte stream
/// ends, an event without its final blank line is discarded unless the decoder was made with
/// `dispatchesIncompleteEventAtEnd`; errors of the byte stream are passed on.
public struct ServerSentEventSequence<Base: AsyncSequence>: AsyncSequence
where Base.Element: Sequence, Base.Element.Element == UInt8 {
    /// Each element is one event.
    public typealias Element = ServerSentEvent

    let base: Base
    let decoder: ServerSentEventDecoder

    /// The events of `base`, decoded with `decoder`.
    public init(_ base: Base, decoder: ServerSentEventDecoder = ServerSentEventDecoder()) {
        self.base = base
        self.decoder = decoder
    }

    /// Produces the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        var decoder: ServerSentEventDecoder
        var pending: [ServerSentEvent] = []
        var pendingIndex = 0
        var finished = false

        /// The next event, or `nil` at the end of the stream.
        public mutating func next() async throws -> ServerSentEvent? {
            while true {
                if pendingIndex < pending.count {
                    defer { pendingIndex += 1 }
                    return pending[pendingIndex]
                }
                if finished { return nil }
                pending = []
                pendingIndex = 0
                if let chunk = try await base.next() {
                    pending = decoder.feed(chunk)
                } else {
                    finished = true
                    pending = decoder.finish()
                }
            }
        }
    }

    /// An iterator over the events.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), decoder: decoder)
    }
}

extension ServerSentEventSequence: Sendable where Base: Sendable {}

extension AsyncSequence where Element: Sequence, Element.Element == UInt8 {
    /// This byte stream's server-sent events.
    public func serverSentEvents(
        decoder: ServerSentEventDecoder = ServerSentEventDecoder()
    ) -> ServerSentEventSequence<Self> {
        ServerSentEventSequence(self, decoder: decoder)
    }
}
