import JSONCore

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

/// A JSON value that hashes and compares as JSON Schema equality says (1 equals 1.0, member order
/// does not matter), so that `uniqueItems` can find duplicates without comparing every pair.
struct JSONEqualityKey: Hashable {
    let value: JSONValue

    static func == (lhs: JSONEqualityKey, rhs: JSONEqualityKey) -> Bool {
        JSONEquality.equal(lhs.value, rhs.value)
    }

    func hash(into hasher: inout Hasher) {
        Self.hash(value, into: &hasher)
    }

    /// Equal values hash alike: every number hashes as its nearest `Double` (two numbers that are
    /// exactly equal have the same one), and object members are combined in name order.
    private static func hash(_ value: JSONValue, into hasher: inout Hasher) {
        switch value {
        case .null:
            hasher.combine(0)
        case .bool(let flag):
            hasher.combine(1)
            hasher.combine(flag)
        case .int(let integer):
            hasher.combine(2)
            hasher.combine(Double(integer))
        case .double(let double):
            hasher.combine(2)
            hasher.combine(double)
        case .string(let text):
            hasher.combine(3)
            hasher.combine(text)
        case .array(let elements):
            hasher.combine(4)
            hasher.combine(elements.count)
            for element in elements { hash(element, into: &hasher) }
        case .object(let object):
            hasher.combine(5)
            hasher.combine(object.count)
            for key in object.keys.sorted() {
                hasher.combine(key)
                if let member = object[key] { hash(member, into: &hasher) }
            }
        }
    }
}
