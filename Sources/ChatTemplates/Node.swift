/// A statement of a parsed template: text, an output, or a tag with its body.
indirect enum Node: Sendable {
    case text(String)
    /// `{{ expression }}`
    case output(Expression)
    /// `{% if %}` with its `elif` branches in order, then `else`.
    case `if`(branches: [(condition: Expression, body: [Node])], otherwise: [Node])
    case `for`(ForLoop)
    /// `{% set target = value %}`
    case set(AssignTarget, Expression, SourceLocation)
    /// `{% set target | filters %}body{% endset %}`
    case setBlock(AssignTarget, filter: Expression?, body: [Node], SourceLocation)
    case macro(MacroDefinition)
    /// `{% call(parameters) macro(arguments) %}body{% endcall %}`
    case callBlock(call: Expression, caller: MacroDefinition)
    /// `{% filter name %}body{% endfilter %}`: the filter expression applies to the body's output.
    case filterBlock(Expression, body: [Node])
    /// `{% with a = 1 %}body{% endwith %}`
    case with([(AssignTarget, Expression)], body: [Node])
    case `break`(SourceLocation)
    case `continue`(SourceLocation)
}

/// `{% for target in iterable if condition %}body{% else %}otherwise{% endfor %}`
struct ForLoop: Sendable {
    var target: AssignTarget
    var iterable: Expression
    var condition: Expression?
    var body: [Node]
    var otherwise: [Node]
    var recursive: Bool
    var location: SourceLocation
}

/// Where an assignment stores: a name, a namespace attribute, or a tuple to unpack.
indirect enum AssignTarget: Sendable {
    case name(String)
    case attribute(namespace: String, attribute: String)
    case tuple([AssignTarget])
}

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

extension Node {
    /// Calls `visit` on every expression in these statements and their bodies.
    static func forEachExpression(in nodes: [Node], _ visit: (Expression) -> Void) {
        for node in nodes {
            switch node {
            case .text, .break, .continue: break
            case .output(let e): e.forEach(visit)
            case .if(let branches, let otherwise):
                for branch in branches {
                    branch.condition.forEach(visit)
                    forEachExpression(in: branch.body, visit)
                }
                forEachExpression(in: otherwise, visit)
            case .for(let loop):
                loop.iterable.forEach(visit)
                loop.condition?.forEach(visit)
                forEachExpression(in: loop.body, visit)
                forEachExpression(in: loop.otherwise, visit)
            case .set(_, let value, _): value.forEach(visit)
            case .setBlock(_, let filter, let body, _):
                filter?.forEach(visit)
                forEachExpression(in: body, visit)
            case .macro(let macro): macro.forEachExpression(visit)
            case .callBlock(let call, let caller):
                call.forEach(visit)
                caller.forEachExpression(visit)
            case .filterBlock(let filter, let body):
                filter.forEach(visit)
                forEachExpression(in: body, visit)
            case .with(let assignments, let body):
                for (_, value) in assignments { value.forEach(visit) }
                forEachExpression(in: body, visit)
            }
        }
    }
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
