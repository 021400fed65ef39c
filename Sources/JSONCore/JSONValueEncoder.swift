/// Turns any `Encodable` value into a ``JSONValue``, keeping object members in the order they were
/// encoded (for synthesized conformances, the order of the `CodingKeys`).
///
/// Integers stay `.int`, floating-point numbers become `.double`, and a ``JSONValue`` inside the
/// value is taken over as it is. Non-finite numbers, which JSON cannot carry, are an error.
public struct JSONValueEncoder: Sendable {
    /// Values handed to every `encode(to:)` through `Encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// An encoder with no user info.
    public init() {}

    /// Encodes `value` as a JSON value.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        if let simple = try ValueEncoder.simpleValue(value, at: []) { return simple }
        let encoder = ValueEncoder(codingPath: [], userInfo: userInfo)
        try value.encode(to: encoder)
        guard let node = encoder.node else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: [], debugDescription: "\(T.self) encoded no value"))
        }
        return node.value
    }

    /// Encodes `value` straight to JSON text (UTF-8 bytes).
    public func encodeToJSON<T: Encodable>(
        _ value: T, options: JSONValue.SerializationOptions = []
    ) throws -> [UInt8] {
        try encode(value).serialized(options)
    }
}

extension Encodable {
    /// This value as JSON text (UTF-8 bytes), encoded through ``JSONValueEncoder`` so that member
    /// order is kept.
    public func jsonBytes(_ options: JSONValue.SerializationOptions = []) throws -> [UInt8] {
        try JSONValueEncoder().encodeToJSON(self, options: options)
    }

    /// This value as JSON text, encoded through ``JSONValueEncoder``.
    public func jsonString(_ options: JSONValue.SerializationOptions = []) throws -> String {
        String(decoding: try jsonBytes(options), as: UTF8.self)
    }
}

// MARK: - Implementation

/// A mutable tree node the containers write into; turned into a `JSONValue` at the end.
private final class Node {
    enum Storage {
        case value(JSONValue)
        case object(keys: [String], members: [String: Node])
        case array([Node])
    }

    var storage: Storage

    init(_ storage: Storage) { self.storage = storage }

    var value: JSONValue {
        switch storage {
        case .value(let value): return value
        case .object(let keys, let members):
            var object = JSONObject()
            for key in keys { object[key] = members[key]!.value }
            return .object(object)
        case .array(let nodes): return .array(nodes.map(\.value))
        }
    }

    func set(_ node: Node, forKey key: String) {
        guard case .object(var keys, var members) = storage else { return }
        storage = .value(.null)  // drop the reference so the dictionary is uniquely owned
        if members.updateValue(node, forKey: key) == nil { keys.append(key) }
        storage = .object(keys: keys, members: members)
    }

    func append(_ node: Node) {
        guard case .array(var nodes) = storage else { return }
        storage = .value(.null)
        nodes.append(node)
        storage = .array(nodes)
    }

    var count: Int {
        switch storage {
        case .array(let nodes): return nodes.count
        case .object(let keys, _): return keys.count
        case .value: return 0
        }
    }
}

private final class ValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]
    /// Where this encoder's value goes; a placeholder until something is encoded.
    let root: Node
    var isSet = false

    init(codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: Any], root: Node = Node(.value(.null))) {
        self.codingPath = codingPath
        self.userInfo = userInfo
        self.root = root
    }

    var node: Node? { isSet ? root : nil }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = root.storage, isSet {
        } else {
            root.storage = .object(keys: [], members: [:])
            isSet = true
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: root, encoder: self, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = root.storage, isSet {
        } else {
            root.storage = .array([])
            isSet = true
        }
        return UnkeyedContainer(node: root, encoder: self, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(encoder: self, codingPath: codingPath)
    }

    /// Encodes a nested value at `path`, returning its node.
    func box<T: Encodable>(_ value: T, at path: [any CodingKey]) throws -> Node {
        if let simple = try ValueEncoder.simpleValue(value, at: path) { return Node(.value(simple)) }
        let encoder = ValueEncoder(codingPath: path, userInfo: userInfo)
        try value.encode(to: encoder)
        // A type that encodes nothing at all becomes an empty object, as Foundation does.
        return encoder.node ?? Node(.object(keys: [], members: [:]))
    }

    static func simpleValue<T: Encodable>(_ value: T, at path: [any CodingKey]) throws -> JSONValue? {
        switch value {
        case let json as JSONValue: return json
        case let object as JSONObject: return .object(object)
        case let string as String: return .string(string)
        case let bool as Bool: return .bool(bool)
        case let int as Int: return .int(int)
        case let double as Double: return try number(double, at: path)
        case let float as Float: return try number(Double(float), at: path)
        default: return nil
        }
    }

    static func number(_ value: Double, at path: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: path, debugDescription: "JSON cannot carry \(value)"))
        }
        return .double(value)
    }

    static func integer<T: BinaryInteger>(_ value: T, at path: [any CodingKey]) throws -> JSONValue {
        guard let int = Int(exactly: value) else {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: path, debugDescription: "\(value) does not fit in Int"))
        }
        return .int(int)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let encoder: ValueEncoder
    let codingPath: [any CodingKey]

    func put(_ value: JSONValue, _ key: Key) { node.set(Node(.value(value)), forKey: key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        put(try ValueEncoder.number(value, at: codingPath + [key]), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        put(try ValueEncoder.number(Double(value), at: codingPath + [key]), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.int(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(.int(Int(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(.int(Int(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(.int(Int(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.int(Int(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        put(try ValueEncoder.integer(value, at: codingPath + [key]), key)
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.int(Int(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.int(Int(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.int(Int(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        put(try ValueEncoder.integer(value, at: codingPath + [key]), key)
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(try encoder.box(value, at: codingPath + [key]), forKey: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = Node(.object(keys: [], members: [:]))
        node.set(child, forKey: key.stringValue)
        return KeyedEncodingContainer(
            KeyedContainer<NestedKey>(node: child, encoder: encoder, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = Node(.array([]))
        node.set(child, forKey: key.stringValue)
        return UnkeyedContainer(node: child, encoder: encoder, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: AnyCodingKey("super")) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(forKey: AnyCodingKey(key.stringValue))
    }

    private func superEncoder(forKey key: AnyCodingKey) -> any Encoder {
        let placeholder = Node(.object(keys: [], members: [:]))
        node.set(placeholder, forKey: key.stringValue)
        return ValueEncoder(codingPath: codingPath + [key], userInfo: encoder.userInfo, root: placeholder)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let encoder: ValueEncoder
    let codingPath: [any CodingKey]

    var count: Int { node.count }

    private var nextKey: AnyCodingKey { AnyCodingKey(index: count) }

    func put(_ value: JSONValue) { node.append(Node(.value(value))) }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(try ValueEncoder.number(value, at: codingPath + [nextKey])) }
    mutating func encode(_ value: Float) throws {
        put(try ValueEncoder.number(Double(value), at: codingPath + [nextKey]))
    }
    mutating func encode(_ value: Int) throws { put(.int(value)) }
    mutating func encode(_ value: Int8) throws { put(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { put(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { put(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { put(.int(Int(value))) }
    mutating func encode(_ value: UInt) throws { put(try ValueEncoder.integer(value, at: codingPath + [nextKey])) }
    mutating func encode(_ value: UInt8) throws { put(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { put(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { put(.int(Int(value))) }
    mutating func encode(_ value: UInt64) throws { put(try ValueEncoder.integer(value, at: codingPath + [nextKey])) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try encoder.box(value, at: codingPath + [nextKey]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let key = nextKey
        let child = Node(.object(keys: [], members: [:]))
        node.append(child)
        return KeyedEncodingContainer(
            KeyedContainer<NestedKey>(node: child, encoder: encoder, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = nextKey
        let child = Node(.array([]))
        node.append(child)
        return UnkeyedContainer(node: child, encoder: encoder, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let key = nextKey
        let placeholder = Node(.object(keys: [], members: [:]))
        node.append(placeholder)
        return ValueEncoder(codingPath: codingPath + [key], userInfo: encoder.userInfo, root: placeholder)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    let codingPath: [any CodingKey]

    func put(_ value: JSONValue) {
        encoder.root.storage = .value(value)
        encoder.isSet = true
    }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(try ValueEncoder.number(value, at: codingPath)) }
    mutating func encode(_ value: Float) throws { put(try ValueEncoder.number(Double(value), at: codingPath)) }
    mutating func encode(_ value: Int) throws { put(.int(value)) }
    mutating func encode(_ value: Int8) throws { put(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { put(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { put(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { put(.int(Int(value))) }
    mutating func encode(_ value: UInt) throws { put(try ValueEncoder.integer(value, at: codingPath)) }
    mutating func encode(_ value: UInt8) throws { put(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { put(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { put(.int(Int(value))) }
    mutating func encode(_ value: UInt64) throws { put(try ValueEncoder.integer(value, at: codingPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.root.storage = try encoder.box(value, at: codingPath).storage
        encoder.isSet = true
    }
}
