import JSONCore
import JSONSchemaValidation
import Testing

@Suite struct StringKeywordTests {
    @Test func lengthBoundsAtTheEdges() throws {
        try expectInstances(
            #"{"minLength":2,"maxLength":4}"#, valid: [#""ab""#, #""abcd""#, "5", "null"],
            invalid: [#""a""#, #""""#, #""abcde""#])
    }

    @Test func lengthCountsUnicodeCodePoints() throws {
        // "💩" is one code point (two UTF-16 units, four UTF-8 bytes); "é" written as e + U+0301 is two.
        try expectInstances(#"{"maxLength":1}"#, valid: [#""💩""#, #""é""#], invalid: [#""e\u0301""#, #""💩💩""#])
        try expectInstances(#"{"minLength":2}"#, valid: [#""e\u0301""#], invalid: [#""💩""#])
    }

    @Test func patternSearchesUnanchored() throws {
        try expectInstances(
            #"{"pattern":"b+"}"#, valid: [#""abbbc""#, #""b""#, "12", "null"], invalid: [#""ac""#, #""""#])
    }

    @Test func anchoredPatterns() throws {
        try expectInstances(
            #"{"pattern":"^[a-z]{2,3}-\\d+$"}"#, valid: [#""ab-1""#, #""abc-123""#],
            invalid: [#""a-1""#, #""abcd-1""#, #""ab-""#, #"" ab-1""#, #""ab-1\n""#])
    }

    @Test func patternUsesECMAClasses() throws {
        // In ECMA-262, \d and \w are ASCII-only.
        try expectInstances(#"{"pattern":"^\\d+$"}"#, valid: [#""0123""#], invalid: [#""٣""#, #""１""#])
        try expectInstances(#"{"pattern":"^\\w+$"}"#, valid: [#""a_Z9""#], invalid: [#""é""#])
        try expectInstances(#"{"pattern":"^[\\w.]+$"}"#, valid: [#""a.b""#], invalid: [#""a-b""#, #""ä""#])
        try expectInstances(#"{"pattern":"^\\p{L}+$"}"#, valid: [#""héllo""#], invalid: [#""h1""#])
    }

    @Test func patternUsesECMAWhitespaceAndNegatedClasses() throws {
        // ECMA's \s includes the vertical tab and U+FEFF; \D and \W inside a class are ASCII-based.
        try expectInstances(
            #"{"pattern":"^\\s$"}"#, valid: [#""\u000b""#, #""\ufeff""#, #"" ""#, #""\u3000""#], invalid: [#""x""#])
        try expectInstances(#"{"pattern":"^\\S+$"}"#, valid: [#""ab""#], invalid: [#""a b""#, #""a\u000bb""#])
        try expectInstances(#"{"pattern":"^[\\D]+$"}"#, valid: [#""ab٣""#], invalid: [#""a1""#])
        try expectInstances(
            #"{"pattern":"^[\\W]+$"}"#, valid: [#""-é!""#, #""{`""#], invalid: [#""a""#, #""_""#, #""9""#])
        try expectInstances(#"{"pattern":"^[^\\d]$"}"#, valid: [#""٣""#], invalid: [#""3""#])
    }

    @Test func patternEdgeSyntax() throws {
        try expectInstances(#"{"pattern":"^[[]$"}"#, valid: [#""[""#], invalid: [#""]""#])
        try expectInstances(#"{"pattern":"^a[^]b$"}"#, valid: [#""a\nb""#, #""axb""#], invalid: [#""ab""#])
        try expectInstances(#"{"pattern":"a[]"}"#, invalid: [#""a""#, #""a[]""#])
        try expectInstances(#"{"pattern":"^(?<year>\\d{4})$"}"#, valid: [#""2024""#], invalid: [#""24""#])
    }

    @Test func messages() throws {
        let short = try failures(#"{"minLength":3}"#, #""ab""#)
        #expect(short.map(\.message) == ["expected at least 3 characters, found 2"])
        let long = try failures(#"{"maxLength":1}"#, #""ab""#)
        #expect(long.map(\.message) == ["expected at most 1 character, found 2"])
        let pattern = try failures(#"{"pattern":"^x"}"#, #""y""#)
        #expect(pattern.map(\.message) == [#"expected a string matching the pattern ^x, found "y""#])
    }
}
