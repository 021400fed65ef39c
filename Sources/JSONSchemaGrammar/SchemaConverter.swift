import JSONCore

/// Turns one JSON Schema document into rules of a ``GrammarBuilder``.
///
/// Every subschema becomes either a single term (a primitive such as `string`, a literal, a rule
/// name) or a rule of its own. References are resolved against the document and get one rule per
/// target, reserved before the target is converted, so recursive schemas refer to themselves.
/// A reference cycle that reaches itself without passing through an object or array would be left
/// recursion (which llama.cpp rejects, and which could never finish), so it is an error.
struct SchemaConverter {
    /// What a subschema turned into.
    enum Piece {
        /// A single term, usable anywhere in a sequence.
        case atom(String)
        /// An expression that needs a rule of its own (alternatives, sequences).
        case body(String)
    }

    var builder: GrammarBuilder
    let document: JSONValue
    let strict: Bool
    /// The name of the schema's rule, the prefix of its helpers.
    var prefix = "schema"
    /// Rules of resolved references by target (`.some(nil)`: the target matches nothing).
    var referenceRules: [SchemaPath: String?] = [:]
    /// Rules of combined schemas (`allOf`, `$ref` with siblings) by value.
    var combinedRules: [JSONValue: String?] = [:]
    /// Terms of already converted plain schemas by value.
    var plainResults: [JSONValue: String?] = [:]
    /// Rules being built, with the container depth at which they were reserved.
    var pending: [String: Int] = [:]
    /// How many objects and arrays enclose the subschema being converted.
    var containerDepth = 0
    private var nesting = 0

    /// Deeper schemas are refused, so a hostile schema cannot exhaust the stack.
    static let maximumNesting = 128

    /// A rule that matches nothing at all, for a reserved rule whose schema no value satisfies.
    static let nothing = #"[^\x00-\U0010FFFF]"#

    init(builder: GrammarBuilder, document: JSONValue, strict: Bool) {
        self.builder = builder
        self.document = document
        self.strict = strict
    }

    /// Converts the whole document into a rule named after `name` and returns that rule's name.
    mutating func convert(name: String) throws(SchemaConversionError) -> String {
        let rootName = builder.reserve(name)
        prefix = rootName
        referenceRules[.root] = rootName
        pending[rootName] = 0
        let result = try visit(document, at: .root, name: rootName, into: rootName)
        pending[rootName] = nil
        guard result != nil else {
            throw SchemaConversionError(message: "no JSON value satisfies this schema", path: SchemaPath.root.pointer)
        }
        return rootName
    }

    /// Converts `schema` (found at `path`) and returns the term that matches its values, or `nil`
    /// when no value satisfies it. New rules are named after `name`; with `target`, the result is
    /// the body of that reserved rule and the target's name is returned.
    mutating func visit(
        _ schema: JSONValue, at path: SchemaPath, name: String, into target: String? = nil
    ) throws(SchemaConversionError) -> String? {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= SchemaConverter.maximumNesting else {
            throw invalid("the schema nests too deeply", at: path)
        }
        switch schema {
        case .bool(true):
            return place(.atom(builder.primitive(.value)), name: name, into: target)
        case .bool(false):
            return place(nil, name: name, into: target)
        case .object(var object):
            let combinators = ["$ref", "allOf", "anyOf", "oneOf"]
            if object["nullable"] == .bool(true), object["type"] == nil,
                combinators.contains(where: { object[$0] != nil })
            {
                // OpenAPI's `nullable` beside a reference or combinator: that schema, or null.
                object["nullable"] = nil
                let inner = try visit(.object(object), at: path, name: name)
                let null = builder.primitive(.null)
                return place(.body(inner.map { "\($0) | \(null)" } ?? null), name: name, into: target)
            }
            let hasReference = object["$ref"] != nil
            if hasReference && !object.keys.contains(where: { $0 != "$ref" && JSONSchemaKeywords.isAssertion($0) }) {
                guard case .string(let reference) = object["$ref"]! else {
                    throw invalid("$ref must be a string", at: path, keyword: "$ref")
                }
                return place(try visitReference(reference, at: path), name: name, into: target)
            }
            if hasReference || object["allOf"] != nil || (object["anyOf"] != nil && object["oneOf"] != nil) {
                return try visitCombined(schema, object, at: path, name: name, into: target)
            }
            if object["anyOf"] != nil || object["oneOf"] != nil {
                return place(try alternatives(object, at: path, name: name), name: name, into: target)
            }
            if let cached = plainResults[schema] {
                return place(cached.map(Piece.atom), name: name, into: target)
            }
            let result = place(try plain(object, at: path, name: name), name: name, into: target)
            plainResults[schema] = result
            return result
        default:
            throw invalid("a schema must be an object or a boolean, not \(schema.typeName)", at: path)
        }
    }

    /// Makes `piece` usable as a term: gives composite bodies a rule, fills a reserved target.
    mutating func place(_ piece: Piece?, name: String, into target: String?) -> String? {
        switch piece {
        case nil:
            if let target { builder.define(target, SchemaConverter.nothing) }
            return nil
        case .atom(let atom)?:
            guard let target else { return atom }
            builder.define(target, atom)
            return target
        case .body(let body)?:
            guard let target else { return builder.addRule(name, body) }
            builder.define(target, body)
            return target
        }
    }

    // MARK: - References

    /// The rule for a `$ref`, resolved within the document.
    private mutating func visitReference(
        _ reference: String, at path: SchemaPath
    ) throws(SchemaConversionError)
        -> Piece?
    {
        let (pointer, target) = try resolve(reference, at: path)
        if let known = referenceRules[pointer] {
            guard let rule = known else { return nil }
            try checkRecursion(rule, reference: reference, at: path)
            return .atom(rule)
        }
        let hint = pointer.tokens.last.map { "\(prefix)-\($0)" } ?? prefix
        let rule = builder.reserve(hint)
        referenceRules[pointer] = rule
        pending[rule] = containerDepth
        let result = try visit(target, at: pointer, name: rule, into: rule)
        pending[rule] = nil
        guard result != nil else {
            referenceRules[pointer] = .some(nil)
            return nil
        }
        return .atom(rule)
    }

    /// Throws when `rule` is still being built at the current container depth: using it here
    /// would make it left-recursive.
    func checkRecursion(_ rule: String, reference: String, at path: SchemaPath) throws(SchemaConversionError) {
        if let depth = pending[rule], depth == containerDepth {
            throw invalid(
                "\(reference) refers back to itself without an object or array in between, so no value can finish",
                at: path, keyword: "$ref")
        }
    }

    /// The location and schema a local reference points to.
    func resolve(_ reference: String, at path: SchemaPath) throws(SchemaConversionError) -> (SchemaPath, JSONValue) {
        guard let pointer = SchemaPath(reference: reference) else {
            throw invalid(
                "only references within the schema (#, #/$defs/name, #/definitions/name, ...) can be resolved, "
                    + "not \(reference)",
                at: path, keyword: "$ref")
        }
        var current = document
        for token in pointer.tokens {
            switch current {
            case .object(let object) where object[token] != nil:
                current = object[token]!
            case .array(let array) where Int(token).map(array.indices.contains) == true:
                current = array[Int(token)!]
            default:
                throw invalid("$ref \(reference) does not resolve to anything in the schema", at: path, keyword: "$ref")
            }
        }
        return (pointer, current)
    }

    // MARK: - Combinations

    /// A schema whose keywords must be merged first: `allOf`, `$ref` with constraining siblings, or
    /// both `anyOf` and `oneOf`. It gets a rule reserved by value, so a merge that recurses
    /// through references finds its own rule again.
    private mutating func visitCombined(
        _ schema: JSONValue, _ object: JSONObject, at path: SchemaPath, name: String, into target: String?
    ) throws(SchemaConversionError) -> String? {
        if let known = combinedRules[schema] {
            guard let rule = known else { return place(nil, name: name, into: target) }
            try checkRecursion(rule, reference: "allOf", at: path)
            return place(.atom(rule), name: name, into: target)
        }
        let rule = target ?? builder.reserve(name)
        combinedRules[schema] = rule
        pending[rule] = containerDepth
        var rest = object
        var parts: [JSONValue] = []
        var mergedPath = path
        if let reference = rest.removeValue(forKey: "$ref") {
            parts.append(.object(["$ref": reference]))
        }
        if let all = rest.removeValue(forKey: "allOf") {
            guard case .array(let components) = all, !components.isEmpty else {
                throw invalid("allOf must be a non-empty array of schemas", at: path, keyword: "allOf")
            }
            parts += components
            mergedPath = path.appending("allOf")
        }
        parts.append(.object(rest))
        let merged = try mergeAll(parts, at: mergedPath)
        let result = try visit(merged, at: mergedPath, name: rule, into: rule)
        pending[rule] = nil
        if result == nil { combinedRules[schema] = .some(nil) }
        return result
    }

    /// `anyOf` or `oneOf` (enforced alike: a grammar cannot tell that exactly one branch matches),
    /// with the keywords beside it merged into every branch.
    private mutating func alternatives(
        _ object: JSONObject, at path: SchemaPath, name: String
    )
        throws(SchemaConversionError) -> Piece?
    {
        let keyword = object["anyOf"] != nil ? "anyOf" : "oneOf"
        guard case .array(let branches) = object[keyword]!, !branches.isEmpty else {
            throw invalid("\(keyword) must be a non-empty array of schemas", at: path, keyword: keyword)
        }
        var rest = object
        rest[keyword] = nil
        let constrained = rest.keys.contains(where: JSONSchemaKeywords.isAssertion)
        var atoms: [String] = []
        for (index, branch) in branches.enumerated() {
            let branchPath = path.appending(keyword).appending(index)
            let schema = constrained ? try mergeAll([.object(rest), branch], at: branchPath) : branch
            guard let atom = try visit(schema, at: branchPath, name: "\(name)-\(index)") else { continue }
            if !atoms.contains(atom) { atoms.append(atom) }
        }
        switch atoms.count {
        case 0: return nil
        case 1: return .atom(atoms[0])
        default: return .body(atoms.joined(separator: " | "))
        }
    }

    // MARK: - Findings

    /// A keyword the grammar cannot enforce: an error in strict mode, a dropped keyword otherwise.
    mutating func unsupported(_ keyword: String, at path: SchemaPath, _ reason: String) throws(SchemaConversionError) {
        let location = path.appending(keyword).pointer
        if strict {
            throw SchemaConversionError(
                message: "'\(keyword)' cannot be enforced: \(reason)", path: location, keyword: keyword)
        }
        if !builder.droppedKeywords.contains(where: { $0.keyword == keyword && $0.path == location }) {
            builder.droppedKeywords.append(UnsupportedKeyword(keyword: keyword, path: location, reason: reason))
        }
    }

    /// An invalid schema.
    func invalid(_ message: String, at path: SchemaPath, keyword: String? = nil) -> SchemaConversionError {
        let location = keyword.map { path.appending($0) } ?? path
        return SchemaConversionError(message: message, path: location.pointer, keyword: keyword)
    }
}
