public import JSONCore

/// Checks JSON values against a JSON Schema (draft 2020-12, with the common draft-07 and draft-04
/// forms also understood).
///
/// The schema is checked and compiled once, in ``init(schema:)``: every keyword's value must have
/// the right shape, every `$ref` must resolve inside the schema document (nothing is fetched), and
/// every `pattern` must compile. A validator is an immutable value and can be shared across tasks.
///
/// `format` is asserted for `date`, `time`, `date-time`, `duration`, `uuid`, `email`, `hostname`,
/// `ipv4`, `ipv6`, `uri`, `uri-reference`, `json-pointer` and `regex`; other format names are
/// annotations. OpenAPI 3.0's `nullable: true` lets `null` through whatever else the schema says.
/// Annotation keywords (`title`, `description`, `default`, `examples`, …) and unknown keywords are
/// ignored.
public struct JSONSchemaValidator: Sendable {
    private let nodes: [SchemaNode]
    private let resources: [SchemaCompiler.Resource]
    private let root: Int

    /// Compiles `schema`, or throws a ``SchemaError`` naming the first keyword that is malformed,
    /// unresolvable or unsupported.
    public init(schema: JSONValue) throws(SchemaError) {
        var compiler = SchemaCompiler(document: schema)
        root = try compiler.compileDocument()
        nodes = compiler.nodes
        resources = compiler.resources
    }

    /// Every way in which `instance` breaks the schema; empty when it is valid.
    public func validate(_ instance: JSONValue) -> [ValidationFailure] {
        var evaluator = Evaluator(nodes: nodes, resources: resources)
        var failures = evaluator.evaluate(root, instance, instancePath: "", schemaPath: "").failures
        // An evaluation that had to be abandoned (endless recursion, excessive depth) is a failure
        // even where it sat under `not` or in an alternative that another one made up for.
        for failure in evaluator.undecidable where !failures.contains(failure) {
            failures.append(failure)
        }
        return failures
    }

    /// Whether `instance` satisfies the schema.
    public func isValid(_ instance: JSONValue) -> Bool {
        validate(instance).isEmpty
    }
}
