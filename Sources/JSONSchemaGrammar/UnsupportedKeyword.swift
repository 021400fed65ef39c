/// A keyword that a non-strict conversion left unenforced: the grammar lets through values that the
/// keyword would reject. In strict mode the same finding is a ``SchemaConversionError`` instead.
public struct UnsupportedKeyword: Sendable, Hashable, CustomStringConvertible {
    /// The keyword, as written in the schema (`multipleOf`, `pattern`, `format`, ...).
    public var keyword: String
    /// Where the keyword sits, as a JSON Pointer fragment such as `#/properties/age/multipleOf`.
    public var path: String
    /// Why it is not enforced, in plain words.
    public var reason: String

    /// A finding for this keyword at this location.
    public init(keyword: String, path: String, reason: String) {
        self.keyword = keyword
        self.path = path
        self.reason = reason
    }

    /// The keyword, its location and the reason, for logs.
    public var description: String { "\(keyword) at \(path): \(reason)" }
}
