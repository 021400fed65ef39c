import ChatCompletionsAPI
import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// The time limits of one HTTP/1.1 connection, and the watch on its client. It sees the connection
/// twice: as raw bytes (``ByteWatch``, first in the pipeline, so it knows when a request's first
/// byte arrives) and as HTTP parts (``PartWatch``, after the decoder, so it knows when the headers
/// and the body are complete and when a response ends). One timer runs at a time:
///
/// - idle: no request in progress for `idle` → the connection is closed;
/// - header: a request's first byte came but its headers did not within `header` → 408 (written
///   as raw bytes, since no response has begun) and the connection is closed;
/// - body: the headers came but the body did not end within `body` → the body read fails with a
///   408 ``OpenAIError``, which the handler waiting for the body returns as its response; the
///   connection closes after it. When a response has already begun, the connection just closes.
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
    }

    private enum Reading {
        /// Between requests: no byte of the next one yet.
        case waiting
        /// Some bytes of a request came, its headers are not complete.
        case head
        /// The headers came, the body has not ended.
        case body
    }

    private enum Timer {
        case idle, header, body, closing
    }

    let limits: Limits
    let client: ClientConnection
    private let logger: Logger
    private var reading = Reading.waiting
    /// Requests whose response has not ended.
    private var responsesPending = 0
    /// Whether the response to the request being read has begun.
    private var responseStarted = false
    private var timer: (kind: Timer, task: Scheduled<Void>)?
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
        arm(.idle, limits.idle)
    }

    private func bytesArrived() {
        guard reading == .waiting else { return }
        reading = .head
        arm(.header, limits.header)
    }

    private func headArrived() {
        reading = .body
        responsesPending += 1
        responseStarted = false
        arm(.body, limits.body)
    }

    private func bodyEnded() {
        reading = .waiting
        if responsesPending == 0 { arm(.idle, limits.idle) } else { disarm() }
    }

    private func responseBegan() {
        responseStarted = true
    }

    private func responseEnded() {
        responsesPending = max(0, responsesPending - 1)
        if responsesPending == 0 && reading == .waiting { arm(.idle, limits.idle) }
    }

    private func clientLeft() {
        disarm()
        client.close()
    }

    // MARK: - Timers

    private func arm(_ kind: Timer, _ delay: TimeAmount) {
        disarm()
        guard let eventLoop = bytes?.eventLoop ?? parts?.eventLoop else { return }
        let task = eventLoop.assumeIsolated().scheduleTask(in: delay) { [weak self] () -> Void in self?.fire(kind) }
        timer = (kind, task)
    }

    private func disarm() {
        timer?.task.cancel()
        timer = nil
    }

    private func fire(_ kind: Timer) {
        timer = nil
        switch kind {
        case .idle:
            guard reading == .waiting, responsesPending == 0 else { return }
            logger.debug("closing a connection idle for \(limits.idle)")
            bytes?.close(promise: nil)
        case .header:
            guard reading == .head else { return }
            logger.info("request headers not received within \(Self.seconds(limits.header)): answering 408")
            respondAndClose(
                message: "The request headers were not received within \(Self.seconds(limits.header)).")
        case .body:
            guard reading == .body else { return }
            logger.info("request body not received within \(Self.seconds(limits.body)): answering 408")
            if responseStarted {
                bytes?.close(promise: nil)
            } else {
                // The handler reading the body gets this error and answers with it; the connection
                // closes after that response (its request stream has failed). Should nobody answer,
                // the connection closes a little later anyway.
                parts?.fireErrorCaught(
                    OpenAIError(
                        status: .requestTimeout,
                        message: "The request body was not received within \(Self.seconds(limits.body)).",
                        type: "invalid_request_error", code: "request_timeout"))
                arm(.closing, .seconds(10))
            }
        case .closing:
            bytes?.close(promise: nil)
        }
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
            clock.bytesArrived()
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
            case .head: clock.headArrived()
            case .body: break
            case .end: clock.bodyEnded()
            }
            context.fireChannelRead(data)
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            switch unwrapOutboundIn(data) {
            case .head: clock.responseBegan()
            case .body: break
            case .end: clock.responseEnded()
            }
            context.write(data, promise: promise)
        }
    }
}
