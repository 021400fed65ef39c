import JSONCore
import JSONSchemaValidation
import Testing

@Suite struct ArrayKeywordTests {
    @Test func itemsSchemaAppliesToEveryElement() throws {
        try expectInstances(
            #"{"items":{"type":"integer"}}"#, valid: ["[]", "[1,2,3]", #"{"0":"x"}"#], invalid: [#"[1,"2"]"#, "[1.5]"])
    }

    @Test func prefixItemsWithItems() throws {
        try expectInstances(
            #"{"prefixItems":[{"type":"string"},{"type":"integer"}],"items":{"type":"boolean"}}"#,
            valid: ["[]", #"["a"]"#, #"["a",1]"#, #"["a",1,true,false]"#],
            invalid: [#"[1]"#, #"["a","b"]"#, #"["a",1,2]"#])
    }

    @Test func prefixItemsClosedByItemsFalse() throws {
        try expectInstances(
            #"{"prefixItems":[{},{}],"items":false}"#, valid: ["[]", "[1]", "[1,2]"], invalid: ["[1,2,3]"])
        let extra = try failures(#"{"prefixItems":[{},{}],"items":false}"#, "[1,2,3]")
        #expect(extra.map(\.message) == ["expected at most 2 items (items is false), found 3 items"])
        try expectInstances(#"{"items":false}"#, valid: ["[]"], invalid: ["[0]"])
    }

    @Test func draft7ArrayFormOfItems() throws {
        try expectInstances(
            #"{"items":[{"type":"string"},{"type":"integer"}],"additionalItems":false}"#,
            valid: ["[]", #"["a",1]"#], invalid: [#"["a",1,null]"#, #"[1,1]"#])
        try expectInstances(
            #"{"items":[{}],"additionalItems":{"type":"string"}}"#, valid: [#"[1,"a","b"]"#], invalid: [#"[1,"a",2]"#])
        // additionalItems has no effect when items is a single schema.
        try expectInstances(#"{"items":{},"additionalItems":false}"#, valid: ["[1,2,3]"])
    }

    @Test func additionalItemsBesidePrefixItemsIsHonoured() throws {
        try expectInstances(#"{"prefixItems":[{}],"additionalItems":false}"#, valid: ["[1]"], invalid: ["[1,2]"])
    }

    @Test func itemCountBounds() throws {
        try expectInstances(
            #"{"minItems":1,"maxItems":3}"#, valid: ["[1]", "[1,2,3]", "{}"], invalid: ["[]", "[1,2,3,4]"])
        let many = try failures(#"{"maxItems":3}"#, "[1,2,3,4,5]")
        #expect(many.map(\.message) == ["expected at most 3 items, found 5"])
        let few = try failures(#"{"minItems":1}"#, "[]")
        #expect(few.map(\.message) == ["expected at least 1 item, found 0"])
    }

    @Test func uniqueItemsUsesJSONEquality() throws {
        try expectInstances(
            #"{"uniqueItems":true}"#,
            valid: ["[]", "[1,2]", #"[1,"1"]"#, "[0,false]", "[1,true]", #"[{"a":1},{"a":2}]"#, "[[1],[true]]"],
            invalid: ["[1,1]", "[1,1.0]", #"[{"a":1,"b":2},{"b":2,"a":1}]"#, "[[1,2],[1,2]]", "[null,null]"])
        try expectInstances(#"{"uniqueItems":false}"#, valid: ["[1,1]"])
        // Integers that round to the same double are still different numbers.
        try expectInstances(
            #"{"uniqueItems":true}"#, valid: ["[9007199254740992, 9007199254740993]", "[0, -0.5, 0.5]"],
            invalid: ["[0, -0.0]", "[1e2, 100]"])
        let large = JSONValue.array((0..<5_000).map { .object(["id": .int($0), "tags": ["x", .int($0 % 7)]]) })
        let checker = try validator(#"{"uniqueItems":true}"#)
        #expect(checker.isValid(large))
        #expect(!checker.isValid(.array(large.arrayValue! + [.object(["tags": ["x", 3.0], "id": 10.0])])))
        let duplicate = try failures(#"{"uniqueItems":true}"#, #"["a","b","a"]"#)
        #expect(duplicate.first?.message == "expected unique items, but items 0 and 2 are equal")
    }

    @Test func contains() throws {
        try expectInstances(
            #"{"contains":{"type":"integer","minimum":5}}"#, valid: ["[5]", #"["a",7]"#, "{}"],
            invalid: ["[]", "[1,2]", #"["5"]"#])
    }

    @Test func minAndMaxContains() throws {
        try expectInstances(
            #"{"contains":{"const":1},"minContains":2,"maxContains":3}"#,
            valid: ["[1,1]", "[1,2,1,1]"], invalid: ["[1]", "[1,1,1,1]", "[]"])
        try expectInstances(#"{"contains":{"const":1},"minContains":0}"#, valid: ["[]", "[2]"])
        try expectInstances(#"{"contains":{"const":1},"maxContains":1}"#, valid: ["[1,2]"], invalid: ["[]", "[1,1]"])
        // Without contains, minContains and maxContains do nothing.
        try expectInstances(#"{"minContains":2,"maxContains":0}"#, valid: ["[]", "[1]"])
    }
}
