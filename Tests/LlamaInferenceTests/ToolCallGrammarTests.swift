import ChatCompletionsAPI
import ChatInference
import Foundation
import LlamaInference
import Testing

@Suite("Tool-call grammars and prompt formats")
struct ToolCallGrammarTests {
    static let tools: [Tool] = [
        .function(
            name: "get_weather", description: "Weather for a city",
            parameters: [
                "type": "object",
                "properties": ["city": ["type": "string"], "days": ["type": "integer", "minimum": 1]],
                "required": ["city"],
            ], strict: true),
        .function(name: "now", description: "The time", parameters: ["type": "object", "properties": [:]]),
    ]

    /// One syntax of every family this server knows.
    static let syntaxes: [ToolCallSyntax] =
        [
            ToolCallSyntax(family: .hermes), ToolCallSyntax(family: .llama3), .harmony,
            ToolCallSyntax(list: .mistral), ToolCallSyntax(list: .granite), ToolCallSyntax(list: .fireFunction),
            ToolCallSyntax(list: .commandR7B), ToolCallSyntax(list: .apertus), .pythonic, .gemma,
            ToolCallSyntax(xml: .qwen3Coder), ToolCallSyntax(xml: .seedOSS),
            ToolCallSyntax(xml: .glm), ToolCallSyntax(xml: .miniMax), ToolCallSyntax(xml: .dsmlV32),
        ] + NamedCallMarkers.known.map(ToolCallSyntax.init(markers:))

    @Test("every family and mode yields a grammar llama.cpp accepts", arguments: syntaxes)
    func grammarsParse(syntax: ToolCallSyntax) throws {
        let model = try ModelFixture.model()
        let builder = ToolCallGrammar(syntax: syntax)
        let modes: [ToolCallGrammar.Mode] = [.auto, .required, .named("now")]
        for mode in modes {
            for parallel in [true, false] {
                let spec = try builder.grammar(tools: Self.tools, mode: mode, parallel: parallel)
                #expect(spec.isLazy == (mode == .auto))
                _ = try GrammarConstraint(
                    model: model, grammar: spec.text, triggerPatterns: spec.triggerPatterns,
                    triggerTokens: spec.triggerTokens)
            }
        }
    }

    /// Whether the grammar lets the model write `text`, token by token (nil: this tokenizer cannot
    /// spell `text` exactly, as SentencePiece vocabularies turn DeepSeek's `▁` into a space).
    static func allows(_ spec: GrammarSpec, _ text: String, model: LlamaModel) throws -> Bool? {
        let grammar = try GrammarConstraint(model: model, grammar: spec.text, root: spec.root)
        let tokens = try model.tokenize(text, addSpecial: false, parseSpecial: false)
        guard model.detokenize(tokens) == text else { return nil }
        for token in tokens {
            guard grammar.allows(token) else { return false }
            grammar.accept(token)
        }
        return true
    }

    @Test("a call written as the family's template writes it is what its grammar forces", arguments: syntaxes)
    func grammarAllowsRenderedCall(syntax: ToolCallSyntax) throws {
        let model = try ModelFixture.model()
        let builder = ToolCallGrammar(syntax: syntax)
        var call = syntax.render(name: "get_weather", arguments: "{\"city\": \"Paris\", \"days\": 3}")
        if syntax.markers?.openedByPrompt == true { call.removeFirst(syntax.markers!.callOpen.count) }
        if syntax.family == .harmony {
            // The template writes the recipient before the channel; the grammar has the model write
            // it after, as gpt-oss does.
            call =
                "<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{\"city\": \"Paris\", \"days\": 3}"
        }
        let required = try builder.grammar(tools: Self.tools, mode: .required, parallel: false)
        let allowed = try Self.allows(required, call, model: model)
        #expect(allowed != false, "\(call)")
        // And not a call of a function the request did not name.
        let named = try builder.grammar(tools: Self.tools, mode: .named("now"), parallel: false)
        #expect(try Self.allows(named, call, model: model) != true, "\(call)")
        // What the grammar forced reads back as the call.
        var parser = ToolCallParser(syntax: syntax, tools: Self.tools)
        let outputs = parser.feed(call) + parser.finish()
        var arguments = ""
        var names: [String] = []
        for output in outputs {
            switch output {
            case .callStarted(_, _, let name): names.append(name)
            case .arguments(_, let text): arguments += text
            default: Issue.record("\(syntax.family): unexpected \(output)")
            }
        }
        #expect(names == ["get_weather"], "\(call)")
        #expect(
            try JSONValue(parsing: arguments) == ["city": "Paris", "days": 3], "\(syntax.family): \(arguments)")
    }

    @Test("a strict schema the converter cannot enforce is a 400 naming the tool")
    func unenforceable() {
        let tools: [Tool] = [
            .function(
                name: "f", parameters: ["type": "object", "properties": ["n": ["type": "number", "multipleOf": 3]]],
                strict: true)
        ]
        #expect(throws: EngineError.self) {
            try ToolCallGrammar(syntax: ToolCallSyntax(family: .hermes)).grammar(
                tools: tools, mode: .required, parallel: true)
        }
        do {
            _ = try ToolCallGrammar(syntax: ToolCallSyntax(family: .hermes)).grammar(
                tools: tools, mode: .required, parallel: true)
        } catch {
            #expect(error.subject == .toolParameters(0))
            #expect(error.kind == .invalidRequest)
        }
    }

    @Test("the Gemma turn format renders roles, tools, calls and results")
    func gemmaFormat() throws {
        let format = GemmaTurnFormat(beginOfSequence: "<bos>")
        let messages: [ChatMessage] = [
            .system("Be brief."), .user("Weather in Paris?"),
            .assistant(toolCalls: [
                ToolCall(id: "call_1", function: FunctionCall(name: "get_weather", arguments: "{\"city\":\"Paris\"}"))
            ]),
            .tool("18°C", toolCallID: "call_1"),
        ]
        let prompt = try format.render(messages, tools: Self.tools)
        #expect(prompt.hasPrefix("<bos><start_of_turn>user\nYou can call the tools"))
        #expect(prompt.contains("Be brief.\n\nWeather in Paris?<end_of_turn>"))
        #expect(
            prompt.contains(
                "<start_of_turn>model\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\":\"Paris\"}}\n</tool_call><end_of_turn>"
            ))
        #expect(prompt.contains("<tool_response>\n18°C\n</tool_response>"))
        #expect(prompt.hasSuffix("<start_of_turn>model\n"))
        #expect(prompt.components(separatedBy: "<bos>").count == 2)
    }
}
