import ChatCompletionsAPI
import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// The time limits of one HTTP/1.1 connection, and the watch on its client. It sees the connection
/// twice: as raw bytes (``ByteWatch``, first in the pipeline, so it knows when a request's first
/// byte arrives) and as HTTP parts (``PartWatch``, after the decoder, so it knows when the headers
/// and the body are complete and when a response ends). What each event means for the timers is
/// decided by ``ConnectionTimers``, a pure state machine; this class runs its one timer on the
/// event loop and carries out what a timer's expiry asks for (see ``ConnectionTimers`` for the
/// limits). A 408 for a late body fails the body read with an ``OpenAIError``, which the handler
/// waiting for the body returns as its response; the connection closes after it.
///
/// When the client closes or resets its side, ``ClientConnection/close()`` tells the handlers.
/// Confined to the connection's event loop.
final class ConnectionClock {
    /// The limits, as NIO time.
    struct Limits: Sendable {
        var header: TimeAmount
        var body: TimeAmount
        var idle: TimeAmount

        init(_ configuration: ServerConfiguration) {
            header = TimeAmount(configuration.headerTimeout)
            body = TimeAmount(configuration.bodyTimeout)
            idle = TimeAmount(configuration.idleTimeout)
        }

        /// How long `timer` runs.
        func delay(_ timer: ConnectionTimers.Timer) -> TimeAmount {
            switch timer {
            case .idle: idle
            case .header: header
            case .body: body
            case .closing: .seconds(10)
            }
        }
    }

    let limits: Limits
    let client: ClientConnection
    private let logger: Logger
    private var state = ConnectionTimers()
    private var task: Scheduled<Void>?
    private var bytes: ChannelHandlerContext?
    private var parts: ChannelHandlerContext?

    init(limits: Limits, client: ClientConnection, logger: Logger) {
        self.limits = limits
        self.client = client
        self.logger = logger
    }

    // MARK: - Events

    private func connected(_ context: ChannelHandlerContext) {
        bytes = context
        apply(state.connected())
    }

    private func clientLeft() {
        apply(state.clientLeft())
        client.close()
    }

    // MARK: - Timers

    private func apply(_ change: ConnectionTimers.TimerChange) {
        switch change {
        case .keep:
            return
        case .disarm:
            task?.cancel()
            task = nil
        case .arm(let timer):
            task?.cancel()
            task = nil
            guard let eventLoop = bytes?.eventLoop ?? parts?.eventLoop else { return }
            task = eventLoop.assumeIsolated().scheduleTask(in: limits.delay(timer)) { [weak self] () -> Void in
                self?.fire(timer)
            }
        }
    }

    private func fire(_ timer: ConnectionTimers.Timer) {
        task = nil
        let (expiry, change) = state.fired(timer)
        switch expiry {
        case .none:
            break
        case .close:
            if timer == .idle { logger.debug("closing a connection idle for \(limits.idle)") }
            if timer == .body {
                logger.info("request body not received within \(Self.seconds(limits.body)): closing")
            }
            bytes?.close(promise: nil)
        case .headerTimeout:
            logger.info("request headers not received within \(Self.seconds(limits.header)): answering 408")
            respondAndClose(message: "The request headers were not received within \(Self.seconds(limits.header)).")
        case .bodyTimeout:
            logger.info("request body not received within \(Self.seconds(limits.body)): answering 408")
            // The handler reading the body gets this error and answers with it; the connection
            // closes after that response (its request stream has failed). Should nobody answer,
            // the connection closes a little later anyway (the closing timer).
            parts?.fireErrorCaught(
                OpenAIError(
                    status: .requestTimeout,
                    message: "The request body was not received within \(Self.seconds(limits.body)).",
                    type: "invalid_request_error", code: "request_timeout"))
        }
        apply(change)
    }

    /// Writes a 408 in OpenAI's shape straight to the socket, then closes the connection.
    private func respondAndClose(message: String) {
        guard let context = bytes else { return }
        let body =
            (try? ErrorResponse(
                error: APIError(
                    message: message, type: "invalid_request_error", param: nil, code: .string("request_timeout"))
            ).jsonBytes()) ?? []
        var buffer = context.channel.allocator.buffer(capacity: body.count + 160)
        buffer.writeString(
            "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\ncontent-length: \(body.count)\r\nconnection: close\r\n\r\n"
        )
        buffer.writeBytes(body)
        context.writeAndFlush(NIOAny(buffer)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private static func seconds(_ amount: TimeAmount) -> String {
        let seconds = Double(amount.nanoseconds) / 1e9
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    // MARK: - Handlers

    /// First in the pipeline: sees raw bytes arrive, and the client closing its side.
    final class ByteWatch: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer

        private let clock: ConnectionClock

        init(_ clock: ConnectionClock) { self.clock = clock }

        func handlerAdded(context: ChannelHandlerContext) {
            if context.channel.isActive { clock.connected(context) }
        }

        func channelActive(context: ChannelHandlerContext) {
            clock.connected(context)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            clock.apply(clock.state.bytesArrived())
            context.fireChannelRead(data)
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? ChannelEvent, event == .inputClosed { clock.clientLeft() }
            context.fireUserInboundEventTriggered(event)
        }

        func channelInactive(context: ChannelHandlerContext) {
            clock.clientLeft()
            clock.bytes = nil
            clock.parts = nil
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            // A read or write error on the socket (a reset): the client is gone.
            if error is IOError || error is ChannelError { clock.clientLeft() }
            context.fireErrorCaught(error)
        }
    }

    /// After the HTTP decoder: sees each request's headers and end, and each response's start and end.
    final class PartWatch: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPRequestPart
        typealias InboundOut = HTTPRequestPart
        typealias OutboundIn = HTTPResponsePart
        typealias OutboundOut = HTTPResponsePart

        private let clock: ConnectionClock

        init(_ clock: ConnectionClock) { self.clock = clock }

        func handlerAdded(context: ChannelHandlerContext) {
            clock.parts = context
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head: clock.apply(clock.state.headArrived())
            case .body: break
            case .end: clock.apply(clock.state.bodyEnded())
            }
            context.fireChannelRead(data)
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            switch unwrapOutboundIn(data) {
            case .head: clock.state.responseBegan()
            case .body: break
            case .end: clock.apply(clock.state.responseEnded())
            }
            context.write(data, promise: promise)
        }
    }
}
