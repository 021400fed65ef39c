import JSONCore
import JSONSchemaGrammar
import Testing

@Suite struct CompositionTests {
    @Test func anyOfAndOneOfAreAlternatives() throws {
        for keyword in ["anyOf", "oneOf"] {
            let compiled = try Compiled(
                schema:
                    ##"{"\##(keyword)": [{"type": "integer", "maximum": 5}, {"type": "string", "maxLength": 1}, {"type": "null"}]}"##
            )
            #expect(compiled.accepts("5"))
            #expect(!compiled.accepts("6"))
            #expect(compiled.accepts(##""x""##))
            #expect(!compiled.accepts(##""xy""##))
            #expect(compiled.accepts("null"))
            #expect(!compiled.accepts("true"))
        }
    }

    @Test func anyOfWithSiblingKeywordsMergesThemIntoEachBranch() throws {
        let compiled = try Compiled(
            schema: ##"""
                {"type": "object", "properties": {"kind": {"type": "string"}, "a": {"type": "integer"}, "b": {"type": "integer"}},
                 "additionalProperties": false,
                 "anyOf": [{"required": ["a"]}, {"required": ["b"]}]}
                """##)
        #expect(compiled.accepts(##"{"a": 1}"##))
        #expect(compiled.accepts(##"{"kind": "x", "b": 2}"##))
        #expect(compiled.accepts(##"{"a": 1, "b": 2}"##))
        #expect(!compiled.accepts(##"{"kind": "x"}"##))
        #expect(!compiled.accepts("{}"))
    }

    @Test func allOfMergesObjectSchemas() throws {
        let compiled = try Compiled(
            schema: ##"""
                {"allOf": [
                  {"type": "object", "properties": {"id": {"type": "integer", "minimum": 0}}, "required": ["id"]},
                  {"type": "object", "properties": {"id": {"maximum": 10}, "name": {"type": "string"}}, "required": ["name"]}
                ]}
                """##)
        #expect(compiled.accepts(##"{"id": 3, "name": "x"}"##))
        #expect(!compiled.accepts(##"{"id": 11, "name": "x"}"##))
        #expect(!compiled.accepts(##"{"id": -1, "name": "x"}"##))
        #expect(!compiled.accepts(##"{"id": 3}"##))
        #expect(!compiled.accepts(##"{"name": "x"}"##))
    }

    @Test func allOfHonoursEachSidesAdditionalProperties() throws {
        let compiled = try Compiled(
            schema: ##"""
                {"allOf": [
                  {"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": false},
                  {"type": "object", "properties": {"b": {"type": "integer"}}}
                ]}
                """##, strict: false)
        #expect(compiled.accepts(##"{"a": 1}"##))
        #expect(!compiled.accepts(##"{"a": 1, "b": 2}"##), "b is an additional property for the first part")
        #expect(!compiled.accepts(##"{"c": 1}"##))
    }

    @Test func allOfWithRefsAndNumbers() throws {
        let compiled = try Compiled(
            schema: ##"""
                {"$defs": {"positive": {"type": "number", "exclusiveMinimum": 0}, "small": {"maximum": 2}},
                 "allOf": [{"$ref": "#/$defs/positive"}, {"$ref": "#/$defs/small"}, {"type": "integer"}]}
                """##)
        #expect(compiled.accepts("1"))
        #expect(compiled.accepts("2"))
        #expect(!compiled.accepts("0"))
        #expect(!compiled.accepts("3"))
        #expect(!compiled.accepts("1.5"))
    }

    @Test func allOfDistributesOverAnyOf() throws {
        let compiled = try Compiled(
            schema:
                ##"{"allOf": [{"anyOf": [{"const": 1}, {"const": 2}, {"const": 3}]}, {"oneOf": [{"const": 2}, {"const": 3}, {"const": 4}]}]}"##
        )
        #expect(!compiled.accepts("1"))
        #expect(compiled.accepts("2"))
        #expect(compiled.accepts("3"))
        #expect(!compiled.accepts("4"))
    }

    @Test func contradictoryAllOfIsAnError() throws {
        let error = try #require(try conversionError(##"{"allOf": [{"type": "string"}, {"type": "integer"}]}"##))
        #expect(error.path == "#")
        let patterns = try #require(
            try conversionError(##"{"allOf": [{"type": "string", "pattern": "^a"}, {"pattern": "b$"}]}"##))
        #expect(patterns.keyword == "pattern")
        #expect(patterns.path == "#/allOf/pattern")
    }

    @Test func localReferences() throws {
        let compiled = try Compiled(
            schema: ##"""
                {"type": "object", "additionalProperties": false, "required": ["a", "b", "c"],
                 "properties": {"a": {"$ref": "#/$defs/code"}, "b": {"$ref": "#/definitions/flag"},
                                "c": {"$ref": "#/properties/a"}},
                 "$defs": {"code": {"type": "string", "pattern": "^[A-Z]{2}$"}},
                 "definitions": {"flag": {"type": "boolean"}}}
                """##)
        #expect(compiled.accepts(##"{"a": "AB", "b": true, "c": "CD"}"##))
        #expect(!compiled.accepts(##"{"a": "ab", "b": true, "c": "CD"}"##))
        #expect(!compiled.accepts(##"{"a": "AB", "b": 1, "c": "CD"}"##))
    }

    @Test func recursiveTree() throws {
        let compiled = try Compiled(
            schema: ##"""
                {"$ref": "#/$defs/node",
                 "$defs": {"node": {"type": "object", "additionalProperties": false, "required": ["value"],
                                    "properties": {"value": {"type": "integer"},
                                                   "children": {"type": "array", "items": {"$ref": "#/$defs/node"}, "maxItems": 2}}}}}
                """##)
        #expect(compiled.accepts(##"{"value": 1}"##))
        #expect(
            compiled.accepts(
                ##"{"value": 1, "children": [{"value": 2}, {"value": 3, "children": [{"value": 4, "children": []}]}]}"##
            ))
        #expect(!compiled.accepts(##"{"value": 1, "children": [{"value": 2}, {"value": 3}, {"value": 4}]}"##))
        #expect(!compiled.accepts(##"{"value": 1, "children": [{"children": []}]}"##))
        for sample in compiled.samples(20, seed: 5) {
            #expect(try JSONValue(parsing: sample)["value"]?.intValue != nil, "\(sample)")
        }
    }

    @Test func rootRecursionThroughHash() throws {
        let compiled = try Compiled(
            schema: ##"""
                {"type": "object", "properties": {"name": {"type": "string"}, "next": {"anyOf": [{"$ref": "#"}, {"type": "null"}]}},
                 "required": ["name", "next"], "additionalProperties": false}
                """##)
        #expect(compiled.accepts(##"{"name": "a", "next": {"name": "b", "next": null}}"##))
        #expect(!compiled.accepts(##"{"name": "a", "next": {"name": "b"}}"##))
    }

    @Test func referenceWithSiblingKeywords() throws {
        let compiled = try Compiled(
            schema:
                ##"{"$defs": {"word": {"type": "string", "pattern": "^[a-z]+$"}}, "$ref": "#/$defs/word", "maxLength": 3, "description": "short"}"##
        )
        #expect(compiled.accepts(##""abc""##))
        #expect(!compiled.accepts(##""abcd""##))
        #expect(!compiled.accepts(##""ab1""##))
    }

    @Test func mutuallyRecursiveAllOf() throws {
        let compiled = try Compiled(
            schema: ##"""
                {"$defs": {
                   "a": {"type": "object", "properties": {"child": {"$ref": "#/$defs/a"}, "x": {"type": "integer"}}},
                   "b": {"type": "object", "properties": {"child": {"$ref": "#/$defs/b"}, "x": {"maximum": 9}}}},
                 "allOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/b"}]}
                """##)
        #expect(!compiled.accepts(##"{"x": 1, "child": {}}"##), "child comes first, as declared")
        #expect(compiled.accepts(##"{"child": {"child": {"x": 9}}, "x": 1}"##))
        #expect(!compiled.accepts(##"{"child": {"child": {"x": 10}}}"##))
        #expect(!compiled.accepts(##"{"child": {"child": {"x": 1.5}}}"##))
    }

    @Test func badReferences() throws {
        let missing = try #require(
            try conversionError(##"{"type": "object", "properties": {"a": {"$ref": "#/$defs/nope"}}}"##))
        #expect(missing.keyword == "$ref")
        #expect(missing.path == "#/properties/a/$ref")
        #expect(try conversionError(##"{"$ref": "https://example.com/schema.json"}"##)?.keyword == "$ref")
        #expect(try conversionError(##"{"$ref": 5}"##)?.keyword == "$ref")
        let loop = try #require(
            try conversionError(
                ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##))
        #expect(loop.keyword == "$ref")
        #expect(try conversionError(##"{"anyOf": [{"$ref": "#"}, {"type": "null"}]}"##) != nil)
        #expect(
            try conversionError(##"{"$defs": {"a": {"allOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"}"##) != nil)
    }

    @Test func booleanAndEmptySchemas() throws {
        for schema in ["true", "{}", ##"{"description": "anything"}"##] {
            let compiled = try Compiled(schema: schema)
            for input in ["1", ##""s""##, "null", ##"{"a": [true]}"##, "[]"] {
                #expect(compiled.accepts(input), "\(input)")
            }
            #expect(!compiled.accepts("nope"))
        }
        #expect(try conversionError("false") != nil)
        #expect(try conversionError("3")?.path == "#")
    }

    @Test func nullable() throws {
        let compiled = try Compiled(schema: ##"{"type": "integer", "nullable": true, "maximum": 3}"##)
        #expect(compiled.accepts("null"))
        #expect(compiled.accepts("3"))
        #expect(!compiled.accepts("4"))
        let typeList = try Compiled(schema: ##"{"type": ["string", "null"], "maxLength": 1}"##)
        #expect(typeList.accepts("null"))
        #expect(typeList.accepts(##""a""##))
        #expect(!typeList.accepts(##""ab""##))
        #expect(try conversionError(##"{"type": "string", "nullable": "yes"}"##)?.keyword == "nullable")
        let reference = try Compiled(
            schema: ##"{"$defs": {"n": {"type": "integer"}}, "$ref": "#/$defs/n", "nullable": true}"##)
        #expect(reference.accepts("null"))
        #expect(reference.accepts("7"))
        #expect(!reference.accepts(##""7""##))
    }

    @Test func invalidTypes() throws {
        let banana = try #require(
            try conversionError(##"{"type": "object", "properties": {"x": {"type": "banana"}}}"##))
        #expect(banana.keyword == "type")
        #expect(banana.path == "#/properties/x/type")
        #expect(try conversionError(##"{"type": []}"##)?.keyword == "type")
        #expect(try conversionError(##"{"type": 1}"##)?.keyword == "type")
        let required = try #require(try conversionError(##"{"type": "object", "required": "a"}"##))
        #expect(required.keyword == "required")
        #expect(try conversionError(##"{"type": "object", "required": [1]}"##)?.keyword == "required")
        #expect(try conversionError(##"{"type": "object", "properties": []}"##)?.keyword == "properties")
        #expect(try conversionError(##"{"anyOf": []}"##)?.keyword == "anyOf")
        #expect(try conversionError(##"{"allOf": {}}"##)?.keyword == "allOf")
    }
}
