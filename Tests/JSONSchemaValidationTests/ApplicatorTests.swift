import JSONCore
import JSONSchemaValidation
import Testing

@Suite struct ApplicatorTests {
    @Test func allOf() throws {
        try expectInstances(
            #"{"allOf":[{"type":"integer"},{"minimum":3},{"maximum":5}]}"#, valid: ["3", "5"],
            invalid: ["2", "6", "4.5", #""4""#])
    }

    @Test func anyOf() throws {
        try expectInstances(
            #"{"anyOf":[{"type":"string","maxLength":2},{"type":"integer"}]}"#, valid: [#""ab""#, "7"],
            invalid: [#""abc""#, "1.5", "null"])
        let none = try failures(#"{"anyOf":[{"type":"string"},{"type":"integer"}]}"#, "true")
        #expect(none.count == 1)
        #expect(none.first?.keyword == "anyOf")
        #expect(
            none.first?.message
                == "expected the value to match at least one of the 2 schemas in anyOf, but it matches none "
                + "(schema 0: expected a string, found a boolean; schema 1: expected an integer, found a boolean)")
    }

    @Test func oneOf() throws {
        try expectInstances(
            #"{"oneOf":[{"type":"integer"},{"minimum":2}]}"#, valid: ["1", "2.5"], invalid: ["3", "1.5"])
        let both = try failures(#"{"oneOf":[{"type":"integer"},{"minimum":2}]}"#, "3")
        #expect(
            both.first?.message
                == "expected the value to match exactly one of the 2 schemas in oneOf, but it matches 2 (schemas 0 and 1)"
        )
    }

    @Test func not() throws {
        try expectInstances(#"{"not":{"type":"string"}}"#, valid: ["1", "null"], invalid: [#""a""#])
        try expectInstances(#"{"not":{}}"#, invalid: ["1", "null"])
        try expectInstances(#"{"not":false}"#, valid: ["1"])
        try expectInstances(#"{"not":{"not":{"const":1}}}"#, valid: ["1"], invalid: ["2"])
    }

    @Test func ifThenElse() throws {
        let schema = #"""
            {"if":{"properties":{"kind":{"const":"circle"}},"required":["kind"]},
             "then":{"required":["radius"]},
             "else":{"required":["width"]}}
            """#
        try expectInstances(
            schema, valid: [#"{"kind":"circle","radius":1}"#, #"{"kind":"square","width":1}"#, #"{"width":2}"#],
            invalid: [#"{"kind":"circle","width":1}"#, #"{"kind":"square","radius":1}"#, "{}"])
        let missing = try failures(schema, #"{"kind":"circle"}"#)
        #expect(missing.first?.schemaPath == "/then/required")
    }

    @Test func ifWithoutThenOrElseChecksNothing() throws {
        try expectInstances(#"{"if":{"const":1}}"#, valid: ["1", "2"])
        try expectInstances(#"{"if":{"const":1},"then":{"type":"integer"}}"#, valid: ["1", "2", "\"x\""])
        try expectInstances(#"{"then":false,"else":false}"#, valid: ["1"])
        try expectInstances(#"{"if":true,"then":false}"#, invalid: ["1"])
        try expectInstances(#"{"if":false,"else":{"type":"string"}}"#, valid: [#""a""#], invalid: ["1"])
    }
}
