import JSONCore
import JSONSchemaValidation
import Testing

@Suite struct DepthTests {
    static let recursiveList =
        ##"{"$defs":{"node":{"type":"array","items":{"anyOf":[{"$ref":"#/$defs/node"},{"type":"integer"}]}}},"##
        + ##""$ref":"#/$defs/node","unevaluatedItems":false}"##

    static func nested(_ depth: Int, leaf: JSONValue) -> JSONValue {
        var value: JSONValue = .array([leaf])
        for _ in 0..<depth { value = .array([value]) }
        return value
    }

    @Test func deepInstanceAgainstRecursiveSchema() throws {
        let checker = try validator(Self.recursiveList)
        #expect(checker.isValid(Self.nested(200, leaf: 1)))
        let failures = checker.validate(Self.nested(200, leaf: "leaf"))
        // The outermost anyOf fails (its message names the first failure of each alternative);
        // the root's $ref failed, so its items count as unevaluated as well.
        #expect(failures.map(\.keyword) == ["anyOf", "unevaluatedItems"])
        #expect(failures.map(\.instancePath) == ["/0", "/0"])
        #expect(failures.allSatisfy { $0.message.count < 1_000 })
    }

    /// The deepest value the parser accepts, against a schema that recurses several times per
    /// level, ends in a failure that says so, not in a stack overflow.
    @Test func tooDeepEvaluationFailsCleanly() throws {
        let checker = try validator(Self.recursiveList)
        let failures = checker.validate(Self.nested(JSONValue.maximumNestingDepth - 2, leaf: 1))
        #expect(!failures.isEmpty)
        #expect(failures.contains { $0.message.contains("nested too deeply") })
    }

    @Test func patternsAreSafeToShareAcrossTasks() async throws {
        let checker = try validator(
            #"{"patternProperties":{"^x-[a-z]+$":{"pattern":"^\\d{3}$"}},"additionalProperties":false}"#)
        let good = try json(#"{"x-a":"123","x-bb":"456"}"#)
        let bad = try json(#"{"x-a":"12a","y":"1"}"#)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    var ok = true
                    for _ in 0..<50 {
                        ok = ok && checker.isValid(good) && !checker.isValid(bad)
                    }
                    return ok || index < 0
                }
            }
            var all: [Bool] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.count == 64)
        #expect(outcomes.allSatisfy { $0 })
    }
}
