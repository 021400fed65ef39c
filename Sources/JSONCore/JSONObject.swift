/// A JSON object whose members keep their order: the order they were parsed in, or inserted in.
/// Two objects are equal when they have the same members, whatever their order, as in JSON.
public struct JSONObject: Sendable {
    private var order: [String] = []
    private var members: [String: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// An object with these members, in this order; a repeated name keeps its last value.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        for (key, value) in pairs { self[key] = value }
    }

    /// Member names, in order.
    public var keys: [String] { order }

    /// Number of members.
    public var count: Int { order.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { order.isEmpty }

    /// The value of member `key`; setting `nil` removes the member, setting a new name appends it.
    public subscript(key: String) -> JSONValue? {
        get { members[key] }
        set {
            if let newValue {
                if members.updateValue(newValue, forKey: key) == nil { order.append(key) }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Removes member `key` and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let old = members.removeValue(forKey: key) else { return nil }
        order.removeAll { $0 == key }
        return old
    }

    /// Whether member `key` exists (even when it is `null`).
    public func contains(_ key: String) -> Bool { members[key] != nil }
}

extension JSONObject: Sequence {
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        var index = 0
        let order = order
        let members = members
        return AnyIterator {
            guard index < order.count else { return nil }
            defer { index += 1 }
            return (order[index], members[order[index]]!)
        }
    }
}

extension JSONObject: Hashable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.members == rhs.members }
    public func hash(into hasher: inout Hasher) { hasher.combine(members) }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}
