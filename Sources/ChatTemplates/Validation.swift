/// The checks jinja2's compiler makes before a template runs: every filter and test must
/// exist, except inside `if` statements and inline `if` expressions, where an unknown one only
/// fails if it is actually reached (so that a template can guard a filter some environments
/// lack, as DeepSeek's templates do with `from_json`).
enum Validation {
    static func check(_ nodes: [Node]) throws(TemplateError) {
        try check(nodes, soft: false)
    }

    private static func check(_ nodes: [Node], soft: Bool) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text, .break, .continue: break
            case .output(let expression): try check(expression, soft: soft)
            case .if(let branches, let otherwise):
                for branch in branches {
                    try check(branch.condition, soft: true)
                    try check(branch.body, soft: true)
                }
                try check(otherwise, soft: true)
            case .for(let loop):
                try check(loop.iterable, soft: soft)
                if let condition = loop.condition { try check(condition, soft: false) }
                try check(loop.body, soft: false)
                try check(loop.otherwise, soft: soft)
            case .set(_, let value, _): try check(value, soft: soft)
            case .setBlock(_, let filter, let body, _):
                if let filter { try check(filter, soft: false) }
                try check(body, soft: false)
            case .macro(let macro): try check(macro)
            case .callBlock(let call, let caller):
                try check(call, soft: soft)
                try check(caller)
            case .filterBlock(let filter, let body):
                try check(filter, soft: false)
                try check(body, soft: false)
            case .with(let assignments, let body):
                for (_, value) in assignments { try check(value, soft: false) }
                try check(body, soft: false)
            }
        }
    }

    private static func check(_ macro: MacroDefinition) throws(TemplateError) {
        for parameter in macro.parameters {
            if let defaultValue = parameter.defaultValue { try check(defaultValue, soft: false) }
        }
        try check(macro.body, soft: false)
    }

    private static func check(_ expression: Expression, soft: Bool) throws(TemplateError) {
        func arguments(_ list: [Argument]) throws(TemplateError) {
            for argument in list {
                switch argument {
                case .positional(let e), .keyword(_, let e), .unpacked(let e), .unpackedKeywords(let e):
                    try check(e, soft: soft)
                }
            }
        }
        switch expression.kind {
        case .constant, .name: break
        case .list(let items), .tuple(let items): for item in items { try check(item, soft: soft) }
        case .dict(let pairs):
            for pair in pairs {
                try check(pair.key, soft: soft)
                try check(pair.value, soft: soft)
            }
        case .attribute(let object, _): try check(object, soft: soft)
        case .item(let object, let index):
            try check(object, soft: soft)
            try check(index, soft: soft)
        case .slice(let object, let start, let stop, let step):
            try check(object, soft: soft)
            for part in [start, stop, step] {
                if let part { try check(part, soft: soft) }
            }
        case .call(let callee, let list):
            try check(callee, soft: soft)
            try arguments(list)
        case .filter(let value, let name, let list):
            if !soft && !Renderer.filterNames.contains(name) {
                throw TemplateError("No filter named '\(name)'.", at: expression.location)
            }
            if let value { try check(value, soft: soft) }
            try arguments(list)
        case .test(let value, let name, let list, _):
            if !soft && !Renderer.testNames.contains(name) {
                throw TemplateError("No test named '\(name)'.", at: expression.location)
            }
            try check(value, soft: soft)
            try arguments(list)
        case .not(let e), .negate(let e), .plus(let e): try check(e, soft: soft)
        case .binary(_, let lhs, let rhs), .and(let lhs, let rhs), .or(let lhs, let rhs):
            try check(lhs, soft: soft)
            try check(rhs, soft: soft)
        case .compare(let first, let rest):
            try check(first, soft: soft)
            for (_, operand) in rest { try check(operand, soft: soft) }
        case .conditional(let condition, let then, let otherwise):
            try check(condition, soft: true)
            try check(then, soft: true)
            if let otherwise { try check(otherwise, soft: true) }
        }
    }
}
