/// Decodes a `text/event-stream` incrementally, as the bytes arrive, following the WHATWG
/// specification's event stream interpretation.
///
/// Lines end with CRLF, LF or CR, also when a CR ends one network chunk and its LF starts the
/// next; a byte-order mark at the very start is skipped; lines starting with `:` are comments;
/// `data` lines are joined with line feeds; `retry` is taken only when it is all digits; unknown
/// fields are ignored; a blank line dispatches the event, unless no `data` line was seen.
///
/// At the end of the stream, ``finish()`` discards an event that was not ended by a blank line, as
/// the specification says. Some servers end a stream without that final blank line; create the
/// decoder with `dispatchesIncompleteEventAtEnd: true` to get such an event anyway.
public struct ServerSentEventDecoder: Sendable {
    /// Whether ``finish()`` dispatches an event whose final blank line never came.
    public var dispatchesIncompleteEventAtEnd: Bool

    /// The last event id the stream set; it carries over to later events, and is what a client
    /// sends as `Last-Event-ID` when it reconnects.
    public private(set) var lastEventID: String = ""
    /// The last reconnection time (milliseconds) the stream set with a `retry` field.
    public private(set) var reconnectionTime: Int?

    private var line: [UInt8] = []
    private var sawCR = false
    private var atStart = true
    private var startBytes: [UInt8] = []
    private var data = ""
    private var hasData = false
    private var eventType = ""
    private var eventID: String?
    private var retry: Int?

    /// A decoder at the start of a stream.
    public init(dispatchesIncompleteEventAtEnd: Bool = false) {
        self.dispatchesIncompleteEventAtEnd = dispatchesIncompleteEventAtEnd
    }

    /// Feeds the next bytes of the stream and returns the events they complete, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if atStart {
                // Hold back up to three bytes to recognise a UTF-8 byte-order mark.
                startBytes.append(byte)
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                if startBytes.count <= 3, bom.starts(with: startBytes) {
                    if startBytes.count == 3 {
                        atStart = false
                        startBytes = []
                    }
                    continue
                }
                atStart = false
                let held = startBytes
                startBytes = []
                for heldByte in held { consume(heldByte, into: &events) }
                continue
            }
            consume(byte, into: &events)
        }
        return events
    }

    /// Ends the stream. Returns the pending event only when ``dispatchesIncompleteEventAtEnd`` is
    /// set; otherwise it is discarded, as the specification says. The decoder is then ready for a
    /// new stream (``lastEventID`` is kept).
    public mutating func finish() -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        if atStart, !startBytes.isEmpty {
            // A stream of one or two bytes that looked like the start of a byte-order mark.
            let held = startBytes
            startBytes = []
            atStart = false
            for byte in held { consume(byte, into: &events) }
        }
        if dispatchesIncompleteEventAtEnd {
            if !line.isEmpty { processLine() }
            dispatch(into: &events)
        }
        line = []
        sawCR = false
        atStart = true
        startBytes = []
        resetEvent()
        return events
    }

    private mutating func consume(_ byte: UInt8, into events: inout [ServerSentEvent]) {
        switch byte {
        case 0x0A:
            if sawCR {
                sawCR = false
                return
            }
            endLine(into: &events)
        case 0x0D:
            sawCR = true
            endLine(into: &events)
        default:
            sawCR = false
            line.append(byte)
        }
    }

    private mutating func endLine(into events: inout [ServerSentEvent]) {
        if line.isEmpty {
            dispatch(into: &events)
        } else {
            processLine()
            line.removeAll(keepingCapacity: true)
        }
    }

    private mutating func processLine() {
        if line.first == UInt8(ascii: ":") { return }
        let name: [UInt8]
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            name = Array(line[..<colon])
            value = line[(colon + 1)...]
            if value.first == 0x20 { value = value.dropFirst() }
        } else {
            name = line
            value = []
        }
        switch String(decoding: name, as: UTF8.self) {
        case "event":
            eventType = String(decoding: value, as: UTF8.self)
        case "data":
            if hasData { data += "\n" }
            data += String(decoding: value, as: UTF8.self)
            hasData = true
        case "id":
            if !value.contains(0) {
                let id = String(decoding: value, as: UTF8.self)
                lastEventID = id
                eventID = id
            }
        case "retry":
            if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let time = Int(String(decoding: value, as: UTF8.self))
            {
                reconnectionTime = time
                retry = time
            }
        default:
            break
        }
    }

    private mutating func dispatch(into events: inout [ServerSentEvent]) {
        defer { resetEvent() }
        guard hasData else { return }
        events.append(
            ServerSentEvent(id: eventID, event: eventType.isEmpty ? nil : eventType, data: data, retry: retry))
    }

    private mutating func resetEvent() {
        data = ""
        hasData = false
        eventType = ""
        eventID = nil
        retry = nil
    }
}
