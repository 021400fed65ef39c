import JSONCore
import JSONSchemaGrammar
import Testing

@Suite struct GrammarBuilderTests {
    @Test func ruleNamesAreSanitizedAndUnique() throws {
        var builder = GrammarBuilder()
        let first = builder.addRule("get_weather tool", #""a""#)
        let again = builder.addRule("get_weather tool", #""a""#)
        let other = builder.addRule("get_weather tool", #""b""#)
        let root = builder.addRule("root", #""c""#)
        let empty = builder.addRule("日本", #""d""#)
        #expect(first == "get-weather-tool")
        #expect(again == first)
        #expect(other != first)
        #expect(root != "root")
        #expect(!empty.isEmpty)
        for name in [first, other, root, empty] {
            #expect(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        }
        let compiled = try Compiled(text: builder.render(root: "\(first) \(other) \(root) \(empty)"))
        #expect(compiled.accepts("abcd"))
        #expect(!compiled.accepts("abc"))
    }

    @Test func renderPutsRootFirst() {
        var builder = GrammarBuilder()
        let rule = builder.addRule("x", #""x""#)
        let text = builder.render(root: rule)
        #expect(text.hasPrefix("root ::= x\n"))
        #expect(text.contains("\nx ::= \"x\"\n"))
    }

    @Test(arguments: [
        "plain", "quote \" and backslash \\", "newline\nreturn\rtab\t", "control \u{01}\u{1F} delete \u{7F}",
        "accents é ü, CJK 日本語, emoji 😀", "brackets [ ] ( ) { } | * + ? - ^ $ #", "",
    ])
    func literalMatchesExactlyItsText(_ text: String) throws {
        var builder = GrammarBuilder()
        let rule = builder.addRule("text", "\"<\" " + GrammarBuilder.literal(text) + " \">\"")
        let compiled = try Compiled(text: builder.render(root: rule))
        #expect(compiled.accepts("<\(text)>"))
        #expect(!compiled.accepts("<\(text)x>"))
        #expect(!compiled.accepts("<\(text.dropLast())>") || text.isEmpty)
    }

    /// What the lead builds for tool calls: several schemas in one builder, wrapped by hand.
    @Test func composesSchemasIntoToolCalls() throws {
        var builder = GrammarBuilder()
        let weather = try builder.addSchema(
            JSONValue(parsing: #"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#),
            name: "get_weather", strict: true)
        let time = try builder.addSchema(
            JSONValue(parsing: #"{"type":"object","properties":{"zone":{"enum":["UTC","CET"]}},"required":["zone"]}"#),
            name: "get_time", strict: true)
        let space = builder.addWhitespace()
        let weatherCall = builder.addRule(
            "call-weather", GrammarBuilder.literal(#"{"name": "get_weather", "arguments": "#) + " \(weather) \"}\"")
        let timeCall = builder.addRule(
            "call-time", GrammarBuilder.literal(#"{"name": "get_time", "arguments": "#) + " \(time) \"}\"")
        let call = builder.addRule(
            "tool-call", "\"<tool_call>\" \(space) ( \(weatherCall) | \(timeCall) ) \(space) \"</tool_call>\"")
        let compiled = try Compiled(text: builder.render(root: "\(call) ( \"\\n\" \(call) )*"))
        #expect(weather != time)
        #expect(compiled.accepts(#"<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>"#))
        #expect(
            compiled.accepts(
                #"<tool_call> {"name": "get_time", "arguments": {"zone": "UTC"}} </tool_call>"# + "\n"
                    + #"<tool_call>{"name": "get_weather", "arguments": {"city": "Oslo"}}</tool_call>"#))
        #expect(!compiled.accepts(#"<tool_call>{"name": "get_time", "arguments": {"city": "Paris"}}</tool_call>"#))
        #expect(!compiled.accepts(#"<tool_call>{"name": "get_weather", "arguments": {"zone": "UTC"}}</tool_call>"#))
    }

    @Test func sharedPrimitivesAreDefinedOnce() throws {
        var builder = GrammarBuilder()
        let first = try builder.addSchema(JSONValue(parsing: #"{"type":"array","items":{}}"#), name: "a", strict: false)
        let second = try builder.addSchema(
            JSONValue(parsing: #"{"type":"object","additionalProperties":true}"#), name: "a", strict: false)
        let value = builder.addJSONValue()
        let object = builder.addJSONObject()
        #expect(first != second)
        let text = builder.render(root: "\(first) | \(second) | \(value) | \(object)")
        for primitive in ["space", "string", "number", "value", "object", "array"] {
            let definitions = text.split(separator: "\n").filter { $0.hasPrefix("\(primitive) ::= ") }
            #expect(definitions.count == 1, "\(primitive) defined \(definitions.count) times")
        }
        _ = try Compiled(text: text)
    }

    @Test func failedConversionLeavesTheBuilderUnchanged() throws {
        var builder = GrammarBuilder()
        let good = try builder.addSchema(JSONValue(parsing: #"{"type":"string"}"#), name: "good", strict: true)
        let before = builder.render(root: good)
        #expect(throws: SchemaConversionError.self) {
            try builder.addSchema(
                JSONValue(parsing: #"{"type":"object","properties":{"n":{"type":"number","multipleOf":3}}}"#),
                name: "bad", strict: true)
        }
        #expect(builder.render(root: good) == before)
        #expect(builder.droppedKeywords.isEmpty)
    }

    @Test func schemaRuleNamesAreNamespaced() throws {
        var builder = GrammarBuilder()
        let schema = try JSONValue(
            parsing: #"{"type":"object","properties":{"unit":{"enum":["c","f"]}},"required":["unit"]}"#)
        let first = try builder.addSchema(schema, name: "tool", strict: true)
        let second = try builder.addSchema(schema, name: "other_tool", strict: true)
        let text = builder.render(root: "\(first) \(second)")
        #expect(text.contains("tool-unit-kv ::="))
        #expect(text.contains("other-tool-unit-kv ::="))
        _ = try Compiled(text: text)
    }
}
