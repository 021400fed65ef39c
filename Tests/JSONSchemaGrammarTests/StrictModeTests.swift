import JSONCore
import JSONSchemaGrammar
import Testing

@Suite struct StrictModeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var schema: String
        var keyword: String
        var path: String
        var testDescription: String { keyword }
    }

    static let unsupported: [Case] = [
        Case(schema: ##"{"type": "number", "multipleOf": 3}"##, keyword: "multipleOf", path: "#/multipleOf"),
        Case(schema: ##"{"type": "array", "uniqueItems": true}"##, keyword: "uniqueItems", path: "#/uniqueItems"),
        Case(
            schema: ##"{"type": "object", "properties": {"m": {"type": "object", "patternProperties": {"^x": {}}}}}"##,
            keyword: "patternProperties", path: "#/properties/m/patternProperties"),
        Case(
            schema: ##"{"type": "object", "propertyNames": {"maxLength": 3}}"##, keyword: "propertyNames",
            path: "#/propertyNames"),
        Case(schema: ##"{"not": {"type": "string"}}"##, keyword: "not", path: "#/not"),
        Case(schema: ##"{"if": {"type": "string"}, "then": {"maxLength": 3}}"##, keyword: "if", path: "#/if"),
        Case(schema: ##"{"type": "array", "contains": {"const": 1}}"##, keyword: "contains", path: "#/contains"),
        Case(schema: ##"{"type": "object", "minProperties": 1}"##, keyword: "minProperties", path: "#/minProperties"),
        Case(
            schema: ##"{"type": "object", "additionalProperties": true, "maxProperties": 1}"##,
            keyword: "maxProperties",
            path: "#/maxProperties"),
        Case(
            schema: ##"{"type": "object", "dependentRequired": {"a": ["b"]}}"##, keyword: "dependentRequired",
            path: "#/dependentRequired"),
        Case(
            schema: ##"{"type": "object", "unevaluatedProperties": false}"##, keyword: "unevaluatedProperties",
            path: "#/unevaluatedProperties"),
        Case(
            schema:
                ##"{"$defs": {"d": {"type": "string", "format": "hostname"}}, "type": "array", "items": {"$ref": "#/$defs/d"}}"##,
            keyword: "format", path: "#/$defs/d/format"),
        Case(
            schema:
                ##"{"type": "object", "properties": {"p": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "(?=x)"}]}}}"##,
            keyword: "pattern", path: "#/properties/p/anyOf/1/pattern"),
        Case(schema: ##"{"enum": ["a", "b"], "pattern": "^a"}"##, keyword: "pattern", path: "#/pattern"),
        Case(
            schema: ##"{"type": "array", "items": {"type": "number", "multipleOf": 0.5}}"##, keyword: "multipleOf",
            path: "#/items/multipleOf"),
    ]

    @Test(arguments: unsupported)
    func strictModeNamesKeywordAndPath(_ test: Case) throws {
        let error = try #require(try conversionError(test.schema, strict: true), "\(test.schema)")
        #expect(error.keyword == test.keyword)
        #expect(error.path == test.path)
        #expect(error.message.contains(test.keyword))
    }

    @Test(arguments: unsupported)
    func lenientModeDropsAndReports(_ test: Case) throws {
        let compiled = try Compiled(schema: test.schema, strict: false)
        #expect(compiled.dropped.map(\.keyword) == [test.keyword])
        #expect(compiled.dropped.map(\.path) == [test.path])
        #expect(!compiled.dropped[0].reason.isEmpty)
    }

    @Test func droppedKeywordsAccumulateInTheBuilder() throws {
        var builder = GrammarBuilder()
        _ = try builder.addSchema(
            JSONValue(parsing: ##"{"type": "integer", "multipleOf": 2}"##), name: "a", strict: false)
        _ = try builder.addSchema(
            JSONValue(parsing: ##"{"type": "array", "uniqueItems": true}"##), name: "b", strict: false)
        #expect(builder.droppedKeywords.map(\.keyword) == ["multipleOf", "uniqueItems"])
    }

    @Test func annotationsAndUnknownKeywordsAreFine() throws {
        let compiled = try Compiled(
            schema: ##"""
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:x", "$comment": "c",
                 "title": "T", "description": "D", "type": "object", "additionalProperties": false,
                 "properties": {"a": {"type": "integer", "default": 1, "examples": [1], "deprecated": true,
                                      "readOnly": true, "writeOnly": false, "x-vendor": {"anything": 1}}},
                 "required": ["a"]}
                """##)
        #expect(compiled.dropped.isEmpty)
        #expect(compiled.accepts(##"{"a": 5}"##))
    }

    @Test func trivialFormsOfUnsupportedKeywordsAreAccepted() throws {
        for schema in [
            ##"{"type": "array", "uniqueItems": false}"##, ##"{"type": "array", "uniqueItems": true, "maxItems": 1}"##,
            ##"{"type": "integer", "multipleOf": 1}"##,
            ##"{"type": "object", "properties": {"a": {}}, "required": ["a"], "minProperties": 1}"##,
            ##"{"type": "object", "properties": {"a": {}}, "additionalProperties": false, "maxProperties": 1}"##,
            ##"{"type": "string", "multipleOf": 3, "uniqueItems": true}"##, ##"{"then": {"type": "string"}}"##,
        ] {
            #expect(try conversionError(schema, strict: true) == nil, "\(schema)")
        }
    }

    @Test func openAIStyleStrictSchema() throws {
        let compiled = try Compiled(
            schema: ##"""
                {"type": "object", "additionalProperties": false, "required": ["location", "unit"],
                 "properties": {"location": {"type": "string", "description": "City and country"},
                                "unit": {"type": ["string", "null"], "enum": ["celsius", "fahrenheit", null]}}}
                """##)
        #expect(compiled.accepts(##"{"location": "Paris, France", "unit": "celsius"}"##))
        #expect(compiled.accepts(##"{"location": "Paris, France", "unit": null}"##))
        #expect(!compiled.accepts(##"{"location": "Paris, France", "unit": "kelvin"}"##))
        #expect(!compiled.accepts(##"{"location": "Paris, France"}"##))
    }
}
