public import ChatCompletionsAPI
public import ChatInference
public import ChatTemplates
import Foundation

/// A model's conversation format: how prompts are rendered (with tools, when asked), how it
/// writes tool calls, and how it marks its thinking.
package struct ChatFormat: Sendable {
    /// Renders the conversation into a prompt.
    let prompt: any PromptFormat
    /// How this model writes tool calls.
    let toolSyntax: ToolCallSyntax
    /// How this model marks its thinking (nil: it does not think, or thinking is not split off).
    var reasoning: ReasoningSyntax?

    /// The format for a model: its own Jinja template (or `template`, given instead) when it has
    /// one, else its family's turn format (Gemma's for Gemma). A template that lays out tools
    /// itself receives them; one that does not gets this server's generic tool instructions.
    /// `splitsReasoning`: whether thinking markers found in the template are split off.
    static func make(
        for model: LlamaModel, template override: String? = nil, splitsReasoning: Bool = true
    ) throws(LlamaError) -> ChatFormat {
        let bos = model.beginningOfSequence.map { model.detokenize([$0]) } ?? ""
        let eos = model.endOfSequence.map { model.detokenize([$0]) } ?? ""
        if let source = override ?? model.chatTemplate {
            let template: ChatTemplate
            do {
                template = try ChatTemplate(source: source)
            } catch {
                throw LlamaError("chat template", "the chat template does not parse: \(error)")
            }
            let syntax = ToolCallSyntax.detect(templateSource: source) ?? ToolCallSyntax(family: .hermes)
            return ChatFormat(
                prompt: JinjaPromptFormat(template: template, bosToken: bos, eosToken: eos), toolSyntax: syntax,
                reasoning: splitsReasoning ? ReasoningSyntax.detect(templateSource: source) : nil)
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

    /// Where a request's output starts relative to the model's thinking, given its rendered
    /// prompt: inside it when the prompt opened it, optional when the model may think and neither
    /// the request nor the prompt (ending with the thinking closed) turned thinking off, nil otherwise.
    func thinkingStart(prompt: String, variables: JSONObject) -> ThinkingStart? {
        guard let reasoning else { return nil }
        if reasoning.opensThinking(prompt) { return .inside(reasoning) }
        if variables["enable_thinking"] == .bool(false) || reasoning.closesThinking(prompt) { return nil }
        return .optional(reasoning)
    }

    /// The template variables a request sets: `reasoning_effort` and, from it, `enable_thinking`
    /// (false for `none` and `minimal`), then the request's `chat_template_kwargs`, which win.
    package static func templateVariables(_ request: GenerationRequest) -> JSONObject {
        var variables: JSONObject = [:]
        if let effort = request.reasoningEffort {
            variables["reasoning_effort"] = .string(effort)
            variables["enable_thinking"] = .bool(effort != "none" && effort != "minimal")
        }
        for (key, value) in request.templateVariables { variables[key] = value }
        return variables
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
/// text parts joined into strings, tool-call arguments as objects, an assistant turn's missing
/// content as `None`, earlier reasoning as `reasoning_content`, developer messages as system
/// messages, tool results as `tool` messages with their `tool_call_id`, as the client sent them.
package struct JinjaPromptFormat: PromptFormat {
    let template: ChatTemplate
    let bosToken: String
    let eosToken: String
    /// The variables the template reads the tool list from: `tools`, and SmolLM3's `xml_tools`
    /// (empty: the template lays out no tools, and this server's generic instructions describe them).
    package let toolListVariables: [String]
    /// Whether the template renders assistant tool calls and tool results itself (it reads
    /// `tool_calls`); otherwise they are written in this server's generic syntax.
    let nativeToolMessages: Bool
    /// Whether the template reads earlier reasoning from a message's `thinking` (gpt-oss, as
    /// llama.cpp gives it there), which then gets it as well as `reasoning_content`.
    let readsThinking: Bool
    /// The length call ids must have for the template (Mistral's refuse ids other than nine
    /// letters and digits): other ids are mapped to such ones, the same for a call and its result.
    let callIDLength: Int?
    /// Whether the template reads the tool list as JSON text from `functions` (FireFunction v2).
    let readsFunctionList: Bool

    package init(template: ChatTemplate, bosToken: String, eosToken: String) {
        self.template = template
        self.bosToken = bosToken
        self.eosToken = eosToken
        var variables = template.usesTools ? ["tools"] : []
        if template.source.contains("xml_tools") { variables.append("xml_tools") }
        toolListVariables = variables
        nativeToolMessages = template.usesTools || template.source.contains("tool_calls")
        readsFunctionList = template.names.contains("functions") && !template.usesTools
        callIDLength = template.source.contains("alphanumeric strings with length 9") ? 9 : nil
        readsThinking = ["message.thinking", "message['thinking']", "\"thinking\" in message"].contains {
            template.source.contains($0)
        }
    }

    package func render(
        _ messages: [ChatMessage], tools: [Tool], variables: JSONObject = [:]
    ) throws(EngineError) -> String {
        var rendered: [JSONValue] = []
        let nativeTools = nativeToolMessages
        for (index, message) in messages.enumerated() {
            var object: JSONObject = [:]
            switch message {
            case .system(let system):
                object = ["role": "system", "content": .string(try system.content.plainText(message: index))]
            case .developer(let developer):
                object = ["role": "system", "content": .string(try developer.content.plainText(message: index))]
            case .user(let user):
                object = ["role": "user", "content": .string(try user.content.plainText(message: index))]
            case .assistant(let assistant):
                let text = try assistant.content?.plainText(message: index) ?? ""
                object = ["role": "assistant", "content": .string(text)]
                if nativeTools && assistant.content == nil { object["content"] = .null }
                if let reasoning = assistant.reasoningContent {
                    object["reasoning_content"] = .string(reasoning)
                    if readsThinking { object["thinking"] = .string(reasoning) }
                }
                if let calls = assistant.toolCalls, !calls.isEmpty {
                    if readsThinking && (assistant.content == nil || assistant.reasoningContent != nil) {
                        // As llama.cpp gives gpt-oss's template a call turn: the thinking, and no
                        // content beside it (the template refuses both, and a null content).
                        object["content"] = nil
                    }
                    if nativeTools {
                        object["tool_calls"] = .array(
                            calls.map { call in
                                let arguments =
                                    (try? JSONValue(parsing: call.function.arguments))
                                    ?? .string(call.function.arguments)
                                return [
                                    "id": .string(callID(call.id)), "type": "function",
                                    "function": ["name": .string(call.function.name), "arguments": arguments],
                                ]
                            })
                    } else {
                        object["content"] = .string((text.isEmpty ? "" : text + "\n") + GenericToolPrompt.calls(calls))
                    }
                }
            case .tool(let tool):
                let text = try tool.content.plainText(message: index)
                if nativeTools {
                    object = [
                        "role": "tool", "content": .string(text), "tool_call_id": .string(callID(tool.toolCallID)),
                    ]
                } else {
                    object = ["role": "user", "content": .string(GenericToolPrompt.response(text))]
                }
            }
            if let name = message.name { object["name"] = .string(name) }
            rendered.append(.object(object))
        }
        // Tools go to the template as the client sent them (llama.cpp leaves `tools` undefined when
        // there are none, since some templates iterate it whenever it is defined).
        var toolObjects: [JSONValue]?
        var variables = variables
        if readsFunctionList {
            // FireFunction v2 reads the function specs as JSON text in `functions`, and the day in `datetime`.
            let functions = tools.map { (try? JSONValueEncoder().encode($0.function)) ?? .null }
            if variables["functions"] == nil {
                variables["functions"] = .string(ChatTemplate.pythonJSON(.array(functions), indent: 4))
            }
            if variables["datetime"] == nil {
                variables["datetime"] = .string(template.strftimeNow("%b %d %Y"))
            }
        }
        if !tools.isEmpty && !toolListVariables.isEmpty {
            let objects = tools.map { (try? JSONValueEncoder().encode($0)) ?? .null }
            for name in toolListVariables where name != "tools" && variables[name] == nil {
                variables[name] = .array(objects)
            }
            if toolListVariables.contains("tools") { toolObjects = objects }
        }
        guard !tools.isEmpty && toolListVariables.isEmpty else {
            return try render(rendered, tools: toolObjects, variables: variables)
        }
        // A template that lays out no tools gets the generic instructions as a first system message;
        // one that keeps a single system message (and dropped them) gets them at the end of its own.
        let instructions = GenericToolPrompt.instructions(for: tools)
        let prompt = try render(
            [["role": "system", "content": .string(instructions)]] + rendered, tools: nil, variables: variables)
        guard !prompt.contains(instructions), rendered.first?["role"] == "system",
            var first = rendered.first?.objectValue, let content = first["content"]?.stringValue
        else { return prompt }
        first["content"] = .string(content + "\n\n" + instructions)
        rendered[0] = .object(first)
        return try render(rendered, tools: nil, variables: variables)
    }

    /// A call id as the template accepts it.
    private func callID(_ id: String) -> String {
        callIDLength.map { RandomIdentifier.fitted(id, length: $0) } ?? id
    }

    /// Renders template-shaped messages; a template that refuses a system role gets the system
    /// messages folded into the first user turn.
    private func render(
        _ rendered: [JSONValue], tools toolObjects: [JSONValue]?, variables: JSONObject
    ) throws(EngineError) -> String {
        do {
            return try template.render(
                messages: rendered, tools: toolObjects, addGenerationPrompt: true, bosToken: bosToken,
                eosToken: eosToken, extra: variables)
        } catch {
            // Some templates refuse a system role: fold system messages into the first user turn.
            if error.raisedByTemplate, rendered.contains(where: { $0["role"] == "system" }) {
                if let folded = try? template.render(
                    messages: Self.foldSystem(rendered), tools: toolObjects, addGenerationPrompt: true,
                    bosToken: bosToken, eosToken: eosToken, extra: variables)
                {
                    return folded
                }
            }
            throw EngineError(
                .invalidRequest, "The model's chat template cannot render these messages: \(error.message)",
                about: .messages, reason: .templateError)
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
