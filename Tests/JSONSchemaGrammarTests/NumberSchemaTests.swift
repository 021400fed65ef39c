import JSONCore
import JSONSchemaGrammar
import Testing

@Suite struct NumberSchemaTests {
    struct IntegerCase: CustomTestStringConvertible, Sendable {
        var schema: String
        var range: ClosedRange<Int>
        var testDescription: String { schema }
    }

    @Test(arguments: [
        IntegerCase(schema: #""minimum": -5, "maximum": 123"#, range: -5...123),
        IntegerCase(schema: #""minimum": 0, "maximum": 0"#, range: 0...0),
        IntegerCase(schema: #""minimum": -300, "maximum": -17"#, range: -300...(-17)),
        IntegerCase(schema: #""exclusiveMinimum": -1, "exclusiveMaximum": 100"#, range: 0...99),
        IntegerCase(schema: #""minimum": 0.5, "maximum": 9.99"#, range: 1...9),
        IntegerCase(schema: #""minimum": -2.5, "maximum": -0.1"#, range: -2...(-1)),
        IntegerCase(schema: #""minimum": 7, "exclusiveMinimum": true, "maximum": 1000"#, range: 8...1000),
        IntegerCase(schema: #""minimum": 99, "maximum": 1001"#, range: 99...1001),
        IntegerCase(schema: #""minimum": 1, "maximum": 100, "exclusiveMaximum": 50"#, range: 1...49),
    ])
    func integerRangesAreExact(_ test: IntegerCase) throws {
        let compiled = try Compiled(schema: #"{"type": "integer", \#(test.schema)}"#)
        for value in -400...1100 {
            #expect(compiled.accepts(String(value)) == test.range.contains(value), "\(value)")
        }
        #expect(!compiled.accepts("\(test.range.lowerBound).0"))
        #expect(!compiled.accepts("0\(abs(test.range.upperBound))") || test.range.upperBound == 0)
    }

    @Test func oneSidedIntegerRanges() throws {
        let atLeast = try Compiled(schema: #"{"type": "integer", "minimum": 10}"#)
        #expect(!atLeast.accepts("9"))
        #expect(atLeast.accepts("10"))
        #expect(atLeast.accepts("123456789012345678"))
        #expect(!atLeast.accepts("1234567890123456789"), "values stay within 18 digits")
        #expect(!atLeast.accepts("-20"))
        let below = try Compiled(schema: #"{"type": "integer", "exclusiveMaximum": -3}"#)
        #expect(below.accepts("-4"))
        #expect(below.accepts("-999999999999999999"))
        #expect(!below.accepts("-3"))
        #expect(!below.accepts("0"))
        let any = try Compiled(schema: #"{"type": "integer"}"#)
        for input in ["0", "-1", "42", "-123456789012345678"] { #expect(any.accepts(input), "\(input)") }
        for input in ["-0", "01", "1.0", "1e3", "+1", "", "-"] { #expect(!any.accepts(input), "\(input)") }
    }

    @Test func largeIntegerBounds() throws {
        let compiled = try Compiled(schema: #"{"type": "integer", "minimum": 9223372036854775800}"#)
        #expect(compiled.accepts("9223372036854775807"))
        #expect(compiled.accepts("9223372036854775800"))
        #expect(!compiled.accepts("9223372036854775799"))
        #expect(!compiled.accepts("9223372036854775808"))
    }

    /// Every decimal with up to two integer and three fraction digits, both signs, checked against
    /// the bounds by exact arithmetic (thousandths as integers).
    @Test(arguments: [
        #""minimum": 0.25, "exclusiveMaximum": 1.5"#, #""minimum": -2.5, "maximum": -0.5"#,
        #""exclusiveMinimum": 0, "maximum": 10"#, #""minimum": -10, "maximum": 10"#,
        #""exclusiveMinimum": -0.125, "exclusiveMaximum": 0.125"#, #""minimum": 3"#, #""maximum": -1.75"#,
        #""minimum": 1, "maximum": 1"#, #""minimum": 0.001, "maximum": 0.002"#,
    ])
    func numberRangesAreExactForDecimals(_ bounds: String) throws {
        let compiled = try Compiled(schema: #"{"type": "number", \#(bounds)}"#)
        let schema = try JSONValue(parsing: "{\(bounds)}")
        func thousandths(_ key: String) -> Int? {
            schema[key]?.doubleValue.map { Int(($0 * 1000).rounded()) }
        }
        let minimum = thousandths("minimum")
        let maximum = thousandths("maximum")
        let exclusiveMinimum = thousandths("exclusiveMinimum")
        let exclusiveMaximum = thousandths("exclusiveMaximum")
        for value in stride(from: -12_000, through: 12_000, by: 1) where value % 7 == 0 || abs(value) < 3000 {
            let valid =
                (minimum.map { value >= $0 } ?? true) && (maximum.map { value <= $0 } ?? true)
                && (exclusiveMinimum.map { value > $0 } ?? true) && (exclusiveMaximum.map { value < $0 } ?? true)
            for text in NumberSchemaTests.spellings(thousandths: value) {
                #expect(compiled.accepts(text) == valid, "\(text)")
            }
        }
    }

    /// The canonical spellings of a value in thousandths: trimmed, and with trailing zeros.
    static func spellings(thousandths value: Int) -> [String] {
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        let whole = magnitude / 1000
        let fraction = magnitude % 1000
        var fractionText = String(fraction)
        fractionText = String(repeating: "0", count: 3 - fractionText.count) + fractionText
        var results = ["\(sign)\(whole).\(fractionText)"]
        var trimmed = fractionText
        while trimmed.last == "0" { trimmed.removeLast() }
        results.append(trimmed.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(trimmed)")
        return results.filter { $0 != "-0" && !$0.hasPrefix("-0.000") }
    }

    @Test func boundedNumbersHaveNoExponentAndFitADouble() throws {
        let compiled = try Compiled(schema: #"{"type": "number", "minimum": 0, "maximum": 100}"#)
        #expect(compiled.accepts("12.5"))
        #expect(compiled.accepts("99.999999999999"))
        #expect(!compiled.accepts("1e1"))
        #expect(!compiled.accepts("99.9999999999999"), "at most 15 significant digits")
        #expect(!compiled.accepts("-0.5"))
        #expect(!compiled.accepts("100.5"))
        #expect(compiled.accepts("100.000"))
        for sample in compiled.samples(40, seed: 11) {
            let value = try #require(JSONValue(parsing: sample).doubleValue)
            #expect((0...100).contains(value), "\(sample)")
        }
    }

    @Test func unboundedNumbers() throws {
        let compiled = try Compiled(schema: #"{"type": "number"}"#)
        for input in ["0", "-0", "1.5", "-2.25e-10", "3E+2", "1234567890123456.5"] {
            #expect(compiled.accepts(input), "\(input)")
        }
        for input in ["01", ".5", "1.", "1e", "1e123", "NaN", "Infinity", "- 1"] {
            #expect(!compiled.accepts(input), "\(input)")
        }
    }

    @Test func typeListWithIntegerAndString() throws {
        let compiled = try Compiled(
            schema: #"{"type": ["integer", "string"], "minimum": 1, "maximum": 3, "maxLength": 2}"#)
        #expect(compiled.accepts("2"))
        #expect(!compiled.accepts("4"))
        #expect(compiled.accepts(#""ab""#))
        #expect(!compiled.accepts(#""abc""#))
        #expect(!compiled.accepts("true"))
    }

    @Test func invalidBounds() throws {
        let crossed = try #require(try conversionError(#"{"type": "integer", "minimum": 5, "maximum": 4}"#))
        #expect(crossed.keyword == "minimum")
        #expect(crossed.path == "#/minimum")
        #expect(try conversionError(#"{"type": "number", "exclusiveMinimum": 1, "maximum": 1}"#) != nil)
        #expect(try conversionError(#"{"type": "integer", "minimum": 0.2, "maximum": 0.8}"#) != nil)
        #expect(try conversionError(#"{"type": "number", "minimum": "1"}"#)?.keyword == "minimum")
    }
}
