/// One top-level alternative of a pattern, with the anchors that bound it.
struct RegexBranch: Hashable, Sendable {
    /// Whether the branch began with `^`: the match must start at the start of the string.
    var anchoredStart: Bool
    var node: RegexNode
    /// Whether the branch ended with `$`: the match must end at the end of the string.
    var anchoredEnd: Bool
}
