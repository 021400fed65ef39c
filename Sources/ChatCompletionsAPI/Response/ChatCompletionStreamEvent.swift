/// What one server-sent event of a chat completion stream means.
public enum ChatCompletionStreamEvent: Sendable, Hashable {
    /// A chunk of the answer.
    case chunk(ChatCompletionChunk)
    /// An error the server sent in the middle of the stream (`data: {"error": {…}}`).
    case error(APIError)
    /// `data: [DONE]`: the stream is complete.
    case done

    /// Interprets one event: `[DONE]` ends the stream, a payload with an `error` member (or an
    /// event of type `error`) is an error, anything else must decode as a ``ChatCompletionChunk``.
    /// Throws a ``ChatCompletionStreamError`` of kind `invalidData` when the data is neither.
    public init(_ event: ServerSentEvent) throws(ChatCompletionStreamError) {
        let trimmed = event.data.trimmingJSONWhitespace()
        if trimmed == "[DONE]" {
            self = .done
            return
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: trimmed)
        } catch {
            if event.event == "error" {
                self = .error(APIError(message: event.data, type: ""))
                return
            }
            throw ChatCompletionStreamError(kind: .invalidData, data: event.data, reason: error.description)
        }
        let decoder = JSONValueDecoder()
        let looksLikeError = value["error"] != nil && value["choices"] == nil
        if looksLikeError || event.event == "error" {
            if let envelope = try? decoder.decode(ErrorResponse.self, from: value) {
                self = .error(envelope.error)
                return
            }
            if event.event == "error" {
                self = .error(APIError(message: event.data, type: ""))
                return
            }
        }
        do {
            self = .chunk(try decoder.decode(ChatCompletionChunk.self, from: value))
        } catch {
            let reason = (error as? DecodingError).map { InvalidRequestError($0).message } ?? "\(error)"
            throw ChatCompletionStreamError(kind: .invalidData, data: event.data, reason: reason)
        }
    }
}

extension String {
    /// The string without JSON whitespace (space, tab, CR, LF) at either end.
    func trimmingJSONWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
