import ChatCompletionsAPI
import Testing

@Suite struct JSONValueParsingTests {
    @Test(arguments: [
        #"null"#, #"true"#, #"false"#, #"0"#, #"-0"#, #"42"#, #"-17"#, #"9223372036854775807"#,
        #"1.5"#, #"-0.25"#, #"1e-5"#, #"2.5e10"#, #""""#, #""plain""#, #""esc\"aped\\ \n\t\r\b\f/""#,
        #"[]"#, #"{}"#, #"[1,[2,[3,{}]],"x"]"#, #"{"b":1,"a":{"z":[true,null],"y":"é😀"}}"#,
        #"  {"spaced" : [ 1 , 2 ] }  "#,
    ])
    func parsesAndReserializesToTheSameValue(text: String) throws {
        let value = try JSONValue(parsing: text)
        let again = try JSONValue(parsing: value.serialized())
        #expect(again == value)
        #expect(try JSONValue(parsing: value.serialized(.prettyPrinted)) == value)
    }

    @Test func keepsMemberOrderAndTellsIntegersFromDoubles() throws {
        let value = try JSONValue(parsing: #"{"zeta":1,"alpha":2.0,"mid":[3,4.5],"big":18446744073709551616}"#)
        #expect(value.objectValue?.keys == ["zeta", "alpha", "mid", "big"])
        #expect(value["zeta"] == .int(1))
        #expect(value["alpha"] == .double(2))
        #expect(value["mid"] == [.int(3), .double(4.5)])
        #expect(value["big"] == .double(18446744073709551616))
        #expect(value.jsonString() == #"{"zeta":1,"alpha":2.0,"mid":[3,4.5],"big":1.8446744073709552e19}"#)
    }

    @Test func repeatedMemberKeepsItsFirstPositionAndLastValue() throws {
        let value = try JSONValue(parsing: #"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == .int(3))
    }

    @Test func decodesSurrogatePairs() throws {
        #expect(try JSONValue(parsing: #""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONValue(parsing: #""\u00e9\u0041""#) == .string("éA"))
        #expect(try JSONValue(parsing: #""\u0000""#) == .string("\u{0}"))
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        var input: [UInt8]
        var reason: String
        var offset: Int
        var line: Int
        var column: Int
        var testDescription: String { reason }

        init(_ text: String, _ reason: String, offset: Int, line: Int = 1, column: Int? = nil) {
            self.init(bytes: Array(text.utf8), reason, offset: offset, line: line, column: column)
        }

        init(bytes: [UInt8], _ reason: String, offset: Int, line: Int = 1, column: Int? = nil) {
            self.input = bytes
            self.reason = reason
            self.offset = offset
            self.line = line
            self.column = column ?? offset + 1
        }
    }

    static let failures: [Failure] = [
        Failure("", "expected a JSON value", offset: 0),
        Failure("   ", "expected a JSON value", offset: 3),
        Failure("{\"a\":1,}", "member name", offset: 7),
        Failure("[1,2", "unterminated array", offset: 4),
        Failure("[1 2]", "expected ',' or ']'", offset: 3),
        Failure("{\n  \"a\": tru\n}", "invalid literal", offset: 9, line: 2, column: 8),
        Failure("{\n\n   \"k\" 1}", "expected ':'", offset: 10, line: 3, column: 8),
        Failure("01", "leading zeros", offset: 1),
        Failure("1.", "digits after '.'", offset: 2),
        Failure("1e+", "digits in exponent", offset: 3),
        Failure("-", "invalid number", offset: 1),
        Failure("1e400", "out of range", offset: 0),
        Failure("{} x", "unexpected data after", offset: 3),
        Failure("\"tab\there\"", "control character", offset: 4),
        Failure("\"abc", "unterminated string", offset: 0),
        Failure(#""\x""#, "invalid escape", offset: 1),
        Failure(#""\u12G4""#, "invalid hex digit", offset: 5),
        Failure(#""\ud83d""#, "lone high surrogate", offset: 7),
        Failure(#""\ud83d\u0041""#, "invalid low surrogate", offset: 13),
        Failure(#""\ude00""#, "lone low surrogate", offset: 7),
        Failure(bytes: [0xEF, 0xBB, 0xBF, 0x31], "byte-order mark", offset: 0),
        Failure(bytes: [0x22, 0x61, 0xFF, 0x22], "invalid UTF-8", offset: 2),
        Failure(bytes: [0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8", offset: 1),
        Failure(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8", offset: 1),
        Failure(bytes: [0x22, 0x61, 0xE2, 0x82, 0x22], "invalid UTF-8", offset: 2),
        Failure(bytes: Array(#""\n"#.utf8) + [0x62, 0xFE, 0x22], "invalid UTF-8", offset: 4),
        Failure(bytes: [0x5B, 0xC3, 0xA9, 0x5D], "unexpected character", offset: 1),
    ]

    @Test(arguments: failures)
    func reportsWhereAndWhy(failure: Failure) {
        #expect {
            try JSONValue(parsing: failure.input)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            #expect(error.reason.contains(failure.reason), "\(error.reason)")
            #expect(error.offset == failure.offset, "\(error)")
            #expect(error.line == failure.line, "\(error)")
            #expect(error.column == failure.column, "\(error)")
            return true
        }
    }

    @Test func limitsNestingDepth() throws {
        let depth = JSONValue.maximumNestingDepth
        let deepest = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: Never.self) { try JSONValue(parsing: deepest) }
        let tooDeep = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        #expect {
            try JSONValue(parsing: tooDeep)
        } throws: { error in
            (error as? JSONParseError)?.reason.contains("nesting deeper than") == true
                && (error as? JSONParseError)?.offset == depth
        }
        let objects = String(repeating: #"{"a":"#, count: depth + 1) + "1" + String(repeating: "}", count: depth + 1)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: objects) }
    }

    @Test func accessorsReadTheRightCases() throws {
        let value = try JSONValue(parsing: #"{"s":"x","b":true,"i":3,"d":2.0,"f":2.5,"a":[],"n":null}"#)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == true)
        #expect(value["i"]?.intValue == 3)
        #expect(value["d"]?.intValue == 2)
        #expect(value["f"]?.intValue == nil)
        #expect(value["f"]?.doubleValue == 2.5)
        #expect(value["a"]?.arrayValue == [])
        #expect(value["n"]?.isNull == true)
        #expect(value["missing"] == nil)
        #expect(value["i"]?.typeName == "integer")
        #expect(value["f"]?.typeName == "number")
    }
}

@Suite struct JSONValueSerializationTests {
    @Test func escapesWhatJSONRequires() {
        let value: JSONValue = .string("q\"b\\n\nr\rt\tb\u{8}f\u{C}c\u{1}d\u{7F}é/")
        #expect(value.jsonString() == #""q\"b\\n\nr\rt\tb\bf\fc\u0001d"# + "\u{7F}é/\"")
    }

    @Test(arguments: [
        (0.1, "0.1"), (2.0, "2.0"), (-0.0, "-0.0"), (1e-5, "1e-5"), (1.5e-7, "1.5e-7"), (1e15, "1000000000000000.0"),
        (1e17, "1e17"),
        (123456.789, "123456.789"), (Double.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e308"),
        (Double.infinity, "null"), (Double.nan, "null"),
    ])
    func writesDoublesShortestAndReadable(value: Double, text: String) throws {
        #expect(JSONValue.double(value).jsonString() == text)
        if value.isFinite {
            #expect(try JSONValue(parsing: text) == .double(value))
        }
    }

    @Test func prettyPrintsAndSortsOnRequest() {
        let value: JSONValue = ["b": [1, 2], "a": [:], "c": []]
        #expect(value.jsonString() == #"{"b":[1,2],"a":{},"c":[]}"#)
        #expect(value.jsonString(.sortedKeys) == #"{"a":{},"b":[1,2],"c":[]}"#)
        #expect(
            value.jsonString([.prettyPrinted, .sortedKeys])
                == "{\n  \"a\": {},\n  \"b\": [\n    1,\n    2\n  ],\n  \"c\": []\n}")
    }

    @Test func objectEqualityIgnoresOrderButIterationKeepsIt() {
        var first = JSONObject()
        first["x"] = 1
        first["y"] = 2
        let second: JSONObject = ["y": 2, "x": 1]
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first.map(\.key) == ["x", "y"])
        first["x"] = nil
        #expect(first.keys == ["y"])
        #expect(!first.contains("x"))
        first["z"] = .null
        #expect(first.contains("z"))
        #expect(first.count == 2)
    }
}
