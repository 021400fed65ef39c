import ChatCompletionsAPI
import ChatInference
import ResponsesAPI

/// Builds a response's output items from an engine's events, in the order they come (thinking, a
/// message, function calls), and says what each step is as Responses stream events (without their
/// `sequence_number`, which the stream adds). A plain response and a streamed one are built alike,
/// so their items are the same. Calls beyond `max_tool_calls` are dropped.
struct ResponseOutputBuilder {
    let wantsLogprobs: Bool
    let maxToolCalls: Int?
    private(set) var items: [ResponseItem] = []
    /// Why the choice finished, once it has.
    private(set) var finishReason: FinishReason?
    private var open: Open?
    private var calls = 0
    /// A call beyond the limit is being dropped.
    private var droppingCall = false

    enum Open {
        case message(id: String, text: String, logprobs: [JSONValue])
        case reasoning(id: String, text: String)
        case call(ResponseItem.FunctionCallItem)
    }

    init(wantsLogprobs: Bool, maxToolCalls: Int?) {
        self.wantsLogprobs = wantsLogprobs
        self.maxToolCalls = maxToolCalls
    }

    /// Whether the answer was cut off by the token limit (the response is then `incomplete`).
    var isIncomplete: Bool { finishReason == .length }

    /// The index the open item has, or the next item will have.
    private var outputIndex: Int { items.count }

    /// Takes an event; returns the stream events it stands for.
    mutating func apply(_ event: GenerationEvent) -> [JSONObject] {
        switch event {
        case .reasoning(_, let text):
            guard !text.isEmpty else { return [] }
            var events: [JSONObject] = []
            if case .reasoning = open {
            } else {
                events += close()
                let id = RandomIdentifier.make(prefix: "rs_")
                open = .reasoning(id: id, text: "")
                events.append([
                    "type": "response.output_item.added", "output_index": .int(outputIndex),
                    "item": ["type": "reasoning", "id": .string(id), "summary": [], "content": []],
                ])
                events.append(partEvent("response.content_part.added", id: id, part: Self.reasoningPart("")))
            }
            guard case .reasoning(let id, let sofar) = open else { return events }
            open = .reasoning(id: id, text: sofar + text)
            events.append(deltaEvent("response.reasoning_text.delta", id: id, delta: text))
            return events
        case .content(_, let text, let logprobs):
            guard !text.isEmpty || !logprobs.isEmpty else { return [] }
            var events: [JSONObject] = []
            if case .message = open {
            } else {
                events += close()
                let id = RandomIdentifier.make(prefix: "msg_")
                open = .message(id: id, text: "", logprobs: [])
                events.append([
                    "type": "response.output_item.added", "output_index": .int(outputIndex),
                    "item": [
                        "type": "message", "id": .string(id), "status": "in_progress", "role": "assistant",
                        "content": [],
                    ],
                ])
                events.append(
                    partEvent(
                        "response.content_part.added", id: id, part: ResponseItem.Part.outputText("", logprobs: []).json
                    ))
            }
            guard case .message(let id, let sofar, let earlier) = open else { return events }
            let converted = wantsLogprobs ? logprobs.map(Self.logprob) : []
            open = .message(id: id, text: sofar + text, logprobs: earlier + converted)
            var delta = deltaEvent("response.output_text.delta", id: id, delta: text)
            delta["logprobs"] = .array(converted)
            events.append(delta)
            return events
        case .toolCall(_, let delta):
            var events: [JSONObject] = []
            if let callID = delta.id {
                events += close()
                calls += 1
                droppingCall = maxToolCalls.map { calls > $0 } ?? false
                guard !droppingCall else { return events }
                let call = ResponseItem.FunctionCallItem(
                    id: RandomIdentifier.make(prefix: "fc_"), callID: callID, name: delta.function?.name ?? "",
                    arguments: "", status: "in_progress")
                open = .call(call)
                events.append([
                    "type": "response.output_item.added", "output_index": .int(outputIndex),
                    "item": ResponseItem.functionCall(call).json,
                ])
            }
            guard !droppingCall, case .call(var call) = open, let arguments = delta.function?.arguments,
                !arguments.isEmpty
            else { return events }
            call.arguments += arguments
            open = .call(call)
            events.append(
                deltaEvent("response.function_call_arguments.delta", id: call.id ?? "", delta: arguments, part: false))
            return events
        case .finished(_, let reason, _, _, _):
            finishReason = reason
            return close()
        case .started, .completed:
            return []
        }
    }

    /// The items so far, the one being written included (as `incomplete`): a cancelled or failed
    /// response keeps them.
    var itemsSoFar: [ResponseItem] {
        var copy = self
        copy.finishReason = .length
        _ = copy.close()
        return copy.items
    }

    /// Closes the open item: its `.done` events, and the item joins the output.
    private mutating func close() -> [JSONObject] {
        guard let item = open else { return [] }
        open = nil
        let index = outputIndex
        switch item {
        case .message(let id, let text, let logprobs):
            let part = ResponseItem.Part.outputText(text, logprobs: logprobs)
            let message = ResponseItem.message(
                .init(id: id, role: "assistant", parts: [part], status: isIncomplete ? "incomplete" : "completed"))
            items.append(message)
            var done = deltaEvent("response.output_text.done", id: id, delta: nil, index: index)
            done["text"] = .string(text)
            done["logprobs"] = .array(logprobs)
            return [
                done, partEvent("response.content_part.done", id: id, part: part.json, index: index),
                ["type": "response.output_item.done", "output_index": .int(index), "item": message.json],
            ]
        case .reasoning(let id, let text):
            items.append(.reasoning(id: id, text: text))
            var done = deltaEvent("response.reasoning_text.done", id: id, delta: nil, index: index)
            done["text"] = .string(text)
            return [
                done, partEvent("response.content_part.done", id: id, part: Self.reasoningPart(text), index: index),
                [
                    "type": "response.output_item.done", "output_index": .int(index),
                    "item": ResponseItem.reasoning(id: id, text: text).json,
                ],
            ]
        case .call(var call):
            call.status = "completed"
            items.append(.functionCall(call))
            return [
                [
                    "type": "response.function_call_arguments.done", "item_id": .string(call.id ?? ""),
                    "output_index": .int(index), "name": .string(call.name), "arguments": .string(call.arguments),
                ],
                [
                    "type": "response.output_item.done", "output_index": .int(index),
                    "item": ResponseItem.functionCall(call).json,
                ],
            ]
        }
    }

    private func deltaEvent(
        _ type: String, id: String, delta: String?, part: Bool = true, index: Int? = nil
    ) -> JSONObject {
        var event: JSONObject = [
            "type": .string(type), "item_id": .string(id), "output_index": .int(index ?? outputIndex),
        ]
        if part { event["content_index"] = 0 }
        if let delta { event["delta"] = .string(delta) }
        return event
    }

    private func partEvent(_ type: String, id: String, part: JSONValue, index: Int? = nil) -> JSONObject {
        [
            "type": .string(type), "item_id": .string(id), "output_index": .int(index ?? outputIndex),
            "content_index": 0,
            "part": part,
        ]
    }

    static func reasoningPart(_ text: String) -> JSONValue { ["type": "reasoning_text", "text": .string(text)] }

    /// A token's log probability in Responses' shape.
    static func logprob(_ token: TokenLogprob) -> JSONValue {
        [
            "token": .string(token.token), "logprob": .double(token.logprob),
            "bytes": .array((token.bytes ?? Array(token.token.utf8).map(Int.init)).map(JSONValue.int)),
            "top_logprobs": .array(
                token.topLogprobs.map {
                    [
                        "token": .string($0.token), "logprob": .double($0.logprob),
                        "bytes": .array(($0.bytes ?? Array($0.token.utf8).map(Int.init)).map(JSONValue.int)),
                    ]
                }),
        ]
    }
}
