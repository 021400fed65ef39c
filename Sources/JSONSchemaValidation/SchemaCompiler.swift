import Foundation
import JSONCore

/// Turns a schema document into a table of ``SchemaNode``s: it finds every schema resource
/// (`$id`) and anchor, checks each keyword's value, resolves every `$ref` inside the document, and
/// compiles each subschema exactly once, so that recursion becomes a cycle of node indices.
struct SchemaCompiler {
    /// The dialect rules that differ between drafts.
    enum Dialect {
        /// Drafts 2019-09 and 2020-12: `$ref` applies alongside its sibling keywords.
        case modern
        /// Drafts 6 and 7: siblings of `$ref` are ignored, `$id: "#name"` declares an anchor.
        case draft7
        /// Draft 4: as draft 7, and the identifier keyword is `id`.
        case draft4
    }

    /// A schema resource: a schema with its own `$id` (the root is one too).
    struct Resource: Sendable {
        var uri: String
        var dynamicAnchorPointers: [String: String] = [:]
        /// `$dynamicAnchor` name → compiled node, filled in once everything is compiled.
        var dynamicAnchors: [String: Int] = [:]
    }

    /// The base URI given to a schema that has no `$id` of its own; it is never fetched.
    static let defaultBaseURI = "https://json-schema-validator.invalid/schema.json"

    let document: JSONValue
    let dialect: Dialect
    var nodes: [SchemaNode] = []
    var resources: [Resource] = []
    private var nodeAtPointer: [String: Int] = [:]
    private var resourceAtURI: [String: Int] = [:]
    private var resourcePointer: [Int: String] = [:]
    private var anchorPointer: [String: String] = [:]
    private var baseAtPointer: [String: URIReference] = [:]
    private var resourceAtPointer: [String: Int] = [:]

    init(document: JSONValue) {
        self.document = document
        let declared = document["$schema"]?.stringValue ?? ""
        if declared.contains("draft-04") || declared.contains("draft-03") {
            dialect = .draft4
        } else if declared.contains("draft-06") || declared.contains("draft-07") {
            dialect = .draft7
        } else {
            dialect = .modern
        }
    }

    /// Compiles the whole document; returns the index of the root node.
    mutating func compileDocument() throws(SchemaError) -> Int {
        let base = URIReference(Self.defaultBaseURI)
        resources.append(Resource(uri: base.text))
        resourceAtURI[base.text] = 0
        resourcePointer[0] = ""
        try index(document, at: "", base: base, resource: 0)
        let root = try compile(at: "")
        for resource in resources.indices {
            for (name, pointer) in resources[resource].dynamicAnchorPointers {
                resources[resource].dynamicAnchors[name] = try compile(at: pointer)
            }
        }
        return root
    }

    // MARK: - Finding resources and anchors

    private var identifierKeyword: String { dialect == .draft4 ? "id" : "$id" }

    /// Records the base URI and resource of the schema at `pointer` and of every schema below it,
    /// and registers the resources (`$id`) and anchors (`$anchor`, `$dynamicAnchor`) found there.
    private mutating func index(
        _ value: JSONValue, at pointer: String, base: URIReference, resource: Int
    ) throws(SchemaError) {
        guard case .object(let object) = value else {
            baseAtPointer[pointer] = base
            resourceAtPointer[pointer] = resource
            return
        }
        var base = base
        var resource = resource
        if let identifier = object[identifierKeyword] {
            guard case .string(let text) = identifier else {
                throw SchemaError(
                    message: "\(identifierKeyword) must be a string",
                    path: JSONPointer.appending(pointer, identifierKeyword))
            }
            let resolved = URIReference(text).resolved(against: base)
            if dialect != .modern, text.hasPrefix("#") {
                anchorPointer[base.text + text] = pointer
            } else if resolved.withoutFragment == base.withoutFragment, !pointer.isEmpty {
                // `"$id": "#"` (or this resource's own URI again) starts no new resource.
            } else {
                if let fragment = resolved.fragment, !fragment.isEmpty {
                    if dialect == .modern {
                        throw SchemaError(
                            message: "$id must not have a fragment (use $anchor to name a location)",
                            path: JSONPointer.appending(pointer, identifierKeyword))
                    }
                    anchorPointer[resolved.text] = pointer
                }
                base = resolved.withoutFragment
                if let existing = resourceAtURI[base.text] {
                    guard resourcePointer[existing] == pointer else {
                        throw SchemaError(
                            message: "two schemas have the same URI \(base.text)",
                            path: JSONPointer.appending(pointer, identifierKeyword))
                    }
                    resource = existing
                } else {
                    resource = resources.count
                    resources.append(Resource(uri: base.text))
                }
                resourceAtURI[base.text] = resource
                resourcePointer[resource] = pointer
            }
        }
        for keyword in ["$anchor", "$dynamicAnchor"] {
            guard let anchor = object[keyword] else { continue }
            let path = JSONPointer.appending(pointer, keyword)
            guard case .string(let name) = anchor else {
                throw SchemaError(message: "\(keyword) must be a string", path: path)
            }
            guard Self.isValidAnchorName(name) else {
                throw SchemaError(
                    message: "\(keyword) \"\(name)\" is not a valid anchor name (a letter or underscore, then letters, "
                        + "digits, '-', '_', '.')",
                    path: path)
            }
            anchorPointer[base.text + "#" + name] = pointer
            if keyword == "$dynamicAnchor" { resources[resource].dynamicAnchorPointers[name] = pointer }
        }
        baseAtPointer[pointer] = base
        resourceAtPointer[pointer] = resource
        for (childPointer, child) in Self.subschemas(of: object, at: pointer) {
            try index(child, at: childPointer, base: base, resource: resource)
        }
    }

    /// The schemas directly inside `object`, found only under keywords that hold schemas (a `$id`
    /// inside `const` or an unknown keyword names nothing).
    private static func subschemas(of object: JSONObject, at pointer: String) -> [(String, JSONValue)] {
        JSONSchemaKeywords.subschemas(of: object).map { keyword, place, schema in
            let keyPointer = JSONPointer.appending(pointer, keyword)
            switch place {
            case .value: return (keyPointer, schema)
            case .index(let index): return (JSONPointer.appending(keyPointer, index), schema)
            case .name(let name): return (JSONPointer.appending(keyPointer, name), schema)
            }
        }
    }

    private static func isValidAnchorName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII,
            first.properties.isAlphabetic || first == "_"
        else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "-_.".unicodeScalars.contains(scalar))
        }
    }

    // MARK: - Compiling

    /// The node for the schema at `pointer`, compiling it (and what it contains) on first use.
    mutating func compile(at pointer: String) throws(SchemaError) -> Int {
        if let existing = nodeAtPointer[pointer] { return existing }
        guard let tokens = JSONPointer.tokens(pointer), let value = JSONPointer.resolve(tokens, in: document) else {
            throw SchemaError(message: "no schema at \(pointer)", path: pointer)
        }
        if baseAtPointer[pointer] == nil { try indexUnvisited(value, at: pointer, tokens: tokens) }
        let index = nodes.count
        nodes.append(SchemaNode(location: pointer, resource: resourceAtPointer[pointer] ?? 0))
        nodeAtPointer[pointer] = index
        switch value {
        case .bool(let accepts):
            nodes[index].body = .always(accepts)
        case .object(let object):
            let (keywords, nullable) = try compileKeywords(object, at: pointer, base: baseAtPointer[pointer]!)
            nodes[index].body = .keywords(keywords)
            nodes[index].nullable = nullable
        default:
            throw SchemaError(
                message: "a schema must be an object or a boolean, found \(Describe.kind(of: value))", path: pointer)
        }
        return index
    }

    /// Indexes a schema that sits where no schema keyword leads (reached only by a JSON Pointer
    /// `$ref`), taking the base URI of the nearest indexed schema above it.
    private mutating func indexUnvisited(_ value: JSONValue, at pointer: String, tokens: [String]) throws(SchemaError) {
        var ancestorTokens = tokens
        var ancestor = pointer
        repeat {
            ancestorTokens.removeLast()
            ancestor = ancestorTokens.reduce("") { JSONPointer.appending($0, $1) }
        } while baseAtPointer[ancestor] == nil && !ancestorTokens.isEmpty
        let base = baseAtPointer[ancestor] ?? URIReference(Self.defaultBaseURI)
        try index(value, at: pointer, base: base, resource: resourceAtPointer[ancestor] ?? 0)
    }

    /// The pointer of the schema that `reference` (a `$ref` value) names, seen from `base`.
    mutating func resolve(reference: String, base: URIReference, at path: String) throws(SchemaError) -> String {
        let target = URIReference(reference).resolved(against: base)
        let resourceURI = target.withoutFragment.text
        guard let resource = resourceAtURI[resourceURI], let root = resourcePointer[resource] else {
            throw SchemaError(
                message: "cannot resolve \"\(reference)\": no schema in this document has the URI \(resourceURI) "
                    + "(remote schemas are not fetched)",
                path: path)
        }
        let rawFragment = target.fragment ?? ""
        guard let fragment = rawFragment.removingPercentEncoding else {
            throw SchemaError(message: "\"\(reference)\" has a malformed percent escape", path: path)
        }
        if fragment.isEmpty { return root }
        if fragment.hasPrefix("/") {
            guard let tokens = JSONPointer.tokens(fragment) else {
                throw SchemaError(message: "\"\(reference)\" is not a valid JSON Pointer", path: path)
            }
            let pointer = root + fragment
            guard let rootTokens = JSONPointer.tokens(root),
                JSONPointer.resolve(rootTokens + tokens, in: document) != nil
            else {
                throw SchemaError(
                    message: "cannot resolve \"\(reference)\": nothing exists at that location", path: path)
            }
            return pointer
        }
        guard let pointer = anchorPointer[resourceURI + "#" + fragment] else {
            throw SchemaError(message: "cannot resolve \"\(reference)\": no anchor named \"\(fragment)\"", path: path)
        }
        return pointer
    }

    /// Whether the schema at `pointer` declares `$dynamicAnchor: name`.
    func declaresDynamicAnchor(_ name: String, at pointer: String) -> Bool {
        guard let tokens = JSONPointer.tokens(pointer), let value = JSONPointer.resolve(tokens, in: document) else {
            return false
        }
        return value["$dynamicAnchor"]?.stringValue == name
    }
}
