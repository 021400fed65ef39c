import JSONCore
import JSONSchemaGrammar
import Testing

@Suite struct EnumConstTests {
    @Test func enumOfMixedValues() throws {
        let compiled = try Compiled(
            schema: #"{"enum": ["red", "say \"hi\"", 42, 1.5, true, null, [1, "a"], {"k": "v"}]}"#)
        for input in [#""red""#, #""say \"hi\"""#, "42", "1.5", "true", "null", #"[1,"a"]"#, #"{"k":"v"}"#] {
            #expect(compiled.accepts(input), "\(input)")
        }
        for input in [#""Red""#, #""red ""#, "43", "false", #"[1, "b"]"#, #"{"k":"w"}"#, #""say "hi"""#, "\"\""] {
            #expect(!compiled.accepts(input), "\(input)")
        }
    }

    @Test func enumFilteredByTypeAndSiblings() throws {
        let compiled = try Compiled(
            schema: #"{"type": "string", "enum": ["a", "bb", "ccc", 4, null], "minLength": 2, "maxLength": 2}"#)
        #expect(compiled.accepts(#""bb""#))
        #expect(!compiled.accepts(#""a""#))
        #expect(!compiled.accepts(#""ccc""#))
        #expect(!compiled.accepts("4"))
        #expect(!compiled.accepts("null"))
        let numbers = try Compiled(
            schema: #"{"enum": [1, 5, 10, "5"], "type": "integer", "minimum": 2, "exclusiveMaximum": 10}"#)
        #expect(numbers.accepts("5"))
        #expect(!numbers.accepts("1"))
        #expect(!numbers.accepts("10"))
        #expect(!numbers.accepts(#""5""#))
    }

    @Test func nullableEnumKeepsOnlyListedNull() throws {
        let withoutNull = try Compiled(schema: #"{"type": "string", "enum": ["a"], "nullable": true}"#)
        #expect(withoutNull.accepts(#""a""#))
        #expect(!withoutNull.accepts("null"))
        let withNull = try Compiled(schema: #"{"type": "string", "enum": ["a", null], "nullable": true}"#)
        #expect(withNull.accepts("null"))
    }

    @Test func constValues() throws {
        let compiled = try Compiled(schema: #"{"const": {"b": [1, 2.0], "a": "x"}}"#)
        #expect(compiled.accepts(#"{"b":[1,2],"a":"x"}"#))
        #expect(!compiled.accepts(#"{"a":"x","b":[1,2]}"#), "the grammar writes the constant one way")
        let string = try Compiled(schema: #"{"const": "日本\n"}"#)
        #expect(string.accepts(#""日本\n""#))
        #expect(!string.accepts(#""日本""#))
        let both = try Compiled(schema: #"{"const": 2, "enum": [1, 2.0, 3]}"#)
        #expect(both.accepts("2"))
        #expect(!both.accepts("1"))
    }

    @Test func emptyEnumMatchesNothing() throws {
        #expect(try conversionError(#"{"enum": []}"#) != nil)
        #expect(try conversionError(#"{"type": "integer", "enum": ["a"]}"#) != nil)
        #expect(try conversionError(#"{"enum": 3}"#)?.keyword == "enum")
        let optional = try Compiled(
            schema:
                #"{"type": "object", "properties": {"a": {"enum": []}, "b": {"const": 1}}, "additionalProperties": false}"#
        )
        #expect(optional.accepts(#"{"b": 1}"#))
        #expect(!optional.accepts(#"{"a": 1}"#))
    }
}
