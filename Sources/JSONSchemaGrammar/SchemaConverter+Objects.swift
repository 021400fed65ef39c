import JSONCore

extension SchemaConverter {
    /// The names in `required`, checked.
    func requiredNames(_ object: JSONObject, at path: SchemaPath) throws(SchemaConversionError) -> [String] {
        guard let value = object["required"] else { return [] }
        guard case .array(let list) = value else {
            throw invalid("required must be an array of property names", at: path, keyword: "required")
        }
        var names: [String] = []
        for entry in list {
            guard case .string(let name) = entry else {
                throw invalid("required must be an array of property names", at: path, keyword: "required")
            }
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Objects. Declared properties come in the order the schema declares them, each at most
    /// once; required ones always, optional ones or not (built as a chain of rules, linear in the
    /// number of properties, never one alternative per subset). Required names without a
    /// declaration follow, valued by `additionalProperties`.
    ///
    /// Other members (after the declared ones) are allowed when `additionalProperties` is `true` or
    /// a schema, and, when it is absent, only in non-strict mode (JSON Schema's default); in strict
    /// mode an absent `additionalProperties` closes the object, as OpenAI's strict mode does. Such
    /// members use keys written without escapes and different from every declared name.
    ///
    /// `minProperties` and `maxProperties` are enforced only when the declared shape already
    /// implies them; `patternProperties`, `propertyNames`, `dependentRequired`,
    /// `dependentSchemas`, `dependencies` and `unevaluatedProperties` are unsupported.
    mutating func object(
        _ object: JSONObject, at path: SchemaPath, name: String
    ) throws(SchemaConversionError)
        -> Piece?
    {
        var properties = JSONObject()
        if let value = object["properties"] {
            guard case .object(let declared) = value else {
                throw invalid("properties must be an object of schemas", at: path, keyword: "properties")
            }
            properties = declared
        }
        let required = try requiredNames(object, at: path)
        let additional = object["additionalProperties"]
        if let additional, additional.boolValue == nil, additional.objectValue == nil {
            throw invalid(
                "additionalProperties must be a boolean or a schema", at: path, keyword: "additionalProperties")
        }
        let closed = additional == .bool(false) || (additional == nil && strict)
        let counts = try countRange("minProperties", "maxProperties", in: object, at: path)
        let declaredCount = Set(properties.keys).union(required).count
        if counts.minimum > required.count {
            try unsupported("minProperties", at: path, "only a minimum implied by required can be enforced")
        }
        if let maximum = counts.maximum, !(closed && declaredCount <= maximum) {
            try unsupported("maxProperties", at: path, "only a maximum implied by a closed object can be enforced")
        }
        for keyword in [
            "patternProperties", "propertyNames", "dependentRequired", "dependentSchemas", "dependencies",
            "unevaluatedProperties",
        ] where object[keyword] != nil {
            try unsupported(keyword, at: path, "a grammar cannot enforce it here")
        }

        containerDepth += 1
        defer { containerDepth -= 1 }
        let space = builder.primitive(.space)
        var members: [(kv: String, required: Bool)] = []
        for (key, schema) in properties {
            let isRequired = required.contains(key)
            let valueName = "\(name)-\(key)"
            guard let value = try visit(schema, at: path.appending("properties").appending(key), name: valueName) else {
                if isRequired { return nil }
                continue
            }
            let kv = builder.addRule(
                "\(valueName)-kv", "\(GBNFText.literal(jsonKey(key))) \(space) \":\" \(space) \(value)")
            members.append((kv, isRequired))
        }
        var extraValue: String?
        switch additional {
        case nil: extraValue = builder.primitive(.value)
        case .bool(let allowed)?: extraValue = allowed ? builder.primitive(.value) : nil
        case let schema?:
            extraValue = try visit(schema, at: path.appending("additionalProperties"), name: "\(name)-additional")
        }
        for key in required where properties[key] == nil {
            guard let value = extraValue else { return nil }
            let kv = builder.addRule(
                "\(name)-\(key)-kv", "\(GBNFText.literal(jsonKey(key))) \(space) \":\" \(space) \(value)")
            members.append((kv, true))
        }
        var extraKV: String?
        if let extraValue, !closed {
            let key = builder.addRule("\(name)-additional-key", keyExcluding(properties.keys + required))
            extraKV = builder.addRule("\(name)-additional-kv", "\(key) \(space) \":\" \(space) \(extraValue)")
        }
        return .body(objectBody(members: members, extra: extraKV, name: name))
    }

    /// `{ ... }` over the members in order (optional ones skippable) and any number of extra
    /// members after them.
    private mutating func objectBody(
        members: [(kv: String, required: Bool)], extra: String?, name: String
    )
        -> String
    {
        let space = builder.primitive(.space)
        let separator = builder.separator()
        // tails[i]: members i... after at least one member was written, each after a comma.
        var tails = [String](repeating: "", count: members.count + 1)
        if let extra { tails[members.count] = "( \(separator) \(extra) )*" }
        var open = extra != nil
        for index in members.indices.reversed() {
            let member = members[index]
            let piece = member.required ? "\(separator) \(member.kv)" : "( \(separator) \(member.kv) )?"
            let text = [piece, tails[index + 1]].filter { !$0.isEmpty }.joined(separator: " ")
            open = open || !member.required
            tails[index] = open && index > 0 ? builder.addRule("\(name)-rest-\(index)", text) : text
        }
        // The first member written: any optional one up to and including the first required one.
        var firsts: [String] = []
        for (index, member) in members.enumerated() {
            firsts.append([member.kv, tails[index + 1]].filter { !$0.isEmpty }.joined(separator: " "))
            if member.required { break }
        }
        let mustWrite = members.contains { $0.required }
        if !mustWrite, let extra { firsts.append([extra, tails[members.count]].joined(separator: " ")) }
        if firsts.isEmpty { return #""{" \#(space) "}""# }
        let content = firsts.count == 1 ? firsts[0] : "( " + firsts.joined(separator: " | ") + " )"
        if mustWrite { return #""{" \#(space) \#(content) \#(space) "}""# }
        return #""{" \#(space) ( \#(content) \#(space) )? "}""#
    }

    /// A member name as JSON writes it, quotes included.
    private func jsonKey(_ key: String) -> String { JSONValue.string(key).jsonString() }

    /// A JSON string, written without escapes, that is none of `names`: a trie of the names, where
    /// each step either follows a name or leaves all of them.
    private mutating func keyExcluding(_ names: [String]) -> String {
        let keyCharacter = #"[^"\\\x00-\x1F]"#
        let writable = names.filter { name in
            name.unicodeScalars.allSatisfy { !SchemaConverter.escapedInJSON.contains($0.value) }
        }
        final class Node {
            var children: [(UInt32, Node)] = []
            var isName = false
            func child(_ scalar: UInt32) -> Node {
                if let found = children.first(where: { $0.0 == scalar }) { return found.1 }
                let node = Node()
                children.append((scalar, node))
                return node
            }
        }
        let root = Node()
        for name in Set(writable).sorted() {
            var node = root
            for scalar in name.unicodeScalars { node = node.child(scalar.value) }
            node.isName = true
        }
        func expression(_ node: Node) -> String {
            if node.children.isEmpty { return node.isName ? "\(keyCharacter)+" : "\(keyCharacter)*" }
            var alternatives: [String] = []
            var followed = ScalarSet.empty
            for (scalar, child) in node.children {
                followed = followed.union(ScalarSet(scalar))
                let literal = GBNFText.literal(String(Character(Unicode.Scalar(scalar)!)))
                alternatives.append("\(literal) \(expression(child))")
            }
            let others = ScalarSet.all.subtracting(SchemaConverter.escapedInJSON).subtracting(followed)
            alternatives.append("\(GBNFText.characterClass(others)) \(keyCharacter)*")
            let choice = "( " + alternatives.joined(separator: " | ") + " )"
            return node.isName ? choice : choice + "?"
        }
        return #""\"" \#(expression(root)) "\"""#
    }
}
