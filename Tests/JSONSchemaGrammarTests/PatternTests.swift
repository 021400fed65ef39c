import Foundation
import JSONCore
import JSONSchemaGrammar
import Testing

@Suite struct PatternTests {
    /// Compiles `{"type": "string", "pattern": pattern}`.
    static func compile(_ pattern: String, strict: Bool = true, extra: String = "") throws -> Compiled {
        let schema = JSONValue.object(["type": "string", "pattern": .string(pattern)]).jsonString()
        return try Compiled(schema: extra.isEmpty ? schema : String(schema.dropLast()) + ", " + extra + "}")
    }

    /// A string as a JSON string literal.
    static func json(_ text: String) -> String { JSONValue.string(text).jsonString() }

    /// `pattern` for ICU, whose `$` also matches before a final newline: ECMA-262's `$` is `\z`.
    static func icu(_ pattern: String) -> String {
        var result = ""
        var escaped = false
        var inClass = false
        for character in pattern {
            defer { escaped = !escaped && character == "\\" }
            if !escaped && character == "[" { inClass = true }
            if !escaped && character == "]" { inClass = false }
            result += !escaped && !inClass && character == "$" ? "\\z" : String(character)
        }
        return result
    }

    /// Every string of up to `length` characters over `alphabet`.
    static func strings(over alphabet: [Character], upTo length: Int) -> [String] {
        var result = [""]
        var layer = [""]
        for _ in 0..<length {
            layer = layer.flatMap { prefix in alphabet.map { prefix + String($0) } }
            result += layer
        }
        return result
    }

    /// Patterns in the supported subset, checked against Foundation's regular expressions (ICU)
    /// on every short ASCII string over the pattern's own characters and a few others. ASCII
    /// only, where ICU and ECMA-262 agree on `.`, `\w`, `\d` and `\s`.
    @Test(arguments: [
        "^abc$", "abc", "^a", "c$", "^[a-c]+$", "^[^0-9]*$", #"^\d{2}-\d$"#, "^(ab|c)*$", "^a{2,3}$", "^a{2,}$",
        "^(a|b)?c$", #"^\w+@\w\.c$"#, "x|^y$", "^.$", #"^[\d\s]+$"#, #"^\.\*$"#, "^a.c$", "^(?:a|b)+$",
        "^(?<name>a)b$", "^[-a]$", "^[a-]$", #"^[\]a]$"#, #"^"$"#, #"^\\$"#, "^(a*)*$", "^(a?)+b$", "^(|a)c$",
        "^a*?b$", #"^\x61\u0062$"#, #"^[^"]*$"#, ".*", "^$", "^(a|)$", "a{0}b", "^a|b|c$", #"^[\w-]{2}$"#,
        #"^\S\D\W$"#, "^a{1}b{0,1}c{2}$", "b+", "^(ab){1,2}$", #"^[a\n]$"#, "^((a|b)(c|))+$", "^[^a-y]$",
        "^a]$",
    ])
    func agreesWithARegexEngine(_ pattern: String) throws {
        let compiled = try PatternTests.compile(pattern)
        let oracle = try NSRegularExpression(pattern: PatternTests.icu(pattern))
        var alphabet = Set(pattern.filter { $0.isLetter || $0.isNumber || "-.@\" ".contains($0) })
        alphabet.formUnion(["z", "1", "\"", "\n"])
        let length = alphabet.count > 8 ? 3 : 4
        for text in PatternTests.strings(over: alphabet.sorted(), upTo: length) {
            let range = NSRange(text.startIndex..<text.endIndex, in: text)
            let expected = oracle.firstMatch(in: text, range: range) != nil
            #expect(compiled.accepts(PatternTests.json(text)) == expected, "\(pattern) on \(text.debugDescription)")
        }
    }

    @Test func bracesThatAreNoQuantifierAreLiterals() throws {
        let compiled = try PatternTests.compile("^a{,2}}{$")
        #expect(compiled.accepts(PatternTests.json("a{,2}}{")))
        #expect(!compiled.accepts(PatternTests.json("aa")))
    }

    @Test func unanchoredPatternsMatchAnywhere() throws {
        let compiled = try PatternTests.compile("[0-9]{3}")
        #expect(compiled.accepts(PatternTests.json("abc123def")))
        #expect(compiled.accepts(PatternTests.json("123")))
        #expect(compiled.accepts(PatternTests.json("\n\"x\" 9876")))
        #expect(!compiled.accepts(PatternTests.json("12a3")))
        let anchored = try PatternTests.compile("^[0-9]{3}$")
        #expect(!anchored.accepts(PatternTests.json("abc123def")))
        let empty = try PatternTests.compile("")
        #expect(empty.accepts(PatternTests.json("")))
        #expect(empty.accepts(PatternTests.json("any \"thing\"")))
        #expect(!empty.text.contains("char* char*"), "one .* for an empty pattern")
    }

    @Test func nonASCIIAndEscapes() throws {
        let compiled = try PatternTests.compile(
            #"^[é日-本]\u{1F600}\t$"#.replacingOccurrences(of: #"\u{1F600}"#, with: "😀"))
        #expect(compiled.accepts(PatternTests.json("é😀\t")))
        #expect(compiled.accepts(PatternTests.json("日😀\t")))
        #expect(!compiled.accepts(PatternTests.json("e😀\t")))
        let pair = try PatternTests.compile(#"^\uD83D\uDE00$"#)
        #expect(pair.accepts(PatternTests.json("😀")))
        let dot = try PatternTests.compile("^.$")
        #expect(dot.accepts(PatternTests.json("\u{7}")))
        #expect(dot.accepts(PatternTests.json("😀")))
        #expect(!dot.accepts(PatternTests.json("\u{2028}")))
        #expect(!dot.accepts(PatternTests.json("\r")))
    }

    @Test func lengthBoundsNarrowThePattern() throws {
        let word = try PatternTests.compile("^[a-z]+$", extra: #""maxLength": 4"#)
        #expect(word.accepts(PatternTests.json("abcd")))
        #expect(!word.accepts(PatternTests.json("abcde")))
        #expect(!word.accepts(PatternTests.json("")))
        let code = try PatternTests.compile("^[A-Z][a-z]*[0-9]+$", extra: #""minLength": 3, "maxLength": 5"#)
        for sample in code.samples(30, seed: 2) {
            let text = try #require(JSONValue(parsing: sample).stringValue)
            #expect((3...5).contains(text.count), "\(text)")
            #expect(text.first!.isUppercase && text.last!.isNumber, "\(text)")
        }
        let unanchored = try PatternTests.compile("ab", extra: #""minLength": 3, "maxLength": 4"#)
        for sample in unanchored.samples(30, seed: 4) {
            let text = try #require(JSONValue(parsing: sample).stringValue)
            #expect((3...4).contains(text.unicodeScalars.count) && text.contains("ab"), "\(text)")
        }
        #expect(!unanchored.accepts(PatternTests.json("ab")))
    }

    @Test func lengthBoundsThatCannotBeFitted() throws {
        // Only whole repetitions grow to reach a minimum length, so this one is out of reach.
        let schema = #"{"type": "string", "pattern": "^(ab|c)$", "minLength": 2}"#
        let error = try #require(try conversionError(schema))
        #expect(error.keyword == "minLength")
        let lenient = try Compiled(schema: schema, strict: false)
        #expect(lenient.dropped.map(\.keyword) == ["minLength"])
        #expect(lenient.accepts(PatternTests.json("c")))
        let nested = try PatternTests.compile("^(a+b)+$", extra: #""maxLength": 3"#)
        #expect(nested.accepts(PatternTests.json("aab")))
        #expect(!nested.accepts(PatternTests.json("abab")))
        let narrowed = try PatternTests.compile("^(ab|c)+$", extra: #""maxLength": 3"#)
        #expect(narrowed.accepts(PatternTests.json("ab")))
        #expect(!narrowed.accepts(PatternTests.json("abab")))
    }

    @Test(arguments: [
        ("(?=a)b", "lookahead"), ("(?<!a)b", "lookbehind"), (#"\bfoo"#, "word boundaries"),
        (#"(a)\1"#, "backreferences"),
        (#"\p{L}"#, "Unicode property"), ("(?i)abc", "group modifiers"), ("a^b", "anchor"), ("(^a)", "anchor"),
        ("[]", "empty character class"), (#"\Z"#, "escape"), (#"\Aabc"#, "escape"), (#"\k<n>"#, "backreferences"),
    ])
    func unsupportedFeatures(_ pattern: String, _ feature: String) throws {
        let schema = JSONValue.object([
            "type": "object", "properties": ["p": ["type": "string", "pattern": .string(pattern)]],
        ])
        do {
            _ = try JSONSchemaGrammar.grammar(forSchema: schema, strict: true)
            Issue.record("\(pattern) should be refused in strict mode")
        } catch {
            #expect(error.keyword == "pattern")
            #expect(error.path == "#/properties/p/pattern")
            #expect(error.message.contains(feature), "\(error.message)")
        }
        let (text, dropped) = try JSONSchemaGrammar.grammar(forSchema: schema, strict: false)
        #expect(dropped.map(\.path) == ["#/properties/p/pattern"])
        let compiled = try Compiled(text: text)
        #expect(compiled.accepts(#"{"p": "anything at all"}"#))
    }

    @Test(arguments: ["(", "a)", "[a", "*a", "a**", "a{2,1}", "\\", "[z-a]", #"\x4"#, "a|*", "(?<n"])
    func invalidPatternsAreErrorsEvenWhenNotStrict(_ pattern: String) throws {
        let schema = JSONValue.object(["type": "string", "pattern": .string(pattern)])
        for strict in [true, false] {
            #expect(throws: SchemaConversionError.self, "\(pattern)") {
                try JSONSchemaGrammar.grammar(forSchema: schema, strict: strict)
            }
        }
    }
}
