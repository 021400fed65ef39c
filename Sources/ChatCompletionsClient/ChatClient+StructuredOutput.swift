public import ChatCompletionsAPI

extension ChatClient {
    /// Asks for an answer following `schema` (as `response_format: json_schema`) and decodes every
    /// choice into `Value`.
    ///
    /// Throws ``ChatClientError`` with code `lengthLimit` when an answer was cut off by the token
    /// limit, `refusal` when the model refused (the refusal is the message), `contentFilter` when
    /// the answer was withheld, and `invalidStructuredOutput` when it is not JSON or does not
    /// decode into `Value` (the `DecodingError` or `JSONParseError` is the underlying cause); and
    /// as ``createChatCompletion(_:)`` does.
    public func createStructuredCompletion<Value: Decodable & Sendable>(
        _ request: ChatCompletionRequest, as type: Value.Type, schema: JSONSchema, name: String = "response",
        strict: Bool = true
    ) async throws -> StructuredCompletion<Value> {
        var request = request
        request.responseFormat = .jsonSchema(JSONSchemaFormat(name: name, schema: schema.value, strict: strict))
        let completion = try await createChatCompletion(request)
        guard !completion.choices.isEmpty else {
            throw ChatClientError(code: .invalidResponse, message: "The completion has no choices.")
        }
        let values = try completion.choices.indices.map { try completion.decodeContent(as: Value.self, choice: $0) }
        return StructuredCompletion(values: values, completion: completion)
    }

    /// Asks for an answer following `Value`'s own schema and decodes it; see
    /// ``createStructuredCompletion(_:as:schema:name:strict:)``.
    public func createStructuredCompletion<Value: StructuredOutput>(
        _ request: ChatCompletionRequest, as type: Value.Type, strict: Bool = true
    ) async throws -> StructuredCompletion<Value> {
        try await createStructuredCompletion(
            request, as: type, schema: Value.jsonSchema, name: Value.schemaName, strict: strict)
    }
}
