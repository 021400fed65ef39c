import ChatCompletionsAPI
import Testing

/// Each bound of `SchemaLimits`: a schema right at it passes, one just past it fails with the
/// place and the code, and the same rules hold for every schema of a request.
@Suite struct SchemaLimitsTests {
    static let limits = SchemaLimits.chatServer
    static let root = "response_format.json_schema.schema"

    /// The error `schema` gets under `limits`, or `nil` when it passes.
    func issue(_ schema: JSONValue, _ limits: SchemaLimits = limits) -> InvalidRequestError? {
        do {
            try limits.check(schema, param: Self.root)
            return nil
        } catch {
            return error
        }
    }

    func expectPasses(
        _ schema: JSONValue, _ limits: SchemaLimits = limits, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let found = issue(schema, limits)
        #expect(found == nil, "\(found?.description ?? "")", sourceLocation: sourceLocation)
    }

    func expectFails(
        _ schema: JSONValue, param: String, code: String = "schema_too_large", mentioning words: [String] = [],
        _ limits: SchemaLimits = limits, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let found = issue(schema, limits) else {
            Issue.record("the schema passed", sourceLocation: sourceLocation)
            return
        }
        #expect(found.param == param, "\(found)", sourceLocation: sourceLocation)
        #expect(found.code == code, "\(found)", sourceLocation: sourceLocation)
        for word in words {
            #expect(found.message.contains(word), "\(found.message)", sourceLocation: sourceLocation)
        }
    }

    /// An object schema with `count` string properties named `prefix0`, `prefix1`, ...
    static func object(_ count: Int, prefix: String = "p") -> JSONValue {
        var properties = JSONObject()
        for index in 0..<count { properties["\(prefix)\(index)"] = ["type": "string"] }
        return ["type": "object", "properties": .object(properties)]
    }

    static func strings(_ count: Int, length: Int = 5, tag: String = "") -> JSONValue {
        .array(
            (0..<count).map { index in
                let text = "\(tag)\(index)"
                return .string(text + String(repeating: "x", count: max(0, length - text.count)))
            })
    }

    @Test func objectPropertiesCountedOverTheWholeSchema() {
        let limit = Self.limits.maxProperties
        // Half at the top, half one level down (the inner object is itself one property).
        func schema(_ total: Int) -> JSONValue {
            var top = Self.object(total / 2 - 1, prefix: "a").objectValue!
            var properties = top["properties"]!.objectValue!
            properties["inner"] = Self.object(total - total / 2, prefix: "b")
            top["properties"] = .object(properties)
            return .object(top)
        }
        expectPasses(schema(limit))
        expectFails(
            schema(limit + 1), param: "\(Self.root).properties.inner.properties.b\(limit - limit / 2)",
            mentioning: ["\(limit + 1) object properties", "at most \(limit)"])
    }

    @Test func nestingOfObjectsAndArrays() {
        let limit = Self.limits.maxNesting
        /// `levels` object and array schemas inside one another, with anyOf (not a level) between.
        func schema(_ levels: Int) -> JSONValue {
            var inner: JSONValue = ["type": "string"]
            for level in (0..<levels).reversed() {
                if level % 2 == 0 {
                    inner = ["type": "object", "properties": ["x": ["anyOf": [inner, ["type": "null"]]]]]
                } else {
                    inner = ["type": "array", "items": inner]
                }
            }
            return inner
        }
        expectPasses(schema(limit))
        var path = Self.root
        for level in 1..<(limit + 1) {
            path += level % 2 == 1 ? ".properties.x.anyOf[0]" : ".items"
        }
        expectFails(schema(limit + 1), param: path, mentioning: ["\(limit + 1) levels", "at most \(limit)"])
        // Recursion through $ref is not nesting in the document.
        expectPasses([
            "$defs": ["node": ["type": "object", "properties": ["next": ["$ref": "#/$defs/node"]]]],
            "$ref": "#/$defs/node",
        ])
    }

    @Test func enumValuesCountedOverTheWholeSchema() {
        let limit = Self.limits.maxEnumValues
        func schema(_ total: Int) -> JSONValue {
            [
                "type": "object",
                "properties": [
                    "a": ["enum": Self.strings(total / 2, tag: "a")],
                    "b": ["enum": Self.strings(total - total / 2, tag: "b")],
                ],
            ]
        }
        expectPasses(schema(limit))
        expectFails(
            schema(limit + 1), param: "\(Self.root).properties.b.enum",
            mentioning: ["\(limit + 1) enum values", "at most \(limit)"])
    }

    @Test func lengthOfOneLargeEnum() {
        let threshold = Self.limits.largeEnumThreshold
        let limit = Self.limits.maxLargeEnumLength
        /// `count` values whose lengths add up to `total`.
        func values(_ count: Int, total: Int) -> JSONValue {
            .array(
                (0..<count).map { index in
                    let length = total / count + (index < total % count ? 1 : 0)
                    let tag = "\(index)-"
                    return .string(tag + String(repeating: "v", count: length - tag.count))
                })
        }
        expectPasses(["enum": values(threshold + 1, total: limit)])
        expectFails(
            ["enum": values(threshold + 1, total: limit + 1)], param: "\(Self.root).enum",
            mentioning: ["\(limit + 1) characters", "\(threshold + 1) values"])
        // Up to the threshold, only the overall character limit applies.
        expectPasses(["enum": values(threshold, total: limit * 2)])
    }

    @Test func charactersOfNamesAndValues() {
        let limit = Self.limits.maxStringLength
        func schema(_ total: Int) -> JSONValue {
            // A property name (4), an enum value (5), a definition name (4) and a const for the rest.
            [
                "type": "object",
                "properties": ["prop": ["enum": ["value"]]],
                "$defs": ["defn": ["const": .string(String(repeating: "c", count: total - 4 - 5 - 4))]],
            ]
        }
        expectPasses(schema(limit))
        expectFails(
            schema(limit + 1), param: #"\#(Self.root)["$defs"].defn.const"#,
            mentioning: ["\(limit + 1) characters", "at most \(limit)"])
    }

    @Test(arguments: ["minItems", "maxItems", "minLength", "maxLength"])
    func repetitionCounts(keyword: String) throws {
        let limit = try #require(Self.limits.maxRepetition)
        let type: JSONValue = keyword.hasSuffix("Items") ? "array" : "string"
        expectPasses(["type": "object", "properties": ["v": ["type": type, .init(keyword): .int(limit)]]])
        expectFails(
            ["type": "object", "properties": ["v": ["type": type, .init(keyword): .int(limit + 1)]]],
            param: "\(Self.root).properties.v.\(keyword)", code: "invalid_value",
            mentioning: ["\(limit + 1)", "at most \(limit)"])
        expectFails(
            ["type": type, .init(keyword): .double(1e300)], param: "\(Self.root).\(keyword)", code: "invalid_value")
        // OpenAI publishes no such bound, so its limits let the count through.
        expectPasses(["type": type, .init(keyword): .int(100_000_000)], .openAI)
    }

    @Test func repetitionCountsInPatterns() throws {
        let limit = try #require(Self.limits.maxRepetition)
        for pattern in [
            "^a{\(limit)}$", "^a{0,\(limit)}$", "^(ab){\(limit),}$", "[{]\(limit + 1)}", #"\{\#(limit + 1)}"#,
            "x{\(limit + 1)", "x{,\(limit + 1)}", "[a-z{]{1,\(limit)}",
        ] {
            expectPasses(["type": "string", "pattern": .string(pattern)])
        }
        for pattern in [
            "^a{\(limit + 1)}$", "^a{0,\(limit + 1)}$", "^(ab){\(limit + 1),}$", "[}]a{2,\(limit + 1)}",
            "a{99999999999999999999999}",
        ] {
            expectFails(
                ["type": "string", "pattern": .string(pattern)], param: "\(Self.root).pattern", code: "invalid_value",
                mentioning: ["at most \(limit)"])
        }
        #expect(SchemaLimitChecker.largestCount(in: "a{3}b{2,7}c{5,}") == 7)
        #expect(SchemaLimitChecker.largestCount(in: "abc") == nil)
    }

    @Test func sizeOfOneSchema() throws {
        let limit = try #require(Self.limits.maxSchemaBytes)
        func schema(_ bytes: Int) -> JSONValue {
            let empty: JSONValue = ["description": ""]
            let overhead = empty.serialized().count
            return ["description": .string(String(repeating: "d", count: bytes - overhead))]
        }
        #expect(schema(limit).serialized().count == limit)
        expectPasses(schema(limit))
        expectFails(schema(limit + 1), param: Self.root, mentioning: ["\(limit + 1) bytes", "at most \(limit)"])
    }

    // MARK: - Through validate(limits:)

    static func request(format: ResponseFormat? = nil, tools: [Tool]? = nil) -> ChatCompletionRequest {
        var request = ChatCompletionRequest(messages: [.user("hi")], model: "m")
        request.responseFormat = format
        request.tools = tools
        return request
    }

    static let hugeEnum: JSONValue = [
        "type": "object", "properties": ["color": ["type": "string", "enum": strings(20_000)]],
    ]

    @Test func everySchemaOfARequestIsChecked() {
        let cases: [(ChatCompletionRequest, String)] = [
            (
                Self.request(format: .jsonSchema(JSONSchemaFormat(name: "answer", schema: Self.hugeEnum))),
                "response_format.json_schema.schema.properties.color.enum"
            ),
            (
                Self.request(format: .jsonObjectWithSchema(Self.hugeEnum)),
                "response_format.schema.properties.color.enum"
            ),
            (
                Self.request(tools: [
                    .function(name: "a", parameters: ["type": "object"]),
                    .function(name: "b", parameters: ["type": "object"]),
                    .function(name: "c", parameters: Self.hugeEnum),
                ]),
                "tools[2].function.parameters.properties.color.enum"
            ),
            (
                Self.request(tools: [
                    .function(name: "f", parameters: ["type": "array", "minItems": 100_000_000])
                ]),
                "tools[0].function.parameters.minItems"
            ),
        ]
        for (request, param) in cases {
            #expect(throws: InvalidRequestError.self) { try request.validate(limits: .chatServer) }
            let issues = request.validationIssues(limits: .chatServer)
            #expect(issues.map(\.param) == [param])
        }
    }

    @Test func theSchemasOfARequestAreBoundedTogether() throws {
        let each = try #require(Self.limits.maxSchemaBytes)
        let total = try #require(Self.limits.maxTotalSchemaBytes)
        let schema: JSONValue = ["description": .string(String(repeating: "d", count: each - 20))]
        let fitting = total / schema.serialized().count
        let tools = (0...fitting).map { Tool.function(name: "t\($0)", parameters: schema) }
        let issues = Self.request(tools: tools).validationIssues(limits: .chatServer)
        #expect(issues.map(\.param) == ["tools[\(fitting)].function.parameters"])
        #expect(issues.first?.code == "schema_too_large")
        #expect(Self.request(tools: Array(tools.prefix(fitting))).validationIssues(limits: .chatServer).isEmpty)
    }

    @Test func openAILimitsStillHoldByDefault() {
        let request = Self.request(format: .jsonSchema(JSONSchemaFormat(name: "answer", schema: Self.hugeEnum)))
        #expect(request.validationIssues().map(\.code) == ["schema_too_large"])
    }
}
