import JSONCore
import JSONSchemaValidation
import Testing

@Suite struct ReferenceTests {
    @Test func refToDefs() throws {
        try expectInstances(
            ##"{"$defs":{"positive":{"type":"integer","minimum":1}},"properties":{"n":{"$ref":"#/$defs/positive"}}}"##,
            valid: [##"{"n":1}"##, "{}"], invalid: [##"{"n":0}"##, ##"{"n":"1"}"##])
    }

    @Test func refToDraft7Definitions() throws {
        try expectInstances(
            ##"{"definitions":{"s":{"type":"string"}},"items":{"$ref":"#/definitions/s"}}"##,
            valid: [##"["a"]"##], invalid: ["[1]"])
    }

    @Test func refToRootMakesATree() throws {
        let tree = #"""
            {"type":"object","properties":{"value":{"type":"integer"},
             "children":{"type":"array","items":{"$ref":"#"}}},
             "required":["value"],"additionalProperties":false}
            """#
        try expectInstances(
            tree, valid: [##"{"value":1}"##, ##"{"value":1,"children":[{"value":2,"children":[{"value":3}]}]}"##],
            invalid: [
                ##"{"value":1,"children":[{"value":2,"children":[{"value":"3"}]}]}"##,
                ##"{"value":1,"children":[{}]}"##,
            ])
        let deep = try failures(
            tree, ##"{"value":1,"children":[{"value":2},{"value":3,"children":[{"value":4,"x":0}]}]}"##)
        #expect(deep.map(\.instancePath) == ["/children/1/children/0/x"])
        #expect(
            deep.first?.schemaPath
                == "/properties/children/items/$ref/properties/children/items/$ref/additionalProperties")
    }

    @Test func mutuallyRecursiveDefinitions() throws {
        let schema = #"""
            {"$ref":"#/$defs/expr",
             "$defs":{
               "expr":{"anyOf":[{"type":"number"},{"$ref":"#/$defs/sum"}]},
               "sum":{"type":"object","required":["plus"],
                      "properties":{"plus":{"type":"array","minItems":2,"items":{"$ref":"#/$defs/expr"}}}}}}
            """#
        try expectInstances(
            schema, valid: ["1", ##"{"plus":[1,{"plus":[2,3]}]}"##],
            invalid: [##"{"plus":[1]}"##, ##"{"plus":[1,{"plus":["x",3]}]}"##, ##""1""##])
    }

    @Test func refSiblingsApplyIn2020_12() throws {
        try expectInstances(
            ##"{"$defs":{"s":{"type":"string"}},"$ref":"#/$defs/s","maxLength":2}"##, valid: [##""ab""##],
            invalid: [##""abc""##, "1"])
    }

    @Test func refSiblingsAreIgnoredInDraft7() throws {
        try expectInstances(
            ##"{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"s":{"type":"string"}},"$ref":"#/definitions/s","maxLength":2}"##,
            valid: [##""abc""##], invalid: ["1"])
    }

    @Test func pointerEscapesInRefs() throws {
        let schema = #"""
            {"$defs":{"a/b":{"const":1},"c~d":{"const":2},"e%f":{"const":3},"g h":{"const":4}},
             "properties":{
               "slash":{"$ref":"#/$defs/a~1b"},
               "tilde":{"$ref":"#/$defs/c~0d"},
               "percent":{"$ref":"#/$defs/e%25f"},
               "space":{"$ref":"#/$defs/g%20h"}}}
            """#
        try expectInstances(
            schema, valid: [##"{"slash":1,"tilde":2,"percent":3,"space":4}"##],
            invalid: [##"{"slash":2}"##, ##"{"tilde":1}"##, ##"{"percent":1}"##, ##"{"space":1}"##])
    }

    @Test func refIntoAnyPartOfTheDocument() throws {
        try expectInstances(
            ##"{"properties":{"a":{"type":"integer"},"b":{"$ref":"#/properties/a"}}}"##, valid: [##"{"b":1}"##],
            invalid: [##"{"b":"x"}"##])
        try expectInstances(
            ##"{"prefixItems":[{"type":"string"},{"$ref":"#/prefixItems/0"}]}"##, valid: [##"["a","b"]"##],
            invalid: [##"["a",1]"##])
    }

    @Test func anchors() throws {
        try expectInstances(
            ##"{"$defs":{"x":{"$anchor":"positive","minimum":1}},"items":{"$ref":"#positive"}}"##, valid: ["[1,2]"],
            invalid: ["[0]"])
        // Draft-07 spells an anchor as a fragment-only $id.
        try expectInstances(
            ##"{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"x":{"$id":"#neg","maximum":-1}},"items":{"$ref":"#neg"}}"##,
            valid: ["[-1]"], invalid: ["[0]"])
    }

    @Test func idChangesTheBaseForRefs() throws {
        let schema = #"""
            {"$id":"https://example.com/root.json",
             "$defs":{
               "inner":{"$id":"inner/schema.json","$defs":{"leaf":{"type":"integer"}},
                        "items":{"$ref":"#/$defs/leaf"}},
               "leaf":{"type":"string"}},
             "properties":{
               "byURI":{"$ref":"https://example.com/inner/schema.json"},
               "relative":{"$ref":"inner/schema.json#/$defs/leaf"},
               "rootLeaf":{"$ref":"root.json#/$defs/leaf"}}}
            """#
        try expectInstances(
            schema, valid: [##"{"byURI":[1,2],"relative":3,"rootLeaf":"s"}"##],
            invalid: [##"{"byURI":["1"]}"##, ##"{"relative":"3"}"##, ##"{"rootLeaf":1}"##])
    }

    @Test func rootIdWithEmptyFragment() throws {
        // Draft-07 schemas often end their root $id with "#".
        try expectInstances(
            ##"{"$id":"http://example.com/root.json#","definitions":{"n":{"type":"integer"}},"properties":{"n":{"$ref":"http://example.com/root.json#/definitions/n"},"self":{"$ref":"#"}}}"##,
            valid: [#"{"n":1,"self":{"n":2}}"#], invalid: [#"{"n":"1"}"#, #"{"self":{"n":"2"}}"#])
        try expectInstances(
            ##"{"properties":{"a":{"$id":"#","type":"integer"}}}"##, valid: [#"{"a":1}"#], invalid: [#"{"a":"x"}"#])
    }

    @Test func dynamicRefFollowsTheDynamicScope() throws {
        // A generic list whose element type the outer schema fills in through $dynamicAnchor.
        let schema = #"""
            {"$id":"https://example.com/strings",
             "$ref":"list",
             "$defs":{
               "element":{"$dynamicAnchor":"element","type":"string"},
               "list":{"$id":"list","type":"array","items":{"$dynamicRef":"#element"},
                       "$defs":{"default":{"$dynamicAnchor":"element"}}}}}
            """#
        try expectInstances(schema, valid: [##"["a","b"]"##], invalid: [##"["a",1]"##])
        // Used on its own, the list accepts anything, as its default element is `{}`.
        let list = #"""
            {"$id":"https://example.com/list","type":"array","items":{"$dynamicRef":"#element"},
             "$defs":{"default":{"$dynamicAnchor":"element"}}}
            """#
        try expectInstances(list, valid: [##"["a",1]"##])
    }

    @Test func dynamicRefWithoutMatchingAnchorActsAsRef() throws {
        try expectInstances(
            ##"{"$defs":{"x":{"$anchor":"x","type":"string"}},"$dynamicRef":"#x"}"##, valid: [##""a""##], invalid: ["1"]
        )
    }

    @Test func refLoopThatNeverConsumesTheInstanceFails() throws {
        let result = try failures(
            ##"{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}"##, "1")
        #expect(result.count == 1)
        #expect(result.first?.keyword == "$ref")
        // Under `not` or in an alternative, an endless loop still fails rather than passing.
        let negated = try failures(##"{"$defs":{"a":{"$ref":"#/$defs/a"}},"not":{"$ref":"#/$defs/a"}}"##, "1")
        #expect(negated.contains { $0.keyword == "$ref" })
        try expectInstances(##"{"anyOf":[{"$ref":"#"},{"type":"integer"}]}"##, invalid: ["1", "\"x\""])
        // The same definitions, never referenced, are harmless.
        try expectInstances(##"{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"$ref":"#/$defs/a"}}}"##, valid: ["1"])
    }
}
