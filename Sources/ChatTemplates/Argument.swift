/// One argument of a call, filter or test.
enum Argument: Sendable {
    case positional(Expression)
    case keyword(String, Expression)
    /// `*list`
    case unpacked(Expression)
    /// `**dict`
    case unpackedKeywords(Expression)
}
