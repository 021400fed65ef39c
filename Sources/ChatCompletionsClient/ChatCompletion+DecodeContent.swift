public import ChatCompletionsAPI

extension ChatCompletion {
    /// Decodes a choice's content, which should be JSON, into `Value`.
    ///
    /// Throws ``ChatClientError`` with code `lengthLimit` when the choice was cut off by the token
    /// limit, `refusal` when the model refused, `contentFilter` when the answer was withheld, and
    /// `invalidStructuredOutput` when there is no such choice, no content, no JSON, or JSON that
    /// does not decode into `Value`.
    public func decodeContent<Value: Decodable>(as type: Value.Type, choice index: Int = 0) throws -> Value {
        guard let choice = choices.first(where: { $0.index == index }) ?? choices.dropFirst(index).first else {
            throw ChatClientError(
                code: .invalidStructuredOutput, message: "The completion has no choice \(index).")
        }
        if let refusal = choice.message.refusal {
            throw ChatClientError(code: .refusal, message: "The model refused: \(refusal)")
        }
        switch choice.finishReason {
        case .length?:
            throw ChatClientError(
                code: .lengthLimit,
                message: "The answer was cut off by the token limit before its JSON was complete; raise max_tokens.")
        case .contentFilter?:
            throw ChatClientError(code: .contentFilter, message: "The answer was withheld by a content filter.")
        default:
            break
        }
        guard let content = choice.message.content else {
            throw ChatClientError(code: .invalidStructuredOutput, message: "The answer has no content to decode.")
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: content)
        } catch {
            throw ChatClientError(
                code: .invalidStructuredOutput, message: "The answer is not JSON: \(error).", underlying: error)
        }
        do {
            return try JSONValueDecoder().decode(Value.self, from: json)
        } catch {
            throw ChatClientError(
                code: .invalidStructuredOutput,
                message: "The answer's JSON does not decode into \(Value.self): \(Self.describe(error)).",
                underlying: error)
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let decoding = error as? DecodingError { return InvalidRequestError(decoding).message }
        return "\(error)"
    }
}
