/// Why a request is not acceptable: it could not be decoded, or it breaks a rule of the contract.
///
/// The server answers it with HTTP 400 and an ``APIError`` of type `invalid_request_error`; a
/// client can raise it before spending a request. `param` names the offending parameter as a path
/// into the request (`messages[2].content`, `tools[0].function.name`), or is `nil` when the problem
/// is not tied to one parameter (a body that is not JSON).
public struct InvalidRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what is allowed, in plain words.
    public var message: String
    /// The path of the offending parameter, if there is one.
    public var param: String?
    /// A short machine-readable code, e.g. `invalid_type`, `missing_required_parameter`,
    /// `unknown_parameter`, `decimal_above_max_value`, `invalid_value`.
    public var code: String?

    /// An error with this message, parameter path and code.
    public init(message: String, param: String? = nil, code: String? = nil) {
        self.message = message
        self.param = param
        self.code = code
    }

    /// The error in the shape of the OpenAI error envelope's `error` member.
    public var apiError: APIError {
        APIError(message: message, type: "invalid_request_error", param: param, code: code.map { .string($0) })
    }

    public var description: String {
        param.map { "\(message) (param: \($0))" } ?? message
    }
}

extension InvalidRequestError {
    /// The request error for a failure thrown while decoding a request through `Codable`.
    public init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            if let issue = context.underlyingError as? DecodingIssue {
                self.init(message: issue.message, param: parameterPath(context.codingPath), code: issue.code)
                return
            }
            let path = parameterPath(context.codingPath)
            if path.isEmpty {
                self.init(
                    message: "Invalid request body: \(clause(context.debugDescription)).", param: nil,
                    code: "invalid_type")
                return
            }
            self.init(
                message: "Invalid type for '\(path)': \(clause(context.debugDescription)).", param: path,
                code: "invalid_type")
        case .keyNotFound(let key, let context):
            let path = parameterPath(context.codingPath + [key])
            self.init(
                message: "Missing required parameter: '\(path)'.", param: path, code: "missing_required_parameter")
        case .dataCorrupted(let context):
            let path = context.codingPath.isEmpty ? nil : parameterPath(context.codingPath)
            if let issue = context.underlyingError as? DecodingIssue {
                self.init(message: issue.message, param: path, code: issue.code)
            } else if let path {
                self.init(
                    message: "Invalid value for '\(path)': \(clause(context.debugDescription)).", param: path,
                    code: "invalid_value")
            } else {
                self.init(
                    message: "Invalid request: \(clause(context.debugDescription)).", param: nil, code: "invalid_value")
            }
        @unknown default:
            self.init(message: "Invalid request: \(error).", param: nil, code: nil)
        }
    }

    /// The request error for a body that is not well-formed JSON.
    public init(_ error: JSONParseError) {
        self.init(
            message:
                "The request body is not valid JSON: \(error.reason) (line \(error.line), column \(error.column)).",
            param: nil, code: "invalid_json")
    }
}

/// A description as a clause to end a sentence with: without its own final period.
private func clause(_ text: String) -> String {
    var text = Substring(text)
    while text.last == "." { text = text.dropLast() }
    return String(text)
}
