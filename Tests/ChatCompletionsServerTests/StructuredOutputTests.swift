import ChatCompletionsAPI
import Foundation
import JSONSchemaValidation
import TestSupport
import Testing

@Suite("JSON mode, JSON Schema and tool calls, enforced by grammars")
struct StructuredOutputTests {
    static let seeds = Array(1...20)

    /// A schema with nested objects, bounded arrays, enums, a $ref and string bounds.
    static let schema: JSONValue = [
        "type": "object",
        "properties": [
            "name": ["type": "string", "minLength": 2, "maxLength": 12],
            "role": ["enum": ["admin", "user", "guest"]],
            "address": ["$ref": "#/$defs/address"],
            "tags": ["type": "array", "items": ["type": "string", "maxLength": 8], "minItems": 1, "maxItems": 3],
            "age": ["type": "integer", "minimum": 0, "maximum": 120],
        ],
        "required": ["name", "role", "address", "tags", "age"],
        "additionalProperties": false,
        "$defs": [
            "address": [
                "type": "object",
                "properties": [
                    "city": ["type": "string", "minLength": 1, "maxLength": 10],
                    "zip": ["type": "string", "pattern": "^[0-9]{5}$"],
                ],
                "required": ["city", "zip"], "additionalProperties": false,
            ]
        ],
    ]

    static let tools: JSONValue = [
        [
            "type": "function",
            "function": [
                "name": "get_weather", "description": "Current weather for a city",
                "parameters": [
                    "type": "object",
                    "properties": [
                        "city": ["type": "string", "maxLength": 20], "unit": ["enum": ["celsius", "fahrenheit"]],
                    ],
                    "required": ["city", "unit"], "additionalProperties": false,
                ],
                "strict": true,
            ],
        ],
        [
            "type": "function",
            "function": [
                "name": "get_time", "description": "Current time in a time zone",
                "parameters": [
                    "type": "object", "properties": ["zone": ["type": "string", "maxLength": 20]], "required": ["zone"],
                    "additionalProperties": false,
                ],
                "strict": true,
            ],
        ],
    ]

    /// Runs `make` for every seed, eight at a time, streaming or not.
    func forEachSeed(
        stream: Bool, _ make: @escaping @Sendable (Int) -> JSONValue,
        check: @escaping @Sendable (Int, ChatCompletion) throws -> Void
    ) async throws {
        let server = try await LiveServer.shared
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (offset, seed) in Self.seeds.enumerated() {
                if offset >= 8 { try await group.next() }
                group.addTask {
                    let request = make(seed)
                    if stream {
                        let chunks = try await server.chunks(request)
                        try check(seed, try ChatCompletion(accumulating: chunks))
                    } else {
                        try check(seed, try await server.completion(request))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test(
        "json_object: every finished reply at temperature 1 is one JSON object; most finish", arguments: [false, true])
    func jsonObject(stream: Bool) async throws {
        let finished = Counter()
        try await forEachSeed(stream: stream) { seed in
            body(
                "Reply with a JSON object describing a cat.",
                ["response_format": ["type": "json_object"], "seed": .int(seed), "max_tokens": 400, "temperature": 1])
        } check: { seed, completion in
            let choice = completion.choices[0]
            let text = choice.message.content ?? ""
            if choice.finishReason == .length { return }  // cut by max_tokens: allowed, and says so
            #expect(choice.finishReason == .stop, "seed \(seed)")
            let value = try JSONValue(parsing: text)
            #expect(value.objectValue != nil, "seed \(seed): \(text)")
            finished.increment()
        }
        // An instruct model closes its object: a grammar that never let it end would fail here.
        #expect(finished.value >= Self.seeds.count / 2, "\(finished.value) of \(Self.seeds.count) finished")
    }

    @Test("json_schema: every reply validates against the schema", arguments: [false, true])
    func jsonSchema(stream: Bool) async throws {
        let validator = try JSONSchemaValidator(schema: Self.schema)
        try await forEachSeed(stream: stream) { seed in
            body(
                "Describe a user as JSON.",
                [
                    "response_format": [
                        "type": "json_schema", "json_schema": ["name": "user", "schema": Self.schema, "strict": true],
                    ],
                    "seed": .int(seed), "max_tokens": 300,
                ])
        } check: { seed, completion in
            let choice = completion.choices[0]
            #expect(choice.finishReason == .stop, "seed \(seed): \(choice.message.content ?? "")")
            let value = try JSONValue(parsing: choice.message.content ?? "")
            let failures = validator.validate(value)
            #expect(failures.isEmpty, "seed \(seed): \(failures) in \(value.jsonString())")
        }
    }

    @Test("tool calls' arguments are checked against their function's parameters; unenforced keywords are named")
    func toolArgumentHeaders() async throws {
        let server = try await LiveServer.shared
        // multipleOf is beyond the grammar: a non-strict function keeps it unenforced and says so.
        let parameters: JSONValue = [
            "type": "object", "properties": ["n": ["type": "integer", "multipleOf": 7]], "required": ["n"],
            "additionalProperties": false,
        ]
        let tools: JSONValue = [["type": "function", "function": ["name": "pick", "parameters": parameters]]]
        var verdicts: Set<String> = []
        for seed in 1...8 {
            let result = try await server.chat(
                body(
                    "Pick a number.",
                    [
                        "tools": tools, "tool_choice": "required", "parallel_tool_calls": false, "seed": .int(seed),
                        "max_tokens": 60, "temperature": 1.5,
                    ]))
            try #require(result.status == 200, "\(result.text)")
            #expect(
                result.headers["x-schema-unenforced-keywords"]?.hasPrefix(
                    "multipleOf at tools[0].function.parameters/properties/n/multipleOf") == true,
                "\(result.headers["x-schema-unenforced-keywords"] ?? "none")")
            let completion = try ChatCompletion(jsonBytes: result.body)
            let calls = completion.choices[0].message.toolCalls ?? []
            guard !calls.isEmpty else {
                #expect(result.headers["x-tool-arguments-validation"] == nil)
                continue
            }
            let header = try #require(result.headers["x-tool-arguments-validation"])
            let expected = calls.map { call -> String in
                let n = (try? JSONValue(parsing: Array(call.function.arguments.utf8)))?["n"]?.intValue
                return n.map { $0 % 7 == 0 } == true ? "valid" : "invalid"
            }
            #expect(header == expected.joined(separator: ","), "\(calls.map(\.function.arguments))")
            verdicts.formUnion(expected)
        }
        #expect(verdicts.contains("invalid"), "some calls break multipleOf, and the check says so: \(verdicts)")
        // No calls, no verdict.
        let plain = try await server.chat(body("Hi", ["max_tokens": 2]))
        #expect(plain.headers["x-tool-arguments-validation"] == nil)
    }

    @Test(
        "answers are checked against their schema after generation; a non-strict schema's unenforced keywords are named"
    )
    func schemaCheckHeaders() async throws {
        let server = try await LiveServer.shared
        // multipleOf is beyond the grammar: a non-strict schema keeps it unenforced and says so.
        let schema: JSONValue = [
            "type": "object", "properties": ["n": ["type": "integer", "multipleOf": 7]], "required": ["n"],
            "additionalProperties": false,
        ]
        func request(strict: Bool, seed: Int) -> JSONValue {
            body(
                "Give a number as JSON.",
                [
                    "response_format": [
                        "type": "json_schema", "json_schema": ["name": "n", "schema": schema, "strict": .bool(strict)],
                    ],
                    "seed": .int(seed), "max_tokens": 40, "temperature": 1.5,
                ])
        }
        var verdicts: Set<String> = []
        for seed in 1...8 {
            let result = try await server.chat(request(strict: false, seed: seed))
            try #require(result.status == 200, "\(result.text)")
            #expect(
                result.headers["x-schema-unenforced-keywords"]?.hasPrefix("multipleOf at #/properties/n/multipleOf")
                    == true)
            let verdict = try #require(result.headers["x-schema-validation"])
            let completion = try ChatCompletion(jsonBytes: result.body)
            let value = try? JSONValue(parsing: completion.choices[0].message.content ?? "")
            let multiple = value?["n"]?.intValue.map { $0 % 7 == 0 }
            switch completion.choices[0].finishReason {
            case .stop: #expect(verdict == (multiple == true ? "valid" : "invalid"), "\(value?.jsonString() ?? "")")
            default: #expect(verdict == "unchecked")
            }
            verdicts.insert(verdict)
        }
        #expect(verdicts.contains("invalid"), "some answers break multipleOf, and the check says so: \(verdicts)")
        // Without a schema there is no verdict; a strict schema's grammar leaves nothing unenforced.
        let plain = try await server.chat(body("Hi", ["max_tokens": 2]))
        #expect(plain.headers["x-schema-validation"] == nil)
        let strictSchema: JSONValue = ["type": "object", "properties": ["a": ["type": "boolean"]], "required": ["a"]]
        let strict = try await server.chat(
            body(
                "Is the sky blue? Answer as JSON.",
                [
                    "response_format": [
                        "type": "json_schema", "json_schema": ["name": "a", "schema": strictSchema, "strict": true],
                    ],
                    "max_tokens": 40,
                ]))
        #expect(strict.headers["x-schema-unenforced-keywords"] == nil)
        #expect(strict.headers["x-schema-validation"] == "valid")
    }

    static func argumentsValidator(_ name: String) throws -> JSONSchemaValidator {
        let tool = Self.tools.arrayValue!.first { $0["function"]?["name"]?.stringValue == name }!
        return try JSONSchemaValidator(schema: tool["function"]!["parameters"]!)
    }

    @Test("tool_choice required: every reply calls tools with valid arguments", arguments: [false, true])
    func required(stream: Bool) async throws {
        let weather = try Self.argumentsValidator("get_weather")
        let time = try Self.argumentsValidator("get_time")
        try await forEachSeed(stream: stream) { seed in
            body(
                "What's the weather in Paris?",
                ["tools": Self.tools, "tool_choice": "required", "seed": .int(seed), "max_tokens": 200])
        } check: { seed, completion in
            let choice = completion.choices[0]
            let calls = try #require(choice.message.toolCalls, "seed \(seed): no calls")
            #expect(!calls.isEmpty)
            // The turn ends (at the latest when the model starts repeating a call), within max_tokens.
            #expect(choice.finishReason == .toolCalls, "seed \(seed)")
            var ids: Set<String> = []
            for call in calls {
                #expect(call.id.hasPrefix("call_"))
                ids.insert(call.id)
                let arguments = try JSONValue(parsing: call.function.arguments)
                let validator = call.function.name == "get_weather" ? weather : time
                #expect(["get_weather", "get_time"].contains(call.function.name))
                #expect(validator.isValid(arguments), "seed \(seed): \(call.function.arguments)")
            }
            #expect(ids.count == calls.count)
            #expect((choice.message.content ?? "").contains("<tool_call>") == false)
        }
    }

    @Test("a named tool_choice calls exactly that function", arguments: [false, true])
    func named(stream: Bool) async throws {
        let time = try Self.argumentsValidator("get_time")
        try await forEachSeed(stream: stream) { seed in
            body(
                "What time is it?",
                [
                    "tools": Self.tools, "tool_choice": ["type": "function", "function": ["name": "get_time"]],
                    "seed": .int(seed), "max_tokens": 200,
                ])
        } check: { seed, completion in
            let calls = completion.choices[0].message.toolCalls ?? []
            #expect(calls.count == 1, "seed \(seed)")
            #expect(completion.choices[0].finishReason == .toolCalls, "seed \(seed)")
            #expect(calls.first?.function.name == "get_time")
            let arguments = try JSONValue(parsing: calls.first?.function.arguments ?? "")
            #expect(time.isValid(arguments))
        }
    }

    @Test("parallel_tool_calls false never yields two calls", arguments: [false, true])
    func notParallel(stream: Bool) async throws {
        try await forEachSeed(stream: stream) { seed in
            body(
                "Weather in Paris and in Rome, and the time in Tokyo?",
                [
                    "tools": Self.tools, "tool_choice": "required", "parallel_tool_calls": false, "seed": .int(seed),
                    "max_tokens": 200,
                ])
        } check: { seed, completion in
            #expect(completion.choices[0].message.toolCalls?.count == 1, "seed \(seed)")
        }
    }

    @Test("streamed tool calls: the first delta has index, id, type and name; later ones argument fragments")
    func streamedCallShape() async throws {
        let server = try await LiveServer.shared
        let chunks = try await server.chunks(
            body("Weather?", ["tools": Self.tools, "tool_choice": "required", "seed": 5, "max_tokens": 200]))
        let deltas = chunks.flatMap(\.choices).flatMap { $0.delta.toolCalls ?? [] }
        try #require(!deltas.isEmpty)
        var seen: Set<Int> = []
        for delta in deltas {
            if seen.insert(delta.index).inserted {
                #expect(delta.id?.hasPrefix("call_") == true)
                #expect(delta.type == .function)
                #expect(delta.function?.name != nil)
            } else {
                #expect(delta.id == nil && delta.function?.name == nil)
            }
        }
        #expect(chunks.flatMap(\.choices).allSatisfy { !($0.delta.content ?? "").contains("tool_call") })
        #expect(chunks.flatMap(\.choices).compactMap(\.finishReason) == [.toolCalls])
        // The deltas add up to calls whose arguments parse.
        let calls = try #require(try ChatCompletion(accumulating: chunks).choices[0].message.toolCalls)
        for call in calls { #expect(try JSONValue(parsing: call.function.arguments).objectValue != nil) }
    }

    @Test("tool_choice auto: a reply is complete calls or text, never a raw call in the content")
    func auto() async throws {
        let weather = try Self.argumentsValidator("get_weather")
        try await forEachSeed(stream: false) { seed in
            body(
                "Use the get_weather tool to find the weather in Paris, in celsius.",
                ["tools": Self.tools, "seed": .int(seed), "max_tokens": 200])
        } check: { seed, completion in
            let choice = completion.choices[0]
            #expect(!(choice.message.content ?? "").contains("<tool_call>"), "seed \(seed)")
            if let calls = choice.message.toolCalls {
                #expect(choice.finishReason == .toolCalls, "seed \(seed)")
                for call in calls where call.function.name == "get_weather" {
                    let arguments = try JSONValue(parsing: call.function.arguments)
                    #expect(weather.isValid(arguments), "seed \(seed)")
                }
            } else {
                #expect(choice.finishReason == .stop || choice.finishReason == .length, "seed \(seed)")
            }
        }
    }

    @Test("a multi-turn tool conversation renders and continues")
    func multiTurn() async throws {
        let server = try await LiveServer.shared
        let first = try await server.completion(
            body("Weather in Oslo?", ["tools": Self.tools, "tool_choice": "required", "seed": 1, "max_tokens": 200]))
        let call = try #require(first.choices[0].message.toolCalls?.first)
        let followUp: JSONValue = [
            "model": .string(LiveServer.defaultModel),
            "messages": [
                ["role": "user", "content": "Weather in Oslo?"],
                [
                    "role": "assistant", "content": .null,
                    "tool_calls": [
                        [
                            "id": .string(call.id), "type": "function",
                            "function": [
                                "name": .string(call.function.name), "arguments": .string(call.function.arguments),
                            ],
                        ]
                    ],
                ],
                ["role": "tool", "tool_call_id": .string(call.id), "content": "{\"temperature\": 3}"],
            ],
            "tools": Self.tools, "max_tokens": 120, "seed": 2,
        ]
        // With the result in hand, the model answers (tool_choice auto) and ends its turn.
        let second = try await server.completion(followUp)
        #expect(second.choices[0].message.toolCalls == nil)
        #expect(second.choices[0].message.content?.isEmpty == false)
        #expect(second.choices[0].finishReason == .stop)
        var none = followUp.objectValue!
        none["tool_choice"] = "none"
        let third = try await server.completion(.object(none))
        #expect(third.choices[0].message.toolCalls == nil)
    }

    @Test("logprobs with tools: the content's tokens each have one, call syntax none (as OpenAI)")
    func logprobsWithTools() async throws {
        let server = try await LiveServer.shared
        var sawCall = false
        var sawContent = false
        for seed in 1...3 {
            for choice: JSONValue in ["required", "auto"] {
                let completion = try await server.completion(
                    body(
                        "What's the weather in Paris?",
                        [
                            "tools": Self.tools, "tool_choice": choice, "seed": .int(seed), "max_tokens": 120,
                            "logprobs": true, "top_logprobs": 2, "temperature": 1,
                        ]))
                let message = completion.choices[0].message
                let entries = completion.choices[0].logprobs?.content ?? []
                let content = message.content ?? ""
                sawCall = sawCall || !(message.toolCalls ?? []).isEmpty
                sawContent = sawContent || !content.isEmpty
                // Every content byte is covered by exactly the tokens that produced it, in order.
                #expect(entries.flatMap { $0.bytes ?? [] } == content.utf8.map(Int.init), "seed \(seed), \(choice)")
                #expect(entries.allSatisfy { $0.topLogprobs.count == 2 })
            }
        }
        #expect(sawCall && sawContent, "both calls and content were exercised")
    }

    @Test("invalid or unenforceable schemas are 400s naming the place")
    func badSchemas() async throws {
        let server = try await LiveServer.shared
        let unsupported = try await server.chat(
            body(
                "x",
                [
                    "response_format": [
                        "type": "json_schema",
                        "json_schema": [
                            "name": "n", "strict": true,
                            "schema": ["type": "object", "properties": ["a": ["type": "number", "multipleOf": 2]]],
                        ],
                    ]
                ]))
        try expectError(unsupported, status: 400, code: "invalid_schema")
        #expect(try ErrorResponse(jsonBytes: unsupported.body).error.message.contains("multipleOf"))
        let invalid = try await server.chat(
            body(
                "x",
                [
                    "response_format": [
                        "type": "json_schema", "json_schema": ["name": "n", "schema": ["type": "banana"]],
                    ]
                ]))
        try expectError(invalid, status: 400, code: "invalid_schema")
        let unknownTool = try await server.chat(
            body("x", ["tools": Self.tools, "tool_choice": ["type": "function", "function": ["name": "nope"]]]))
        try expectError(unknownTool, status: 400)
        #expect(try ErrorResponse(jsonBytes: unknownTool.body).error.param?.hasPrefix("tool_choice") == true)
        // Within the published limits, but past llama.cpp's bound on repeated rules: a 400, not a 500.
        let tooComplex = try await server.chat(
            body(
                "x",
                [
                    "response_format": [
                        "type": "json_schema",
                        "json_schema": [
                            "name": "n",
                            "schema": [
                                "type": "array", "maxItems": 10000, "items": ["type": "string", "maxLength": 10000],
                            ],
                        ],
                    ]
                ]))
        try expectError(tooComplex, status: 400, code: "schema_too_complex")
        #expect(try ErrorResponse(jsonBytes: tooComplex.body).error.param == "response_format")
    }
}

extension ChatCompletion {
    /// Folds streamed chunks into a completion (test-side; the client library has the real one).
    init(accumulating chunks: [ChatCompletionChunk]) throws {
        var contents: [Int: String] = [:]
        var reasons: [Int: FinishReason] = [:]
        var calls: [Int: [Int: ToolCall]] = [:]
        for chunk in chunks {
            for choice in chunk.choices {
                contents[choice.index, default: ""] += choice.delta.content ?? ""
                if let reason = choice.finishReason { reasons[choice.index] = reason }
                for delta in choice.delta.toolCalls ?? [] {
                    var call =
                        calls[choice.index, default: [:]][delta.index]
                        ?? ToolCall(id: "", function: FunctionCall(name: "", arguments: ""))
                    if let id = delta.id { call.id = id }
                    if let name = delta.function?.name { call.function.name += name }
                    call.function.arguments += delta.function?.arguments ?? ""
                    calls[choice.index, default: [:]][delta.index] = call
                }
            }
        }
        let first = try #require(chunks.first)
        self.init(
            id: first.id, created: first.created, model: first.model,
            choices: contents.keys.sorted().map { index in
                let toolCalls = calls[index].map { byIndex in byIndex.keys.sorted().map { byIndex[$0]! } }
                return ChatCompletion.Choice(
                    index: index,
                    message: ChatCompletionMessage(role: .assistant, content: contents[index], toolCalls: toolCalls),
                    finishReason: reasons[index])
            })
    }
}
