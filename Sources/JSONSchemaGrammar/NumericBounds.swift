import JSONCore

/// The bounds a schema puts on numbers, after reading `minimum`, `maximum`, `exclusiveMinimum` and
/// `exclusiveMaximum` (as numbers, or as draft-4 booleans that make `minimum`/`maximum` exclusive).
struct NumericBounds: Sendable {
    var lower: DecimalRangeGrammar.Bound?
    var upper: DecimalRangeGrammar.Bound?
    /// The keywords and values that set each bound, for messages and merges.
    var lowerSource: (keyword: String, value: JSONValue)?
    var upperSource: (keyword: String, value: JSONValue)?

    /// Whether `value` lies within the bounds.
    func admits(_ value: DecimalValue) -> Bool {
        if let lower, lower.exclusive ? !(lower.value < value) : value < lower.value { return false }
        if let upper, upper.exclusive ? !(value < upper.value) : upper.value < value { return false }
        return true
    }

    /// Whether `candidate` is a stricter lower bound than `current`.
    static func isStricterLower(
        _ candidate: DecimalRangeGrammar.Bound, than current: DecimalRangeGrammar.Bound?
    )
        -> Bool
    {
        guard let current else { return true }
        return current.value < candidate.value || (current.value == candidate.value && candidate.exclusive)
    }

    /// Whether `candidate` is a stricter upper bound than `current`.
    static func isStricterUpper(
        _ candidate: DecimalRangeGrammar.Bound, than current: DecimalRangeGrammar.Bound?
    )
        -> Bool
    {
        guard let current else { return true }
        return candidate.value < current.value || (current.value == candidate.value && candidate.exclusive)
    }
}
