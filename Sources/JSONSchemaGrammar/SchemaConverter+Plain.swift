import JSONCore

extension SchemaConverter {
    /// A schema without references or combinators: the union, over the types it allows, of what
    /// its keywords allow for that type (JSON Schema applies string keywords to strings only, and
    /// so on). Without `type`, a schema whose keywords all belong to some types (say `properties`,
    /// or `minimum`) generates only those types: a subset of its valid values, never a wrong one.
    mutating func plain(
        _ object: JSONObject, at path: SchemaPath, name: String
    ) throws(SchemaConversionError)
        -> Piece?
    {
        for keyword in ["not", "$dynamicRef", "$recursiveRef"] where object[keyword] != nil {
            try unsupported(keyword, at: path, "no grammar can enforce it")
        }
        if object["if"] != nil && (object["then"] != nil || object["else"] != nil) {
            try unsupported("if", at: path, "conditional schemas (if/then/else) cannot be enforced by a grammar")
        }
        var isNullable = false
        if let nullable = object["nullable"] {
            guard case .bool(let flag) = nullable else {
                throw invalid("nullable must be a boolean", at: path, keyword: "nullable")
            }
            isNullable = flag
        }
        let declared = try declaredTypes(object, at: path)
        let inferred = declared == nil ? inferredTypes(object) : nil
        if declared == nil && inferred == nil && object["enum"] == nil && object["const"] == nil {
            // Nothing here constrains the value: any JSON value, objects open even in strict mode.
            return .atom(builder.primitive(.value))
        }
        var types = declared ?? inferred ?? JSONType.allCases
        if isNullable && !types.contains(.null) { types.append(.null) }
        if object["enum"] != nil || object["const"] != nil {
            return try enumeration(object, types: types, at: path, name: name)
        }
        if types.contains(.number) { types.removeAll { $0 == .integer } }
        var pieces: [(piece: Piece, type: JSONType)] = []
        for type in types {
            let piece: Piece?
            switch type {
            case .null: piece = .atom(builder.primitive(.null))
            case .boolean: piece = .atom(builder.primitive(.boolean))
            case .integer, .number: piece = try number(object, integer: type == .integer, at: path)
            case .string: piece = try string(object, at: path, name: name)
            case .array: piece = try array(object, at: path, name: name)
            case .object: piece = try self.object(object, at: path, name: name)
            }
            if let piece { pieces.append((piece, type)) }
        }
        if pieces.count <= 1 { return pieces.first?.piece }
        var atoms: [String] = []
        for (piece, type) in pieces {
            switch piece {
            case .atom(let atom): atoms.append(atom)
            case .body(let body): atoms.append(builder.addRule("\(name)-\(type.rawValue)", body))
            }
        }
        return .body(atoms.joined(separator: " | "))
    }

    /// The types `type` names, in its order; `nil` without `type`.
    func declaredTypes(_ object: JSONObject, at path: SchemaPath) throws(SchemaConversionError) -> [JSONType]? {
        guard let value = object["type"] else { return nil }
        let names: [JSONValue]
        switch value {
        case .string: names = [value]
        case .array(let list) where !list.isEmpty: names = list
        default: throw invalid("type must be a type name or a non-empty array of them", at: path, keyword: "type")
        }
        var types: [JSONType] = []
        for name in names {
            guard case .string(let text) = name, let type = JSONType(rawValue: text) else {
                throw invalid(
                    "\(name.jsonString()) is not a JSON Schema type (null, boolean, object, array, number, "
                        + "integer, string)",
                    at: path, keyword: "type")
            }
            if !types.contains(type) { types.append(type) }
        }
        return types
    }

    /// The types whose keywords the schema uses, when it has no `type`; `nil` when it uses none.
    private func inferredTypes(_ object: JSONObject) -> [JSONType]? {
        var types: [JSONType] = []
        let keys = Set(object.keys)
        if !keys.isDisjoint(with: JSONSchemaKeywords.object) { types.append(.object) }
        if !keys.isDisjoint(with: JSONSchemaKeywords.array) { types.append(.array) }
        if !keys.isDisjoint(with: JSONSchemaKeywords.string) { types.append(.string) }
        if !keys.isDisjoint(with: JSONSchemaKeywords.number) { types.append(.number) }
        return types.isEmpty ? nil : types
    }

    /// A natural number keyword (`minItems`, `maxLength`, ...), or `nil` when absent.
    func count(_ keyword: String, in object: JSONObject, at path: SchemaPath) throws(SchemaConversionError) -> Int? {
        guard let value = object[keyword] else { return nil }
        guard let count = value.intValue, count >= 0 else {
            throw invalid("\(keyword) must be a non-negative integer", at: path, keyword: keyword)
        }
        return count
    }

    /// `minimum`-style and `maximum`-style counts, checked against each other.
    func countRange(
        _ lower: String, _ upper: String, in object: JSONObject, at path: SchemaPath
    )
        throws(SchemaConversionError) -> (minimum: Int, maximum: Int?)
    {
        let minimum = try count(lower, in: object, at: path) ?? 0
        let maximum = try count(upper, in: object, at: path)
        if let maximum, minimum > maximum {
            throw invalid("\(lower) (\(minimum)) is greater than \(upper) (\(maximum))", at: path, keyword: lower)
        }
        return (minimum, maximum)
    }
}
