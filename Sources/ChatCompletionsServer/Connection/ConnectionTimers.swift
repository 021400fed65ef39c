/// The time limits of one HTTP/1.1 connection as a pure state machine: events in (bytes arrived,
/// headers complete, body ended, a response began or ended, a timer fired), what to do out (arm a
/// timer, close, answer 408). No clock, no channel: ``ConnectionClock`` carries the actions out on
/// the connection's event loop, and the tests drive this type event by event.
///
/// One timer runs at a time:
/// - idle: no request in progress → close the connection;
/// - header: a request's first byte came but its headers did not → 408 written raw, then close;
/// - body: the headers came but the body did not end → the body read fails with a 408 (then a last
///   `closing` timer), or, when the response has already begun, the connection just closes.
package struct ConnectionTimers: Equatable {
    package enum Timer: Equatable, Sendable {
        case idle, header, body, closing
    }

    /// What the connection should do with its timer after an event.
    package enum TimerChange: Equatable {
        /// Start `timer` (stopping any other).
        case arm(Timer)
        /// Stop the running timer.
        case disarm
        /// Leave the timer as it is.
        case keep
    }

    /// What a timer's firing asks for.
    package enum Expiry: Equatable {
        /// Close the connection.
        case close
        /// Answer 408 for headers that did not come, then close.
        case headerTimeout
        /// Fail the body being read with a 408 (the handler answers with it), and close soon after.
        case bodyTimeout
        /// The timer is stale: the state moved on since it was armed.
        case none
    }

    private enum Reading: Equatable {
        /// Between requests: no byte of the next one yet.
        case waiting
        /// Some bytes of a request came, its headers are not complete.
        case head
        /// The headers came, the body has not ended.
        case body
    }

    package init() {}

    private var reading = Reading.waiting
    /// Requests whose response has not ended.
    private var responsesPending = 0
    /// Whether the response to the request being read has begun.
    private var responseStarted = false
    /// The timer running, if any.
    package private(set) var running: Timer?

    /// The connection is open.
    package mutating func connected() -> TimerChange { arm(.idle) }

    /// Bytes came from the client.
    package mutating func bytesArrived() -> TimerChange {
        guard reading == .waiting else { return .keep }
        reading = .head
        return arm(.header)
    }

    /// A request's headers are complete.
    package mutating func headArrived() -> TimerChange {
        reading = .body
        responsesPending += 1
        responseStarted = false
        return arm(.body)
    }

    /// A request's body ended.
    package mutating func bodyEnded() -> TimerChange {
        reading = .waiting
        return responsesPending == 0 ? arm(.idle) : disarm()
    }

    /// A response's head was written.
    package mutating func responseBegan() {
        responseStarted = true
    }

    /// A response ended.
    package mutating func responseEnded() -> TimerChange {
        responsesPending = max(0, responsesPending - 1)
        return responsesPending == 0 && reading == .waiting ? arm(.idle) : .keep
    }

    /// The client closed its side or the socket failed.
    package mutating func clientLeft() -> TimerChange { disarm() }

    /// `timer` ran out: what to do, and what becomes of the timer.
    package mutating func fired(_ timer: Timer) -> (Expiry, TimerChange) {
        guard running == timer else { return (.none, .keep) }
        running = nil
        switch timer {
        case .idle:
            return reading == .waiting && responsesPending == 0 ? (.close, .keep) : (.none, .keep)
        case .header:
            return reading == .head ? (.headerTimeout, .keep) : (.none, .keep)
        case .body:
            guard reading == .body else { return (.none, .keep) }
            return responseStarted ? (.close, .keep) : (.bodyTimeout, arm(.closing))
        case .closing:
            return (.close, .keep)
        }
    }

    private mutating func arm(_ timer: Timer) -> TimerChange {
        running = timer
        return .arm(timer)
    }

    private mutating func disarm() -> TimerChange {
        running = nil
        return .disarm
    }
}
