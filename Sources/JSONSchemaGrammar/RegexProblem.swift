/// Why a pattern cannot become a grammar.
enum RegexProblem: Error, Sendable {
    /// Not a regular expression at all (unbalanced parentheses, nothing to repeat, ...): the schema
    /// is invalid.
    case invalid(String)
    /// A valid regular expression using a feature outside the supported subset (lookaround,
    /// backreferences, word boundaries, ...).
    case unsupported(String)
}
