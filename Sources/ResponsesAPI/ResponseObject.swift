import ChatCompletionsAPI

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

    public var json: JSONValue {
        [
            "input_tokens": .int(inputTokens),
            "input_tokens_details": ["cached_tokens": .int(cachedTokens), "cache_write_tokens": 0],
            "output_tokens": .int(outputTokens), "output_tokens_details": ["reasoning_tokens": .int(reasoningTokens)],
            "total_tokens": .int(inputTokens + outputTokens),
        ]
    }
}

/// A response object (`"object": "response"`): its state, its output items, and the request's
/// settings echoed as OpenAI echoes them.
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
    public var request: ResponsesRequest

    public init(id: String, createdAt: Int, status: String, request: ResponsesRequest) {
        self.id = id
        self.createdAt = createdAt
        self.status = status
        self.output = []
        self.request = request
    }

    /// Whether it will change no more.
    public var isFinal: Bool { ["completed", "incomplete", "failed", "cancelled"].contains(status) }

    public var json: JSONValue {
        let request = self.request
        var reasoning: JSONObject = [
            "effort": request.reasoningEffort.map(JSONValue.string) ?? .null,
            "summary": request.reasoningSummary.map(JSONValue.string) ?? .null,
        ]
        if request.reasoningEffort == nil && request.reasoningSummary == nil {
            reasoning = ["effort": .null, "summary": .null]
        }
        let tools: [JSONValue] = request.tools.map { tool in
            [
                "type": "function", "name": .string(tool.name),
                "description": tool.description.map(JSONValue.string) ?? .null,
                "parameters": tool.parameters ?? .null, "strict": tool.strict.map(JSONValue.bool) ?? .null,
            ]
        }
        return [
            "id": .string(id), "object": "response", "created_at": .int(createdAt), "status": .string(status),
            "background": .bool(request.background), "completed_at": completedAt.map(JSONValue.int) ?? .null,
            "error": error ?? .null,
            "incomplete_details": incompleteReason.map { ["reason": .string($0)] } ?? .null,
            "instructions": request.instructions.map(JSONValue.string) ?? .null,
            "max_output_tokens": request.maxOutputTokens.map(JSONValue.int) ?? .null,
            "max_tool_calls": request.maxToolCalls.map(JSONValue.int) ?? .null, "model": .string(request.model),
            "output": .array(output.map(\.json)), "parallel_tool_calls": .bool(request.parallelToolCalls ?? true),
            "previous_response_id": request.previousResponseID.map(JSONValue.string) ?? .null,
            "prompt_cache_key": request.promptCacheKey.map(JSONValue.string) ?? .null, "reasoning": .object(reasoning),
            "safety_identifier": request.safetyIdentifier.map(JSONValue.string) ?? .null,
            "service_tier": .string(
                request.serviceTier == "flex" || request.serviceTier == "priority" ? request.serviceTier! : "default"),
            "store": .bool(request.store), "temperature": .double(request.temperature ?? 1), "text": request.textJSON,
            "tool_choice": request.toolChoiceJSON, "tools": .array(tools),
            "top_logprobs": .int(request.topLogprobs ?? 0), "top_p": .double(request.topP ?? 1),
            "truncation": .string(request.truncation), "usage": usage?.json ?? .null,
            "user": request.user.map(JSONValue.string) ?? .null,
            "metadata": .object(
                JSONObject((request.metadata ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]
    }
}
