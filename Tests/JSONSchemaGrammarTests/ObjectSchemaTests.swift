import JSONCore
import JSONSchemaGrammar
import Testing

@Suite struct ObjectSchemaTests {
    static let person = #"""
        {"type": "object",
         "properties": {"name": {"type": "string"}, "age": {"type": "integer"}, "email": {"type": "string"},
                        "tags": {"type": "array", "items": {"type": "string"}}},
         "required": ["name", "tags"], "additionalProperties": false}
        """#

    @Test func requiredAndOptionalPropertiesInDeclaredOrder() throws {
        let compiled = try Compiled(schema: ObjectSchemaTests.person)
        let accepted = [
            #"{"name": "Ann", "tags": []}"#,
            #"{"name": "Ann", "age": 3, "tags": ["x"]}"#,
            #"{"name": "Ann", "email": "a@b", "tags": []}"#,
            #"{"name": "Ann", "age": 3, "email": "a@b", "tags": ["x", "y"]}"#,
            "{\n  \"name\": \"Ann\",\n  \"tags\": []\n}",
        ]
        let rejected = [
            #"{"tags": []}"#,  // name missing
            #"{"name": "Ann"}"#,  // tags missing
            #"{"tags": [], "name": "Ann"}"#,  // out of declared order
            #"{"name": "Ann", "tags": [], "age": 3}"#,  // optional after its place
            #"{"name": "Ann", "name": "Bob", "tags": []}"#,  // repeated
            #"{"name": "Ann", "tags": [], "extra": 1}"#,  // additionalProperties false
            #"{"name": "Ann", "age": "3", "tags": []}"#,  // wrong type
            #"{"name": "Ann", "age": 3, "tags": [],}"#, "{}", "[]",
        ]
        for input in accepted { #expect(compiled.accepts(input), "\(input)") }
        for input in rejected { #expect(!compiled.accepts(input), "\(input)") }
    }

    @Test func allOptionalPropertiesAllowEveryInOrderSubset() throws {
        let compiled = try Compiled(
            schema: #"""
                {"type": "object", "properties": {"a": {"const": 1}, "b": {"const": 2}, "c": {"const": 3}},
                 "additionalProperties": false}
                """#)
        let members = [#""a": 1"#, #""b": 2"#, #""c": 3"#]
        for mask in 0..<8 {
            let chosen = members.indices.filter { mask & (1 << $0) != 0 }.map { members[$0] }
            let input = "{" + chosen.joined(separator: ", ") + "}"
            #expect(compiled.accepts(input), "\(input)")
        }
        #expect(!compiled.accepts(#"{"b": 2, "a": 1}"#))
        #expect(!compiled.accepts(#"{, "a": 1}"#))
        #expect(!compiled.accepts(#"{"a": 1,}"#))
        #expect(!compiled.accepts(#"{"a": 1 "b": 2}"#))
    }

    @Test func grammarGrowsLinearlyWithOptionalProperties() throws {
        var properties: [String] = []
        for index in 0..<40 { properties.append("\"p\(index)\": {\"type\": \"boolean\"}") }
        let schema =
            #"{"type":"object","additionalProperties":false,"properties":{"# + properties.joined(separator: ",") + "}}"
        let compiled = try Compiled(schema: schema)
        #expect(compiled.text.count < 20_000, "\(compiled.text.count) characters")
        #expect(compiled.accepts(#"{"p3": true, "p17": false, "p39": true}"#))
        #expect(compiled.accepts("{}"))
        #expect(!compiled.accepts(#"{"p17": false, "p3": true}"#))
    }

    @Test func additionalPropertiesTrueAllowsOtherKeysAfterDeclaredOnes() throws {
        let compiled = try Compiled(
            schema: #"""
                {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"],
                 "additionalProperties": true}
                """#)
        #expect(compiled.accepts(#"{"id": 1}"#))
        #expect(compiled.accepts(#"{"id": 1, "note": "x", "more": {"deep": [1, null]}}"#))
        #expect(compiled.accepts(#"{"id": 1, "i": 2, "idx": 3}"#))
        #expect(!compiled.accepts(#"{"id": 1, "id": 2}"#), "a declared key cannot come back as an extra one")
        #expect(!compiled.accepts(#"{"id": 1, "note": "x",}"#))
        #expect(!compiled.accepts(#"{"note": "x"}"#))
    }

    @Test func additionalPropertiesSchemaConstrainsExtraValues() throws {
        let compiled = try Compiled(
            schema: #"""
                {"type": "object", "properties": {"name": {"type": "string"}},
                 "additionalProperties": {"type": "integer", "minimum": 0}}
                """#)
        #expect(compiled.accepts(#"{"name": "x", "a": 1, "b": 2}"#))
        #expect(compiled.accepts(#"{"a": 1}"#))
        #expect(compiled.accepts("{}"))
        #expect(!compiled.accepts(#"{"a": -1}"#))
        #expect(!compiled.accepts(#"{"a": "x"}"#))
        #expect(!compiled.accepts(#"{"name": 1}"#))
    }

    @Test func absentAdditionalPropertiesClosesStrictObjectsOnly() throws {
        let schema = #"{"type": "object", "properties": {"a": {"type": "integer"}}}"#
        let strict = try Compiled(schema: schema, strict: true)
        let lenient = try Compiled(schema: schema, strict: false)
        #expect(strict.accepts(#"{"a": 1}"#))
        #expect(!strict.accepts(#"{"a": 1, "b": 2}"#))
        #expect(lenient.accepts(#"{"a": 1, "b": 2}"#))
        #expect(!lenient.accepts(#"{"a": 1, "a": 2}"#))
        #expect(lenient.dropped.isEmpty)
    }

    @Test func requiredNamesWithoutDeclarationTakeAdditionalValues() throws {
        let closedButRequired = try Compiled(schema: #"{"type": "object", "required": ["x"]}"#, strict: true)
        #expect(closedButRequired.accepts(#"{"x": [1, {"y": null}]}"#))
        #expect(!closedButRequired.accepts("{}"))
        #expect(!closedButRequired.accepts(#"{"x": 1, "z": 2}"#))
        let typed = try Compiled(
            schema: #"{"type": "object", "required": ["x"], "additionalProperties": {"type": "string"}}"#)
        #expect(typed.accepts(#"{"x": "s"}"#))
        #expect(!typed.accepts(#"{"x": 1}"#))
        let error = try conversionError(
            #"{"type": "object", "required": ["x"], "additionalProperties": false}"#)
        #expect(error != nil)
    }

    @Test func falsePropertySchemasForbidTheProperty() throws {
        let compiled = try Compiled(
            schema:
                #"{"type": "object", "properties": {"a": false, "b": {"type": "null"}}, "additionalProperties": true}"#)
        #expect(compiled.accepts(#"{"b": null}"#))
        #expect(!compiled.accepts(#"{"a": 1}"#))
        #expect(compiled.accepts(#"{"ab": 1}"#))
        #expect(try conversionError(#"{"properties": {"a": false}, "required": ["a"]}"#) != nil)
    }

    @Test func emptyAndEscapedPropertyNames() throws {
        let compiled = try Compiled(
            schema: #"""
                {"type": "object", "properties": {"": {"type": "integer"}, "say \"hi\"": {"type": "integer"},
                 "日本": {"type": "integer"}, "a b/c": {"type": "integer"}},
                 "required": ["", "say \"hi\"", "日本", "a b/c"]}
                """#)
        #expect(compiled.accepts(#"{"": 1, "say \"hi\"": 2, "日本": 3, "a b/c": 4}"#))
        #expect(!compiled.accepts(#"{"": 1, "say "hi"": 2, "日本": 3, "a b/c": 4}"#))
    }

    @Test func emptyObjectSchema() throws {
        let strict = try Compiled(schema: #"{"type": "object", "properties": {}}"#, strict: true)
        #expect(strict.accepts("{}"))
        #expect(strict.accepts("{ }"))
        #expect(!strict.accepts(#"{"a": 1}"#))
        let any = try Compiled(schema: #"{"type": "object"}"#, strict: false)
        #expect(any.accepts(#"{"a": {"b": [1]}}"#))
        #expect(!any.accepts("[]"))
    }

    @Test func nestedObjectsSample() throws {
        let compiled = try Compiled(
            schema: #"""
                {"type": "object", "additionalProperties": false, "required": ["user", "items"],
                 "properties": {
                   "user": {"type": "object", "additionalProperties": false, "required": ["id"],
                            "properties": {"id": {"type": "integer", "minimum": 1}, "nick": {"type": "string", "maxLength": 5}}},
                   "items": {"type": "array", "minItems": 1, "maxItems": 3,
                             "items": {"type": "object", "additionalProperties": false, "required": ["sku"],
                                       "properties": {"sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{2}$"}}}}}}
                """#)
        let samples = compiled.samples(25, seed: 3)
        #expect(samples.count >= 20)
        for sample in samples {
            let value = try JSONValue(parsing: sample)
            let user = try #require(value["user"]?.objectValue)
            #expect((user["id"]?.intValue ?? 0) >= 1)
            if let nick = user["nick"]?.stringValue { #expect(nick.unicodeScalars.count <= 5) }
            let items = try #require(value["items"]?.arrayValue)
            #expect((1...3).contains(items.count))
            for item in items {
                let sku = try #require(item["sku"]?.stringValue)
                #expect(sku.count == 6 && sku.dropFirst(3).first == "-", "\(sku)")
            }
        }
    }
}
