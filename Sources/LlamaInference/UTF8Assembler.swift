/// Turns a stream of bytes (token pieces) into text without ever splitting a UTF-8 character:
/// bytes of an incomplete character wait for the next piece; bytes that can never form a valid
/// character become U+FFFD.
package struct UTF8Assembler {
    private var pending: [UInt8] = []

    package init() {}

    /// Adds bytes and returns the text that is now complete.
    package mutating func append(_ bytes: some Sequence<UInt8>) -> String {
        pending.append(contentsOf: bytes)
        let complete = completePrefixLength(pending)
        guard complete > 0 else { return "" }
        let text = String(decoding: pending[..<complete], as: UTF8.self)
        pending.removeFirst(complete)
        return text
    }

    /// Returns whatever is left, invalid or incomplete bytes as U+FFFD.
    package mutating func flush() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// Number of bytes waiting for the rest of a character.
    var pendingCount: Int { pending.count }

    /// The length of the longest prefix that does not end inside a character that could still be
    /// completed by more bytes.
    private func completePrefixLength(_ bytes: [UInt8]) -> Int {
        let count = bytes.count
        // Look at most 3 bytes back for the start of a multi-byte character.
        var index = count - 1
        var back = 0
        while index >= 0 && back < 4 {
            let byte = bytes[index]
            if byte & 0xC0 != 0x80 {
                // A lead byte (or ASCII): how long should its character be?
                let expected: Int
                switch byte {
                case 0x00...0x7F: expected = 1
                case 0xC2...0xDF: expected = 2
                case 0xE0...0xEF: expected = 3
                case 0xF0...0xF4: expected = 4
                default: expected = 1  // invalid lead byte: becomes U+FFFD now
                }
                let available = count - index
                return available >= expected ? count : index
            }
            index -= 1
            back += 1
        }
        return count  // only continuation bytes: invalid, decode now
    }
}
