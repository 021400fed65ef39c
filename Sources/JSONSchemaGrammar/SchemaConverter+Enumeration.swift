import JSONCore

extension SchemaConverter {
    /// `enum` and `const`: the listed values, written as compact JSON literals, keeping only those
    /// of an allowed type that also pass the keywords beside them which can be checked on a value
    /// (lengths, numeric bounds, item counts, required members). Other keywords beside `enum` or
    /// `const` (a `pattern`, `properties`, ...) are reported as unsupported.
    mutating func enumeration(
        _ object: JSONObject, types: [JSONType], at path: SchemaPath, name: String
    )
        throws(SchemaConversionError) -> Piece?
    {
        var values: [JSONValue] = []
        if let list = object["enum"] {
            guard case .array(let array) = list else {
                throw invalid("enum must be an array", at: path, keyword: "enum")
            }
            values = array
        }
        if let constant = object["const"] {
            values = object["enum"] != nil ? values.filter { SchemaConverter.equal($0, constant) } : [constant]
        }
        values = values.filter { SchemaConverter.has($0, oneOf: types) }
        let keys = Set(object.keys)
        let lengths = try countRange("minLength", "maxLength", in: object, at: path)
        let itemCounts = try countRange("minItems", "maxItems", in: object, at: path)
        let bounds = try numericBounds(object, at: path)
        let required = try requiredNames(object, at: path)
        var checked: [JSONValue] = []
        for value in values {
            switch value {
            case .string(let text):
                let length = text.unicodeScalars.count
                guard length >= lengths.minimum, length <= lengths.maximum ?? Int.max else { continue }
            case .int, .double:
                guard let decimal = DecimalValue(value), bounds.admits(decimal) else { continue }
            case .array(let elements):
                guard elements.count >= itemCounts.minimum, elements.count <= itemCounts.maximum ?? Int.max else {
                    continue
                }
            case .object(let members):
                guard required.allSatisfy(members.contains) else { continue }
            default: break
            }
            if !checked.contains(where: { SchemaConverter.equal($0, value) }) { checked.append(value) }
        }
        let unchecked: [(type: String, keywords: Set<String>)] = [
            ("string", ["pattern", "format"]),
            ("number", ["multipleOf"]),
            ("array", JSONSchemaKeywords.array.subtracting(["minItems", "maxItems"])),
            ("object", JSONSchemaKeywords.object.subtracting(["required"])),
        ]
        for (type, keywords) in unchecked {
            let present = checked.contains { $0.typeName == type || (type == "number" && $0.typeName == "integer") }
            guard present else { continue }
            for keyword in keywords.sorted() where keys.contains(keyword) {
                if keyword == "uniqueItems" && object[keyword] == .bool(false) { continue }
                try unsupported(keyword, at: path, "it cannot be enforced together with enum or const")
            }
        }
        let literals = checked.map { GBNFText.literal(SchemaConverter.canonical($0).jsonString()) }
        switch literals.count {
        case 0: return nil
        case 1: return .atom(literals[0])
        default: return .body(literals.joined(separator: " | "))
        }
    }

    /// Whether `value` has one of `types` (an integral number is an integer).
    static func has(_ value: JSONValue, oneOf types: [JSONType]) -> Bool {
        switch value {
        case .null: return types.contains(.null)
        case .bool: return types.contains(.boolean)
        case .string: return types.contains(.string)
        case .array: return types.contains(.array)
        case .object: return types.contains(.object)
        case .int: return types.contains(.integer) || types.contains(.number)
        case .double:
            return types.contains(.number) || (types.contains(.integer) && DecimalValue(value)?.isInteger == true)
        }
    }

    /// JSON Schema equality: numbers by value (1 equals 1.0), objects regardless of member order.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            return DecimalValue(a) == DecimalValue(b)
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count
                && x.allSatisfy { member in y[member.key].map { equal(member.value, $0) } ?? false }
        default:
            return a == b
        }
    }

    /// `value` with integral doubles written as integers, at any depth.
    static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let number):
            if abs(number) < 1e18, let integer = Int(exactly: number) { return .int(integer) }
            return value
        case .array(let elements): return .array(elements.map(canonical))
        case .object(let object): return .object(JSONObject(object.map { ($0.key, canonical($0.value)) }))
        default: return value
        }
    }
}
