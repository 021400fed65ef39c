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

    @Test(
        "every family and mode yields a grammar llama.cpp accepts",
        arguments: [ToolCallSyntax.Family.hermes, .llama3, .mistral])
    func grammarsParse(family: ToolCallSyntax.Family) throws {
        let model = try ModelFixture.model()
        let builder = ToolCallGrammar(syntax: ToolCallSyntax(family: family))
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
            #expect(error.param == "tools[0].function.parameters")
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
