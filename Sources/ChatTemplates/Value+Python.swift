/// Python's behaviour for values: `str()`, `repr()`, `==`, ordering, iteration and `len()`.
extension Value {
    /// `str(value)`, which is what `{{ value }}` prints; undefined prints nothing.
    var pythonString: String {
        switch self {
        case .undefined: return ""
        case .string(let value), .markup(let value): return value
        default: return pythonRepr
        }
    }

    /// `repr(value)`, which is how values print inside lists and dictionaries.
    var pythonRepr: String {
        var visiting: [ObjectIdentifier] = []
        return repr(visiting: &visiting)
    }

    /// `repr`, writing `[...]` or `{...}` for a container met again inside itself, as Python does.
    private func repr(visiting: inout [ObjectIdentifier]) -> String {
        switch self {
        case .undefined: return "Undefined"
        case .none: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .double(let value): return PythonFormat.floatRepr(value)
        case .string(let value): return PythonFormat.stringRepr(value)
        case .markup(let value): return "Markup(" + PythonFormat.stringRepr(value) + ")"
        case .list(let storage):
            let identifier = ObjectIdentifier(storage)
            guard !visiting.contains(identifier) else { return "[...]" }
            visiting.append(identifier)
            defer { visiting.removeLast() }
            return "[" + Value.reprs(storage.elements, &visiting).joined(separator: ", ") + "]"
        case .tuple(let items):
            if items.count == 1 { return "(" + items[0].repr(visiting: &visiting) + ",)" }
            return "(" + Value.reprs(items, &visiting).joined(separator: ", ") + ")"
        case .dict(let storage):
            let identifier = ObjectIdentifier(storage)
            guard !visiting.contains(identifier) else { return "{...}" }
            visiting.append(identifier)
            defer { visiting.removeLast() }
            return Value.dictRepr(storage.dict, &visiting)
        case .namespace(let storage):
            let identifier = ObjectIdentifier(storage)
            guard !visiting.contains(identifier) else { return "<Namespace {...}>" }
            visiting.append(identifier)
            defer { visiting.removeLast() }
            return "<Namespace " + Value.dictRepr(storage.dict, &visiting) + ">"
        case .function(let function):
            if case .macro = function.kind { return "<Macro \(PythonFormat.stringRepr(function.name))>" }
            return "<built-in function \(function.name)>"
        case .loop(let loop): return "<LoopContext \(loop.index0 + 1)/\(loop.items.count)>"
        case .iterator(let storage): return "<\(storage.typeName) object>"
        }
    }

    private static func reprs(_ items: [Value], _ visiting: inout [ObjectIdentifier]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(items.count)
        for item in items { result.append(item.repr(visiting: &visiting)) }
        return result
    }

    private static func dictRepr(_ dict: PyDict, _ visiting: inout [ObjectIdentifier]) -> String {
        var parts: [String] = []
        for (key, value) in dict.items {
            parts.append(key.repr(visiting: &visiting) + ": " + value.repr(visiting: &visiting))
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// Python's `==`.
    func pythonEquals(_ other: Value) -> Bool {
        switch (self.unmarked, other.unmarked) {
        case (.undefined, .undefined), (.none, .none): return true
        case (.string(let a), .string(let b)): return PyStr.equal(a, b)
        case (.int(let a), .int(let b)): return a == b
        case (.list(let a), .list(let b)):
            return a === b || Value.elementsEqual(a.elements, b.elements)
        case (.tuple(let a), .tuple(let b)): return Value.elementsEqual(a, b)
        case (.dict(let a), .dict(let b)):
            if a === b { return true }
            guard a.dict.count == b.dict.count else { return false }
            for (key, value) in a.dict.items {
                guard let otherValue = try? b.dict.value(for: key), value.pythonEquals(otherValue) else { return false }
            }
            return true
        case (.namespace(let a), .namespace(let b)): return a === b
        case (.function(let a), .function(let b)): return a === b
        case (.loop(let a), .loop(let b)): return a === b
        default:
            if let a = numericValue, let b = other.numericValue { return a == b }
            return false
        }
    }

    private static func elementsEqual(_ a: [Value], _ b: [Value]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.pythonEquals($1) }
    }

    /// A number for comparisons, exact for integers.
    enum Number: Equatable, Comparable {
        case int(Int)
        case double(Double)

        static func == (lhs: Number, rhs: Number) -> Bool {
            switch (lhs, rhs) {
            case (.int(let a), .int(let b)): return a == b
            case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
            case (.double(let a), .double(let b)): return a == b
            }
        }

        static func < (lhs: Number, rhs: Number) -> Bool {
            switch (lhs, rhs) {
            case (.int(let a), .int(let b)): return a < b
            case (.int(let a), .double(let b)): return Double(a) < b
            case (.double(let a), .int(let b)): return a < Double(b)
            case (.double(let a), .double(let b)): return a < b
            }
        }
    }

    var numericValue: Number? {
        switch self {
        case .int(let value): return .int(value)
        case .bool(let value): return .int(value ? 1 : 0)
        case .double(let value): return .double(value)
        default: return nil
        }
    }

    /// Python's `<` (and, through it, sorting).
    func pythonLess(_ other: Value) throws(TemplateError) -> Bool {
        try pythonOrder(.less, other)
    }

    /// Python's ordering operators: numbers with numbers, strings by code point, lists and
    /// tuples by their first unequal elements. Anything else is a `TypeError`.
    func pythonOrder(_ op: CompareOperator, _ other: Value) throws(TemplateError) -> Bool {
        switch (self.unmarked, other.unmarked) {
        case (.undefined(let undefined), _), (_, .undefined(let undefined)): throw undefined.error
        case (.string(let a), .string(let b)):
            switch op {
            case .less: return PyStr.less(a, b)
            case .lessOrEqual: return !PyStr.less(b, a)
            case .greater: return PyStr.less(b, a)
            default: return !PyStr.less(a, b)
            }
        case (.list(let a), .list(let b)): return try Value.sequenceOrder(op, a.elements, b.elements)
        case (.tuple(let a), .tuple(let b)): return try Value.sequenceOrder(op, a, b)
        default:
            if let a = numericValue, let b = other.numericValue {
                if case .double(let x) = a, x.isNaN { return false }
                if case .double(let y) = b, y.isNaN { return false }
                switch op {
                case .less: return a < b
                case .lessOrEqual: return a <= b
                case .greater: return a > b
                default: return a >= b
                }
            }
            throw TemplateError(
                "'\(op.rawValue)' not supported between instances of '\(typeName)' and '\(other.typeName)'")
        }
    }

    private static func sequenceOrder(_ op: CompareOperator, _ a: [Value], _ b: [Value]) throws(TemplateError) -> Bool {
        for (x, y) in zip(a, b) where !x.pythonEquals(y) {
            return try x.pythonOrder(op, y)
        }
        return try Value.int(a.count).pythonOrder(op, .int(b.count))
    }

    /// Applies a comparison operator.
    func compare(_ op: CompareOperator, _ other: Value) throws(TemplateError) -> Bool {
        switch op {
        case .equal: return pythonEquals(other)
        case .notEqual: return !pythonEquals(other)
        case .less, .lessOrEqual, .greater, .greaterOrEqual: return try pythonOrder(op, other)
        case .in: return try other.pythonContains(self)
        case .notIn: return try !other.pythonContains(self)
        }
    }

    /// Python's `item in self`.
    func pythonContains(_ item: Value) throws(TemplateError) -> Bool {
        switch self.unmarked {
        case .undefined: return false
        case .string(let haystack):
            guard case .string(let needle) = item.unmarked else {
                throw TemplateError("'in <string>' requires string as left operand, not \(item.typeName)")
            }
            return PyStr.contains(haystack, needle)
        case .list(let storage): return storage.elements.contains { $0.pythonEquals(item) }
        case .tuple(let items): return items.contains { $0.pythonEquals(item) }
        case .dict(let storage): return try storage.dict.contains(item)
        case .iterator(let storage): return try storage.consume().contains { $0.pythonEquals(item) }
        default: throw TemplateError("argument of type '\(typeName)' is not iterable")
        }
    }

    /// The items `for x in value` visits: list and tuple elements, dictionary keys, the
    /// characters of a string; nothing for undefined. Other values are a `TypeError`.
    func iterate() throws(TemplateError) -> [Value] {
        switch self.unmarked {
        case .undefined: return []
        case .list(let storage): return storage.elements
        case .tuple(let items): return items
        case .dict(let storage): return storage.dict.keys
        case .iterator(let storage): return try storage.consume()
        case .string(let value): return value.unicodeScalars.map { .string(String($0)) }
        default: throw TemplateError("'\(typeName)' object is not iterable")
        }
    }

    /// Python's `len(value)`; undefined has length 0.
    func length() throws(TemplateError) -> Int {
        switch self.unmarked {
        case .undefined: return 0
        case .string(let value): return PyStr.count(value)
        case .list(let storage): return storage.elements.count
        case .tuple(let items): return items.count
        case .dict(let storage): return storage.dict.count
        case .loop(let loop): return loop.items.count
        default: throw TemplateError("object of type '\(typeName)' has no len()")
        }
    }
}
