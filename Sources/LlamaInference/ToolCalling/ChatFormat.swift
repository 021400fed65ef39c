import ChatCompletionsAPI
import ChatInference
import ChatTemplates
import Foundation

/// A model's conversation format: how prompts are rendered (with tools, when asked), and how it
/// writes tool calls.
struct ChatFormat: Sendable {
    /// Renders the conversation into a prompt.
    let prompt: any PromptFormat
    /// How this model writes tool calls.
    let toolSyntax: ToolCallSyntax

    /// The format for a model: its own Jinja template when it has one, else its family's turn
    /// format (Gemma's for Gemma), with this server's generic tool format where the template knows
    /// no tool syntax.
    static func make(for model: LlamaModel) throws(LlamaError) -> ChatFormat {
        let bos = model.beginningOfSequence.map { model.detokenize([$0]) } ?? ""
        let eos = model.endOfSequence.map { model.detokenize([$0]) } ?? ""
        if let source = model.chatTemplate {
            let template: ChatTemplate
            do {
                template = try ChatTemplate(source: source)
            } catch {
                throw LlamaError("chat template", "the model's chat template does not parse: \(error)")
            }
            let native = template.usesTools ? ToolCallSyntax.detect(templateSource: source) : nil
            return ChatFormat(
                prompt: JinjaPromptFormat(
                    template: template, bosToken: bos, eosToken: eos, nativeTools: native != nil),
                toolSyntax: native ?? ToolCallSyntax(family: .hermes))
        }
        if let architecture = model.architecture, architecture.hasPrefix("gemma") {
            return ChatFormat(
                prompt: GemmaTurnFormat(beginOfSequence: model.addsBeginningOfSequence ? bos : ""),
                toolSyntax: ToolCallSyntax(family: .hermes))
        }
        throw LlamaError(
            "chat template",
            "\(model.path) has no chat template, and its family (\(model.architecture ?? "unknown")) has no built-in turn format here"
        )
    }
}

/// This server's generic tool format, for templates that know no tool syntax: tools are described
/// in a system message, calls are `<tool_call>{…}</tool_call>` (the Hermes syntax), and results come
/// back in `<tool_response>` blocks.
enum GenericToolPrompt {
    /// The system text listing the tools and how to call them.
    static func instructions(for tools: [Tool]) -> String {
        var text = """
            You can call the tools listed below. To call a tool, reply with one block per call and nothing else:
            <tool_call>
            {"name": "<tool name>", "arguments": <the arguments as a JSON object>}
            </tool_call>
            Each tool's arguments follow its JSON Schema. After the calls, the results arrive in <tool_response> blocks; then answer normally.
            Tools:
            """
        for tool in tools {
            var entry: JSONObject = ["name": .string(tool.function.name)]
            if let description = tool.function.description { entry["description"] = .string(description) }
            entry["parameters"] = tool.function.parameters ?? ["type": "object", "properties": [:]]
            text += "\n" + JSONValue.object(entry).jsonString()
        }
        return text
    }

    /// An earlier assistant turn's calls.
    static func calls(_ calls: [ToolCall]) -> String {
        calls.map { ToolCallSyntax(family: .hermes).render(name: $0.function.name, arguments: $0.function.arguments) }
            .joined(separator: "\n")
    }

    /// A tool result.
    static func response(_ text: String) -> String { "<tool_response>\n\(text)\n</tool_response>" }
}

/// Renders with the model's own Jinja chat template, in the shape Hugging Face templates expect:
/// text parts joined into strings, tool-call arguments as objects, developer messages as system
/// messages, tool messages carrying the called function's name.
struct JinjaPromptFormat: PromptFormat {
    let template: ChatTemplate
    let bosToken: String
    let eosToken: String
    /// Whether the template renders tools itself (else the generic tool prompt is used).
    let nativeTools: Bool

    package func render(_ messages: [ChatMessage], tools: [Tool]) throws(EngineError) -> String {
        var rendered: [JSONValue] = []
        var callNames: [String: String] = [:]
        if !tools.isEmpty && !nativeTools {
            rendered.append(["role": "system", "content": .string(GenericToolPrompt.instructions(for: tools))])
        }
        for (index, message) in messages.enumerated() {
            let param = "messages[\(index)].content"
            var object: JSONObject = [:]
            switch message {
            case .system(let system):
                object = ["role": "system", "content": .string(try system.content.plainText(param: param))]
            case .developer(let developer):
                object = ["role": "system", "content": .string(try developer.content.plainText(param: param))]
            case .user(let user):
                object = ["role": "user", "content": .string(try user.content.plainText(param: param))]
            case .assistant(let assistant):
                let text = try assistant.content?.plainText(param: param) ?? ""
                object = ["role": "assistant", "content": .string(text)]
                if let calls = assistant.toolCalls, !calls.isEmpty {
                    for call in calls { callNames[call.id] = call.function.name }
                    if nativeTools {
                        object["tool_calls"] = .array(
                            calls.map { call in
                                let arguments =
                                    (try? JSONValue(parsing: call.function.arguments))
                                    ?? .string(call.function.arguments)
                                return [
                                    "id": .string(call.id), "type": "function",
                                    "function": ["name": .string(call.function.name), "arguments": arguments],
                                ]
                            })
                    } else {
                        object["content"] = .string((text.isEmpty ? "" : text + "\n") + GenericToolPrompt.calls(calls))
                    }
                }
            case .tool(let tool):
                let text = try tool.content.plainText(param: param)
                if nativeTools {
                    object = ["role": "tool", "content": .string(text), "tool_call_id": .string(tool.toolCallID)]
                    if let name = callNames[tool.toolCallID] { object["name"] = .string(name) }
                } else {
                    object = ["role": "user", "content": .string(GenericToolPrompt.response(text))]
                }
            }
            if let name = message.name { object["name"] = .string(name) }
            rendered.append(.object(object))
        }
        let toolObjects: [JSONValue]? =
            nativeTools && !tools.isEmpty ? tools.map { (try? JSONValueEncoder().encode($0)) ?? .null } : nil
        do {
            return try template.render(
                messages: rendered, tools: toolObjects, addGenerationPrompt: true, bosToken: bosToken,
                eosToken: eosToken)
        } catch {
            // Some templates refuse a system role: fold system messages into the first user turn.
            if error.raisedByTemplate, rendered.contains(where: { $0["role"] == "system" }) {
                if let folded = try? template.render(
                    messages: Self.foldSystem(rendered), tools: toolObjects, addGenerationPrompt: true,
                    bosToken: bosToken, eosToken: eosToken)
                {
                    return folded
                }
            }
            throw EngineError(
                .invalidRequest, "The model's chat template cannot render these messages: \(error.message)",
                param: "messages", reason: .templateError)
        }
    }

    private static func foldSystem(_ messages: [JSONValue]) -> [JSONValue] {
        let system = messages.filter { $0["role"] == "system" }.compactMap { $0["content"]?.stringValue }
        var rest = messages.filter { $0["role"] != "system" }
        if let first = rest.firstIndex(where: { $0["role"] == "user" }), var object = rest[first].objectValue {
            object["content"] = .string((system + [object["content"]?.stringValue ?? ""]).joined(separator: "\n\n"))
            rest[first] = .object(object)
        }
        return rest
    }
}
