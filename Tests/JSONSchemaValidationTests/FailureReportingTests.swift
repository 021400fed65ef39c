import JSONCore
import JSONSchemaValidation
import Testing

@Suite struct FailureReportingTests {
    /// A schema in the style of a structured-output request: nested objects, bounded arrays,
    /// enums, a `$ref` and string bounds.
    static let order = #"""
        {"type":"object","additionalProperties":false,"required":["customer","items","status"],
         "properties":{
           "customer":{"$ref":"#/$defs/person"},
           "status":{"enum":["open","paid","shipped"]},
           "items":{"type":"array","minItems":1,"maxItems":3,
                    "items":{"type":"object","required":["name","quantity"],"additionalProperties":false,
                             "properties":{"name":{"type":"string","minLength":1,"maxLength":20},
                                           "quantity":{"type":"integer","minimum":1}}}}},
         "$defs":{"person":{"type":"object","required":["name"],
                            "properties":{"name":{"type":"string","minLength":2},
                                          "email":{"type":"string","format":"email"}}}}}
        """#

    @Test func validDocumentHasNoFailures() throws {
        let checker = try validator(Self.order)
        let document = try json(
            #"{"customer":{"name":"Ada","email":"ada@example.com"},"status":"paid","items":[{"name":"tea","quantity":2}]}"#
        )
        #expect(checker.validate(document) == [])
        #expect(checker.isValid(document))
    }

    @Test func everyFailureIsReportedWithItsPaths() throws {
        let checker = try validator(Self.order)
        let document = try json(
            #"""
            {"customer":{"name":"A","email":"not-an-email"},"status":"lost",
             "items":[{"name":"tea","quantity":0},{"name":"","quantity":1.5,"gift":true},{},{"name":"x","quantity":1}],
             "note":"hi"}
            """#)
        let found = checker.validate(document)
        let summary = Set(found.map { "\($0.instancePath) \($0.keyword) \($0.schemaPath)" })
        let expected: Set<String> = [
            "/customer/name minLength /properties/customer/$ref/properties/name/minLength",
            "/customer/email format /properties/customer/$ref/properties/email/format",
            "/status enum /properties/status/enum",
            "/items maxItems /properties/items/maxItems",
            "/items/0/quantity minimum /properties/items/items/properties/quantity/minimum",
            "/items/1/name minLength /properties/items/items/properties/name/minLength",
            "/items/1/quantity type /properties/items/items/properties/quantity/type",
            "/items/1/gift additionalProperties /properties/items/items/additionalProperties",
            "/items/2 required /properties/items/items/required",
            "/note additionalProperties /additionalProperties",
        ]
        #expect(summary == expected)
        #expect(found.count == expected.count + 1)  // item 2 misses both name and quantity: two failures
        let messages = found.map(\.message)
        #expect(messages.contains("expected at most 3 items, found 4"))
        #expect(messages.contains(#"expected one of "open", "paid", "shipped", found "lost""#))
        #expect(messages.contains("expected an integer, found a number"))
        #expect(messages.contains(#"missing required property "quantity""#))
    }

    @Test func descriptionReadsAsOneLine() throws {
        let failure = try failures(#"{"properties":{"a":{"type":"string"}}}"#, #"{"a":1}"#)
        #expect(failure.map(\.description) == ["/a: expected a string, found an integer (type at #/properties/a/type)"])
        let root = try failures(#"{"type":"string"}"#, "1")
        #expect(root.map(\.description) == ["the value: expected a string, found an integer (type at #/type)"])
    }

    @Test func typeMessagesListAlternatives() throws {
        let failure = try failures(#"{"type":["string","integer","null"]}"#, "1.5")
        #expect(failure.map(\.message) == ["expected a string, an integer or null, found a number"])
    }

    @Test func falseSchemaFailureNamesTheLocation() throws {
        let failure = try failures(#"{"properties":{"secret":false}}"#, #"{"secret":1}"#)
        #expect(failure.count == 1)
        #expect(failure.first?.instancePath == "/secret")
        #expect(failure.first?.schemaPath == "/properties/secret")
        #expect(failure.first?.keyword == "false")
    }

    @Test func validatorIsUsableFromManyTasks() async throws {
        let checker = try validator(Self.order)
        let good = try json(#"{"customer":{"name":"Bo"},"status":"open","items":[{"name":"x","quantity":1}]}"#)
        let bad = try json(#"{"customer":{},"status":"open","items":[]}"#)
        let results = await withTaskGroup(of: (Bool, Bool).self) { group in
            for _ in 0..<16 {
                group.addTask { (checker.isValid(good), checker.isValid(bad)) }
            }
            var collected: [(Bool, Bool)] = []
            for await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 == (true, false) })
    }
}
