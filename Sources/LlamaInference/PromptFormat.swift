public import ChatCompletionsAPI
public import ChatInference

/// Turns a conversation into the prompt text a model was trained on.
protocol PromptFormat: Sendable {
    /// The prompt for `messages`, ending with the start of the assistant's turn. `variables` are
    /// extra template variables (`enable_thinking`, `reasoning_effort`, `chat_template_kwargs`),
    /// for formats that read them.
    func render(_ messages: [ChatMessage], tools: [Tool], variables: JSONObject) throws(EngineError) -> String
}

extension MessageContent {
    /// The text of the content; image, audio and file parts are refused, since the models served
    /// here read text only.
    func plainText(message: Int) throws(EngineError) -> String {
        switch self {
        case .text(let text): return text
        case .parts(let parts):
            var pieces: [String] = []
            for (index, part) in parts.enumerated() {
                switch part {
                case .text(let text), .refusal(let text): pieces.append(text)
                case .imageURL, .inputAudio, .file:
                    throw EngineError(
                        .invalidRequest,
                        "This model reads text only; the \(part.type) part \(index) of message \(message) cannot be used.",
                        about: .messagePart(message: message, part: index), reason: .unsupportedContent)
                }
            }
            return pieces.joined(separator: "\n")
        }
    }
}

/// Gemma's turn format (`<start_of_turn>user … <end_of_turn>`), for Gemma models whose GGUF carries
/// no chat template (such as the default model). System and developer messages go at the top of the
/// first user turn, as Gemma's own template does; tools use the generic tool prompt.
package struct GemmaTurnFormat: PromptFormat {
    /// The text of the BOS token (`<bos>`), written first.
    var beginOfSequence: String

    package init(beginOfSequence: String) { self.beginOfSequence = beginOfSequence }

    package func render(
        _ messages: [ChatMessage], tools: [Tool], variables: JSONObject = [:]
    ) throws(EngineError) -> String {
        var prompt = beginOfSequence
        var preamble: [String] = tools.isEmpty ? [] : [GenericToolPrompt.instructions(for: tools)]
        var pendingUser: [String] = []
        func turn(_ role: String, _ text: String) { prompt += "<start_of_turn>\(role)\n\(text)<end_of_turn>\n" }
        func flushUser() {
            guard !pendingUser.isEmpty || !preamble.isEmpty else { return }
            turn("user", (preamble + pendingUser).joined(separator: "\n\n"))
            preamble = []
            pendingUser = []
        }
        for (index, message) in messages.enumerated() {
            switch message {
            case .system(let system):
                preamble.append(try system.content.plainText(message: index))
            case .developer(let developer):
                preamble.append(try developer.content.plainText(message: index))
            case .user(let user):
                pendingUser.append(try user.content.plainText(message: index))
                flushUser()
            case .assistant(let assistant):
                flushUser()
                var text = try assistant.content?.plainText(message: index) ?? ""
                if let calls = assistant.toolCalls, !calls.isEmpty {
                    text += (text.isEmpty ? "" : "\n") + GenericToolPrompt.calls(calls)
                }
                turn("model", text)
            case .tool(let tool):
                pendingUser.append(GenericToolPrompt.response(try tool.content.plainText(message: index)))
                if index + 1 == messages.count || messages[index + 1].role != .tool { flushUser() }
            }
        }
        flushUser()
        return prompt + "<start_of_turn>model\n"
    }
}
