import ChatCompletionsAPI

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

    init(nodes: [SchemaNode], resources: [SchemaCompiler.Resource]) {
        self.nodes = nodes
        self.resources = resources
    }

    /// Evaluates node `index` against `instance`, which sits at `instancePath`; `schemaPath` is
    /// the evaluation path that led to the node.
    mutating func evaluate(
        _ index: Int, _ instance: JSONValue, instancePath: String, schemaPath: String
    ) -> Outcome {
        let node = nodes[index]
        if node.nullable, case .null = instance { return Outcome() }
        switch node.body {
        case .always(true):
            return Outcome()
        case .always(false):
            return Outcome(failures: [
                ValidationFailure(
                    instancePath: instancePath, schemaPath: schemaPath, keyword: "false",
                    message: "no value is allowed here (the schema is false)")
            ])
        case .keywords(let keywords):
            let visit = Visit(node: index, instancePath: instancePath)
            guard inProgress.insert(visit).inserted else {
                return Outcome(failures: [
                    ValidationFailure(
                        instancePath: instancePath, schemaPath: schemaPath, keyword: "$ref",
                        message: "the schema at \(node.location.isEmpty ? "the root" : node.location) refers back "
                            + "to itself without moving into the value, so it can never be decided")
                ])
            }
            let entersResource = scope.last != node.resource
            if entersResource { scope.append(node.resource) }
            var outcome = Outcome()
            let context = Context(instancePath: instancePath, schemaPath: schemaPath)
            for keyword in keywords {
                apply(keyword, to: instance, in: context, outcome: &outcome)
            }
            if entersResource { scope.removeLast() }
            inProgress.remove(visit)
            return outcome
        }
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
