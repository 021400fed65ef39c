import JSONCore
import JSONSchemaGrammar
import Testing

@Suite struct ArraySchemaTests {
    static func array(_ count: Int) -> String { "[" + (0..<count).map(String.init).joined(separator: ", ") + "]" }

    @Test(arguments: [(0, 0), (0, 1), (0, 3), (1, 1), (2, 5), (3, nil), (0, nil)] as [(Int, Int?)])
    func itemCountBoundsAreExact(_ minimum: Int, _ maximum: Int?) throws {
        var schema = #"{"type": "array", "items": {"type": "integer"}, "minItems": \#(minimum)"#
        if let maximum { schema += #", "maxItems": \#(maximum)"# }
        let compiled = try Compiled(schema: schema + "}")
        for count in 0...8 {
            let valid = count >= minimum && count <= (maximum ?? Int.max)
            #expect(compiled.accepts(ArraySchemaTests.array(count)) == valid, "\(count) items")
        }
        #expect(!compiled.accepts(#"["0"]"#))
    }

    @Test func largeCountsBeyondLlamaLimitStayExact() throws {
        let compiled = try Compiled(
            schema: #"{"type": "array", "items": {"const": 0}, "minItems": 2001, "maxItems": 2003}"#)
        func zeros(_ count: Int) -> String { "[" + Array(repeating: "0", count: count).joined(separator: ",") + "]" }
        #expect(!compiled.accepts(zeros(2000)))
        #expect(compiled.accepts(zeros(2001)))
        #expect(compiled.accepts(zeros(2003)))
        #expect(!compiled.accepts(zeros(2004)))
    }

    @Test func prefixItemsThenItems() throws {
        let compiled = try Compiled(
            schema: #"""
                {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": {"type": "boolean"},
                 "minItems": 1}
                """#)
        #expect(compiled.accepts(#"["a"]"#))
        #expect(compiled.accepts(#"["a", 1]"#))
        #expect(compiled.accepts(#"["a", 1, true, false]"#))
        #expect(!compiled.accepts("[]"))
        #expect(!compiled.accepts("[1]"))
        #expect(!compiled.accepts(#"["a", "b"]"#))
        #expect(!compiled.accepts(#"["a", 1, 2]"#))
    }

    @Test func prefixItemsWithItemsFalseCapTheLength() throws {
        let compiled = try Compiled(
            schema: #"{"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}], "items": false}"#)
        #expect(compiled.accepts("[]"))
        #expect(compiled.accepts("[1]"))
        #expect(compiled.accepts(#"[1, "x"]"#))
        #expect(!compiled.accepts(#"[1, "x", 2]"#))
        let required = try Compiled(
            schema:
                #"{"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}], "items": false, "minItems": 2}"#
        )
        #expect(!required.accepts("[1]"))
        #expect(required.accepts(#"[1, "x"]"#))
    }

    @Test func olderTupleFormWithAdditionalItems() throws {
        let compiled = try Compiled(
            schema:
                #"{"type": "array", "items": [{"type": "null"}, {"type": "boolean"}], "additionalItems": {"type": "string"}}"#
        )
        #expect(compiled.accepts("[null, true]"))
        #expect(compiled.accepts(#"[null, true, "a", "b"]"#))
        #expect(!compiled.accepts("[null, true, 1]"))
        #expect(!compiled.accepts("[true]"))
    }

    @Test func itemsAbsentMeansAnyValue() throws {
        let compiled = try Compiled(schema: #"{"type": "array", "maxItems": 2}"#)
        #expect(compiled.accepts(#"[{"a": [1]}, "x"]"#))
        #expect(!compiled.accepts("[1, 2, 3]"))
    }

    @Test func falseItemsAllowOnlyTheEmptyArray() throws {
        let compiled = try Compiled(schema: #"{"type": "array", "items": false}"#)
        #expect(compiled.accepts("[]"))
        #expect(compiled.accepts("[ ]"))
        #expect(!compiled.accepts("[1]"))
        #expect(try conversionError(#"{"type": "array", "items": false, "minItems": 1}"#) != nil)
    }

    @Test func nestedArraysWithWhitespace() throws {
        let compiled = try Compiled(
            schema:
                #"{"type": "array", "items": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}}"#
        )
        #expect(compiled.accepts("[[1, 2], [3.5, -4e2]]"))
        #expect(compiled.accepts("[\n  [\n    1,\n    2\n  ]\n]"))
        #expect(!compiled.accepts("[[1]]"))
        #expect(!compiled.accepts("[[1, 2, 3]]"))
        #expect(!compiled.accepts("[ [1, 2] , ]"))
    }

    @Test func invalidCounts() throws {
        let error = try #require(try conversionError(#"{"type": "array", "minItems": 3, "maxItems": 2}"#))
        #expect(error.keyword == "minItems")
        #expect(error.path == "#/minItems")
        #expect(try conversionError(#"{"type": "array", "minItems": -1}"#)?.keyword == "minItems")
        #expect(try conversionError(#"{"type": "array", "maxItems": 1.5}"#)?.keyword == "maxItems")
        #expect(try conversionError(#"{"type": "array", "prefixItems": {}}"#)?.keyword == "prefixItems")
    }
}
