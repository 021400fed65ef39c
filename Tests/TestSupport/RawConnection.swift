import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A plain TCP connection to a loopback server, for tests that write HTTP by hand: requests sent
/// slowly, cut short, or abandoned. Everything the server sends is kept.
public final class RawConnection: Sendable {
    private let channel: any Channel
    private let state: NIOLockedValueBox<(bytes: [UInt8], closed: Bool)>

    private init(channel: any Channel, state: NIOLockedValueBox<(bytes: [UInt8], closed: Bool)>) {
        self.channel = channel
        self.state = state
    }

    /// Connects to `127.0.0.1:port`.
    public static func connect(port: Int) async throws -> RawConnection {
        let state = NIOLockedValueBox<(bytes: [UInt8], closed: Bool)>(([], false))
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
    public var closedByServer: Bool { state.withLockedValue { $0.closed } }

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

        let state: NIOLockedValueBox<(bytes: [UInt8], closed: Bool)>

        init(state: NIOLockedValueBox<(bytes: [UInt8], closed: Bool)>) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            state.withLockedValue { $0.bytes += buffer.readableBytesView }
        }

        func channelInactive(context: ChannelHandlerContext) {
            state.withLockedValue { $0.closed = true }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            state.withLockedValue { $0.closed = true }
            context.close(promise: nil)
        }
    }
}
