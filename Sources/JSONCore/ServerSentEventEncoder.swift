/// Writes server-sent events as `text/event-stream` bytes.
///
/// Multi-line data becomes one `data:` line per line (CR, LF and CRLF all count as line ends), so
/// a decoder gets the same data back. Line ends cannot be carried in `id` or `event`; they are
/// replaced by spaces there, and NUL, which makes decoders ignore an id, is dropped from `id`.
public struct ServerSentEventEncoder: Sendable {
    /// An encoder.
    public init() {}

    /// The bytes of one event, ending with the blank line that dispatches it.
    public func encode(_ event: ServerSentEvent) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(event.data.utf8.count + 16)
        if let id = event.id {
            field("id", Self.singleLine(id).filter { $0 != 0 }, into: &output)
        }
        if let name = event.event {
            field("event", Self.singleLine(name), into: &output)
        }
        if let retry = event.retry {
            field("retry", Array(String(retry).utf8), into: &output)
        }
        for line in Self.lines(of: event.data) {
            field("data", line, into: &output)
        }
        output.append(0x0A)
        return output
    }

    /// The bytes of an event whose data is `data` and nothing else.
    public func encode(data: String) -> [UInt8] { encode(ServerSentEvent(data: data)) }

    /// The bytes of an event whose data is `value` as compact JSON (one line), e.g. a
    /// chat completion chunk, or an error in the middle of a stream.
    public func encodeJSON(_ value: some Encodable) throws -> [UInt8] {
        let json = try JSONValueEncoder().encodeToJSON(value)
        var output: [UInt8] = []
        output.reserveCapacity(json.count + 8)
        output.append(contentsOf: "data: ".utf8)
        output.append(contentsOf: json)
        output.append(contentsOf: [0x0A, 0x0A])
        return output
    }

    /// The bytes of `data: [DONE]`, the event that ends a chat completion stream.
    public func encodeDone() -> [UInt8] { Self.doneBytes }

    /// A comment (`: text`) followed by a blank line: ignored by clients, useful to keep an idle
    /// connection open.
    public func encodeComment(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        for line in Self.lines(of: text) {
            output.append(UInt8(ascii: ":"))
            if !line.isEmpty { output.append(0x20) }
            output.append(contentsOf: line)
            output.append(0x0A)
        }
        output.append(0x0A)
        return output
    }

    /// `data: [DONE]` and its blank line, as bytes.
    public static let doneBytes: [UInt8] = Array("data: [DONE]\n\n".utf8)

    private func field(_ name: StaticString, _ value: [UInt8], into output: inout [UInt8]) {
        name.withUTF8Buffer { output.append(contentsOf: $0) }
        output.append(UInt8(ascii: ":"))
        output.append(0x20)
        output.append(contentsOf: value)
        output.append(0x0A)
    }

    private static func singleLine(_ text: String) -> [UInt8] {
        text.utf8.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
    }

    /// The lines of `text`, split at CRLF, CR or LF; an empty text is one empty line.
    private static func lines(of text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == 0x0A && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = byte == 0x0D
            if byte == 0x0A || byte == 0x0D {
                lines.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        lines.append(current)
        return lines
    }
}
