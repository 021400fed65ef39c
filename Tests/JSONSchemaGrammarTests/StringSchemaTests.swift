import JSONCore
import JSONSchemaGrammar
import Testing

@Suite struct StringSchemaTests {
    @Test(arguments: [(0, 0), (1, 1), (2, 4), (3, nil), (0, 2)] as [(Int, Int?)])
    func lengthBoundsCountCodePoints(_ minimum: Int, _ maximum: Int?) throws {
        var schema = #"{"type": "string", "minLength": \#(minimum)"#
        if let maximum { schema += #", "maxLength": \#(maximum)"# }
        let compiled = try Compiled(schema: schema + "}")
        for length in 0...6 {
            let valid = length >= minimum && length <= (maximum ?? Int.max)
            // Plain letters, escapes and multi-byte characters each count as one.
            let pieces = ["a", #"\n"#, "é", #"\u00e9"#, "😀", #"\ud83d\ude00"#, #"\""#]
            let text = (0..<length).map { pieces[$0 % pieces.count] }.joined()
            #expect(compiled.accepts("\"\(text)\"") == valid, "\(text) (\(length))")
        }
    }

    @Test func stringsAreValidJSON() throws {
        let compiled = try Compiled(schema: #"{"type": "string"}"#)
        for input in [#""""#, #""plain""#, #""\"\\\/\b\f\n\r\t""#, #""\u0000\uFFFF\uD83D\uDE00""#] {
            #expect(compiled.accepts(input), "\(input)")
        }
        for input in [
            #"""#, #""a"#, "\"raw\ttab\"", "\"raw\nline\"", #""\a""#, #""\u123""#, #""\uD800""#, #""\uDC00\uD800""#,
            #""\uD800\u0041""#, #""a""b""#, "'a'",
        ] {
            #expect(!compiled.accepts(input), "\(input)")
        }
    }

    @Test func longLengthsBeyondLlamaLimit() throws {
        let compiled = try Compiled(schema: #"{"type": "string", "minLength": 2500, "maxLength": 4100}"#)
        func string(_ count: Int) -> String { "\"" + String(repeating: "x", count: count) + "\"" }
        #expect(!compiled.accepts(string(2499)))
        #expect(compiled.accepts(string(2500)))
        #expect(compiled.accepts(string(3000)))
        #expect(compiled.accepts(string(4100)))
        #expect(!compiled.accepts(string(4101)))
    }

    @Test func invalidLengths() throws {
        let error = try #require(try conversionError(#"{"type": "string", "minLength": 5, "maxLength": 4}"#))
        #expect(error.keyword == "minLength")
        #expect(try conversionError(#"{"type": "string", "maxLength": "5"}"#)?.keyword == "maxLength")
    }
}
