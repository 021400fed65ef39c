import JSONCore

/// Walks an instance against compiled schema nodes and collects failures. One evaluator serves
/// one `validate` call; it tracks the dynamic scope (for `$dynamicRef`) and the schemas in
/// progress (so that a schema that refers to itself without descending into the instance ends
/// with a failure instead of recursing forever).
struct Evaluator {
    private struct Visit: Hashable {
        var node: Int
        var instancePath: String
    }

    let nodes: [SchemaNode]
    let resources: [SchemaCompiler.Resource]
    private var scope: [Int] = []
    private var inProgress: Set<Visit> = []
    private var depth = 0
    /// Evaluations that could not be completed; a value with any of these is never valid.
    private(set) var undecidable: [ValidationFailure] = []

    /// How many schemas may be in evaluation at once (each object member or array element
    /// entered, each `$ref` or `allOf` followed, adds one). Deeper evaluation fails with a
    /// message instead of exhausting the thread's stack.
    static let maximumDepth = 1_000

    init(nodes: [SchemaNode], resources: [SchemaCompiler.Resource]) {
        self.nodes = nodes
        self.resources = resources
    }

    /// Evaluates node `index` against `instance`, which sits at `instancePath`; `schemaPath` is
    /// the evaluation path that led to the node.
    mutating func evaluate(
        _ index: Int, _ instance: JSONValue, instancePath: String, schemaPath: String
    ) -> Outcome {
        if nodes[index].nullable, case .null = instance { return Outcome() }
        switch nodes[index].body {
        case .always(true):
            return Outcome()
        case .always(false):
            return failed(
                instancePath, schemaPath, keyword: "false", message: "no value is allowed here (the schema is false)")
        case .keywords(let keywords):
            return evaluate(index, keywords, instance, Context(instancePath: instancePath, schemaPath: schemaPath))
        }
    }

    /// Applies the keywords of node `index`, keeping track of the dynamic scope and of the
    /// evaluations in progress.
    private mutating func evaluate(
        _ index: Int, _ keywords: [Keyword], _ instance: JSONValue, _ context: Context
    ) -> Outcome {
        guard depth < Self.maximumDepth else {
            return abandon(
                context, "the value is nested too deeply to validate (more than \(Self.maximumDepth) nested schemas)")
        }
        let visit = Visit(node: index, instancePath: context.instancePath)
        guard inProgress.insert(visit).inserted else { return loopFailure(index, context) }
        let resource = nodes[index].resource
        let entersResource = scope.last != resource
        if entersResource { scope.append(resource) }
        depth += 1
        var outcome = Outcome()
        for keyword in keywords {
            apply(keyword, to: instance, in: context, outcome: &outcome)
        }
        depth -= 1
        if entersResource { scope.removeLast() }
        inProgress.remove(visit)
        return outcome
    }

    private func failed(_ instancePath: String, _ schemaPath: String, keyword: String, message: String) -> Outcome {
        Outcome(failures: [
            ValidationFailure(instancePath: instancePath, schemaPath: schemaPath, keyword: keyword, message: message)
        ])
    }

    private mutating func loopFailure(_ index: Int, _ context: Context) -> Outcome {
        let location = nodes[index].location.isEmpty ? "the root" : nodes[index].location
        return abandon(
            context,
            "the schema at \(location) refers back to itself without moving into the value, so it can never be decided")
    }

    /// Gives up on one evaluation. The failure is also kept in ``undecidable``, so that it reaches
    /// the caller even when it happened under `not` or inside an alternative.
    private mutating func abandon(_ context: Context, _ message: String) -> Outcome {
        let failure = ValidationFailure(
            instancePath: context.instancePath, schemaPath: context.schemaPath, keyword: "$ref", message: message)
        if !undecidable.contains(failure) { undecidable.append(failure) }
        return Outcome(failures: [failure])
    }

    /// Where a keyword is being applied.
    struct Context {
        var instancePath: String
        var schemaPath: String

        func failure(_ keyword: String, _ message: String, at path: String? = nil) -> ValidationFailure {
            ValidationFailure(
                instancePath: instancePath, schemaPath: path ?? JSONPointer.appending(schemaPath, keyword),
                keyword: keyword, message: message)
        }

        func schema(_ tokens: String...) -> String {
            tokens.reduce(schemaPath) { JSONPointer.appending($0, $1) }
        }

        func instance(_ token: String) -> String { JSONPointer.appending(instancePath, token) }
        func instance(_ index: Int) -> String { JSONPointer.appending(instancePath, index) }
    }

    /// The node that `$dynamicRef` to `anchor` lands on: the outermost resource in the dynamic
    /// scope that declares that dynamic anchor, or else the statically resolved target.
    func dynamicTarget(_ target: Int, anchor: String) -> Int {
        for resource in scope {
            if let node = resources[resource].dynamicAnchors[anchor] { return node }
        }
        return target
    }

    /// Whether node `index` is the `false` schema.
    func isFalse(_ index: Int) -> Bool {
        if case .always(false) = nodes[index].body { return true }
        return false
    }
}
