import ChatCompletionsAPI

/// How a model family writes tool calls in its output. Every syntax carries calls as JSON objects
/// `{"name": …, "<argumentsKey>": {…}}`; they differ in what surrounds them.
package struct ToolCallSyntax: Sendable, Hashable {
    /// The families this server knows.
    package enum Family: String, Sendable, Hashable {
        /// Hermes, Qwen 2.5/3 and this server's generic format: `<tool_call>\n{…}\n</tool_call>` per call.
        case hermes
        /// Llama 3.x: the whole reply is `{"name": …, "parameters": {…}}`; one call per turn.
        case llama3
        /// Mistral: `[TOOL_CALLS][{…}, {…}]`.
        case mistral
    }

    package var family: Family

    package init(family: Family) { self.family = family }

    /// Text that opens the call region (empty for Llama 3, whose calls are bare JSON).
    var opening: String {
        switch family {
        case .hermes: return "<tool_call>"
        case .llama3: return ""
        case .mistral: return "[TOOL_CALLS]"
        }
    }

    /// Text that closes each call (Hermes only).
    var closing: String { family == .hermes ? "</tool_call>" : "" }

    /// The member holding the arguments.
    var argumentsKey: String { family == .llama3 ? "parameters" : "arguments" }

    /// Whether one turn may hold several calls.
    var supportsParallelCalls: Bool { family != .llama3 }

    /// Picks the syntax a chat template was written for, from the markers in its source; nil when
    /// the template has no tool syntax this server knows.
    package static func detect(templateSource source: String) -> ToolCallSyntax? {
        if source.contains("<tool_call>") { return ToolCallSyntax(family: .hermes) }
        if source.contains("[TOOL_CALLS]") && !source.contains("[ARGS]") { return ToolCallSyntax(family: .mistral) }
        if source.contains("<|start_header_id|>") && source.contains("\"parameters\"") {
            return ToolCallSyntax(family: .llama3)
        }
        return nil
    }

    /// One call written the way this family writes it (for rendering earlier assistant turns).
    package func render(name: String, arguments: String) -> String {
        let object = "{\"name\": \(JSONValue.string(name).jsonString()), \"\(argumentsKey)\": \(arguments)}"
        switch family {
        case .hermes: return "<tool_call>\n\(object)\n</tool_call>"
        case .llama3: return object
        case .mistral: return "[TOOL_CALLS][\(object)]"
        }
    }
}
