/// A place in the template source: line and column, both from 1.
struct SourceLocation: Sendable, Hashable {
    var line: Int
    var column: Int
}
