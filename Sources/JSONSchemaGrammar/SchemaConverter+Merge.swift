import JSONCore

extension SchemaConverter {
    /// The largest number of branches a product of `anyOf`s inside an `allOf` may have.
    static let maximumBranches = 64

    /// One schema equivalent to all of `parts` at once (their `allOf`), with references and nested
    /// `allOf`s at the top inlined. Subschemas that both sides constrain (a property declared on
    /// both, the items of both) become an `allOf` of the two, merged when converted.
    ///
    /// Merging is exact for `type`, `properties`/`additionalProperties` (a property declared on
    /// one side only must also satisfy the other side's `additionalProperties`), `required`,
    /// `items`/`prefixItems`, counts and lengths (the stricter bound wins), numeric bounds, `enum`
    /// and `const` (intersected) and `anyOf`/`oneOf` (distributed into a product of branches).
    /// Two different `pattern`s or `format`s cannot both be enforced: the second is reported
    /// unsupported. `oneOf` is enforced as `anyOf`.
    mutating func mergeAll(_ parts: [JSONValue], at path: SchemaPath) throws(SchemaConversionError) -> JSONValue {
        var inlining: [SchemaPath] = []
        var result = JSONValue.bool(true)
        for part in parts {
            let expanded = try expand(part, at: path, inlining: &inlining)
            result = try merge(result, expanded, at: path)
        }
        return result
    }

    /// `schema` with its top-level `$ref` and `allOf` merged in, `oneOf` turned into `anyOf` and
    /// `nullable` folded into `type`.
    private mutating func expand(
        _ schema: JSONValue, at path: SchemaPath, inlining: inout [SchemaPath]
    )
        throws(SchemaConversionError) -> JSONValue
    {
        guard case .object(var object) = schema else {
            if case .bool = schema { return schema }
            throw invalid("a schema must be an object or a boolean, not \(schema.typeName)", at: path)
        }
        var result = JSONValue.bool(true)
        if let reference = object.removeValue(forKey: "$ref") {
            guard case .string(let text) = reference else {
                throw invalid("$ref must be a string", at: path, keyword: "$ref")
            }
            let (pointer, target) = try resolve(text, at: path)
            if inlining.contains(pointer) {
                throw invalid(
                    "\(text) refers back to itself inside allOf without an object or array in between",
                    at: path, keyword: "$ref")
            }
            inlining.append(pointer)
            let expanded = try expand(target, at: pointer, inlining: &inlining)
            inlining.removeLast()
            result = try merge(result, expanded, at: path)
        }
        if let all = object.removeValue(forKey: "allOf") {
            guard case .array(let parts) = all, !parts.isEmpty else {
                throw invalid("allOf must be a non-empty array of schemas", at: path, keyword: "allOf")
            }
            for part in parts { result = try merge(result, try expand(part, at: path, inlining: &inlining), at: path) }
        }
        if let one = object.removeValue(forKey: "oneOf") {
            result = try merge(result, .object(["anyOf": one]), at: path)
        }
        if let nullable = object.removeValue(forKey: "nullable"), nullable == .bool(true),
            let types = try declaredTypes(object, at: path), !types.contains(.null)
        {
            object["type"] = .array((types + [.null]).map { .string($0.rawValue) })
        }
        return try merge(result, .object(object), at: path)
    }

    /// Both schemas at once.
    private mutating func merge(
        _ a: JSONValue, _ b: JSONValue, at path: SchemaPath
    ) throws(SchemaConversionError)
        -> JSONValue
    {
        switch (a, b) {
        case (.bool(false), _), (_, .bool(false)): return .bool(false)
        case (.bool(true), _): return b
        case (_, .bool(true)): return a
        case (.object(let x), .object(let y)): return try mergeObjects(x, y, at: path)
        default: throw invalid("a schema must be an object or a boolean", at: path)
        }
    }

    /// The `allOf` of two subschemas, simplified where that is trivial.
    private static func both(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        switch (a, b) {
        case (.bool(false), _), (_, .bool(false)): return .bool(false)
        case (.bool(true), _): return b
        case (_, .bool(true)): return a
        default: return a == b ? a : .object(["allOf": [a, b]])
        }
    }

    private mutating func mergeObjects(
        _ x: JSONObject, _ y: JSONObject, at path: SchemaPath
    )
        throws(SchemaConversionError) -> JSONValue
    {
        var result = JSONObject()
        var handled: Set<String> = JSONSchemaKeywords.annotations.union(JSONSchemaKeywords.definitions)

        // type
        handled.insert("type")
        switch (try declaredTypes(x, at: path), try declaredTypes(y, at: path)) {
        case (nil, nil): break
        case (let types?, nil), (nil, let types?): result["type"] = .array(types.map { .string($0.rawValue) })
        case (let first?, let second?):
            var common = first.filter(second.contains)
            if (first.contains(.integer) && second.contains(.number))
                || (first.contains(.number) && second.contains(.integer)), !common.contains(.integer)
            {
                common.append(.integer)
            }
            if common.isEmpty { return .bool(false) }
            result["type"] = .array(common.map { .string($0.rawValue) })
        }

        // properties and additionalProperties, together
        handled.formUnion(["properties", "additionalProperties"])
        let xProperties = try schemaMap("properties", in: x, at: path)
        let yProperties = try schemaMap("properties", in: y, at: path)
        let xAdditional = x["additionalProperties"]
        let yAdditional = y["additionalProperties"]
        if xProperties != nil || yProperties != nil {
            var properties = JSONObject()
            let keys = (xProperties?.keys ?? []) + (yProperties?.keys ?? []).filter { xProperties?[$0] == nil }
            for key in keys {
                let first = xProperties?[key] ?? xAdditional ?? .bool(true)
                let second = yProperties?[key] ?? yAdditional ?? .bool(true)
                properties[key] = SchemaConverter.both(first, second)
            }
            result["properties"] = .object(properties)
        }
        switch (xAdditional, yAdditional) {
        case (nil, nil): break
        case (let only?, nil), (nil, let only?): result["additionalProperties"] = only
        case (let first?, let second?): result["additionalProperties"] = SchemaConverter.both(first, second)
        }

        // required
        handled.insert("required")
        let required = try requiredNames(x, at: path) + requiredNames(y, at: path)
        var seen: Set<String> = []
        let uniqueRequired = required.filter { seen.insert($0).inserted }
        if !uniqueRequired.isEmpty { result["required"] = .array(uniqueRequired.map(JSONValue.string)) }

        // items, prefixItems, additionalItems
        handled.formUnion(["items", "prefixItems", "additionalItems"])
        let (xPrefix, xItems) = try arrayParts(x, at: path)
        let (yPrefix, yItems) = try arrayParts(y, at: path)
        let prefixCount = max(xPrefix.count, yPrefix.count)
        if prefixCount > 0 {
            result["prefixItems"] = .array(
                (0..<prefixCount).map { index in
                    SchemaConverter.both(
                        index < xPrefix.count ? xPrefix[index] : xItems ?? .bool(true),
                        index < yPrefix.count ? yPrefix[index] : yItems ?? .bool(true))
                })
        }
        switch (xItems, yItems) {
        case (nil, nil): break
        case (let only?, nil), (nil, let only?): result["items"] = only
        case (let first?, let second?): result["items"] = SchemaConverter.both(first, second)
        }

        // counts and lengths
        for keyword in ["minItems", "minLength", "minProperties", "minContains"] {
            handled.insert(keyword)
            let values = [try count(keyword, in: x, at: path), try count(keyword, in: y, at: path)].compactMap { $0 }
            if let largest = values.max() { result[keyword] = .int(largest) }
        }
        for keyword in ["maxItems", "maxLength", "maxProperties", "maxContains"] {
            handled.insert(keyword)
            let values = [try count(keyword, in: x, at: path), try count(keyword, in: y, at: path)].compactMap { $0 }
            if let smallest = values.min() { result[keyword] = .int(smallest) }
        }

        // numeric bounds
        handled.formUnion(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"])
        let xBounds = try numericBounds(x, at: path)
        let yBounds = try numericBounds(y, at: path)
        var lower = xBounds.lower.map { ($0, xBounds.lowerSource!) }
        if let bound = yBounds.lower, NumericBounds.isStricterLower(bound, than: lower?.0) {
            lower = (bound, yBounds.lowerSource!)
        }
        var upper = xBounds.upper.map { ($0, xBounds.upperSource!) }
        if let bound = yBounds.upper, NumericBounds.isStricterUpper(bound, than: upper?.0) {
            upper = (bound, yBounds.upperSource!)
        }
        if let (bound, source) = lower { result[bound.exclusive ? "exclusiveMinimum" : "minimum"] = source.value }
        if let (bound, source) = upper { result[bound.exclusive ? "exclusiveMaximum" : "maximum"] = source.value }

        // enum and const
        handled.formUnion(["enum", "const"])
        var values: [JSONValue]?
        for side in [x, y] {
            var sideValues: [JSONValue]?
            if let list = side["enum"] {
                guard case .array(let array) = list else {
                    throw invalid("enum must be an array", at: path, keyword: "enum")
                }
                sideValues = array
            }
            if let constant = side["const"] {
                sideValues = (sideValues ?? [constant]).filter { SchemaConverter.equal($0, constant) }
            }
            guard let sideValues else { continue }
            values =
                values.map { current in current.filter { v in sideValues.contains { SchemaConverter.equal(v, $0) } } }
                ?? sideValues
        }
        if let values {
            if values.isEmpty { return .bool(false) }
            result["enum"] = .array(values)
        }

        // anyOf: the product of both sides' branches
        handled.insert("anyOf")
        switch (x["anyOf"], y["anyOf"]) {
        case (nil, nil): break
        case (let only?, nil), (nil, let only?): result["anyOf"] = only
        case (.array(let first)?, .array(let second)?):
            guard first.count * second.count <= SchemaConverter.maximumBranches else {
                throw SchemaConversionError(
                    message: "allOf over anyOf/oneOf would need more than \(SchemaConverter.maximumBranches) branches",
                    path: path.pointer, keyword: "allOf")
            }
            result["anyOf"] = .array(first.flatMap { a in second.map { b in SchemaConverter.both(a, b) } })
        default:
            throw invalid("anyOf and oneOf must be arrays of schemas", at: path, keyword: "anyOf")
        }

        // Everything else: kept when only one side has it or both agree.
        for (key, value) in x where !handled.contains(key) {
            if let other = y[key], other != value, JSONSchemaKeywords.isAssertion(key) {
                let reason =
                    key == "pattern" || key == "format"
                    ? "allOf combines two different \(key) values, and a grammar can enforce only one"
                    : "allOf combines two different \(key) values"
                try unsupported(key, at: path, reason)
            }
            result[key] = value
        }
        for (key, value) in y where !handled.contains(key) && x[key] == nil { result[key] = value }
        return .object(result)
    }

    /// An object of subschemas under `keyword`, checked.
    private func schemaMap(
        _ keyword: String, in object: JSONObject, at path: SchemaPath
    )
        throws(SchemaConversionError) -> JSONObject?
    {
        guard let value = object[keyword] else { return nil }
        guard case .object(let map) = value else {
            throw invalid("\(keyword) must be an object of schemas", at: path, keyword: keyword)
        }
        return map
    }

    /// The positional item schemas and the schema of the remaining items, in either spelling.
    private func arrayParts(
        _ object: JSONObject, at path: SchemaPath
    ) throws(SchemaConversionError)
        -> (prefix: [JSONValue], items: JSONValue?)
    {
        if case .array(let list)? = object["items"] { return (list, object["additionalItems"]) }
        guard let prefix = object["prefixItems"] else { return ([], object["items"]) }
        guard case .array(let list) = prefix else {
            throw invalid("prefixItems must be an array of schemas", at: path, keyword: "prefixItems")
        }
        return (list, object["items"])
    }
}
