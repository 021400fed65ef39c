import ChatCompletionsAPI

/// Equality as JSON Schema defines it for `enum`, `const` and `uniqueItems`: numbers compare by
/// value (1 equals 1.0), objects compare without regard to member order.
enum JSONEquality {
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            return NumberArithmetic.equal(lhs, rhs)
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let other = b[key], equal(value, other) else { return false }
            }
            return true
        default: return false
        }
    }
}
