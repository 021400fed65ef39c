import JSONCore
import JSONSchemaValidation
import Testing

@Suite struct SchemaErrorTests {
    /// Malformed schemas, each with the path of the keyword that should be blamed.
    static let malformed: [(schema: String, path: String)] = [
        (#"{"type":"strnig"}"#, "/type"),
        (#"{"type":["string","string"]}"#, "/type"),
        (#"{"type":5}"#, "/type"),
        (#"{"enum":"a"}"#, "/enum"),
        (#"{"properties":{"a":5}}"#, "/properties/a"),
        (#"{"properties":[]}"#, "/properties"),
        (#"{"required":"a"}"#, "/required"),
        (#"{"required":["a",1]}"#, "/required/1"),
        (#"{"required":["a","a"]}"#, "/required/1"),
        (#"{"minLength":-1}"#, "/minLength"),
        (#"{"maxItems":1.5}"#, "/maxItems"),
        (#"{"maxItems":"3"}"#, "/maxItems"),
        (#"{"minimum":"0"}"#, "/minimum"),
        (#"{"exclusiveMaximum":"0"}"#, "/exclusiveMaximum"),
        (#"{"multipleOf":0}"#, "/multipleOf"),
        (#"{"multipleOf":-2}"#, "/multipleOf"),
        (#"{"pattern":"("}"#, "/pattern"),
        (#"{"pattern":1}"#, "/pattern"),
        (#"{"patternProperties":{"[":{}}}"#, "/patternProperties/["),
        (#"{"format":1}"#, "/format"),
        (#"{"allOf":[]}"#, "/allOf"),
        (#"{"anyOf":{}}"#, "/anyOf"),
        (#"{"oneOf":[{}, 3]}"#, "/oneOf/1"),
        (#"{"not":"x"}"#, "/not"),
        (#"{"items":{"items":null}}"#, "/items/items"),
        (#"{"prefixItems":[]}"#, "/prefixItems"),
        (#"{"prefixItems":[{}],"items":[{}]}"#, "/items"),
        (#"{"additionalProperties":1}"#, "/additionalProperties"),
        (#"{"uniqueItems":"yes"}"#, "/uniqueItems"),
        (#"{"dependentRequired":{"a":"b"}}"#, "/dependentRequired/a"),
        (#"{"dependentRequired":{"a":[1]}}"#, "/dependentRequired/a/0"),
        (#"{"nullable":"true"}"#, "/nullable"),
        (#"{"$defs":{"bad":{"type":"nope"}}}"#, "/$defs/bad/type"),
        (#"{"$defs":[]}"#, "/$defs"),
        (#"{"$ref":5}"#, "/$ref"),
        ("3", ""),
        ("null", ""),
        (#"{"then":{"type":1}}"#, "/then/type"),
        (#"{"contains":{},"minContains":-1}"#, "/minContains"),
        (#"{"$anchor":"1abc"}"#, "/$anchor"),
        (#"{"$id":"https://example.com/s.json#frag"}"#, "/$id"),
    ]

    @Test(arguments: malformed)
    func malformedSchemasAreRejected(_ schema: String, _ path: String) throws {
        let error = try schemaError(schema)
        #expect(error != nil, "\(schema) should be rejected")
        #expect(error?.path == path, "\(schema): \(error?.message ?? "")")
    }

    /// References that lead nowhere, with the path of the `$ref`.
    static let unresolvable: [(schema: String, path: String)] = [
        (##"{"$ref":"#/$defs/missing"}"##, "/$ref"),
        (##"{"properties":{"a":{"$ref":"#/properties/b"}}}"##, "/properties/a/$ref"),
        (##"{"$ref":"#nowhere"}"##, "/$ref"),
        (##"{"$ref":"https://example.com/other.json"}"##, "/$ref"),
        (##"{"$ref":"other.json#/x"}"##, "/$ref"),
        (##"{"$ref":"#/$defs/a~2"}"##, "/$ref"),
        (##"{"$defs":{"a":{"$ref":"#/$defs/b"}}}"##, "/$defs/a/$ref"),
    ]

    @Test(arguments: unresolvable)
    func unresolvableReferencesAreRejected(_ schema: String, _ path: String) throws {
        let error = try schemaError(schema)
        #expect(error?.path == path, "\(schema): \(String(describing: error))")
    }

    @Test func refToNonSchemaIsRejected() throws {
        let error = try schemaError(##"{"$defs":{"n":5},"$ref":"#/$defs/n"}"##)
        #expect(error != nil)
        #expect(error?.path == "/$defs/n")
    }

    @Test func unsupportedKeywordsAreRejectedNotIgnored() throws {
        let error = try schemaError(##"{"$recursiveRef":"#"}"##)
        #expect(error?.path == "/$recursiveRef")
        #expect(error?.message.contains("not supported") == true)
    }

    @Test func messagesAreReadable() throws {
        let error = try schemaError(#"{"properties":{"age":{"minimum":"18"}}}"#)
        #expect(error?.message == #"minimum must be a number, found a string"#)
        #expect(
            error?.description
                == #"invalid schema at /properties/age/minimum: minimum must be a number, found a string"#)
        let missing = try schemaError(##"{"$ref":"#/$defs/missing"}"##)
        #expect(missing?.message == ##"cannot resolve "#/$defs/missing": nothing exists at that location"##)
    }

    @Test func validSchemasAreAccepted() throws {
        let schemas = [
            "true", "false", "{}", #"{"type":[]}"#, #"{"enum":[]}"#, #"{"required":[]}"#, #"{"maxLength":2.0}"#,
            #"{"minimum":-1e300,"maximum":1e300}"#, #"{"x-extension":[1,2,{"type":5}]}"#,
            ##"{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://example.com/a","$ref":"#"}"##,
        ]
        for schema in schemas {
            #expect(try schemaError(schema) == nil, "\(schema) should be accepted")
        }
    }
}
