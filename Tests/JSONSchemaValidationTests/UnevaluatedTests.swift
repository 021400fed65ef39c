import JSONCore
import JSONSchemaValidation
import Testing

@Suite struct UnevaluatedTests {
    @Test func unevaluatedPropertiesSeesThroughAllOf() throws {
        try expectInstances(
            ##"{"allOf":[{"properties":{"a":{}}}],"properties":{"b":{}},"unevaluatedProperties":false}"##,
            valid: ["{}", #"{"a":1,"b":2}"#], invalid: [#"{"c":1}"#, #"{"a":1,"c":1}"#])
    }

    @Test func unevaluatedPropertiesSeesThroughRef() throws {
        try expectInstances(
            ##"{"$defs":{"base":{"properties":{"id":{}}}},"$ref":"#/$defs/base","properties":{"name":{}},"unevaluatedProperties":false}"##,
            valid: [#"{"id":1,"name":"x"}"#], invalid: [#"{"id":1,"other":2}"#])
    }

    @Test func unevaluatedPropertiesCountsOnlyPassingAnyOfBranches() throws {
        let schema = #"""
            {"anyOf":[{"properties":{"a":{"const":1}},"required":["a"]},
                      {"properties":{"b":{"const":2}},"required":["b"]}],
             "unevaluatedProperties":false}
            """#
        try expectInstances(schema, valid: [#"{"a":1}"#, #"{"b":2}"#, #"{"a":1,"b":2}"#], invalid: [#"{"a":1,"b":3}"#])
    }

    @Test func unevaluatedPropertiesAndConditionals() throws {
        let schema = #"""
            {"if":{"properties":{"kind":{"const":"a"}},"required":["kind"]},
             "then":{"properties":{"x":{}}},
             "else":{"properties":{"y":{}}},
             "unevaluatedProperties":false}
            """#
        try expectInstances(
            schema, valid: [#"{"kind":"a","x":1}"#, #"{"y":1}"#],
            invalid: [#"{"kind":"a","y":1}"#, #"{"kind":"b","y":1}"#, #"{"x":1}"#])
    }

    @Test func unevaluatedPropertiesIgnoresNot() throws {
        try expectInstances(
            #"{"not":{"not":{"properties":{"a":{}}}},"unevaluatedProperties":false}"#, valid: ["{}"],
            invalid: [#"{"a":1}"#])
    }

    @Test func unevaluatedPropertiesSchemaAndNesting() throws {
        try expectInstances(
            #"{"properties":{"a":{}},"unevaluatedProperties":{"type":"integer"}}"#, valid: [#"{"a":"x","b":1}"#],
            invalid: [#"{"b":"x"}"#])
        // An inner unevaluatedProperties evaluates everything it sees, for the outer one too.
        try expectInstances(
            #"{"allOf":[{"unevaluatedProperties":true}],"unevaluatedProperties":false}"#, valid: [#"{"a":1}"#])
        // Properties of nested objects are not the outer object's.
        try expectInstances(
            #"{"properties":{"o":{"properties":{"x":{}}}},"unevaluatedProperties":false}"#,
            valid: [#"{"o":{"x":1}}"#], invalid: [#"{"o":{},"x":1}"#])
        let extra = try failures(#"{"unevaluatedProperties":false}"#, #"{"z":1}"#)
        #expect(extra.first?.instancePath == "/z")
        #expect(extra.first?.message == #"property "z" is not allowed (unevaluatedProperties is false)"#)
    }

    @Test func unevaluatedItems() throws {
        try expectInstances(
            #"{"prefixItems":[{"type":"string"}],"unevaluatedItems":false}"#, valid: ["[]", #"["a"]"#],
            invalid: [#"["a",1]"#])
        try expectInstances(
            #"{"allOf":[{"prefixItems":[{},{}]}],"unevaluatedItems":{"type":"boolean"}}"#,
            valid: ["[1,2]", "[1,2,true]"], invalid: ["[1,2,3]"])
        try expectInstances(#"{"items":{},"unevaluatedItems":false}"#, valid: ["[1,2,3]"])
        try expectInstances(
            #"{"contains":{"type":"string"},"unevaluatedItems":{"type":"integer"}}"#, valid: [#"["a",1,"b",2]"#],
            invalid: [#"["a",1.5]"#])
        try expectInstances(
            #"{"anyOf":[{"prefixItems":[{"const":1}]},{"prefixItems":[{},{"const":2}]}],"unevaluatedItems":false}"#,
            valid: ["[1]", "[1,2]", "[3,2]"], invalid: ["[1,3]", "[3,2,1]"])
    }
}
