/// One event of a `text/event-stream` (server-sent events).
public struct ServerSentEvent: Sendable, Hashable {
    /// The `id` field given in this event's block, if any. (The stream's last event id, which per
    /// the specification carries over to later events, is ``ServerSentEventDecoder/lastEventID``.)
    public var id: String?
    /// The event type (`event` field); `nil` for the default type, `message`.
    public var event: String?
    /// The data: the event's `data` lines joined with line feeds.
    public var data: String
    /// The reconnection time in milliseconds (`retry` field), if this event's block gave one.
    public var retry: Int?

    /// An event.
    public init(id: String? = nil, event: String? = nil, data: String, retry: Int? = nil) {
        self.id = id
        self.event = event
        self.data = data
        self.retry = retry
    }

    /// Whether this is the `data: [DONE]` event that ends a chat completion stream.
    public var isDone: Bool { data == "[DONE]" }

    /// The `data: [DONE]` event.
    public static let done = ServerSentEvent(data: "[DONE]")
}
