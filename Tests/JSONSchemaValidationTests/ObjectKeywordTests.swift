import JSONCore
import JSONSchemaValidation
import Testing

@Suite struct ObjectKeywordTests {
    @Test func propertiesApplyOnlyToPresentMembers() throws {
        try expectInstances(
            #"{"properties":{"a":{"type":"integer"},"b":{"type":"string"}}}"#,
            valid: [#"{}"#, #"{"a":1}"#, #"{"a":1,"b":"x","c":null}"#, "[]", "1"],
            invalid: [#"{"a":"1"}"#, #"{"b":2}"#])
    }

    @Test func required() throws {
        try expectInstances(
            #"{"required":["a","b"]}"#, valid: [#"{"a":0,"b":null}"#, "[]", #""a""#],
            invalid: [#"{"a":0}"#, #"{}"#, #"{"c":1}"#])
        try expectInstances(#"{"required":[]}"#, valid: ["{}"])
        let missing = try failures(#"{"required":["a","b"]}"#, "{}")
        #expect(missing.map(\.message) == [#"missing required property "a""#, #"missing required property "b""#])
    }

    @Test func additionalPropertiesFalse() throws {
        try expectInstances(
            #"{"properties":{"a":{}},"patternProperties":{"^x-":{}},"additionalProperties":false}"#,
            valid: [#"{}"#, #"{"a":1}"#, #"{"x-y":1,"a":2}"#], invalid: [#"{"b":1}"#, #"{"a":1,"y-x":1}"#])
        let extra = try failures(#"{"properties":{"a":{}},"additionalProperties":false}"#, #"{"a":1,"b":2}"#)
        #expect(extra.count == 1)
        #expect(extra.first?.instancePath == "/b")
        #expect(extra.first?.keyword == "additionalProperties")
        #expect(extra.first?.message == #"property "b" is not allowed (additionalProperties is false)"#)
    }

    @Test func additionalPropertiesSchema() throws {
        try expectInstances(
            #"{"properties":{"a":{"type":"string"}},"additionalProperties":{"type":"integer"}}"#,
            valid: [#"{"a":"x","b":1,"c":2}"#], invalid: [#"{"b":"x"}"#, #"{"a":1}"#])
        // Without properties, additionalProperties applies to every member.
        try expectInstances(
            #"{"additionalProperties":{"type":"boolean"}}"#, valid: [#"{"x":true}"#], invalid: [#"{"x":1}"#])
    }

    @Test func patternPropertiesMatchBySearch() throws {
        try expectInstances(
            #"{"patternProperties":{"f.o":{"type":"integer"},"^b":{"minimum":10}}}"#,
            valid: [#"{"xfoox":1,"bar":10,"other":"s"}"#, #"{"bfoo":10}"#],
            invalid: [#"{"afooz":"1"}"#, #"{"bar":9}"#, #"{"bfoo":1}"#])
    }

    @Test func propertyNames() throws {
        try expectInstances(
            #"{"propertyNames":{"maxLength":3,"pattern":"^[a-z]+$"}}"#, valid: [#"{}"#, #"{"abc":1,"x":2}"#, "[1]"],
            invalid: [#"{"abcd":1}"#, #"{"A":1}"#])
        try expectInstances(#"{"propertyNames":false}"#, valid: ["{}"], invalid: [#"{"a":1}"#])
        let bad = try failures(#"{"propertyNames":{"maxLength":3}}"#, #"{"long":1}"#)
        #expect(bad.first?.message == #"property name "long" is not allowed: expected at most 3 characters, found 4"#)
        #expect(bad.first?.schemaPath == "/propertyNames/maxLength")
    }

    @Test func propertyCountBounds() throws {
        try expectInstances(
            #"{"minProperties":1,"maxProperties":2}"#, valid: [#"{"a":1}"#, #"{"a":1,"b":2}"#, "[]"],
            invalid: ["{}", #"{"a":1,"b":2,"c":3}"#])
        let many = try failures(#"{"maxProperties":2}"#, #"{"a":1,"b":2,"c":3}"#)
        #expect(many.first?.message == "expected at most 2 properties, found 3")
    }

    @Test func dependentRequired() throws {
        try expectInstances(
            #"{"dependentRequired":{"card":["billing","cvc"]}}"#,
            valid: [#"{}"#, #"{"billing":1}"#, #"{"card":1,"billing":2,"cvc":3}"#],
            invalid: [#"{"card":1}"#, #"{"card":1,"billing":2}"#])
        let missing = try failures(#"{"dependentRequired":{"card":["cvc"]}}"#, #"{"card":1}"#)
        #expect(missing.first?.message == #"property "cvc" is required when "card" is present"#)
        #expect(missing.first?.schemaPath == "/dependentRequired/card")
    }

    @Test func dependentSchemas() throws {
        try expectInstances(
            #"{"dependentSchemas":{"a":{"required":["b"],"properties":{"b":{"type":"integer"}}}}}"#,
            valid: [#"{}"#, #"{"b":"x"}"#, #"{"a":1,"b":2}"#], invalid: [#"{"a":1}"#, #"{"a":1,"b":"x"}"#])
    }

    @Test func draft7Dependencies() throws {
        try expectInstances(
            #"{"dependencies":{"a":["b"],"c":{"required":["d"]}}}"#,
            valid: [#"{}"#, #"{"a":1,"b":1}"#, #"{"c":1,"d":1}"#], invalid: [#"{"a":1}"#, #"{"c":1}"#])
    }

    @Test func memberNamesWithPointerCharactersAreEscapedInPaths() throws {
        let result = try failures(
            #"{"properties":{"a/b":{"properties":{"c~d":{"type":"string"}}}}}"#, #"{"a/b":{"c~d":1}}"#)
        #expect(result.first?.instancePath == "/a~1b/c~0d")
        #expect(result.first?.schemaPath == "/properties/a~1b/properties/c~0d/type")
    }
}
