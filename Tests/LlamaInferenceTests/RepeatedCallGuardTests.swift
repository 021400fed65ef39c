import LlamaInference
import Testing

@Suite("Repeated tool calls end a turn")
struct RepeatedCallGuardTests {
    /// Feeds `text` in pieces of `size` bytes; returns what was released and whether it stopped.
    static func run(_ text: String, pieces size: Int) -> (released: String, stopped: Bool) {
        var guarder = RepeatedCallGuard(start: "<tool_call>", end: "</tool_call>")
        let bytes = Array(text.utf8)
        var released: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let piece = Array(bytes[index..<min(bytes.count, index + size)])
            index += size
            switch guarder.append(piece) {
            case .release(let out): released += out
            case .stop(let out): return (String(decoding: released + out, as: UTF8.self), true)
            }
        }
        return (String(decoding: released + guarder.flush(), as: UTF8.self), false)
    }

    static let first = "<tool_call>\n{\"name\": \"f\", \"arguments\": {\"x\": 1}}\n</tool_call>"
    static let second = "<tool_call>\n{\"name\": \"f\", \"arguments\": {\"x\": 2}}\n</tool_call>"
    static let sameAgain = "<tool_call>\n{\"name\": \"f\",\"arguments\": {\"x\": 1}}\n</tool_call>"

    @Test("a call repeated (whitespace aside) ends the turn before it", arguments: [1, 3, 7, 1000])
    func repeatStops(size: Int) {
        let (released, stopped) = Self.run(
            Self.first + "\n" + Self.second + "\n" + Self.sameAgain + "\n<tool", pieces: size)
        #expect(stopped)
        #expect(released == Self.first + "\n" + Self.second + "\n")
    }

    @Test("different calls and plain text pass through unchanged", arguments: [1, 4, 1000])
    func newCallsPass(size: Int) {
        let text = "Let me check. <tool_ca" + "ll is not a call. " + Self.first + "\n" + Self.second + " done <"
        let (released, stopped) = Self.run(text, pieces: size)
        #expect(!stopped)
        #expect(released == text)
    }

    @Test("the first call streams as it comes; later ones wait until complete")
    func firstCallStreams() {
        var guarder = RepeatedCallGuard(start: "<tool_call>", end: "</tool_call>")
        #expect(guarder.append(Array("<tool_call>\n{\"na".utf8)) == .release(Array("<tool_call>\n{\"na".utf8)))
        #expect(guarder.heldCount == 0)
        _ = guarder.append(Array("me\": \"f\"}\n</tool_call>\n".utf8))
        #expect(guarder.append(Array("<tool_call>\n{\"na".utf8)) == .release([]))
        #expect(guarder.heldCount == Array("<tool_call>\n{\"na".utf8).count)
    }
}
