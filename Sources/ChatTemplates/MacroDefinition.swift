/// A `{% macro %}` (or the body of a call block, which is an anonymous macro named `caller`).
struct MacroDefinition: Sendable {
    var name: String
    var parameters: [(name: String, defaultValue: Expression?)]
    var body: [Node]
    /// Whether the body mentions `caller`, `varargs` or `kwargs`: Jinja then accepts a caller,
    /// extra positional arguments or extra keyword arguments.
    var usesCaller: Bool
    var usesVarargs: Bool
    var usesKwargs: Bool
    var location: SourceLocation
}

extension MacroDefinition {
    /// A macro with this signature and body; what the body mentions decides whether it takes a
    /// caller, extra positional arguments (`varargs`) and extra keyword arguments (`kwargs`).
    init(
        name: String, parameters: [(name: String, defaultValue: Expression?)], body: [Node],
        location: SourceLocation
    ) {
        var names: Set<String> = []
        Node.forEachExpression(in: body) { expression in
            if case .name(let name) = expression.kind { names.insert(name) }
        }
        let declared = Set(parameters.map(\.name))
        self.init(
            name: name, parameters: parameters, body: body,
            usesCaller: names.contains("caller") && !declared.contains("caller"),
            usesVarargs: names.contains("varargs") && !declared.contains("varargs"),
            usesKwargs: names.contains("kwargs") && !declared.contains("kwargs"), location: location)
    }

    func forEachExpression(_ visit: (Expression) -> Void) {
        for parameter in parameters { parameter.defaultValue?.forEach(visit) }
        Node.forEachExpression(in: body, visit)
    }
}
