/// A dictionary key as Python hashes it: `1`, `1.0` and `True` are the same key.
enum DictKey: Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case none
    case tuple([DictKey])
    /// Every undefined value (jinja2's `Undefined` hashes by its type).
    case undefined
}

/// An insertion-ordered dictionary with Python's key semantics.
struct PyDict {
    private(set) var keys: [Value] = []
    private(set) var values: [Value] = []
    private var positions: [DictKey: Int] = [:]

    init() {}

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    var items: Zip2Sequence<[Value], [Value]> { zip(keys, values) }

    static func key(for value: Value) throws(TemplateError) -> DictKey {
        switch value.unmarked {
        case .string(let string): return .string(string)
        case .int(let int): return .int(int)
        case .bool(let bool): return .int(bool ? 1 : 0)
        case .double(let double):
            if let exact = Int(exactly: double) { return .int(exact) }
            return .double(double)
        case .none: return .none
        case .undefined: return .undefined
        case .tuple(let items):
            var keys: [DictKey] = []
            for item in items { keys.append(try key(for: item)) }
            return .tuple(keys)
        default: throw TemplateError("unhashable type: '\(value.typeName)'")
        }
    }

    subscript(string key: String) -> Value? {
        positions[.string(key)].map { values[$0] }
    }

    func value(for key: Value) throws(TemplateError) -> Value? {
        positions[try PyDict.key(for: key)].map { values[$0] }
    }

    func contains(_ key: Value) throws(TemplateError) -> Bool {
        positions[try PyDict.key(for: key)] != nil
    }

    mutating func set(_ value: Value, for key: Value) throws(TemplateError) {
        let hashed = try PyDict.key(for: key)
        if let position = positions[hashed] {
            values[position] = value
        } else {
            positions[hashed] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    mutating func set(_ value: Value, forString key: String) {
        if let position = positions[.string(key)] {
            values[position] = value
        } else {
            positions[.string(key)] = keys.count
            keys.append(.string(key))
            values.append(value)
        }
    }

    @discardableResult
    mutating func remove(_ key: Value) throws(TemplateError) -> Value? {
        guard let position = positions.removeValue(forKey: try PyDict.key(for: key)) else { return nil }
        let removed = values[position]
        keys.remove(at: position)
        values.remove(at: position)
        for (hashed, index) in positions where index > position { positions[hashed] = index - 1 }
        return removed
    }

    mutating func removeAll() { self = PyDict() }
}
