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
