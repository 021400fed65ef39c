import JSONCore
import JSONSchemaValidation
import Testing

/// One group of ``suiteStyleCases``.
struct SuiteGroup: Sendable, CustomTestStringConvertible {
    var description: String
    var schema: JSONValue
    var tests: [(description: String, data: JSONValue, valid: Bool)]

    var testDescription: String { description }

    static func all() -> [SuiteGroup] {
        guard case .array(let groups)? = try? JSONValue(parsing: suiteStyleCases) else { return [] }
        return groups.compactMap { group in
            guard let description = group["description"]?.stringValue, let schema = group["schema"],
                let tests = group["tests"]?.arrayValue
            else { return nil }
            return SuiteGroup(
                description: description, schema: schema,
                tests: tests.compactMap { test in
                    guard let name = test["description"]?.stringValue, let data = test["data"],
                        let valid = test["valid"]?.boolValue
                    else { return nil }
                    return (name, data, valid)
                })
        }
    }
}

@Suite struct SuiteStyleTests {
    @Test func casesParse() throws {
        let groups = SuiteGroup.all()
        #expect(groups.count == 39)
        #expect(groups.allSatisfy { !$0.tests.isEmpty })
    }

    @Test(arguments: SuiteGroup.all())
    func group(_ group: SuiteGroup) throws {
        let checker = try JSONSchemaValidator(schema: group.schema)
        for test in group.tests {
            let failures = checker.validate(test.data)
            #expect(failures.isEmpty == test.valid, "\(test.description): \(failures)")
            #expect(checker.isValid(test.data) == test.valid, "\(test.description)")
        }
    }
}
