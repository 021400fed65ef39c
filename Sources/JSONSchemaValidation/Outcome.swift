/// What evaluating one schema against one instance produced: the failures, and (for
/// `unevaluatedProperties`/`unevaluatedItems`) which members and elements were evaluated.
struct Outcome {
    var failures: [ValidationFailure] = []
    /// Names of the members that some keyword evaluated.
    var evaluatedProperties: Set<String> = []
    /// Elements `0..<evaluatedPrefix` were evaluated by `prefixItems`/`items`.
    var evaluatedPrefix = 0
    /// Elements evaluated one by one (by `contains`).
    var evaluatedIndices: Set<Int> = []

    var isValid: Bool { failures.isEmpty }

    /// Takes in the result of a subschema applied to the same instance: its failures, and its
    /// annotations when it passed (a failed subschema's annotations are dropped).
    mutating func absorb(_ other: Outcome) {
        failures.append(contentsOf: other.failures)
        if other.isValid { absorbAnnotations(of: other) }
    }

    /// Takes in only the annotations of `other`.
    mutating func absorbAnnotations(of other: Outcome) {
        evaluatedProperties.formUnion(other.evaluatedProperties)
        evaluatedPrefix = max(evaluatedPrefix, other.evaluatedPrefix)
        evaluatedIndices.formUnion(other.evaluatedIndices)
    }
}
