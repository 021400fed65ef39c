import ChatCompletionsAPI
import LlamaInference
import Testing

@Suite("Tool-call output parsers")
struct ToolCallParserTests {
    /// Feeds `text` split at `split` (and whole), returning merged outputs.
    func parse(_ text: String, _ family: ToolCallSyntax.Family, split: Int? = nil) -> [ToolCallParser.Output] {
        Self.parse(text, ToolCallSyntax(family: family), split: split)
    }

    /// Feeds `text` to a parser for `syntax` (and the request's `tools`), whole, in two pieces split
    /// at `split`, or one character at a time, returning merged outputs (call ids `call_1`, …).
    static func parse(
        _ text: String, _ syntax: ToolCallSyntax, tools: [Tool] = [], split: Int? = nil, whole: Bool = false
    ) -> [ToolCallParser.Output] {
        var counter = 0
        var parser = ToolCallParser(syntax: syntax, tools: tools) {
            counter += 1
            return "call_\(counter)"
        }
        var outputs: [ToolCallParser.Output] = []
        if whole {
            outputs += parser.feed(text)
        } else if let split {
            let index = text.index(text.startIndex, offsetBy: split)
            outputs += parser.feed(String(text[..<index]))
            outputs += parser.feed(String(text[index...]))
        } else {
            for character in text { outputs += parser.feed(String(character)) }
        }
        outputs += parser.finish()
        return normalise(outputs)
    }

    /// Joins adjacent fragments so that different splits compare equal.
    static func normalise(_ outputs: [ToolCallParser.Output]) -> [ToolCallParser.Output] {
        var merged: [ToolCallParser.Output] = []
        for output in outputs {
            switch (merged.last, output) {
            case (.content(let a)?, .content(let b)): merged[merged.count - 1] = .content(a + b)
            case (.reasoning(let a)?, .reasoning(let b)): merged[merged.count - 1] = .reasoning(a + b)
            case (.arguments(let i, let a)?, .arguments(let j, let b)) where i == j:
                merged[merged.count - 1] = .arguments(index: i, a + b)
            default: merged.append(output)
            }
        }
        return merged
    }

    @Test("Hermes calls, with content before them, at every split point")
    func hermes() {
        let text =
            "Let me check.<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"days\": [1, 2]}}\n</tool_call>\n<tool_call>\n{\"name\": \"time\", \"arguments\": {}}\n</tool_call>"
        let expected: [ToolCallParser.Output] = [
            .content("Let me check."),
            .callStarted(index: 0, id: "call_1", name: "get_weather"),
            .arguments(index: 0, "{\"city\": \"Paris\", \"days\": [1, 2]}"),
            .callStarted(index: 1, id: "call_2", name: "time"),
            .arguments(index: 1, "{}"),
        ]
        #expect(parse(text, .hermes) == expected)
        for split in 0...text.count { #expect(parse(text, .hermes, split: split) == expected, "split \(split)") }
    }

    @Test("text that only resembles the opening stays content")
    func nearMiss() {
        #expect(parse("a <tool_cal b", .hermes) == [.content("a <tool_cal b")])
        #expect(parse("x <tool", .hermes) == [.content("x <tool")])
    }

    @Test("braces and quotes inside argument strings do not confuse the scanner")
    func tricky() {
        let text = "<tool_call>{\"name\": \"say\", \"arguments\": {\"text\": \"a } b \\\" { c\"}}</tool_call>"
        #expect(
            parse(text, .hermes) == [
                .callStarted(index: 0, id: "call_1", name: "say"),
                .arguments(index: 0, "{\"text\": \"a } b \\\" { c\"}"),
            ])
    }

    @Test("an unexpected member order is parsed whole at the end of the object")
    func otherOrder() {
        let text = "<tool_call>{\"arguments\": {\"a\": 1}, \"name\": \"f\"}</tool_call>"
        #expect(
            parse(text, .hermes) == [
                .callStarted(index: 0, id: "call_1", name: "f"), .arguments(index: 0, "{\"a\":1}"),
            ])
    }

    @Test("a call cut short keeps what arrived")
    func truncated() {
        let text = "<tool_call>{\"name\": \"f\", \"arguments\": {\"a\": \"hel"
        #expect(
            parse(text, .hermes) == [
                .callStarted(index: 0, id: "call_1", name: "f"), .arguments(index: 0, "{\"a\": \"hel"),
            ])
    }

    @Test("a closing marker cut short (max_tokens) after a whole call is markup, not content")
    func closingCutShort() {
        let call = "<tool_call>\n{\"name\": \"f\", \"arguments\": {\"a\": 1}}\n"
        let expected: [ToolCallParser.Output] = [
            .callStarted(index: 0, id: "call_1", name: "f"), .arguments(index: 0, "{\"a\": 1}"),
        ]
        for cut in ["</tool_call", "</", "\n</tool"] {
            #expect(parse(call + cut, .hermes) == expected, "\(cut)")
        }
        // Text after the call that is no marker stays content.
        #expect(parse(call + "</tool_call>Done", .hermes) == expected + [.content("Done")])
    }

    @Test("Llama 3 JSON calls are recognised only at the start of the reply")
    func llama3() {
        let call = "{\"name\": \"search\", \"parameters\": {\"q\": \"swift\"}}"
        let expected: [ToolCallParser.Output] = [
            .callStarted(index: 0, id: "call_1", name: "search"), .arguments(index: 0, "{\"q\": \"swift\"}"),
        ]
        #expect(parse(call, .llama3) == expected)
        #expect(parse("  " + call, .llama3) == expected)
        #expect(parse("Sure: " + call, .llama3) == [.content("Sure: " + call)])
    }

    @Test("Mistral call lists")
    func mistral() {
        let text =
            "[TOOL_CALLS][{\"name\": \"a\", \"arguments\": {\"x\": 1}}, {\"name\": \"b\", \"arguments\": {\"y\": \"z\"}}]"
        let expected: [ToolCallParser.Output] = [
            .callStarted(index: 0, id: "call_1", name: "a"), .arguments(index: 0, "{\"x\": 1}"),
            .callStarted(index: 1, id: "call_2", name: "b"), .arguments(index: 1, "{\"y\": \"z\"}"),
        ]
        #expect(Self.parse(text, ToolCallSyntax(list: .mistral)) == expected)
        for split in 0...text.count {
            #expect(Self.parse(text, ToolCallSyntax(list: .mistral), split: split) == expected, "split \(split)")
        }
    }

    @Test("family detection from template markers")
    func detection() {
        #expect(ToolCallSyntax.detect(templateSource: "{{ '<tool_call>' }}")?.family == .hermes)
        #expect(ToolCallSyntax.detect(templateSource: "[TOOL_CALLS] {{ x }}")?.list == .mistral)
        #expect(
            ToolCallSyntax.detect(templateSource: "<|start_header_id|> \"parameters\": dictionary")?.family == .llama3)
        #expect(ToolCallSyntax.detect(templateSource: "{{ messages }}") == nil)
    }
}
