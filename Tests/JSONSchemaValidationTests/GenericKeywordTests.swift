import JSONCore
import JSONSchemaValidation
import Testing

@Suite struct GenericKeywordTests {
    @Test func booleanSchemas() throws {
        try expectInstances("true", valid: ["1", "null", #""x""#, "[]", "{}"])
        try expectInstances("false", invalid: ["1", "null", #""x""#, "[]", "{}"])
        try expectInstances("{}", valid: ["1", "null", "{\"a\":[1]}"])
    }

    @Test func singleTypes() throws {
        try expectInstances(
            #"{"type":"string"}"#, valid: [#""""#, #""a""#], invalid: ["1", "null", "true", "[]", "{}"])
        try expectInstances(#"{"type":"null"}"#, valid: ["null"], invalid: ["0", "false", #""""#])
        try expectInstances(#"{"type":"boolean"}"#, valid: ["true", "false"], invalid: ["0", "null", #""true""#])
        try expectInstances(#"{"type":"object"}"#, valid: ["{}"], invalid: ["[]", "null"])
        try expectInstances(#"{"type":"array"}"#, valid: ["[]", "[1]"], invalid: ["{}", #""[]""#])
        try expectInstances(#"{"type":"number"}"#, valid: ["1", "1.5", "-0", "1e300"], invalid: [#""1""#, "null"])
    }

    @Test func integerAcceptsNumbersWithZeroFraction() throws {
        try expectInstances(
            #"{"type":"integer"}"#, valid: ["1", "1.0", "-7", "1e3", "0.0"], invalid: ["1.5", "1e-1", #""1""#, "true"])
    }

    @Test func typeLists() throws {
        try expectInstances(
            #"{"type":["string","null"]}"#, valid: [#""a""#, "null"], invalid: ["1", "{}", "false"])
        try expectInstances(#"{"type":["integer","boolean"]}"#, valid: ["1", "true"], invalid: ["1.1", #""x""#])
    }

    @Test func enumUsesJSONEquality() throws {
        try expectInstances(
            #"{"enum":["red", 1, null, [1, {"a": 2}], {"x": 1, "y": 2}]}"#,
            valid: [#""red""#, "1", "1.0", "null", #"[1.0, {"a": 2}]"#, #"{"y": 2, "x": 1}"#],
            invalid: [#""Red""#, "2", "false", "[1]", #"{"x": 1}"#, #"{"x":1,"y":2,"z":3}"#, "0"])
        try expectInstances(#"{"enum":[false]}"#, valid: ["false"], invalid: ["0", "null"])
        try expectInstances(#"{"enum":[0]}"#, valid: ["0", "0.0"], invalid: ["false"])
        try expectInstances(#"{"enum":[]}"#, invalid: ["1", "null"])
    }

    @Test func constUsesJSONEquality() throws {
        try expectInstances(#"{"const":1}"#, valid: ["1", "1.0"], invalid: ["true", #""1""#, "1.0000001"])
        try expectInstances(#"{"const":null}"#, valid: ["null"], invalid: ["0", "false", "{}"])
        try expectInstances(
            #"{"const":{"a":[true,{"b":null}]}}"#, valid: [#"{"a":[true,{"b":null}]}"#],
            invalid: [#"{"a":[true,{}]}"#, #"{"a":[{"b":null},true]}"#])
    }

    @Test func nullableAllowsNullAlongsideTheType() throws {
        try expectInstances(
            #"{"type":"string","nullable":true,"minLength":2}"#, valid: ["null", #""ab""#], invalid: [#""a""#, "1"])
        try expectInstances(#"{"type":"string","nullable":false}"#, valid: [#""a""#], invalid: ["null"])
        try expectInstances(#"{"enum":["a","b"],"nullable":true}"#, valid: ["null", #""a""#], invalid: [#""c""#])
    }

    @Test func annotationsAndUnknownKeywordsAreIgnored() throws {
        try expectInstances(
            #"{"title":"T","description":"d","default":5,"examples":[1],"$comment":"c","deprecated":true,"readOnly":true,"x-vendor":{"type":"string"},"contentMediaType":"application/json"}"#,
            valid: ["1", #""x""#, "null"])
    }
}
