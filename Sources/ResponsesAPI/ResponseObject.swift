public import ChatCompletionsAPI

/// Token counts as the Responses API reports them (`input_tokens` include cached ones).
public struct ResponseUsage: Sendable, Hashable {
    public var inputTokens: Int
    public var cachedTokens: Int
    public var outputTokens: Int
    public var reasoningTokens: Int

    public init(inputTokens: Int, cachedTokens: Int, outputTokens: Int, reasoningTokens: Int) {
        self.inputTokens = inputTokens
        self.cachedTokens = cachedTokens
        self.outputTokens = outputTokens
        self.reasoningTokens = reasoningTokens
    }

    /// Reads a response's `usage`.
    public init(json value: JSONValue) {
        self.init(
            inputTokens: value["input_tokens"]?.intValue ?? 0,
            cachedTokens: value["input_tokens_details"]?["cached_tokens"]?.intValue ?? 0,
            outputTokens: value["output_tokens"]?.intValue ?? 0,
            reasoningTokens: value["output_tokens_details"]?["reasoning_tokens"]?.intValue ?? 0)
    }

    public var json: JSONValue {
        [
            "input_tokens": .int(inputTokens),
            "input_tokens_details": ["cached_tokens": .int(cachedTokens), "cache_write_tokens": 0],
            "output_tokens": .int(outputTokens), "output_tokens_details": ["reasoning_tokens": .int(reasoningTokens)],
            "total_tokens": .int(inputTokens + outputTokens),
        ]
    }
}

/// A response object (`"object": "response"`): its state and output items, and the request's
/// settings as the response echoes them (model, instructions, tools, …).
public struct ResponseObject: Sendable, Hashable {
    public var id: String
    public var createdAt: Int
    /// `queued`, `in_progress`, `completed`, `incomplete`, `failed` or `cancelled`.
    public var status: String
    public var output: [ResponseItem]
    public var usage: ResponseUsage?
    /// Why it is incomplete (`max_output_tokens`), when it is.
    public var incompleteReason: String?
    /// What failed, for a `failed` response: `{"code", "message"}`.
    public var error: JSONValue?
    public var completedAt: Int?
    /// The echoed settings, and any member this type does not model.
    public var settings: JSONObject

    /// A response to a request whose settings are `settings` (``ResponsesRequest/echo``).
    public init(id: String, createdAt: Int, status: String, settings: JSONObject) {
        self.id = id
        self.createdAt = createdAt
        self.status = status
        self.output = []
        self.settings = settings
    }

    static let stateMembers: Set<String> = [
        "id", "object", "created_at", "status", "output", "usage", "incomplete_details", "error", "completed_at",
    ]

    /// Reads a response object (a provider's answer, or a stored one).
    public init(json value: JSONValue) throws(InvalidRequestError) {
        let fields = try JSONFields(value, at: "response")
        id = try fields.requiredString("id")
        createdAt = try fields.int("created_at") ?? 0
        status = try fields.string("status") ?? "completed"
        output = try (fields.array("output") ?? []).map { element throws(InvalidRequestError) in
            try ResponseItem(json: element.value, at: element.path)
        }
        usage = fields.value("usage").map(ResponseUsage.init(json:))
        incompleteReason = fields.value("incomplete_details")?["reason"]?.stringValue
        error = fields.value("error")
        completedAt = try fields.int("completed_at")
        settings = JSONObject(fields.object.filter { !Self.stateMembers.contains($0.key) })
    }

    /// The model that answered.
    public var model: String { settings["model"]?.stringValue ?? "" }
    /// The response this one continues.
    public var previousResponseID: String? { settings["previous_response_id"]?.stringValue }
    /// Whether it will change no more.
    public var isFinal: Bool { ["completed", "incomplete", "failed", "cancelled"].contains(status) }

    /// The text of the output messages, joined (as the SDKs' `output_text`).
    public var outputText: String {
        output.compactMap {
            guard case .message(let message) = $0 else { return nil }
            return message.text
        }.joined()
    }

    /// The function calls among the output.
    public var functionCalls: [ResponseItem.FunctionCallItem] {
        output.compactMap {
            guard case .functionCall(let call) = $0 else { return nil }
            return call
        }
    }

    public var json: JSONValue {
        var object = settings
        object["id"] = .string(id)
        object["object"] = "response"
        object["created_at"] = .int(createdAt)
        object["status"] = .string(status)
        object["output"] = .array(output.map(\.json))
        object["usage"] = usage?.json ?? .null
        object["incomplete_details"] = incompleteReason.map { ["reason": .string($0)] } ?? .null
        object["error"] = error ?? .null
        object["completed_at"] = completedAt.map(JSONValue.int) ?? .null
        return .object(object)
    }
}
