import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A plain TCP connection to a loopback server, for tests that write HTTP by hand: requests sent
/// slowly, cut short, or abandoned. Everything the server sends is kept.
public final class RawConnection: Sendable {
    /// What the server did, each with when the connection's event loop saw it.
    private struct State {
        var bytes: [UInt8] = []
        /// The received byte count after each read, with its time.
        var reads: [(count: Int, time: ContinuousClock.Instant)] = []
        var closed: ContinuousClock.Instant?
    }

    private let channel: any Channel
    private let state: NIOLockedValueBox<State>

    private init(channel: any Channel, state: NIOLockedValueBox<State>) {
        self.channel = channel
        self.state = state
    }

    /// Connects to `127.0.0.1:port`.
    public static func connect(port: Int) async throws -> RawConnection {
        let state = NIOLockedValueBox(State())
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(state: state))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, state: state)
    }

    /// Sends `text` as it is.
    public func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Closes the connection (both directions).
    public func close() async {
        try? await channel.close().get()
    }

    /// What the server sent so far, as text.
    public var received: String { String(decoding: state.withLockedValue { $0.bytes }, as: UTF8.self) }

    /// Whether the server closed the connection.
    public var closedByServer: Bool { state.withLockedValue { $0.closed != nil } }

    /// When the connection's event loop saw the server close it (nil while open). Unlike the time
    /// a test notices it, this does not depend on how soon the test's task runs.
    public var closedAt: ContinuousClock.Instant? { state.withLockedValue { $0.closed } }

    /// When the connection's event loop read the bytes that completed the first `text` the server
    /// sent (nil when it has not come).
    public func receivedAt(_ text: String) -> ContinuousClock.Instant? {
        let needle = Array(text.utf8)
        return state.withLockedValue { state in
            guard !needle.isEmpty, state.bytes.count >= needle.count else { return nil }
            for start in 0...(state.bytes.count - needle.count)
            where state.bytes[start..<start + needle.count].elementsEqual(needle) {
                return state.reads.first { $0.count >= start + needle.count }?.time
            }
            return nil
        }
    }

    /// Waits until the server closes the connection, or `timeout` passes; returns whether it closed.
    public func waitUntilClosed(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !closedByServer && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return closedByServer
    }

    /// Waits until what the server sent contains `text`, or `timeout` passes.
    public func waitFor(_ text: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !received.contains(text) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return received.contains(text)
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        let state: NIOLockedValueBox<State>

        init(state: NIOLockedValueBox<State>) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            state.withLockedValue { state in
                state.bytes += buffer.readableBytesView
                state.reads.append((state.bytes.count, .now))
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLockedValue { $0.closed = $0.closed ?? .now }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            state.withLockedValue { $0.closed = $0.closed ?? .now }
            context.close(promise: nil)
        }
    }
}
