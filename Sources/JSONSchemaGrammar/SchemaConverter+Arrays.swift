import JSONCore

extension SchemaConverter {
    /// Arrays: `prefixItems` (or the older array form of `items` with `additionalItems`) for the
    /// first elements, `items` for the rest, `minItems`/`maxItems` on the count, all exact.
    /// A `false` item schema caps the length where it applies. `uniqueItems: true` (unless at
    /// most one element is possible), `contains`, `minContains`, `maxContains` and
    /// `unevaluatedItems` are unsupported.
    mutating func array(
        _ object: JSONObject, at path: SchemaPath, name: String
    ) throws(SchemaConversionError)
        -> Piece?
    {
        var prefixSchemas: [JSONValue] = []
        var prefixPath = path.appending("prefixItems")
        var itemSchema: JSONValue? = object["items"]
        var itemPath = path.appending("items")
        if case .array(let list)? = object["items"] {
            if object["prefixItems"] != nil {
                throw invalid("items cannot be an array when prefixItems is present", at: path, keyword: "items")
            }
            prefixSchemas = list
            prefixPath = path.appending("items")
            itemSchema = object["additionalItems"]
            itemPath = path.appending("additionalItems")
        } else if let prefix = object["prefixItems"] {
            guard case .array(let list) = prefix else {
                throw invalid("prefixItems must be an array of schemas", at: path, keyword: "prefixItems")
            }
            prefixSchemas = list
        }
        let counts = try countRange("minItems", "maxItems", in: object, at: path)
        if let unique = object["uniqueItems"] {
            guard case .bool(let flag) = unique else {
                throw invalid("uniqueItems must be a boolean", at: path, keyword: "uniqueItems")
            }
            if flag && (counts.maximum ?? 2) > 1 {
                try unsupported("uniqueItems", at: path, "a grammar cannot compare elements with each other")
            }
        }
        for keyword in ["contains", "minContains", "maxContains", "unevaluatedItems"] where object[keyword] != nil {
            try unsupported(keyword, at: path, "a grammar cannot enforce it")
        }

        containerDepth += 1
        defer { containerDepth -= 1 }
        var maximum = counts.maximum
        var prefix: [String] = []
        for (index, schema) in prefixSchemas.enumerated() {
            if let maximum, index >= maximum { break }
            guard let atom = try visit(schema, at: prefixPath.appending(index), name: "\(name)-\(index)") else {
                maximum = min(maximum ?? index, index)
                break
            }
            prefix.append(atom)
        }
        var item: String?
        if maximum.map({ $0 > prefix.count }) ?? true {
            if let itemSchema {
                item = try visit(itemSchema, at: itemPath, name: "\(name)-item")
            } else {
                item = builder.primitive(.value)
            }
            if item == nil { maximum = prefix.count }
        }
        if counts.minimum > (maximum ?? Int.max) { return nil }

        let space = builder.primitive(.space)
        let separator = builder.separator()
        if maximum == 0 { return .body(#""[" \#(space) "]""#) }
        // Elements after the first `written` ones, each after a comma.
        func rest(_ written: Int) -> String {
            if let maximum, written >= maximum { return "" }
            if written < prefix.count {
                let next = [separator, prefix[written], rest(written + 1)].filter { !$0.isEmpty }.joined(separator: " ")
                return written >= counts.minimum ? "( \(next) )?" : next
            }
            guard let item else { return "" }
            let unit = builder.addRule("\(name)-next", "\(separator) \(item)")
            return builder.repetition(
                unit, minimum: max(counts.minimum - written, 0), maximum: maximum.map { $0 - written }, hint: unit)
        }
        let first = prefix.first ?? item!
        let elements = [first, rest(1)].filter { !$0.isEmpty }.joined(separator: " ")
        if counts.minimum == 0 { return .body(#""[" \#(space) ( \#(elements) \#(space) )? "]""#) }
        return .body(#""[" \#(space) \#(elements) \#(space) "]""#)
    }
}
