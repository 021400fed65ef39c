public import ChatCompletionsAPI

/// An event of a streamed response, as a client reads it.
public enum ResponseStreamEvent: Sendable, Hashable {
    /// The response began (`response.created`), is queued, or is in progress.
    case created(ResponseObject)
    case queued(ResponseObject)
    case inProgress(ResponseObject)
    /// An output item began, or is complete.
    case outputItemAdded(outputIndex: Int, item: ResponseItem)
    case outputItemDone(outputIndex: Int, item: ResponseItem)
    /// More of a message's text, with its tokens' log probabilities when asked for.
    case outputTextDelta(itemID: String, outputIndex: Int, delta: String, logprobs: [JSONValue])
    case outputTextDone(itemID: String, outputIndex: Int, text: String)
    /// More of the model's thinking.
    case reasoningTextDelta(itemID: String, outputIndex: Int, delta: String)
    /// More of a function call's arguments, and the whole arguments.
    case functionCallArgumentsDelta(itemID: String, outputIndex: Int, delta: String)
    case functionCallArgumentsDone(itemID: String, outputIndex: Int, arguments: String)
    /// The end: the whole response.
    case completed(ResponseObject)
    case incomplete(ResponseObject)
    case failed(ResponseObject)
    /// An error event.
    case error(APIError)
    /// Any other event (content parts, reasoning done, hosted tools' progress), as it came.
    case other(type: String, JSONValue)

    /// Reads an event's data.
    public init(json value: JSONValue) throws(InvalidRequestError) {
        let fields = try JSONFields(value, at: "event")
        let type = try fields.requiredString("type")
        func response() throws(InvalidRequestError) -> ResponseObject {
            guard let response = fields.value("response") else { throw fields.missing("response") }
            return try ResponseObject(json: response)
        }
        func item() throws(InvalidRequestError) -> ResponseItem {
            guard let item = fields.value("item") else { throw fields.missing("item") }
            return try ResponseItem(json: item, at: "event.item")
        }
        let itemID = try fields.string("item_id") ?? ""
        let index = try fields.int("output_index") ?? 0
        switch type {
        case "response.created": self = .created(try response())
        case "response.queued": self = .queued(try response())
        case "response.in_progress": self = .inProgress(try response())
        case "response.completed": self = .completed(try response())
        case "response.incomplete": self = .incomplete(try response())
        case "response.failed": self = .failed(try response())
        case "response.output_item.added": self = .outputItemAdded(outputIndex: index, item: try item())
        case "response.output_item.done": self = .outputItemDone(outputIndex: index, item: try item())
        case "response.output_text.delta":
            self = .outputTextDelta(
                itemID: itemID, outputIndex: index, delta: try fields.requiredString("delta"),
                logprobs: fields.value("logprobs")?.arrayValue ?? [])
        case "response.output_text.done":
            self = .outputTextDone(itemID: itemID, outputIndex: index, text: try fields.requiredString("text"))
        case "response.reasoning_text.delta":
            self = .reasoningTextDelta(itemID: itemID, outputIndex: index, delta: try fields.requiredString("delta"))
        case "response.function_call_arguments.delta":
            self = .functionCallArgumentsDelta(
                itemID: itemID, outputIndex: index, delta: try fields.requiredString("delta"))
        case "response.function_call_arguments.done":
            self = .functionCallArgumentsDone(
                itemID: itemID, outputIndex: index, arguments: try fields.requiredString("arguments"))
        case "error":
            let error = fields.value("error") ?? value
            self = .error(
                APIError(
                    message: error["message"]?.stringValue ?? "The stream reported an error.",
                    type: error["type"]?.stringValue ?? "server_error", param: error["param"]?.stringValue,
                    code: error["code"]?.stringValue.map(ErrorCode.string)))
        default:
            self = .other(type: type, value)
        }
    }

    /// The response, for the events that carry one.
    public var response: ResponseObject? {
        switch self {
        case .created(let response), .queued(let response), .inProgress(let response), .completed(let response),
            .incomplete(let response), .failed(let response):
            response
        default: nil
        }
    }
}
