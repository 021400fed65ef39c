import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Hummingbird's HTTP/1.1 child channel with this server's time limits (see ``ConnectionClock``)
/// and a ``ClientConnection`` per connection, set as ``ClientConnection/current`` while its
/// requests are handled.
struct TimedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    /// The connection's async channel and its client.
    struct Connection: ServerChildChannelValue {
        let base: HTTP1Channel.Value
        let client: ClientConnection
        var channel: any Channel { base.channel }
    }

    let responder: HTTPChannelHandler.Responder
    let limits: ConnectionClock.Limits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Connection> {
        let client = ClientConnection()
        let clock: NIOLoopBound<ConnectionClock>
        do {
            let watch = ConnectionClock(limits: limits, client: client, logger: logger)
            try channel.pipeline.syncOperations.addHandler(ConnectionClock.ByteWatch(watch), position: .first)
            clock = NIOLoopBound(watch, eventLoop: channel.eventLoop)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        // The idle limit is the clock's, so Hummingbird's own idle timer stays off.
        let base = HTTP1Channel(
            responder: responder,
            configuration: .init(additionalChannelHandlers: [ConnectionClock.PartWatch(clock.value)], idleTimeout: nil))
        return base.setup(channel: channel, logger: logger).map { Connection(base: $0, client: client) }
    }

    func handle(value: Connection, logger: Logger) async {
        await ClientConnection.$current.withValue(value.client) {
            await handleHTTP(asyncChannel: value.base, logger: logger)
        }
    }
}
