import LlamaInference
import Testing

/// The families that write the function's name between markers, on outputs written the way each
/// family's chat template writes earlier calls (and each model is trained to answer).
@Suite("Tool calls with the name outside the arguments: DeepSeek, Kimi K2, Mistral's [ARGS]")
struct NamedToolCallParserTests {
    func parse(_ text: String, _ markers: NamedCallMarkers, split: Int? = nil) -> [ToolCallParser.Output] {
        ToolCallParserTests.parse(text, ToolCallSyntax(markers: markers), split: split)
    }

    static let expected: [ToolCallParser.Output] = [
        .content("Let me check both."),
        .callStarted(index: 0, id: "call_1", name: "get_weather"),
        .arguments(index: 0, "{\"location\": \"Paris\"}"),
        .callStarted(index: 1, id: "call_2", name: "search_web"),
        .arguments(index: 1, "{\"query\": \"Rome {news}\", \"tags\": [\"it\"]}"),
    ]

    static let outputs: [(String, NamedCallMarkers, String)] = [
        (
            "DeepSeek V3.1", .deepSeekV31,
            "Let me check both.<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_weather<｜tool▁sep｜>{\"location\": \"Paris\"}<｜tool▁call▁end｜><｜tool▁call▁begin｜>search_web<｜tool▁sep｜>{\"query\": \"Rome {news}\", \"tags\": [\"it\"]}<｜tool▁call▁end｜><｜tool▁calls▁end｜>"
        ),
        (
            "DeepSeek R1", .deepSeekR1,
            "Let me check both.<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n{\"location\": \"Paris\"}\n```<｜tool▁call▁end｜>\n<｜tool▁call▁begin｜>function<｜tool▁sep｜>search_web\n```json\n{\"query\": \"Rome {news}\", \"tags\": [\"it\"]}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>"
        ),
        (
            "Kimi K2", .kimiK2,
            "Let me check both.<|tool_calls_section_begin|><|tool_call_begin|>functions.get_weather:0<|tool_call_argument_begin|>{\"location\": \"Paris\"}<|tool_call_end|><|tool_call_begin|>functions.search_web:1<|tool_call_argument_begin|>{\"query\": \"Rome {news}\", \"tags\": [\"it\"]}<|tool_call_end|><|tool_calls_section_end|>"
        ),
        (
            "Mistral [ARGS]", .mistralArgs,
            "Let me check both.[TOOL_CALLS]get_weather[ARGS]{\"location\": \"Paris\"}[TOOL_CALLS]search_web[ARGS]{\"query\": \"Rome {news}\", \"tags\": [\"it\"]}"
        ),
    ]

    @Test("two calls after content, at every split point", arguments: 0..<4)
    func twoCalls(_ case: Int) {
        let (family, markers, text) = Self.outputs[`case`]
        #expect(parse(text, markers) == Self.expected, "\(family), one character at a time")
        for split in 0...text.count {
            #expect(parse(text, markers, split: split) == Self.expected, "\(family), split \(split)")
        }
    }

    @Test("each family is recognised from its real template's markers")
    func detection() {
        #expect(
            ToolCallSyntax.detect(templateSource: "'<｜tool▁call▁begin｜>' + name + '<｜tool▁sep｜>'")?.markers
                == .deepSeekV31)
        #expect(ToolCallSyntax.detect(templateSource: "<｜tool▁sep｜>' + name + '\\n```json")?.markers == .deepSeekR1)
        #expect(ToolCallSyntax.detect(templateSource: "<|tool_call_argument_begin|>")?.markers == .kimiK2)
        #expect(ToolCallSyntax.detect(templateSource: "[TOOL_CALLS]{{ name }}[ARGS]")?.markers == .mistralArgs)
        #expect(ToolCallSyntax.detect(templateSource: "[TOOL_CALLS][{{ calls }}]")?.list == .mistral)
    }

    @Test("the real templates of the corpus are recognised as their families")
    func corpusDetection() throws {
        let expected: [String: ToolCallSyntax] = [
            "deepseek-ai-DeepSeek-V3.1": ToolCallSyntax(markers: .deepSeekV31),
            "deepseek-ai-DeepSeek-R1-Distill-Llama-8B": ToolCallSyntax(markers: .deepSeekR1),
            "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B": ToolCallSyntax(markers: .deepSeekR1),
            "llama-cpp-deepseek-r1": ToolCallSyntax(markers: .deepSeekR1),
            "Kimi-K2-Instruct": ToolCallSyntax(markers: .kimiK2),
            "Kimi-K2-Thinking": ToolCallSyntax(markers: .kimiK2),
            "unsloth-mistral-Devstral-Small-2507": ToolCallSyntax(markers: .mistralArgs),
            "mistralai-Ministral-3-14B-Reasoning-2512": ToolCallSyntax(markers: .mistralArgs),
            "Mistral-Small-3.2-24B-Instruct-2506": ToolCallSyntax(markers: .mistralCallID),
            "mistralai-Mistral-Nemo-Instruct-2407": ToolCallSyntax(list: .mistral),
            "Qwen-Qwen3-0.6B": ToolCallSyntax(family: .hermes),
            "meta-llama-Llama-3.1-8B-Instruct": ToolCallSyntax(family: .llama3),
        ]
        for (name, syntax) in expected {
            let source = try CorpusFixtures.templateSource(name)
            #expect(ToolCallSyntax.detect(templateSource: source) == syntax, "\(name)")
        }
    }

    @Test("a call whose name never ends is content; a call cut short keeps its arguments so far")
    func unfinished() {
        #expect(
            parse("Hi [TOOL_CALLS]get_wea", .mistralArgs) == [.content("Hi "), .content("[TOOL_CALLS]get_wea")]
                || parse("Hi [TOOL_CALLS]get_wea", .mistralArgs) == [.content("Hi [TOOL_CALLS]get_wea")])
        #expect(
            parse("[TOOL_CALLS]f[ARGS]{\"a\": ", .mistralArgs) == [
                .callStarted(index: 0, id: "call_1", name: "f"), .arguments(index: 0, "{\"a\": "),
            ])
    }
}
