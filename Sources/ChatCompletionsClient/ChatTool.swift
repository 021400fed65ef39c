public import ChatCompletionsAPI

/// A function the model may call, with the Swift code that runs it.
///
/// The code gets the call's arguments, parsed from the model's JSON (as a `JSONValue`, or decoded
/// into a type of yours), and returns the result as text for the model to read: plain text, or
/// JSON the code wrote. Arguments that are not JSON, or do not decode into the type, never reach
/// the code: the ``ToolRunner`` tells the model what was wrong instead, so it can try again.
public struct ChatTool: Sendable {
    /// The tool as the request declares it.
    public var definition: Tool
    let body: @Sendable (JSONValue) async throws -> String

    /// The tool's name.
    public var name: String { definition.function.name }

    /// A tool whose code takes the arguments as JSON.
    public init(
        name: String, description: String? = nil, parameters: JSONSchema = .object([:]), strict: Bool? = nil,
        _ body: @escaping @Sendable (JSONValue) async throws -> String
    ) {
        self.definition = .function(name: name, description: description, parameters: parameters.value, strict: strict)
        self.body = body
    }

    /// A tool whose code takes the arguments decoded into `Arguments`.
    public init<Arguments: Decodable & Sendable>(
        name: String, description: String? = nil, parameters: JSONSchema, strict: Bool? = nil,
        arguments: Arguments.Type, _ body: @escaping @Sendable (Arguments) async throws -> String
    ) {
        self.init(name: name, description: description, parameters: parameters, strict: strict) { json in
            let arguments: Arguments
            do {
                arguments = try JSONValueDecoder().decode(Arguments.self, from: json)
            } catch let error as DecodingError {
                throw ToolArgumentError(message: InvalidRequestError(error).message)
            }
            return try await body(arguments)
        }
    }

    /// A tool whose parameters are those of a ``StructuredOutput`` type, decoded into it.
    public init<Arguments: StructuredOutput>(
        name: String, description: String? = nil, strict: Bool? = nil, arguments: Arguments.Type,
        _ body: @escaping @Sendable (Arguments) async throws -> String
    ) {
        self.init(
            name: name, description: description, parameters: Arguments.jsonSchema, strict: strict,
            arguments: arguments, body)
    }

    /// Runs the code with arguments as the model wrote them: JSON text (empty means no arguments).
    /// Arguments that do not parse or decode throw ``ToolArgumentError``.
    public func call(arguments text: String) async throws -> String {
        let trimmed = text.trimmingJSONWhitespace
        let json: JSONValue
        if trimmed.isEmpty {
            json = .object([:])
        } else {
            do {
                json = try JSONValue(parsing: trimmed)
            } catch {
                throw ToolArgumentError(message: "The arguments are not valid JSON: \(error).")
            }
        }
        return try await body(json)
    }
}
