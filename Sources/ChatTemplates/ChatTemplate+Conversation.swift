public import JSONCore

extension ChatTemplate {
    /// Renders a conversation the way an inference server does: `messages`, `tools` (left
    /// undefined when `nil`, as llama.cpp does, since some templates iterate `tools` whenever it
    /// is defined), `add_generation_prompt`, `bos_token` and `eos_token`, then the members of
    /// `extra` (which may override any of these, and may carry keywords a template knows, such as
    /// `enable_thinking` or `reasoning_effort`).
    public func render(
        messages: [JSONValue], tools: [JSONValue]?, addGenerationPrompt: Bool, bosToken: String, eosToken: String,
        extra: JSONObject = [:]
    ) throws(TemplateError) -> String {
        var context: JSONObject = ["messages": .array(messages)]
        if let tools { context["tools"] = .array(tools) }
        context["add_generation_prompt"] = .bool(addGenerationPrompt)
        context["bos_token"] = .string(bosToken)
        context["eos_token"] = .string(eosToken)
        for (key, value) in extra { context[key] = value }
        return try render(context)
    }
}
