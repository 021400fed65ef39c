import LlamaInference
import Testing

@Suite("UTF-8 assembly and stop sequences")
struct TextAssemblyTests {
    @Test("multi-byte characters split across pieces come out whole, at every split point")
    func utf8Splits() {
        let text = "aé€😀b"
        let bytes = Array(text.utf8)
        for split in 0...bytes.count {
            var assembler = UTF8Assembler()
            var output = assembler.append(bytes[..<split])
            // Never a replacement character from a mere split.
            #expect(!output.contains("\u{FFFD}"))
            output += assembler.append(bytes[split...])
            output += assembler.flush()
            #expect(output == text)
        }
        var byteByByte = UTF8Assembler()
        var pieces: [String] = []
        for byte in bytes { pieces.append(byteByByte.append([byte])) }
        #expect(pieces.joined() == text)
        #expect(pieces.filter { !$0.isEmpty }.count == 5)
    }

    @Test("invalid bytes become U+FFFD instead of stalling")
    func invalidBytes() {
        var assembler = UTF8Assembler()
        let output = assembler.append([0x61, 0xFF, 0x62]) + assembler.flush()
        #expect(output == "a\u{FFFD}b")
        var truncated = UTF8Assembler()
        #expect(truncated.append([0xE2, 0x82]) == "")
        #expect(truncated.flush() == "\u{FFFD}")
    }

    @Test("a stop sequence split over pieces is never released, and text before it is")
    func stopAcrossPieces() {
        var matcher = StopMatcher(stops: ["END", "xyz"])
        var released: [UInt8] = []
        var stopped = false
        for piece in ["hello E", "N", "D world"] {
            switch matcher.append(Array(piece.utf8)) {
            case .release(let bytes): released += bytes
            case .stop(let bytes):
                released += bytes
                stopped = true
            }
            if stopped { break }
        }
        #expect(stopped)
        #expect(String(decoding: released, as: UTF8.self) == "hello ")
    }

    @Test("a held prefix that turns out not to be a stop is released; flush releases the rest")
    func falseAlarm() {
        var matcher = StopMatcher(stops: ["END"])
        guard case .release(let first) = matcher.append(Array("abcEN".utf8)) else { Issue.record("stopped"); return }
        #expect(String(decoding: first, as: UTF8.self) == "abc")
        guard case .release(let second) = matcher.append(Array("x".utf8)) else { Issue.record("stopped"); return }
        #expect(String(decoding: second, as: UTF8.self) == "ENx")
        _ = matcher.append(Array("E".utf8))
        #expect(String(decoding: matcher.flush(), as: UTF8.self) == "E")
    }

    @Test("the earliest of several stops wins")
    func earliestStop() {
        var matcher = StopMatcher(stops: ["cd", "b"])
        guard case .stop(let before) = matcher.append(Array("abcd".utf8)) else { Issue.record("no stop"); return }
        #expect(before == Array("a".utf8))
    }
}
