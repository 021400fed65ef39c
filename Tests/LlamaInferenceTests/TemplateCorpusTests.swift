import ChatCompletionsAPI
import ChatInference
import ChatTemplates
import Foundation
import LlamaInference
import Testing

/// What the server gives a model's own chat template: every real template of the pinned llama.cpp
/// source renders a conversation that arrives as a wire request (tools, tool calls with string
/// arguments, tool results, earlier reasoning, template keywords) exactly as Python's jinja2
/// renders the same conversation in the shape Hugging Face templates expect (the expected outputs
/// of `ChatTemplatesTests/Fixtures/generate.py`). A template that fails in jinja2 fails here with
/// the template's own message (the server answers 400), unless folding system messages into the
/// first user turn lets it render.
///
/// The documented exceptions: a template that lays out no tool list (it reads no `tools`) gets
/// the server's generic tool instructions as a system message, so the model hears of the tools;
/// and SmolLM3's template, which reads its tool list from `xml_tools`, gets the tools there too
/// (jinja2's reference was rendered with `tools` only). For those, with tools, the prompt must
/// carry the tools instead of matching.
@Suite struct TemplateCorpusTests {
    /// The fixture conversations a server request can express: the server always adds the
    /// generation prompt, sends tool-call arguments to templates as objects, and joins text parts.
    static let conversations = ["plain", "user_only", "tools", "tool_calls", "multi_turn", "reasoning_and_options"]

    @Test("the server's prompt is jinja2's, for every template and conversation", arguments: CorpusFixtures.names)
    func rendersLikeJinja(_ name: String) throws {
        let source = try CorpusFixtures.templateSource(name)
        var template = try ChatTemplate(source: source)
        template.now = CorpusFixtures.now
        template.timeZone = TimeZone(identifier: "UTC")!
        let format = JinjaPromptFormat(template: template, bosToken: "<BOS>", eosToken: "<EOS>")
        let contexts = try CorpusFixtures.json("conversations.json")
        let expected = try CorpusFixtures.json("expected/\(name).json")
        for conversation in Self.conversations {
            let context = try #require(contexts[conversation]?.objectValue)
            let result = try #require(expected[conversation]?.objectValue, "\(name) has no \(conversation)")
            let request = try CorpusFixtures.request(context)
            let rendered: Result<String, EngineError>
            do {
                rendered = .success(
                    try format.render(
                        request.messages, tools: request.tools, variables: ChatFormat.templateVariables(request)))
            } catch {
                rendered = .failure(error)
            }
            if !request.tools.isEmpty && format.toolListVariables != ["tools"], case .success(let prompt) = rendered {
                #expect(prompt.contains("\"search_web\""), "\(name) / \(conversation): the tools are missing")
                continue
            }
            switch (result["output"]?.stringValue, rendered) {
            case (let output?, .success(let prompt)):
                #expect(
                    prompt == output, "\(name) / \(conversation): \(CorpusFixtures.firstDifference(prompt, output))")
            case (.some, .failure(let error)):
                Issue.record("\(name) / \(conversation): jinja2 rendered it, the server failed: \(error.message)")
            case (nil, .failure(let error)):
                #expect(error.reason == .templateError, "\(name) / \(conversation)")
                if result["raised"] == .bool(true), let message = result["error"]?.stringValue {
                    #expect(error.message.contains(message), "\(name) / \(conversation): \(error.message)")
                }
            case (nil, .success):
                // Only the server's one deliberate fallback may render what jinja2 refused.
                #expect(
                    request.messages.contains { $0.role == .system },
                    "\(name) / \(conversation): jinja2 failed (\(result["error"] ?? .null)), the server rendered it")
            }
        }
    }
}

/// The chat-template fixtures of `ChatTemplatesTests`, read from the source tree.
enum CorpusFixtures {
    static let now = Date(timeIntervalSince1970: 1_753_540_205)

    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ChatTemplatesTests/Fixtures")
    }

    /// The templates with expected outputs; a missing fixture directory fails the test that lists them.
    static let names: [String] = {
        let files =
            (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("expected").path))
            ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    static func json(_ path: String) throws -> JSONObject {
        let data = try Data(contentsOf: directory.appendingPathComponent(path))
        return try #require(try JSONValue(parsing: Array(data)).objectValue)
    }

    static func templateSource(_ name: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let source = try #require(environment["LLAMA_CPP_SOURCE_DIR"], "LLAMA_CPP_SOURCE_DIR is not set")
        return try String(contentsOfFile: "\(source)/models/templates/\(name).jinja", encoding: .utf8)
    }

    /// The conversation as a client sends it: tool-call arguments as JSON text, the template
    /// keywords as `chat_template_kwargs`.
    static func request(_ context: JSONObject) throws -> GenerationRequest {
        var messages: [ChatMessage] = []
        for case .object(var message) in context["messages"]?.arrayValue ?? [] {
            if case .array(let calls)? = message["tool_calls"] {
                message["tool_calls"] = .array(
                    calls.map { call in
                        guard var call = call.objectValue, var function = call["function"]?.objectValue else {
                            return call
                        }
                        if let arguments = function["arguments"], arguments.stringValue == nil {
                            function["arguments"] = .string(arguments.jsonString())
                        }
                        call["function"] = .object(function)
                        return .object(call)
                    })
            }
            messages.append(try JSONValueDecoder().decode(ChatMessage.self, from: .object(message)))
        }
        let tools = try context["tools"].map { try JSONValueDecoder().decode([Tool].self, from: $0) } ?? []
        var variables: JSONObject = [:]
        for (key, value) in context
        where !["messages", "tools", "add_generation_prompt", "bos_token", "eos_token"].contains(key) {
            variables[key] = value
        }
        return GenerationRequest(
            id: "chatcmpl-test", model: "m", messages: messages, tools: tools, templateVariables: variables)
    }

    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let a = Array(actual)
        let e = Array(expected)
        let common = zip(a, e).prefix { $0 == $1 }.count
        let start = max(0, common - 40)
        return "differs at \(common): got …\(String(a[start..<min(a.count, common + 60)]).debugDescription), "
            + "want …\(String(e[start..<min(e.count, common + 60)]).debugDescription)"
    }
}
