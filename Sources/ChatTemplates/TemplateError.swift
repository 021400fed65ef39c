/// Why a chat template could not be parsed or rendered, and where in its source.
///
/// Parse errors and runtime errors (an undefined variable used where Jinja refuses it, a type
/// mismatch, a filter that does not exist) carry the line and column of the offending construct.
/// An error the template raised itself with `raise_exception(message)` has
/// ``raisedByTemplate`` set and carries the template's own message unchanged.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in Jinja's words where Jinja has words for it.
    public var message: String
    /// The line of the construct that failed, from 1, when known.
    public var line: Int?
    /// The column (in Unicode scalars) of the construct that failed, from 1, when known.
    public var column: Int?
    /// Whether the template raised this error itself by calling `raise_exception`.
    public var raisedByTemplate: Bool

    /// An error with this message, at this place when given.
    public init(message: String, line: Int? = nil, column: Int? = nil, raisedByTemplate: Bool = false) {
        self.message = message
        self.line = line
        self.column = column
        self.raisedByTemplate = raisedByTemplate
    }

    /// The message, followed by the place when it is known.
    public var description: String {
        guard let line else { return message }
        if let column { return "\(message) (line \(line), column \(column))" }
        return "\(message) (line \(line))"
    }
}

extension TemplateError {
    init(_ message: String, at location: SourceLocation? = nil) {
        self.init(message: message, line: location?.line, column: location?.column)
    }

    /// This error, placed at `location` unless it already has a place.
    func located(_ location: SourceLocation) -> TemplateError {
        guard line == nil else { return self }
        var copy = self
        copy.line = location.line
        copy.column = location.column
        return copy
    }
}
