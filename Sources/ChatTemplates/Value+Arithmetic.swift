import Foundation

/// Python's arithmetic operators, with its errors for mismatched types.
extension Value {
    func apply(_ op: BinaryOperator, _ other: Value) throws(TemplateError) -> Value {
        if op == .concat { return .string(pythonString + other.pythonString) }
        if let result = try markupOperation(op, other) { return result }
        if op == .modulo, case .string(let format) = self, case .undefined = other {
            // str % Undefined formats (Undefined is subscriptable, so it counts as a mapping).
            return .string(try PythonFormat.percent(format, other))
        }
        return try unmarked.applyPlain(op, other.unmarked)
    }

    /// `Markup + str`, `str + Markup` and `Markup % values`: the plain strings are HTML-escaped and
    /// the result stays marked.
    private func markupOperation(_ op: BinaryOperator, _ other: Value) throws(TemplateError) -> Value? {
        func escaped(_ value: Value) -> String? {
            switch value {
            case .markup(let string): return string
            case .string(let string): return Renderer.htmlEscape(string)
            default: return nil
            }
        }
        switch (op, self, other) {
        case (.add, .markup(let string), _):
            guard let right = escaped(other) else { return nil }
            return .markup(string + right)
        case (.add, _, .markup(let string)):
            guard let left = escaped(self) else { return nil }
            return .markup(left + string)
        case (.modulo, .markup(let format), _):
            func escape(_ value: Value) -> Value {
                switch value {
                case .string(let string): return .markup(Renderer.htmlEscape(string))
                case .tuple(let items): return .tuple(items.map(escape))
                default: return value
                }
            }
            return .markup(try PythonFormat.percent(format, escape(other)))
        default:
            return nil
        }
    }

    private func applyPlain(_ op: BinaryOperator, _ other: Value) throws(TemplateError) -> Value {
        if case .undefined(let undefined) = self { throw undefined.error }
        if case .undefined(let undefined) = other { throw undefined.error }
        switch op {
        case .add: return try add(other)
        case .subtract:
            return try numeric(other, op) { (a, b) throws(TemplateError) in
                try Value.checked(a.subtractingReportingOverflow(b))
            } double: {
                .double($0 - $1)
            }
        case .multiply: return try multiply(other)
        case .divide:
            guard let a = doubleValue, let b = other.doubleValue else { throw unsupported(op, other) }
            guard b != 0 else {
                let bothIntegers = intValue != nil && other.intValue != nil
                throw TemplateError(bothIntegers ? "division by zero" : "float division by zero")
            }
            return .double(a / b)
        case .floorDivide:
            return try numeric(other, op) { (a, b) throws(TemplateError) in
                guard b != 0 else { throw TemplateError("integer division or modulo by zero") }
                let (quotient, remainder) = a.quotientAndRemainder(dividingBy: b)
                return .int(remainder != 0 && (remainder < 0) != (b < 0) ? quotient - 1 : quotient)
            } double: { (a, b) throws(TemplateError) in
                guard b != 0 else { throw TemplateError("float floor division by zero") }
                return .double(Value.floatDivmod(a, b).quotient)
            }
        case .modulo:
            if case .string(let format) = self { return .string(try PythonFormat.percent(format, other)) }
            return try numeric(other, op) { (a, b) throws(TemplateError) in
                guard b != 0 else { throw TemplateError("integer modulo by zero") }
                let remainder = a % b
                return .int(remainder != 0 && (remainder < 0) != (b < 0) ? remainder + b : remainder)
            } double: { (a, b) throws(TemplateError) in
                guard b != 0 else { throw TemplateError("float modulo") }
                return .double(Value.floatDivmod(a, b).remainder)
            }
        case .power:
            return try numeric(other, op) { (a, b) throws(TemplateError) in
                if b < 0 {
                    guard a != 0 else { throw TemplateError("0.0 cannot be raised to a negative power") }
                    return .double(Foundation.pow(Double(a), Double(b)))
                }
                var result = 1
                var base = a
                var exponent = b
                while exponent > 0 {
                    if exponent & 1 == 1 { result = try Value.checkedInt(result.multipliedReportingOverflow(by: base)) }
                    exponent >>= 1
                    if exponent > 0 { base = try Value.checkedInt(base.multipliedReportingOverflow(by: base)) }
                }
                return .int(result)
            } double: { (a, b) throws(TemplateError) in
                guard a != 0 || b >= 0 else { throw TemplateError("0.0 cannot be raised to a negative power") }
                return .double(Foundation.pow(a, b))
            }
        case .concat:
            return .string(pythonString + other.pythonString)
        }
    }

    /// CPython's `divmod` for floats: the remainder has the divisor's sign (a zero one too),
    /// and the quotient is computed from the exact remainder rather than rounded from `a / b`.
    private static func floatDivmod(_ a: Double, _ b: Double) -> (quotient: Double, remainder: Double) {
        var remainder = fmod(a, b)
        var division = (a - remainder) / b
        if remainder != 0 {
            if (b < 0) != (remainder < 0) {
                remainder += b
                division -= 1
            }
        } else {
            remainder = Double(signOf: b, magnitudeOf: 0)
        }
        var quotient: Double
        if division != 0 {
            quotient = division.rounded(.down)
            if division - quotient > 0.5 { quotient += 1 }
        } else {
            quotient = Double(signOf: a / b, magnitudeOf: 0)
        }
        return (quotient, remainder)
    }

    private static func checked(_ result: (partialValue: Int, overflow: Bool)) throws(TemplateError) -> Value {
        .int(try checkedInt(result))
    }

    private static func checkedInt(_ result: (partialValue: Int, overflow: Bool)) throws(TemplateError) -> Int {
        guard !result.overflow else { throw TemplateError("integer overflow: the result does not fit in 64 bits") }
        return result.partialValue
    }

    private func unsupported(_ op: BinaryOperator, _ other: Value) -> TemplateError {
        let symbol = op == .power ? "** or pow()" : op.rawValue
        return TemplateError("unsupported operand type(s) for \(symbol): '\(typeName)' and '\(other.typeName)'")
    }

    /// Applies an operator to two numbers: `int` when both are integers (or booleans), `float`
    /// when either is a float.
    private func numeric(
        _ other: Value, _ op: BinaryOperator, int: (Int, Int) throws(TemplateError) -> Value,
        double: (Double, Double) throws(TemplateError) -> Value
    ) throws(TemplateError) -> Value {
        if let a = intValue, let b = other.intValue { return try int(a, b) }
        if let a = doubleValue, let b = other.doubleValue { return try double(a, b) }
        throw unsupported(op, other)
    }

    private func add(_ other: Value) throws(TemplateError) -> Value {
        switch (self, other) {
        case (.string(let a), .string(let b)): return .string(a + b)
        case (.list(let a), .list(let b)): return .list(a.elements + b.elements)
        case (.tuple(let a), .tuple(let b)): return .tuple(a + b)
        case (.string, _): throw TemplateError("can only concatenate str (not \"\(other.typeName)\") to str")
        case (.list, _): throw TemplateError("can only concatenate list (not \"\(other.typeName)\") to list")
        case (.tuple, _): throw TemplateError("can only concatenate tuple (not \"\(other.typeName)\") to tuple")
        default:
            return try numeric(other, .add) { (a, b) throws(TemplateError) in
                try Value.checked(a.addingReportingOverflow(b))
            } double: {
                .double($0 + $1)
            }
        }
    }

    /// `*`: a sequence on the left repeats by the number on the right (and the reverse), else
    /// numbers multiply. As in Python, the left operand's repetition is tried first.
    private func multiply(_ other: Value) throws(TemplateError) -> Value {
        func repeated(_ sequence: Value, _ countValue: Value) throws(TemplateError) -> Value {
            guard let count = countValue.intValue else {
                throw TemplateError("can't multiply sequence by non-int of type '\(countValue.typeName)'")
            }
            let times = max(count, 0)
            switch sequence {
            case .string(let text): return .string(String(repeating: text, count: times))
            case .list(let storage): return .list(Array([[Value]](repeating: storage.elements, count: times).joined()))
            case .tuple(let items): return .tuple(Array([[Value]](repeating: items, count: times).joined()))
            default: return sequence
            }
        }
        func isSequence(_ value: Value) -> Bool {
            switch value {
            case .string, .list, .tuple: return true
            default: return false
            }
        }
        if isSequence(self) { return try repeated(self, other) }
        if isSequence(other), intValue != nil { return try repeated(other, self) }
        if isSequence(other) { throw TemplateError("can't multiply sequence by non-int of type '\(typeName)'") }
        return try numeric(other, .multiply) { (a, b) throws(TemplateError) in
            try Value.checked(a.multipliedReportingOverflow(by: b))
        } double: {
            .double($0 * $1)
        }
    }

    func negated() throws(TemplateError) -> Value {
        switch self {
        case .undefined(let undefined): throw undefined.error
        case .int(let value): return try Value.checked((0).subtractingReportingOverflow(value))
        case .bool(let value): return .int(value ? -1 : 0)
        case .double(let value): return .double(-value)
        default: throw TemplateError("bad operand type for unary -: '\(typeName)'")
        }
    }

    func unaryPlus() throws(TemplateError) -> Value {
        switch self {
        case .undefined(let undefined): throw undefined.error
        case .int, .double: return self
        case .bool(let value): return .int(value ? 1 : 0)
        default: throw TemplateError("bad operand type for unary +: '\(typeName)'")
        }
    }
}
