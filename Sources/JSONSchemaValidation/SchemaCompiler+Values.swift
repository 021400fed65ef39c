import JSONCore

/// Reading keyword values of the right shape, or failing with a ``SchemaError`` that names the
/// keyword and what it should have been.
extension SchemaCompiler {
    /// The compiled subschema under `key`, if present.
    mutating func subschema(_ object: JSONObject, _ key: String, at pointer: String) throws(SchemaError) -> Int? {
        guard object[key] != nil else { return nil }
        return try compile(at: JSONPointer.appending(pointer, key))
    }

    /// The compiled subschemas of the array under `key`, if present.
    mutating func schemaList(
        _ object: JSONObject, _ key: String, at pointer: String, allowEmpty: Bool = false
    ) throws(SchemaError) -> [Int]? {
        guard let value = object[key] else { return nil }
        let path = JSONPointer.appending(pointer, key)
        guard case .array(let elements) = value, allowEmpty || !elements.isEmpty else {
            throw SchemaError(message: "\(key) must be a non-empty array of schemas", path: path)
        }
        var result: [Int] = []
        for index in elements.indices { result.append(try compile(at: JSONPointer.appending(path, index))) }
        return result
    }

    /// The compiled subschemas of the object under `key`, by member name, if present.
    mutating func schemaMap(
        _ object: JSONObject, _ key: String, at pointer: String
    ) throws(SchemaError) -> [(String, Int)]? {
        guard let value = object[key] else { return nil }
        let path = JSONPointer.appending(pointer, key)
        guard case .object(let members) = value else {
            throw SchemaError(message: "\(key) must be an object whose members are schemas", path: path)
        }
        var result: [(String, Int)] = []
        for (name, _) in members { result.append((name, try compile(at: JSONPointer.appending(path, name)))) }
        return result
    }

    /// The number under `key`, if present.
    func number(_ object: JSONObject, _ key: String, at pointer: String) throws(SchemaError) -> JSONValue? {
        guard let value = object[key] else { return nil }
        guard NumberArithmetic.isNumber(value) else {
            throw SchemaError(
                message: "\(key) must be a number, found \(Describe.kind(of: value))",
                path: JSONPointer.appending(pointer, key))
        }
        return value
    }

    /// The non-negative integer under `key` (2.0 counts), if present; huge values saturate.
    func count(_ object: JSONObject, _ key: String, at pointer: String) throws(SchemaError) -> Int? {
        guard let value = object[key] else { return nil }
        guard NumberArithmetic.isInteger(value), NumberArithmetic.compare(value, .int(0)) >= 0 else {
            throw SchemaError(
                message: "\(key) must be a non-negative integer, found \(Describe.value(value))",
                path: JSONPointer.appending(pointer, key))
        }
        return value.intValue ?? Int.max
    }

    /// The array of distinct strings under `key`, if present.
    func strings(_ object: JSONObject, _ key: String, at pointer: String) throws(SchemaError) -> [String]? {
        guard let value = object[key] else { return nil }
        let path = JSONPointer.appending(pointer, key)
        guard case .array(let elements) = value else {
            throw SchemaError(message: "\(key) must be an array of strings", path: path)
        }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw SchemaError(message: "\(key) must contain only strings", path: JSONPointer.appending(path, index))
            }
            guard !result.contains(text) else {
                throw SchemaError(message: "\(key) lists \"\(text)\" twice", path: JSONPointer.appending(path, index))
            }
            result.append(text)
        }
        return result
    }

    /// The types named by `type`: one name or an array of distinct names.
    func types(_ value: JSONValue, at path: String) throws(SchemaError) -> [InstanceType] {
        let names: [JSONValue]
        if case .array(let elements) = value { names = elements } else { names = [value] }
        var result: [InstanceType] = []
        for name in names {
            guard case .string(let text) = name, let type = InstanceType(rawValue: text) else {
                let known = InstanceType.allCases.map(\.rawValue).joined(separator: ", ")
                throw SchemaError(
                    message: "type must be one of \(known), or an array of them; found \(Describe.value(name))",
                    path: path)
            }
            guard !result.contains(type) else {
                throw SchemaError(message: "type lists \"\(text)\" twice", path: path)
            }
            result.append(type)
        }
        return result
    }

    /// `source` compiled as an ECMA-262 regular expression.
    func regex(_ source: String, at path: String) throws(SchemaError) -> ECMARegex {
        do {
            return try ECMARegex(source)
        } catch {
            throw SchemaError(message: "\"\(source)\" is not a valid regular expression", path: path)
        }
    }
}
