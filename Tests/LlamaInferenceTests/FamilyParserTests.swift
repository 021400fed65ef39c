import ChatCompletionsAPI
import Foundation
import LlamaInference
import Testing

/// The families whose calls are not a JSON object with the name inside: XML elements (Qwen3-Coder,
/// Seed-OSS, GLM, MiniMax), JSON lists behind other markers (Granite, FireFunction, Command R7B,
/// Nemotron v2, Apriel), Functionary, and gpt-oss's harmony messages — parsed from outputs written
/// the way each family's documentation and template show them, fed whole, split at every point,
/// and one character at a time.
@Suite("Tool calls and thinking in each family's own syntax")
struct FamilyParserTests {
    static let tools: [Tool] = [
        .function(
            name: "get_weather", description: "Weather",
            parameters: [
                "type": "object",
                "properties": [
                    "city": ["type": "string"], "days": ["type": "integer"], "units": ["enum": ["c", "f"]],
                ],
            ]),
        .function(
            name: "write_file", description: "Write",
            parameters: [
                "type": "object",
                "properties": ["path": ["type": "string"], "content": ["type": "string"], "tags": ["type": "array"]],
            ]),
    ]

    /// Feeds `text` whole, split at `split`, or a character at a time, with these tools; outputs merged.
    static func parse(
        _ text: String, _ syntax: ToolCallSyntax, split: Int? = nil, whole: Bool = false
    )
        -> [ToolCallParser.Output]
    {
        ToolCallParserTests.parse(text, syntax, tools: tools, split: split, whole: whole)
    }

    /// Two calls after some text; the second's string holds markup-like text and a line break.
    static let expected: [ToolCallParser.Output] = [
        .content("Checking."),
        .callStarted(index: 0, id: "call_1", name: "get_weather"),
        .arguments(index: 0, #"{"city": "Paris", "days": 3}"#),
        .callStarted(index: 1, id: "call_2", name: "write_file"),
        .arguments(index: 1, #"{"path": "a.swift", "content": "let a = b < c\nprint(a)", "tags": ["x"]}"#),
    ]

    static let outputs: [(String, ToolCallSyntax, String)] = [
        (
            "Qwen3-Coder", ToolCallSyntax(xml: .qwen3Coder),
            "Checking.<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n<parameter=days>\n3\n</parameter>\n</function>\n</tool_call>\n<tool_call>\n<function=write_file>\n<parameter=path>\na.swift\n</parameter>\n<parameter=content>\nlet a = b < c\nprint(a)\n</parameter>\n<parameter=tags>\n[\"x\"]\n</parameter>\n</function>\n</tool_call>"
        ),
        (
            "Seed-OSS", ToolCallSyntax(xml: .seedOSS),
            "Checking.<seed:tool_call>\n<function=get_weather>\n<parameter=city>Paris</parameter>\n<parameter=days>3</parameter>\n</function>\n</seed:tool_call>\n<seed:tool_call>\n<function=write_file>\n<parameter=path>a.swift</parameter>\n<parameter=content>let a = b < c\nprint(a)</parameter>\n<parameter=tags>[\"x\"]</parameter>\n</function>\n</seed:tool_call>"
        ),
        (
            "GLM 4.6", ToolCallSyntax(xml: .glm),
            "Checking.<tool_call>get_weather\n<arg_key>city</arg_key>\n<arg_value>Paris</arg_value>\n<arg_key>days</arg_key>\n<arg_value>3</arg_value>\n</tool_call>\n<tool_call>write_file\n<arg_key>path</arg_key>\n<arg_value>a.swift</arg_value>\n<arg_key>content</arg_key>\n<arg_value>let a = b < c\nprint(a)</arg_value>\n<arg_key>tags</arg_key>\n<arg_value>[\"x\"]</arg_value>\n</tool_call>"
        ),
        (
            "GLM 4.7 (compact)", ToolCallSyntax(xml: .glm),
            "Checking.<tool_call>get_weather<arg_key>city</arg_key><arg_value>Paris</arg_value><arg_key>days</arg_key><arg_value>3</arg_value></tool_call><tool_call>write_file<arg_key>path</arg_key><arg_value>a.swift</arg_value><arg_key>content</arg_key><arg_value>let a = b < c\nprint(a)</arg_value><arg_key>tags</arg_key><arg_value>[\"x\"]</arg_value></tool_call>"
        ),
        (
            "MiniMax M2", ToolCallSyntax(xml: .miniMax),
            "Checking.<minimax:tool_call>\n<invoke name=\"get_weather\">\n<parameter name=\"city\">Paris</parameter>\n<parameter name=\"days\">3</parameter>\n</invoke>\n<invoke name=\"write_file\">\n<parameter name=\"path\">a.swift</parameter>\n<parameter name=\"content\">let a = b < c\nprint(a)</parameter>\n<parameter name=\"tags\">[\"x\"]</parameter>\n</invoke>\n</minimax:tool_call>"
        ),
        (
            "DeepSeek V3.2 DSML", ToolCallSyntax(xml: .dsmlV32),
            "Checking.\n\n<｜DSML｜function_calls>\n<｜DSML｜invoke name=\"get_weather\">\n<｜DSML｜parameter name=\"city\" string=\"true\">Paris</｜DSML｜parameter>\n<｜DSML｜parameter name=\"days\" string=\"false\">3</｜DSML｜parameter>\n</｜DSML｜invoke>\n<｜DSML｜invoke name=\"write_file\">\n<｜DSML｜parameter name=\"path\" string=\"true\">a.swift</｜DSML｜parameter>\n<｜DSML｜parameter name=\"content\" string=\"true\">let a = b < c\nprint(a)</｜DSML｜parameter>\n<｜DSML｜parameter name=\"tags\" string=\"false\">[\"x\"]</｜DSML｜parameter>\n</｜DSML｜invoke>\n</｜DSML｜function_calls>"
        ),
        (
            "Granite 3.3", ToolCallSyntax(list: .granite),
            "Checking.<|tool_call|>[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"days\": 3}}, {\"name\": \"write_file\", \"arguments\": {\"path\": \"a.swift\", \"content\": \"let a = b < c\\nprint(a)\", \"tags\": [\"x\"]}}]"
        ),
        (
            "FireFunction v2", ToolCallSyntax(list: .fireFunction),
            "Checking. functools[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"days\": 3}}, {\"name\": \"write_file\", \"arguments\": {\"path\": \"a.swift\", \"content\": \"let a = b < c\\nprint(a)\", \"tags\": [\"x\"]}}]"
        ),
        (
            "Command R7B", ToolCallSyntax(list: .commandR7B),
            "Checking.<|START_ACTION|>[\n    {\"tool_call_id\": \"0\", \"tool_name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\", \"days\": 3}},\n    {\"tool_call_id\": \"1\", \"tool_name\": \"write_file\", \"parameters\": {\"path\": \"a.swift\", \"content\": \"let a = b < c\\nprint(a)\", \"tags\": [\"x\"]}}\n]<|END_ACTION|>"
        ),
        (
            "Nemotron Nano v2", ToolCallSyntax(list: .nemotronV2),
            "Checking.<TOOLCALL>[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"days\": 3}}, {\"name\": \"write_file\", \"arguments\": {\"path\": \"a.swift\", \"content\": \"let a = b < c\\nprint(a)\", \"tags\": [\"x\"]}}]</TOOLCALL>"
        ),
        (
            "Mistral Small 3.2", ToolCallSyntax(markers: .mistralCallID),
            "Checking.[TOOL_CALLS]get_weather[CALL_ID]a1B2c3D4e[ARGS]{\"city\": \"Paris\", \"days\": 3}[TOOL_CALLS]write_file[CALL_ID]Zz9Yy8Xx7[ARGS]{\"path\": \"a.swift\", \"content\": \"let a = b < c\\nprint(a)\", \"tags\": [\"x\"]}"
        ),
        (
            "Apertus", ToolCallSyntax(list: .apertus),
            "Checking.<|tools_prefix|>[{\"get_weather\": {\"city\": \"Paris\", \"days\": 3}}, {\"write_file\": {\"path\": \"a.swift\", \"content\": \"let a = b < c\\nprint(a)\", \"tags\": [\"x\"]}}]<|tools_suffix|>"
        ),
        (
            "LFM2 (Python, as LFM2.5's template writes it)", .pythonic,
            "Checking.<|tool_call_start|>[get_weather(city='Paris', days=3), write_file(path=\"a.swift\", content='let a = b < c\\nprint(a)', tags=['x'])]<|tool_call_end|>"
        ),
        (
            "Gemma 4", .gemma,
            "Checking.<|tool_call>call:get_weather{city:<|\"|>Paris<|\"|>,days:3}<tool_call|><|tool_call>call:write_file{path:<|\"|>a.swift<|\"|>,content:<|\"|>let a = b < c\nprint(a)<|\"|>,tags:[<|\"|>x<|\"|>]}<tool_call|>"
        ),
        (
            "Functionary v3.1", ToolCallSyntax(markers: .functionaryV31),
            "Checking.<function=get_weather>{\"city\": \"Paris\", \"days\": 3}</function><function=write_file>{\"path\": \"a.swift\", \"content\": \"let a = b < c\\nprint(a)\", \"tags\": [\"x\"]}</function>"
        ),
        (
            "Functionary v3.2 (the prompt wrote the first >>>)", ToolCallSyntax(markers: .functionaryV32),
            "all\nChecking.>>>get_weather\n{\"city\": \"Paris\", \"days\": 3}>>>write_file\n{\"path\": \"a.swift\", \"content\": \"let a = b < c\\nprint(a)\", \"tags\": [\"x\"]}"
        ),
    ]

    @Test("two calls after text, whole, at every split point and a character at a time", arguments: 0..<outputs.count)
    func family(_ index: Int) {
        let (name, syntax, text) = Self.outputs[index]
        #expect(Self.parse(text, syntax, whole: true) == Self.expected, "\(name), whole")
        #expect(Self.parse(text, syntax) == Self.expected, "\(name), a character at a time")
        for split in 0...text.count {
            let parsed = Self.parse(text, syntax, split: split)
            guard parsed == Self.expected else {
                Issue.record("\(name), split at \(split): \(parsed)")
                return
            }
        }
    }

    @Test("whitespace before a call is layout, not content; at the end of a reply, or before text, it stays")
    func whitespaceBeforeCalls() {
        for syntax in [ToolCallSyntax(family: .hermes), ToolCallSyntax(xml: .qwen3Coder)] {
            #expect(Self.parse("Hello \n", syntax) == [.content("Hello \n")])
            #expect(Self.parse("Hello \n\nworld", syntax) == [.content("Hello \n\nworld")])
            let call = syntax.render(name: "get_weather", arguments: #"{"city": "Oslo"}"#)
            #expect(Self.parse("Hello\n\n" + call, syntax).first == .content("Hello"), "\(call)")
        }
        // A call that turns out to be none gives its whitespace back.
        #expect(
            Self.parse("Hi [TOOL_CALLS]get_wea", ToolCallSyntax(markers: .mistralArgs))
                .reduce(into: "") { text, output in if case .content(let piece) = output { text += piece } }
                == "Hi [TOOL_CALLS]get_wea")
    }

    @Test("LFM2's Python literals read as JSON: quotes, escapes, True/None, nested lists and dicts, JSON's own")
    func pythonLiterals() {
        let text =
            "<|tool_call_start|>[f(a='it\\'s', b=\"x\\ty\", c=True, d=None, e=[1, -2.5, (3, 4)], g={'k': false}, h=null)]<|tool_call_end|> done"
        #expect(
            Self.parse(text, .pythonic) == [
                .callStarted(index: 0, id: "call_1", name: "f"),
                .arguments(
                    index: 0,
                    #"{"a": "it's", "b": "x\ty", "c": true, "d": null, "e": [1,-2.5,[3,4]], "g": {"k":false}, "h": null}"#
                ),
                .content(" done"),
            ])
        // Not Python after all: the text comes back as content.
        let malformed = Self.parse("<|tool_call_start|>[f(a=)]<|tool_call_end|>", .pythonic)
        #expect(malformed.count == 1 && malformed.first.map { "\($0)".contains("f(a=)") } == true, "\(malformed)")
    }

    @Test(
        "Gemma 4's values read as JSON: its quoted strings as they are, bare and quoted keys, nested objects and lists, JSON's strings"
    )
    func gemmaValues() {
        let text =
            "<|tool_call>call:f{a:<|\"|>say \"hi\", {x}<|\"|>,b:-2.5,c:true,d:null,e:[1,<|\"|>two<|\"|>],g:{<|\"|>k<|\"|>:{deep:false}},h:\"json\\tstring\"}<tool_call|>\n<|tool_call>call:now{}<tool_call|> done"
        #expect(
            Self.parse(text, .gemma) == [
                .callStarted(index: 0, id: "call_1", name: "f"),
                .arguments(
                    index: 0,
                    #"{"a": "say \"hi\", {x}", "b": -2.5, "c": true, "d": null, "e": [1,"two"], "g": {"k":{"deep":false}}, "h": "json\tstring"}"#
                ),
                .callStarted(index: 1, id: "call_2", name: "now"), .arguments(index: 1, "{}"), .content(" done"),
            ])
        // Not Gemma's syntax after all: the text comes back as content, markers and all.
        let malformed = Self.parse("<|tool_call>call:f{a:}<tool_call|>", .gemma)
        #expect(malformed == [.content("<|tool_call>call:f{a:}<tool_call|>")], "\(malformed)")
        // A call cut short by the token limit, too.
        #expect(Self.parse("<|tool_call>call:f{a:1", .gemma) == [.content("<|tool_call>call:f{a:1")])
    }

    @Test("Llama 3.1's <|python_tag|>: JSON after it is a call, and so is a built-in tool's Python")
    func pythonTag() {
        let llama = ToolCallSyntax(family: .llama3)
        #expect(
            Self.parse("<|python_tag|>{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Oslo\"}}", llama) == [
                .callStarted(index: 0, id: "call_1", name: "get_weather"),
                .arguments(index: 0, #"{"city": "Oslo"}"#),
            ])
        #expect(
            Self.parse("<|python_tag|>brave_search.call(query=\"weather in Oslo\")", llama) == [
                .callStarted(index: 0, id: "call_1", name: "brave_search"),
                .arguments(index: 0, #"{"query": "weather in Oslo"}"#),
            ])
        #expect(Self.parse("<|python_tag|>print(1 +", llama) == [.content("<|python_tag|>print(1 +")])
    }

    @Test("an XML string argument streams as it is written, without the layout's line breaks")
    func xmlStringStreams() {
        var parser = ToolCallParser(syntax: ToolCallSyntax(xml: .qwen3Coder), tools: Self.tools) { "call_1" }
        var fragments: [String] = []
        let text =
            "<tool_call>\n<function=write_file>\n<parameter=content>\nline one\nline two\n</parameter>\n</function>\n</tool_call>"
        for character in text {
            for case .arguments(_, let fragment) in parser.feed(String(character)) { fragments.append(fragment) }
        }
        for case .arguments(_, let fragment) in parser.finish() { fragments.append(fragment) }
        #expect(fragments.joined() == #"{"content": "line one\nline two"}"#)
        // The text went out while it was being written, not all at the end.
        #expect(fragments.count > 10, "\(fragments)")
    }

    @Test("XML values read by the parameter's type: JSON for others, text for strings, and text when JSON fails")
    func xmlValueTypes() {
        let text =
            "<tool_call>\n<function=get_weather>\n<parameter=city>\n42\n</parameter>\n<parameter=days>\nsoon\n</parameter>\n<parameter=units>\nc\n</parameter>\n</function>\n</tool_call>"
        #expect(
            Self.parse(text, ToolCallSyntax(xml: .qwen3Coder), whole: true) == [
                .callStarted(index: 0, id: "call_1", name: "get_weather"),
                .arguments(index: 0, #"{"city": "42", "days": "soon", "units": "c"}"#),
            ])
        // A call with no arguments, and one cut short by max_tokens.
        #expect(
            Self.parse("<tool_call>now\n</tool_call>", ToolCallSyntax(xml: .glm), whole: true) == [
                .callStarted(index: 0, id: "call_1", name: "now"), .arguments(index: 0, "{}"),
            ])
        #expect(
            Self.parse(
                "<tool_call>\n<function=get_weather>\n<parameter=city>\nPar", ToolCallSyntax(xml: .qwen3Coder)) == [
                    .callStarted(index: 0, id: "call_1", name: "get_weather"),
                    .arguments(index: 0, #"{"city": "Par"#),
                ])
    }

    static let harmony: [(String, [ToolCallParser.Output])] = [
        (
            "<|channel|>analysis<|message|>The user wants weather.<|end|><|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{\"city\": \"Paris\"}",
            [
                .reasoning("The user wants weather."), .callStarted(index: 0, id: "call_1", name: "get_weather"),
                .arguments(index: 0, #"{"city": "Paris"}"#),
            ]
        ),
        (
            // The recipient before the channel, as the template renders calls; `<|call|>` in the text.
            " to=functions.get_weather<|channel|>commentary json<|message|>{\"city\": \"Rome\"}<|call|>",
            [.callStarted(index: 0, id: "call_1", name: "get_weather"), .arguments(index: 0, #"{"city": "Rome"}"#)]
        ),
        (
            "<|channel|>analysis<|message|>Simple.<|end|><|start|>assistant<|channel|>final<|message|>Hello <b>there</b>.<|return|>",
            [.reasoning("Simple."), .content("Hello <b>there</b>.")]
        ),
        (
            // A preamble on the commentary channel is shown to the user.
            "<|channel|>commentary<|message|>Let me look.<|end|><|start|>assistant<|channel|>final<|message|>Done.",
            [.content("Let me look.Done.")]
        ),
        (
            "Plain words from a model that ignores the format.",
            [.content("Plain words from a model that ignores the format.")]
        ),
    ]

    @Test("gpt-oss's harmony messages: thinking, answer and calls, at every split point", arguments: 0..<harmony.count)
    func harmonyMessages(_ index: Int) {
        let (text, expected) = Self.harmony[index]
        #expect(Self.parse(text, .harmony, whole: true) == expected)
        #expect(Self.parse(text, .harmony) == expected)
        for split in 0...text.count {
            let parsed = Self.parse(text, .harmony, split: split)
            guard parsed == expected else {
                Issue.record("split at \(split): \(parsed)")
                return
            }
        }
    }

    @Test("the corpus's templates' thinking markers are recognised")
    func thinkingDetection() throws {
        let expected: [String: (String, String)] = [
            "openai-gpt-oss-120b": ("<|channel|>analysis<|message|>", "<|end|>"),
            "Qwen3.5-4B": ("<think>", "</think>"), "GLM-4.6": ("<think>", "</think>"),
            "MiniMax-M2": ("<think>", "</think>"), "deepseek-ai-DeepSeek-V3.2": ("<think>", "</think>"),
            "ByteDance-Seed-OSS": ("<seed:think>", "</seed:think>"),
            "CohereForAI-c4ai-command-r7b-12-2024-tool_use": ("<|START_THINKING|>", "<|END_THINKING|>"),
            "mistralai-Ministral-3-14B-Reasoning-2512": ("[THINK]", "[/THINK]"),
            "google-gemma-4-31B-it": ("<|channel>thought", "<channel|>"),
            "ibm-granite-granite-3.3-2B-Instruct": ("<think>", "</think>"),
            "MiniMax-M3": ("<mm:think>", "</mm:think>"),
            "Apertus-8B-Instruct": ("<|inner_prefix|>", "<|inner_suffix|>"),
        ]
        for (name, (open, close)) in expected {
            let source = try CorpusFixtures.templateSource(name)
            let reasoning = ReasoningSyntax.detect(templateSource: source)
            #expect(reasoning?.open == open && reasoning?.close == close, "\(name): \(String(describing: reasoning))")
            #expect((reasoning?.answerMarkers != nil) == name.contains("granite"), "\(name)")
        }
    }

    @Test("the corpus's templates are recognised as their families")
    func corpusDetection() throws {
        let expected: [String: ToolCallSyntax] = [
            "openai-gpt-oss-120b": .harmony,
            "Qwen3-Coder": ToolCallSyntax(xml: .qwen3Coder),
            "Qwen3.5-4B": ToolCallSyntax(xml: .qwen3Coder),
            "NVIDIA-Nemotron-3-Nano-30B-A3B-BF16": ToolCallSyntax(xml: .qwen3Coder),
            "StepFun3.5-Flash": ToolCallSyntax(xml: .qwen3Coder),
            "ByteDance-Seed-OSS": ToolCallSyntax(xml: .seedOSS),
            "GLM-4.6": ToolCallSyntax(xml: .glm),
            "GLM-4.7-Flash": ToolCallSyntax(xml: .glm),
            "poolside-Laguna-XS.2": ToolCallSyntax(xml: .glm),
            "MiniMax-M2": ToolCallSyntax(xml: .miniMax),
            "deepseek-ai-DeepSeek-V3.2": ToolCallSyntax(xml: .dsmlV32),
            "deepseek-ai-DeepSeek-V4": ToolCallSyntax(xml: .dsmlV4),
            "deepseek-ai-DeepSeek-V4-Flash-0731": ToolCallSyntax(xml: .dsmlV4),
            "ibm-granite-granite-3.3-2B-Instruct": ToolCallSyntax(list: .granite),
            "ibm-granite-granite-4.0": ToolCallSyntax(family: .hermes),
            "fireworks-ai-llama-3-firefunction-v2": ToolCallSyntax(list: .fireFunction),
            "CohereForAI-c4ai-command-r7b-12-2024-tool_use": ToolCallSyntax(list: .commandR7B),
            "Cohere2MoE": ToolCallSyntax(list: .commandR7B),
            "NVIDIA-Nemotron-Nano-v2": ToolCallSyntax(list: .nemotronV2),
            "unsloth-Apriel-1.5": ToolCallSyntax(list: .apriel),
            "meetkai-functionary-medium-v3.1": ToolCallSyntax(markers: .functionaryV31),
            "meetkai-functionary-medium-v3.2": ToolCallSyntax(markers: .functionaryV32),
            "Apertus-8B-Instruct": ToolCallSyntax(list: .apertus),
            "LFM2-8B-A1B": .pythonic, "LFM2.5-8B-A1B": .pythonic, "LFM2.5-Instruct": .pythonic,
            "google-gemma-4-31B-it": .gemma, "google-gemma-4-31B-it-interleaved": .gemma,
        ]
        for (name, syntax) in expected {
            let source = try CorpusFixtures.templateSource(name)
            #expect(ToolCallSyntax.detect(templateSource: source) == syntax, "\(name)")
        }
    }
}
