import JSONCore

extension SchemaCompiler {
    /// Checks and compiles the keywords of the object schema at `pointer`. Returns them (with
    /// `unevaluatedProperties`/`unevaluatedItems` last, since they depend on all the others) and
    /// whether the schema says `nullable: true`.
    mutating func compileKeywords(
        _ object: JSONObject, at pointer: String, base: URIReference
    ) throws(SchemaError) -> ([Keyword], Bool) {
        var keywords: [Keyword] = []
        func path(_ key: String) -> String { JSONPointer.appending(pointer, key) }

        if let reference = object["$ref"] {
            guard case .string(let text) = reference else {
                throw SchemaError(message: "$ref must be a string", path: path("$ref"))
            }
            let target = try compile(at: resolve(reference: text, base: base, at: path("$ref")))
            keywords.append(.reference(keyword: "$ref", target: target))
            // Before 2019-09, keywords beside $ref are ignored.
            if dialect != .modern { return (keywords, false) }
        }
        if let reference = object["$dynamicRef"] {
            guard case .string(let text) = reference else {
                throw SchemaError(message: "$dynamicRef must be a string", path: path("$dynamicRef"))
            }
            let targetPointer = try resolve(reference: text, base: base, at: path("$dynamicRef"))
            let target = try compile(at: targetPointer)
            let fragment = URIReference(text).fragment ?? ""
            if !fragment.isEmpty, !fragment.hasPrefix("/"), declaresDynamicAnchor(fragment, at: targetPointer) {
                keywords.append(.dynamicReference(target: target, anchor: fragment))
            } else {
                keywords.append(.reference(keyword: "$dynamicRef", target: target))
            }
        }
        if object["$recursiveRef"] != nil {
            throw SchemaError(
                message: "$recursiveRef (draft 2019-09) is not supported; use $dynamicRef", path: path("$recursiveRef"))
        }
        for key in ["$defs", "definitions"] {
            guard let definitions = object[key] else { continue }
            guard case .object(let members) = definitions else {
                throw SchemaError(message: "\(key) must be an object of schemas", path: path(key))
            }
            for (name, _) in members { _ = try compile(at: JSONPointer.appending(path(key), name)) }
        }

        var nullable = false
        if let value = object["nullable"] {
            guard case .bool(let flag) = value else {
                throw SchemaError(message: "nullable must be a boolean", path: path("nullable"))
            }
            nullable = flag
        }

        // Any type.
        if let value = object["type"] {
            keywords.append(.type(try types(value, at: path("type"))))
        }
        if let value = object["enum"] {
            guard case .array(let options) = value else {
                throw SchemaError(message: "enum must be an array", path: path("enum"))
            }
            keywords.append(.enumeration(options))
        }
        if let value = object["const"] { keywords.append(.constant(value)) }

        // Numbers.
        try compileNumericBounds(object, at: pointer, into: &keywords)
        if let divisor = try number(object, "multipleOf", at: pointer) {
            guard NumberArithmetic.compare(divisor, .int(0)) > 0 else {
                throw SchemaError(message: "multipleOf must be greater than 0", path: path("multipleOf"))
            }
            keywords.append(.multipleOf(divisor))
        }

        // Strings.
        if let limit = try count(object, "minLength", at: pointer) { keywords.append(.minLength(limit)) }
        if let limit = try count(object, "maxLength", at: pointer) { keywords.append(.maxLength(limit)) }
        if let value = object["pattern"] {
            guard case .string(let source) = value else {
                throw SchemaError(message: "pattern must be a string", path: path("pattern"))
            }
            keywords.append(.pattern(try regex(source, at: path("pattern"))))
        }
        if let value = object["format"] {
            guard case .string(let name) = value else {
                throw SchemaError(message: "format must be a string", path: path("format"))
            }
            if let format = StringFormat(rawValue: name) { keywords.append(.format(format)) }
        }

        // Objects.
        try compileObjectKeywords(object, at: pointer, into: &keywords)

        // Arrays.
        try compileArrayKeywords(object, at: pointer, into: &keywords)

        // Combinations and conditions.
        if let schemas = try schemaList(object, "allOf", at: pointer) { keywords.append(.allOf(schemas)) }
        if let schemas = try schemaList(object, "anyOf", at: pointer) { keywords.append(.anyOf(schemas)) }
        if let schemas = try schemaList(object, "oneOf", at: pointer) { keywords.append(.oneOf(schemas)) }
        if let schema = try subschema(object, "not", at: pointer) { keywords.append(.not(schema)) }
        let then = try subschema(object, "then", at: pointer)
        let otherwise = try subschema(object, "else", at: pointer)
        if let condition = try subschema(object, "if", at: pointer) {
            keywords.append(.conditional(condition: condition, then: then, otherwise: otherwise))
        }

        // Last: what the keywords above left unevaluated.
        if let schema = try subschema(object, "unevaluatedProperties", at: pointer) {
            keywords.append(.unevaluatedProperties(schema))
        }
        if let schema = try subschema(object, "unevaluatedItems", at: pointer) {
            keywords.append(.unevaluatedItems(schema))
        }
        return (keywords, nullable)
    }

    private mutating func compileNumericBounds(
        _ object: JSONObject, at pointer: String, into keywords: inout [Keyword]
    ) throws(SchemaError) {
        for (limitKeyword, exclusiveKeyword, isMinimum) in [
            ("minimum", "exclusiveMinimum", true), ("maximum", "exclusiveMaximum", false),
        ] {
            var exclusiveFlag = false
            if let value = object[exclusiveKeyword] {
                if case .bool(let flag) = value {
                    exclusiveFlag = flag  // draft 4: modifies the plain bound
                } else if let limit = try number(object, exclusiveKeyword, at: pointer) {
                    let bound = NumericBound(keyword: exclusiveKeyword, limit: limit, exclusive: true)
                    keywords.append(isMinimum ? .minimum(bound) : .maximum(bound))
                }
            }
            if let limit = try number(object, limitKeyword, at: pointer) {
                let bound = NumericBound(keyword: limitKeyword, limit: limit, exclusive: exclusiveFlag)
                keywords.append(isMinimum ? .minimum(bound) : .maximum(bound))
            }
        }
    }

    private mutating func compileObjectKeywords(
        _ object: JSONObject, at pointer: String, into keywords: inout [Keyword]
    ) throws(SchemaError) {
        func path(_ key: String) -> String { JSONPointer.appending(pointer, key) }
        let properties = try schemaMap(object, "properties", at: pointer)
        var patterns: [(ECMARegex, Int)]?
        if let map = try schemaMap(object, "patternProperties", at: pointer) {
            var compiled: [(ECMARegex, Int)] = []
            for (source, schema) in map {
                compiled.append(
                    (try regex(source, at: JSONPointer.appending(path("patternProperties"), source)), schema))
            }
            patterns = compiled
        }
        let additional = try subschema(object, "additionalProperties", at: pointer)
        if properties != nil || patterns != nil || additional != nil {
            var table: [String: Int] = [:]
            for (name, schema) in properties ?? [] { table[name] = schema }
            keywords.append(.members(properties: table, patterns: patterns ?? [], additional: additional))
        }
        if let schema = try subschema(object, "propertyNames", at: pointer) { keywords.append(.propertyNames(schema)) }
        if let names = try strings(object, "required", at: pointer) { keywords.append(.required(names)) }
        if let limit = try count(object, "minProperties", at: pointer) { keywords.append(.minProperties(limit)) }
        if let limit = try count(object, "maxProperties", at: pointer) { keywords.append(.maxProperties(limit)) }
        if let value = object["dependentRequired"] {
            guard case .object(let members) = value else {
                throw SchemaError(message: "dependentRequired must be an object", path: path("dependentRequired"))
            }
            var rules: [(String, [String])] = []
            for (name, _) in members {
                rules.append((name, try strings(members, name, at: path("dependentRequired")) ?? []))
            }
            keywords.append(.dependentRequired(keyword: "dependentRequired", rules))
        }
        if let schemas = try schemaMap(object, "dependentSchemas", at: pointer) {
            keywords.append(.dependentSchemas(keyword: "dependentSchemas", schemas))
        }
        if let value = object["dependencies"] {
            guard case .object(let members) = value else {
                throw SchemaError(message: "dependencies must be an object", path: path("dependencies"))
            }
            var rules: [(String, [String])] = []
            var schemas: [(String, Int)] = []
            for (name, member) in members {
                if case .array = member {
                    rules.append((name, try strings(members, name, at: path("dependencies")) ?? []))
                } else {
                    schemas.append((name, try compile(at: JSONPointer.appending(path("dependencies"), name))))
                }
            }
            if !rules.isEmpty { keywords.append(.dependentRequired(keyword: "dependencies", rules)) }
            if !schemas.isEmpty { keywords.append(.dependentSchemas(keyword: "dependencies", schemas)) }
        }
    }

    private mutating func compileArrayKeywords(
        _ object: JSONObject, at pointer: String, into keywords: inout [Keyword]
    ) throws(SchemaError) {
        func path(_ key: String) -> String { JSONPointer.appending(pointer, key) }
        let prefixItems = try schemaList(object, "prefixItems", at: pointer, allowEmpty: false)
        let additionalItems = try subschema(object, "additionalItems", at: pointer)
        if case .array(let elements) = object["items"] {
            // Draft-07 tuple form: `items` is the prefix, `additionalItems` the rest.
            guard prefixItems == nil else {
                throw SchemaError(
                    message: "items must be a schema, not an array, when prefixItems is present", path: path("items"))
            }
            var prefix: [Int] = []
            for index in elements.indices {
                prefix.append(try compile(at: JSONPointer.appending(path("items"), index)))
            }
            keywords.append(
                .items(prefixKeyword: "items", prefix: prefix, restKeyword: "additionalItems", rest: additionalItems))
        } else if let items = try subschema(object, "items", at: pointer) {
            keywords.append(
                .items(prefixKeyword: "prefixItems", prefix: prefixItems ?? [], restKeyword: "items", rest: items))
        } else if let prefixItems {
            // `additionalItems` is not a 2020-12 keyword, but a schema that pairs it with
            // `prefixItems` clearly means it for the rest of the array, so it is honoured.
            keywords.append(
                .items(
                    prefixKeyword: "prefixItems", prefix: prefixItems, restKeyword: "additionalItems",
                    rest: additionalItems))
        }
        if let schema = try subschema(object, "contains", at: pointer) {
            let minimum = try count(object, "minContains", at: pointer) ?? 1
            let maximum = try count(object, "maxContains", at: pointer)
            keywords.append(.contains(schema: schema, minimum: minimum, maximum: maximum))
        } else {
            _ = try count(object, "minContains", at: pointer)
            _ = try count(object, "maxContains", at: pointer)
        }
        if let limit = try count(object, "minItems", at: pointer) { keywords.append(.minItems(limit)) }
        if let limit = try count(object, "maxItems", at: pointer) { keywords.append(.maxItems(limit)) }
        if let value = object["uniqueItems"] {
            guard case .bool(let unique) = value else {
                throw SchemaError(message: "uniqueItems must be a boolean", path: path("uniqueItems"))
            }
            if unique { keywords.append(.uniqueItems) }
        }
    }
}
