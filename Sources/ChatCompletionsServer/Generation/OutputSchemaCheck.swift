import ChatCompletionsAPI
import HTTPTypes
import JSONSchemaValidation

/// Checks each answer against the request's response schema once it is complete. A strict schema's
/// grammar already holds the output to it, so a failure there is a defect worth a warning; a
/// non-strict schema may have keywords the grammar does not enforce (reported by the engine), and
/// the check tells the client whether this answer happens to satisfy them anyway.
struct OutputSchemaCheck: Sendable {
    private let validator: JSONSchemaValidator
    /// Whether the schema was strict.
    let strict: Bool

    /// A check for `format`, or nil when it has no JSON Schema (or one the validator cannot read).
    init?(_ format: ResponseFormat?) {
        guard let schema = format?.schema, let validator = try? JSONSchemaValidator(schema: schema) else {
            return nil
        }
        self.validator = validator
        if case .jsonSchema(let definition) = format { strict = definition.strict == true } else { strict = false }
    }

    private init(validator: JSONSchemaValidator, strict: Bool) {
        self.validator = validator
        self.strict = strict
    }

    /// Checks for the arguments of calls to `tools`' functions, by function name (a function without
    /// `parameters` takes an object, as OpenAI reads it). Functions whose schema the validator cannot
    /// read are left out, and their calls are unchecked.
    static func arguments(of tools: [Tool]?) -> [String: OutputSchemaCheck] {
        var checks: [String: OutputSchemaCheck] = [:]
        for tool in tools ?? [] where tool.type == .function {
            let schema = tool.function.parameters ?? ["type": "object"]
            guard let validator = try? JSONSchemaValidator(schema: schema) else { continue }
            checks[tool.function.name] = OutputSchemaCheck(validator: validator, strict: tool.function.strict == true)
        }
        return checks
    }

    /// Per tool call, over all choices in order: whether its arguments satisfy its function's
    /// parameters (`unchecked` for a function the validator could not read).
    static func toolCallVerdicts(
        _ completion: ChatCompletion, checks: [String: OutputSchemaCheck]
    ) -> [(
        call: ToolCall, strict: Bool, verdict: Verdict
    )] {
        completion.choices.flatMap { choice in
            (choice.message.toolCalls ?? []).map { call in
                guard let check = checks[call.function.name] else { return (call, false, .unchecked) }
                guard let value = try? JSONValue(parsing: Array(call.function.arguments.utf8)) else {
                    return (call, check.strict, .invalid("the arguments are not JSON"))
                }
                let failures = check.validator.validate(value)
                return (call, check.strict, failures.isEmpty ? .valid : .invalid(failures[0].description))
            }
        }
    }

    /// Per choice, in order: `valid`, `invalid` (with the first failure), or `unchecked` for an
    /// answer that did not end by itself (cut by max_tokens, a stop sequence, or a tool call).
    func verdicts(_ completion: ChatCompletion) -> [Verdict] {
        completion.choices.map { choice in
            guard choice.finishReason == .stop, let content = choice.message.content else { return .unchecked }
            guard let value = try? JSONValue(parsing: Array(content.utf8)) else {
                return .invalid("the content is not JSON")
            }
            let failures = validator.validate(value)
            return failures.isEmpty ? .valid : .invalid(failures[0].description)
        }
    }

    enum Verdict: Sendable, Equatable {
        case valid, invalid(String), unchecked

        var label: String {
            switch self {
            case .valid: "valid"
            case .invalid: "invalid"
            case .unchecked: "unchecked"
            }
        }
    }

    /// The response header with every choice's verdict, comma-separated.
    static let header = HTTPField.Name("x-schema-validation")!
    /// The response header naming the schema keywords the grammar did not enforce.
    static let unenforcedHeader = HTTPField.Name("x-schema-unenforced-keywords")!
    /// The response header with every tool call's verdict, comma-separated.
    static let toolCallHeader = HTTPField.Name("x-tool-arguments-validation")!
}
