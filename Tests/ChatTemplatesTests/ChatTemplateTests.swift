import ChatTemplates
import Foundation
import JSONCore
import Testing

/// The public surface: rendering a conversation, the tools probe, errors and their places,
/// `strftime_now`, and rendering from many tasks at once.
@Suite struct ChatTemplateTests {
    static let chatML = """
        {%- if tools is defined and tools %}{{ '<tools>' ~ (tools | map(attribute='function.name') | join(',')) ~ '</tools>\\n' }}{% endif -%}
        {{ bos_token }}
        {%- for message in messages %}
        <|{{ message.role }}|>{{ message.content }}{{ eos_token }}
        {%- endfor %}
        {%- if add_generation_prompt %}
        <|assistant|>
        {%- endif %}
        {%- if extra_flag is defined %}[{{ extra_flag }}]{% endif %}
        """

    @Test func rendersAConversation() throws {
        let template = try ChatTemplate(source: Self.chatML)
        let output = try template.render(
            messages: [["role": "system", "content": "Be brief."], ["role": "user", "content": "Hi"]], tools: nil,
            addGenerationPrompt: true, bosToken: "<s>", eosToken: "</s>")
        #expect(output == "<s><|system|>Be brief.</s><|user|>Hi</s><|assistant|>")
    }

    @Test func passesToolsAndExtraVariables() throws {
        let template = try ChatTemplate(source: Self.chatML)
        let tools: [JSONValue] = [
            ["type": "function", "function": ["name": "get_weather", "parameters": ["type": "object"]]],
            ["type": "function", "function": ["name": "search"]],
        ]
        let output = try template.render(
            messages: [["role": "user", "content": "Hi"]], tools: tools, addGenerationPrompt: false, bosToken: "",
            eosToken: "", extra: ["extra_flag": true, "bos_token": "<override>"])
        #expect(output == "<tools>get_weather,search</tools>\n<override><|user|>Hi[True]")
    }

    @Test func leavesToolsUndefinedWhenThereAreNone() throws {
        let template = try ChatTemplate(source: "{{ tools is defined }} {{ tools is none }}")
        let output = try template.render(
            messages: [], tools: nil, addGenerationPrompt: false, bosToken: "", eosToken: "")
        #expect(output == "False False")
        let withTools = try template.render(
            messages: [], tools: [], addGenerationPrompt: false, bosToken: "", eosToken: "")
        #expect(withTools == "True False")
    }

    @Test func probesWhetherTheTemplateReadsTools() throws {
        #expect(try ChatTemplate(source: Self.chatML).usesTools)
        #expect(try ChatTemplate(source: "{% macro m() %}{% for t in tools %}{% endfor %}{% endmacro %}").usesTools)
        #expect(try ChatTemplate(source: "{{ x if y else tools | tojson }}").usesTools)
        #expect(try !ChatTemplate(source: "{% for m in messages %}{{ m.content }}{% endfor %}").usesTools)
        #expect(try !ChatTemplate(source: "tools are not mentioned in {{ 'code' }}").usesTools)
    }

    @Test func keepsTheSource() throws {
        let source = "Hello {{ name }}"
        #expect(try ChatTemplate(source: source).source == source)
    }

    @Test func printsJSONValuesTheWayPythonDoes() throws {
        let template = try ChatTemplate(
            source: "{{ i }} {{ f }} {{ g }} {{ b }} {{ n }} {{ o }} {{ a }} {{ o | tojson }}")
        let context: JSONObject = [
            "i": 3, "f": 2.0, "g": 0.1, "b": true, "n": nil, "o": ["z": 1, "a": [1.5, "x"]], "a": ["it's", "\"q\""],
        ]
        #expect(
            try template.render(context)
                == #"3 2.0 0.1 True None {'z': 1, 'a': [1.5, 'x']} ["it's", '"q"'] {"z": 1, "a": [1.5, "x"]}"#)
    }

    @Test func normalizesNewlinesAndDropsOneTrailingNewline() throws {
        #expect(try ChatTemplate(source: "a\r\nb\rc\n").render([:]) == "a\nb\nc")
        #expect(try ChatTemplate(source: "a\n\n").render([:]) == "a\n")
        #expect(try ChatTemplate(source: "{% if true %}\r\nx\r\n{% endif %}\r\n").render([:]) == "x\n")
    }

    // MARK: - Errors

    @Test(arguments: [
        (
            "{% if x %}\nopen",
            "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
            2, 5
        ),
        ("text\n  {% frobnicate %}", "Encountered unknown tag 'frobnicate'.", 2, 6),
        ("{{ 1 + }}", "unexpected 'end of print statement'", 1, 8),
        ("line\n{{ 'open }}", "unexpected char \"'\" at 8", 2, 4),
        ("{# never closed", "Missing end of comment tag", 1, 1),
        ("{{ (1, 2] }}", "unexpected ']', expected ')'", 1, 9),
        ("a\nb\n{{ x | no_such_filter }}", "No filter named 'no_such_filter'.", 3, 8),
        (
            "{% for x in y %}{% endif %}",
            "Encountered unknown tag 'endif'. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.",
            1, 20
        ),
    ])
    func reportsSyntaxErrorsWithTheirPlace(_ source: String, _ message: String, _ line: Int, _ column: Int) {
        #expect {
            _ = try ChatTemplate(source: source)
        } throws: { error in
            guard let error = error as? TemplateError else { return false }
            return error.message == message && error.line == line && error.column == column && !error.raisedByTemplate
        }
    }

    @Test(arguments: [
        ("{{ missing.attribute }}", "'missing' is undefined", 1, 11),
        ("ok\n  {{ 'a' + 1 }}", "can only concatenate str (not \"int\") to str", 2, 10),
        (
            "{% for m in messages %}\n{{ m.content.strip() + m.nope.deeper }}\n{% endfor %}",
            "'dict object' has no attribute 'nope'", 2, 30
        ),
        ("{% set x = 1 %}{% set x.y = 2 %}", "cannot assign attribute on non-namespace object", 1, 19),
        (
            "{{ messages | tojson(indent='x', sort_keys=true, extra=1) }}",
            "tojson() got an unexpected keyword argument 'extra'", 1, 15
        ),
        ("{% if true %}{{ 1 | no_such_filter }}{% endif %}", "No filter named 'no_such_filter' found.", 1, 21),
    ])
    func reportsRuntimeErrorsWithTheirPlace(_ source: String, _ message: String, _ line: Int, _ column: Int) throws {
        let template = try ChatTemplate(source: source)
        #expect {
            _ = try template.render(["messages": [["role": "user", "content": " hi "]]])
        } throws: { error in
            guard let error = error as? TemplateError else { return false }
            return error.message == message && error.line == line && error.column == column && !error.raisedByTemplate
        }
    }

    @Test func raiseExceptionCarriesTheTemplatesMessage() throws {
        let template = try ChatTemplate(
            source:
                "{% for m in messages %}\n{% if m.role == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}{% endfor %}"
        )
        do {
            _ = try template.render(["messages": [["role": "system", "content": "x"]]])
            Issue.record("expected the template to raise")
        } catch {
            #expect(error.raisedByTemplate)
            #expect(error.message == "System role not supported")
            #expect(error.line == 2)
            #expect(error.column == 31)
            #expect(error.description == "System role not supported (line 2, column 31)")
        }
        #expect(try template.render(["messages": [["role": "user", "content": "x"]]]) == "")
    }

    @Test func describesErrors() {
        #expect(TemplateError(message: "boom").description == "boom")
        #expect(TemplateError(message: "boom", line: 3).description == "boom (line 3)")
        #expect(TemplateError(message: "boom", line: 3, column: 9).description == "boom (line 3, column 9)")
    }

    @Test func refusesTemplatesNestedTooDeeply() throws {
        let parentheses = "{{ " + String(repeating: "(", count: 65) + "1" + String(repeating: ")", count: 65) + " }}"
        #expect(throws: TemplateError.self) { try ChatTemplate(source: parentheses) }
        let shallow = "{{ " + String(repeating: "(", count: 20) + "1" + String(repeating: ")", count: 20) + " }}"
        #expect(try ChatTemplate(source: shallow).render([:]) == "1")
        let blocks = String(repeating: "{% if true %}", count: 65) + String(repeating: "{% endif %}", count: 65)
        #expect(throws: TemplateError.self) { try ChatTemplate(source: blocks) }
        let recursion = try ChatTemplate(source: "{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}")
        #expect {
            _ = try recursion.render([:])
        } throws: { error in
            (error as? TemplateError)?.message == "maximum recursion depth exceeded"
        }
    }

    // MARK: - strftime_now

    @Test func strftimeNowFormatsThePinnedMomentInTheGivenZone() throws {
        var template = try ChatTemplate(source: "{{ strftime_now('%d %b %Y, %H:%M:%S (%A, day %j, %I %p)') }}")
        template.now = Date(timeIntervalSince1970: 1_753_540_205)  // 2025-07-26 14:30:05 UTC
        template.timeZone = TimeZone(identifier: "UTC")!
        #expect(try template.render([:]) == "26 Jul 2025, 14:30:05 (Saturday, day 207, 02 PM)")
        template.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        #expect(try template.render([:]) == "26 Jul 2025, 23:30:05 (Saturday, day 207, 11 PM)")
        template.timeZone = TimeZone(identifier: "Pacific/Kiritimati")!
        #expect(try template.render([:]) == "27 Jul 2025, 04:30:05 (Sunday, day 208, 04 AM)")
    }

    @Test func strftimeNowDefaultsToTheClock() throws {
        var template = try ChatTemplate(source: "{{ strftime_now('%Y') }}")
        template.timeZone = TimeZone(identifier: "UTC")!
        let year = Calendar(identifier: .gregorian).dateComponents(in: template.timeZone, from: Date()).year!
        let rendered = try template.render([:])
        #expect(rendered == String(year) || rendered == String(year + 1))
    }

    // MARK: - Rendering is a pure function of the context

    @Test func rendersTheSameTwiceAndAcrossTasks() async throws {
        let template = try ChatTemplate(
            source: """
                {%- set ns = namespace(seen=[]) -%}
                {%- for m in messages -%}{%- set _ = ns.seen.append(m.content) -%}{%- endfor -%}
                {{ ns.seen | join('+') }}|{{ messages | length }}
                """)
        let first = try template.render(["messages": [["content": "a"], ["content": "b"]]])
        #expect(first == "a+b|2")
        #expect(try template.render(["messages": [["content": "a"], ["content": "b"]]]) == first)
        let outputs = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<32 {
                group.addTask {
                    let messages: [JSONValue] = (0...index % 5).map { ["content": .string("\(index)-\($0)")] }
                    return (index, try template.render(["messages": .array(messages)]))
                }
            }
            var results: [Int: String] = [:]
            for try await (index, output) in group { results[index] = output }
            return results
        }
        for (index, output) in outputs {
            let expected = (0...index % 5).map { "\(index)-\($0)" }.joined(separator: "+") + "|\(index % 5 + 1)"
            #expect(output == expected)
        }
    }

    @Test func everyDeclaredFilterAndTestIsImplemented() throws {
        for name in Renderer.filterNames {
            let template = try ChatTemplate(source: "{{ [1, 2] | \(name) }}")
            do {
                _ = try template.render([:])
            } catch {
                #expect(!error.message.hasPrefix("No filter named"), "\(name)")
            }
        }
        for name in Renderer.testNames where name.first!.isLetter {
            let template = try ChatTemplate(source: "{{ 2 is \(name) }}")
            do {
                _ = try template.render([:])
            } catch {
                #expect(!error.message.hasPrefix("No test named"), "\(name)")
            }
        }
    }
}
