public import ChatCompletionsAPI

/// An item of a Responses conversation: what goes in (`input`) and what comes out (`output`).
public enum ResponseItem: Sendable, Hashable {
    /// A message: input text parts, or an assistant's output text.
    case message(MessageItem)
    /// A call of a function tool the model made.
    case functionCall(FunctionCallItem)
    /// A function's result, answering the call `callID`.
    case functionCallOutput(id: String?, callID: String, output: String)
    /// A model's thinking before its answer (`reasoning_text` content; no summary is made).
    case reasoning(id: String, text: String)

    /// A message item.
    public struct MessageItem: Sendable, Hashable {
        public var id: String?
        /// `user`, `system`, `developer` or `assistant`.
        public var role: String
        public var parts: [Part]
        /// `completed` or `incomplete` for output; nil on input that gave none.
        public var status: String?

        public init(id: String? = nil, role: String, parts: [Part], status: String? = nil) {
            self.id = id
            self.role = role
            self.parts = parts
            self.status = status
        }

        /// The text of its text parts, joined.
        public var text: String {
            parts.map {
                switch $0 {
                case .inputText(let text), .outputText(let text, _), .refusal(let text): text
                }
            }.joined(separator: "\n")
        }
    }

    /// A part of a message's content.
    public enum Part: Sendable, Hashable {
        case inputText(String)
        /// Output text with its tokens' log probabilities (Responses' shape), when asked for.
        case outputText(String, logprobs: [JSONValue]?)
        case refusal(String)

        public var json: JSONValue {
            switch self {
            case .inputText(let text): ["type": "input_text", "text": .string(text)]
            case .outputText(let text, let logprobs):
                ["type": "output_text", "text": .string(text), "annotations": [], "logprobs": .array(logprobs ?? [])]
            case .refusal(let text): ["type": "refusal", "refusal": .string(text)]
            }
        }
    }

    /// A function call item.
    public struct FunctionCallItem: Sendable, Hashable {
        public var id: String?
        public var callID: String
        public var name: String
        /// The arguments as the JSON text the model wrote.
        public var arguments: String
        public var status: String?

        public init(id: String?, callID: String, name: String, arguments: String, status: String? = "completed") {
            self.id = id
            self.callID = callID
            self.name = name
            self.arguments = arguments
            self.status = status
        }
    }

    /// The item's id, when it has one.
    public var id: String? {
        switch self {
        case .message(let message): message.id
        case .functionCall(let call): call.id
        case .functionCallOutput(let id, _, _): id
        case .reasoning(let id, _): id
        }
    }

    /// The same item with `id` when it had none.
    public func identified(_ make: () -> String) -> ResponseItem {
        guard id == nil else { return self }
        switch self {
        case .message(var message):
            message.id = make()
            return .message(message)
        case .functionCall(var call):
            call.id = make()
            return .functionCall(call)
        case .functionCallOutput(_, let callID, let output):
            return .functionCallOutput(id: make(), callID: callID, output: output)
        case .reasoning: return self
        }
    }

    /// The prefix OpenAI gives this kind of item's id.
    public var idPrefix: String {
        switch self {
        case .message: "msg_"
        case .functionCall: "fc_"
        case .functionCallOutput: "fco_"
        case .reasoning: "rs_"
        }
    }

    /// The item as OpenAI writes it.
    public var json: JSONValue {
        switch self {
        case .message(let message):
            var object: JSONObject = [
                "type": "message", "role": .string(message.role), "content": .array(message.parts.map(\.json)),
            ]
            if let id = message.id { object["id"] = .string(id) }
            if let status = message.status { object["status"] = .string(status) }
            return .object(object)
        case .functionCall(let call):
            var object: JSONObject = [
                "type": "function_call", "call_id": .string(call.callID), "name": .string(call.name),
                "arguments": .string(call.arguments),
            ]
            if let id = call.id { object["id"] = .string(id) }
            if let status = call.status { object["status"] = .string(status) }
            return .object(object)
        case .functionCallOutput(let id, let callID, let output):
            var object: JSONObject = [
                "type": "function_call_output", "call_id": .string(callID), "output": .string(output),
                "status": "completed",
            ]
            if let id { object["id"] = .string(id) }
            return .object(object)
        case .reasoning(let id, let text):
            return [
                "type": "reasoning", "id": .string(id), "summary": [],
                "content": [["type": "reasoning_text", "text": .string(text)]],
            ]
        }
    }

    /// Item types of OpenAI's that need tools this server does not run, or state it does not keep.
    static let refusedTypes: [String: String] = [
        "item_reference":
            "Item references are not supported; send the item itself, or continue with previous_response_id.",
        "file_search_call": "Hosted tools are not run by this server.",
        "web_search_call": "Hosted tools are not run by this server.",
        "computer_call": "Hosted tools are not run by this server.",
        "computer_call_output": "Hosted tools are not run by this server.",
        "code_interpreter_call": "Hosted tools are not run by this server.",
        "image_generation_call": "Hosted tools are not run by this server.",
        "local_shell_call": "Hosted tools are not run by this server.",
        "local_shell_call_output": "Hosted tools are not run by this server.",
        "mcp_call": "Hosted tools are not run by this server.",
        "mcp_list_tools": "Hosted tools are not run by this server.",
        "mcp_approval_request": "Hosted tools are not run by this server.",
        "mcp_approval_response": "Hosted tools are not run by this server.",
        "custom_tool_call": "Custom tools are not supported; declare function tools.",
        "custom_tool_call_output": "Custom tools are not supported; declare function tools.",
    ]

    /// Reads an input item (a message without `type` is a message, as OpenAI's easy input is).
    public init(json value: JSONValue, at path: String) throws(InvalidRequestError) {
        let fields = try JSONFields(value, at: path)
        let type = try fields.string("type") ?? "message"
        if let refusal = Self.refusedTypes[type] {
            throw InvalidRequestError(
                message: "'\(path)': \(refusal)", param: fields.path("type"), code: "unsupported_value")
        }
        switch type {
        case "message":
            try fields.refuseUnknown(["type", "id", "role", "content", "status"])
            guard let role = try fields.choice("role", ["user", "system", "developer", "assistant"]) else {
                throw fields.missing("role")
            }
            guard let content = fields.value("content") else { throw fields.missing("content") }
            var parts: [Part] = []
            if case .string(let text) = content {
                parts = [role == "assistant" ? .outputText(text, logprobs: nil) : .inputText(text)]
            } else if let elements = try fields.array("content") {
                parts = try elements.map { element throws(InvalidRequestError) in
                    try Self.part(element.value, at: element.path, role: role)
                }
            } else {
                throw fields.typeError("content", "a string or an array of content parts", content)
            }
            self = .message(
                MessageItem(id: try fields.string("id"), role: role, parts: parts, status: try fields.string("status")))
        case "function_call":
            try fields.refuseUnknown(["type", "id", "call_id", "name", "arguments", "status"])
            self = .functionCall(
                FunctionCallItem(
                    id: try fields.string("id"), callID: try fields.requiredString("call_id"),
                    name: try fields.requiredString("name"), arguments: try fields.requiredString("arguments"),
                    status: try fields.string("status")))
        case "function_call_output":
            try fields.refuseUnknown(["type", "id", "call_id", "output", "status"])
            var output = ""
            if let value = fields.value("output"), case .string(let text) = value {
                output = text
            } else if let parts = try fields.array("output") {
                output = try parts.map { element throws(InvalidRequestError) in
                    guard case .inputText(let text) = try Self.part(element.value, at: element.path, role: "user")
                    else {
                        throw InvalidRequestError(
                            message: "'\(element.path)': a function's output holds text only.", param: element.path,
                            code: "invalid_value")
                    }
                    return text
                }.joined(separator: "\n")
            } else {
                throw fields.missing("output")
            }
            self = .functionCallOutput(
                id: try fields.string("id"), callID: try fields.requiredString("call_id"), output: output)
        case "reasoning":
            try fields.refuseUnknown(["type", "id", "summary", "content", "encrypted_content", "status"])
            // Both are read (and so checked); the content's texts win, the summary's stand in.
            func texts(_ key: String) throws(InvalidRequestError) -> [String] {
                var texts: [String] = []
                for element in try fields.array(key) ?? [] {
                    let part = try JSONFields(element.value, at: element.path)
                    if let text = try part.string("text") { texts.append(text) }
                }
                return texts
            }
            let content = try texts("content")
            let summary = try texts("summary")
            self = .reasoning(
                id: try fields.string("id") ?? "", text: (content.isEmpty ? summary : content).joined(separator: "\n"))
        default:
            throw InvalidRequestError(
                message: "'\(path)' has an unknown item type '\(type)'; the types taken are message, function_call, "
                    + "function_call_output and reasoning.",
                param: fields.path("type"), code: "invalid_value")
        }
    }

    static func part(_ value: JSONValue, at path: String, role: String) throws(InvalidRequestError) -> Part {
        let fields = try JSONFields(value, at: path)
        guard let type = try fields.string("type") else { throw fields.missing("type") }
        switch type {
        case "input_text":
            try fields.refuseUnknown(["type", "text"])
            return .inputText(try fields.requiredString("text"))
        case "output_text":
            try fields.refuseUnknown(["type", "text", "annotations", "logprobs"])
            return .outputText(try fields.requiredString("text"), logprobs: nil)
        case "refusal":
            try fields.refuseUnknown(["type", "refusal"])
            return .refusal(try fields.requiredString("refusal"))
        case "input_image", "input_file", "input_audio":
            throw InvalidRequestError(
                message: "'\(path)': \(type) parts are not supported: this server reads text only.",
                param: fields.path("type"), code: "unsupported_value")
        default:
            throw InvalidRequestError(
                message: "'\(path)' has an unknown content type '\(type)'.", param: fields.path("type"),
                code: "invalid_value")
        }
    }
}
