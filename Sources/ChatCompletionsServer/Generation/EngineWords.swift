import ChatInference

// What the engine names by meaning, written in the OpenAI wire's words. Other APIs translate these
// paths further (Responses: `renamingParameters`) or do not show them (Messages).

extension EngineError.Subject {
    /// The Chat Completions member path of this part of a request (`messages[2].content[0]`).
    var chatPath: String {
        switch self {
        case .model: "model"
        case .adapter: "peft"
        case .messages: "messages"
        case .messagePart(let message, let part): "messages[\(message)].content[\(part)]"
        case .rawPrompt: "prompt"
        case .maxTokens: "max_tokens"
        case .logitBias: "logit_bias"
        case .choices: "n"
        case .tools: "tools"
        case .toolChoice: "tool_choice"
        case .toolParameters(let index): "tools[\(index)].function.parameters"
        case .outputFormat: "response_format"
        case .outputSchema(let named): named ? "response_format.json_schema.schema" : "response_format.schema"
        case .text: "content"
        case .tokens: "tokens"
        }
    }
}

extension UnenforcedKeyword {
    /// "keyword at path: why", the path in the chat request (`tools[0].function.parameters/properties/n`).
    var chatDescription: String {
        guard let tool else { return "\(keyword) at \(path): \(reason)" }
        return "\(keyword) at \(EngineError.Subject.toolParameters(tool).chatPath)\(path.dropFirst()): \(reason)"
    }
}
