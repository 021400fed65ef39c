import ChatCompletionsServer
import Testing

/// The connection's time limits, driven by hand: a manual clock stands in for the event loop, so
/// each limit is tested at its edge, in microseconds, whatever the machine's load.
@Suite struct ConnectionTimersTests {
    /// A connection's timer state with the one timer the event loop would run, on a clock that
    /// moves only when told to.
    struct Connection {
        var state = ConnectionTimers()
        var now = 0.0
        var pending: (timer: ConnectionTimers.Timer, at: Double)?
        /// What the expired timers asked for, in order.
        var expiries: [ConnectionTimers.Expiry] = []
        static let limits: [ConnectionTimers.Timer: Double] = [.idle: 30, .header: 10, .body: 20, .closing: 10]

        init() { apply(state.connected()) }

        mutating func apply(_ change: ConnectionTimers.TimerChange) {
            switch change {
            case .arm(let timer): pending = (timer, now + Self.limits[timer]!)
            case .disarm: pending = nil
            case .keep: break
            }
        }

        mutating func advance(_ seconds: Double) {
            now += seconds
            while let due = pending, due.at <= now {
                pending = nil
                let (expiry, change) = state.fired(due.timer)
                if expiry != .none { expiries.append(expiry) }
                apply(change)
            }
        }

        mutating func request(bodyEnds: Bool = true) {
            apply(state.bytesArrived())
            apply(state.headArrived())
            if bodyEnds { apply(state.bodyEnded()) }
        }

        mutating func respond() {
            state.responseBegan()
            apply(state.responseEnded())
        }
    }

    @Test func anIdleConnectionClosesAtItsLimitNotBefore() {
        var connection = Connection()
        connection.advance(29.9)
        #expect(connection.expiries.isEmpty)
        connection.advance(0.2)
        #expect(connection.expiries == [.close])
    }

    @Test func headersThatDoNotComeGetA408AtTheHeaderLimit() {
        var connection = Connection()
        connection.advance(25)
        connection.apply(connection.state.bytesArrived())
        // The idle limit would have run out at 30 s; the header limit counts from the first byte.
        connection.advance(9.9)
        #expect(connection.expiries.isEmpty)
        connection.advance(0.2)
        #expect(connection.expiries == [.headerTimeout])
    }

    @Test func aBodyThatDoesNotEndFailsWithA408ThenTheConnectionCloses() {
        var connection = Connection()
        connection.request(bodyEnds: false)
        connection.advance(19.9)
        #expect(connection.expiries.isEmpty)
        connection.advance(0.2)
        #expect(connection.expiries == [.bodyTimeout])
        connection.advance(10)
        #expect(connection.expiries == [.bodyTimeout, .close])
    }

    @Test func aLateBodyAfterTheResponseBeganJustCloses() {
        var connection = Connection()
        connection.request(bodyEnds: false)
        connection.state.responseBegan()
        connection.advance(20)
        #expect(connection.expiries == [.close])
    }

    @Test func noLimitRunsWhileAnAnswerIsBeingGenerated() {
        var connection = Connection()
        connection.request()
        #expect(connection.state.running == nil)
        connection.advance(3_600)
        #expect(connection.expiries.isEmpty)
        connection.respond()
        #expect(connection.state.running == .idle)
        connection.advance(30)
        #expect(connection.expiries == [.close])
    }

    @Test func keepAliveRequestsEachGetTheirOwnLimits() {
        var connection = Connection()
        for _ in 0..<3 {
            connection.advance(29)
            connection.request()
            connection.advance(100)
            connection.respond()
        }
        #expect(connection.expiries.isEmpty)
        // A pipelined request whose body is read while the previous answer is still pending.
        connection.request()
        connection.request(bodyEnds: false)
        connection.respond()
        #expect(connection.state.running == .body)
    }

    @Test func aStaleTimerAndALeavingClientChangeNothing() {
        var state = ConnectionTimers()
        _ = state.connected()
        _ = state.bytesArrived()
        #expect(state.fired(.idle) == (.none, .keep))
        #expect(state.running == .header)
        #expect(state.clientLeft() == .disarm)
        #expect(state.running == nil)
        #expect(state.fired(.header) == (.none, .keep))
    }
}
