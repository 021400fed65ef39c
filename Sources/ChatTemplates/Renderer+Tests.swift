/// jinja2's built-in tests (`value is name(arguments)`).
extension Renderer {
    func applyTest(_ name: String, to original: Value, _ arguments: Arguments) throws(TemplateError) -> Bool {
        if name == "escaped" {
            _ = try arguments.bind([], function: name)
            if case .markup = original { return true }
            return false
        }
        let value = original.unmarked
        let arguments = Arguments(
            arguments.positional.map(\.unmarked), keyword: arguments.keyword.map { ($0, $1.unmarked) })
        func operand() throws(TemplateError) -> Value {
            let bound = try arguments.bind(["other"], function: name)
            guard let other = bound[0] else { throw TemplateError("\(name)() missing required argument 'other'") }
            return other
        }
        func noArguments() throws(TemplateError) {
            _ = try arguments.bind([], function: name)
        }
        switch name {
        case "defined":
            try noArguments()
            return !value.isUndefined
        case "undefined":
            try noArguments()
            return value.isUndefined
        case "none":
            try noArguments()
            return Renderer.isNone(value)
        case "boolean":
            try noArguments()
            if case .bool = value { return true }
            return false
        case "true":
            try noArguments()
            if case .bool(true) = value { return true }
            return false
        case "false":
            try noArguments()
            if case .bool(false) = value { return true }
            return false
        case "integer":
            try noArguments()
            if case .int = value { return true }
            return false
        case "float":
            try noArguments()
            if case .double = value { return true }
            return false
        case "number":
            try noArguments()
            return value.numericValue != nil
        case "string":
            try noArguments()
            if case .string = value { return true }
            return false
        case "mapping":
            try noArguments()
            if case .dict = value { return true }
            return false
        case "iterable":
            try noArguments()
            switch value {
            case .undefined, .string, .list, .tuple, .dict, .iterator: return true
            default: return false
            }
        case "sequence":
            try noArguments()
            switch value {
            case .undefined, .string, .list, .tuple, .dict: return true
            default: return false
            }
        case "callable":
            try noArguments()
            switch value {
            case .function, .loop, .undefined: return true
            default: return false
            }
        case "even", "odd":
            try noArguments()
            let remainder = try value.apply(.modulo, .int(2))
            return remainder.pythonEquals(.int(name == "even" ? 0 : 1))
        case "divisibleby":
            return try value.apply(.modulo, try operand()).pythonEquals(.int(0))
        case "eq", "equalto", "==":
            return value.pythonEquals(try operand())
        case "ne", "!=":
            return !value.pythonEquals(try operand())
        case "lt", "lessthan", "<":
            return try value.compare(.less, try operand())
        case "le", "<=":
            return try value.compare(.lessOrEqual, try operand())
        case "gt", "greaterthan", ">":
            return try value.compare(.greater, try operand())
        case "ge", ">=":
            return try value.compare(.greaterOrEqual, try operand())
        case "in":
            let bound = try arguments.bind(["seq"], function: name)
            guard let container = bound[0] else { throw TemplateError("in() missing required argument 'seq'") }
            return try container.pythonContains(value)
        case "sameas":
            let other = try operand()
            switch (value, other) {
            case (.none, .none), (.undefined, .undefined): return true
            case (.bool(let a), .bool(let b)): return a == b
            case (.int(let a), .int(let b)): return a == b && (-5...256).contains(a)
            case (.list(let a), .list(let b)): return a === b
            case (.dict(let a), .dict(let b)), (.namespace(let a), .namespace(let b)): return a === b
            case (.function(let a), .function(let b)): return a === b
            default: return false
            }
        case "lower":
            try noArguments()
            return PyStr.isLower(value.pythonString)
        case "upper":
            try noArguments()
            return PyStr.isUpper(value.pythonString)
        case "filter", "test":
            let bound = try arguments.bind(["name"], function: name)
            guard case .string(let other)? = bound[0] else { return false }
            return name == "filter" ? Renderer.filterNames.contains(other) : Renderer.testNames.contains(other)
        default:
            throw TemplateError("No test named '\(name)' found.")
        }
    }

    package static let filterNames: Set<String> = [
        "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape", "first",
        "float", "forceescape", "format", "indent", "int", "items", "join", "last", "length", "list", "lower", "map",
        "max", "min", "pprint", "reject", "rejectattr", "replace", "reverse", "round", "safe", "select", "selectattr",
        "sort", "string", "sum", "title", "tojson", "trim", "truncate", "unique", "upper", "wordcount",
    ]

    package static let testNames: Set<String> = [
        "!=", "<", "<=", "==", ">", ">=", "boolean", "callable", "defined", "divisibleby", "eq", "equalto", "escaped",
        "even", "false", "filter", "float", "ge", "greaterthan", "gt", "in", "integer", "iterable", "le", "lessthan",
        "lower", "lt", "mapping", "ne", "none", "number", "odd", "sameas", "sequence", "string", "test", "true",
        "undefined", "upper",
    ]
}
