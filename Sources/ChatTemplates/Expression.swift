/// An expression of the template language, where it was written.
struct Expression: Sendable {
    indirect enum Kind: Sendable {
        case constant(Constant)
        case name(String)
        case list([Expression])
        case tuple([Expression])
        case dict([(key: Expression, value: Expression)])
        /// `object.name`
        case attribute(Expression, String)
        /// `object[index]`
        case item(Expression, Expression)
        /// `object[start:stop:step]`
        case slice(Expression, start: Expression?, stop: Expression?, step: Expression?)
        case call(Expression, [Argument])
        /// `value | name(arguments)`; a filter block's filters have no value.
        case filter(Expression?, name: String, arguments: [Argument])
        /// `value is [not] name(arguments)`
        case test(Expression, name: String, arguments: [Argument], negated: Bool)
        case not(Expression)
        case negate(Expression)
        case plus(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        /// `a < b <= c`: chained comparisons, each operand evaluated once.
        case compare(Expression, [(CompareOperator, Expression)])
        /// `then if condition else otherwise`; without `else` the result is undefined.
        case conditional(condition: Expression, then: Expression, otherwise: Expression?)
    }

    var kind: Kind
    var location: SourceLocation
    /// The number of nested expressions, this one included.
    var depth: Int

    init(kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
        var deepest = 0
        func visit(_ child: Expression?) { if let child { deepest = max(deepest, child.depth) } }
        func visit(_ arguments: [Argument]) {
            for argument in arguments {
                switch argument {
                case .positional(let e), .keyword(_, let e), .unpacked(let e), .unpackedKeywords(let e): visit(e)
                }
            }
        }
        switch kind {
        case .constant, .name: break
        case .list(let items), .tuple(let items): items.forEach { visit($0) }
        case .dict(let pairs):
            for pair in pairs {
                visit(pair.key)
                visit(pair.value)
            }
        case .attribute(let object, _): visit(object)
        case .item(let object, let index):
            visit(object)
            visit(index)
        case .slice(let object, let start, let stop, let step):
            visit(object)
            visit(start)
            visit(stop)
            visit(step)
        case .call(let callee, let arguments):
            visit(callee)
            visit(arguments)
        case .filter(let value, _, let arguments):
            visit(value)
            visit(arguments)
        case .test(let value, _, let arguments, _):
            visit(value)
            visit(arguments)
        case .not(let e), .negate(let e), .plus(let e): visit(e)
        case .binary(_, let lhs, let rhs), .and(let lhs, let rhs), .or(let lhs, let rhs):
            visit(lhs)
            visit(rhs)
        case .compare(let first, let rest):
            visit(first)
            rest.forEach { visit($0.1) }
        case .conditional(let condition, let then, let otherwise):
            visit(condition)
            visit(then)
            visit(otherwise)
        }
        depth = deepest + 1
    }
}

extension Expression {
    /// Calls `visit` on this expression and every expression inside it.
    func forEach(_ visit: (Expression) -> Void) {
        visit(self)
        func arguments(_ list: [Argument]) {
            for argument in list {
                switch argument {
                case .positional(let e), .keyword(_, let e), .unpacked(let e), .unpackedKeywords(let e):
                    e.forEach(visit)
                }
            }
        }
        switch kind {
        case .constant, .name: break
        case .list(let items), .tuple(let items): for item in items { item.forEach(visit) }
        case .dict(let pairs):
            for pair in pairs {
                pair.key.forEach(visit)
                pair.value.forEach(visit)
            }
        case .attribute(let object, _): object.forEach(visit)
        case .item(let object, let index):
            object.forEach(visit)
            index.forEach(visit)
        case .slice(let object, let start, let stop, let step):
            object.forEach(visit)
            start?.forEach(visit)
            stop?.forEach(visit)
            step?.forEach(visit)
        case .call(let callee, let list):
            callee.forEach(visit)
            arguments(list)
        case .filter(let value, _, let list):
            value?.forEach(visit)
            arguments(list)
        case .test(let value, _, let list, _):
            value.forEach(visit)
            arguments(list)
        case .not(let e), .negate(let e), .plus(let e): e.forEach(visit)
        case .binary(_, let lhs, let rhs), .and(let lhs, let rhs), .or(let lhs, let rhs):
            lhs.forEach(visit)
            rhs.forEach(visit)
        case .compare(let first, let rest):
            first.forEach(visit)
            for (_, operand) in rest { operand.forEach(visit) }
        case .conditional(let condition, let then, let otherwise):
            condition.forEach(visit)
            then.forEach(visit)
            otherwise?.forEach(visit)
        }
    }
}
