/// Why a schema cannot be used for validation: a keyword whose value has the wrong shape, a `$ref`
/// that points nowhere, a pattern that does not compile, or a keyword this validator cannot enforce.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in plain words.
    public var message: String
    /// JSON Pointer to the offending keyword inside the schema document (`""` is the whole schema).
    public var path: String

    /// An error about the keyword at `path`.
    public init(message: String, path: String) {
        self.message = message
        self.path = path
    }

    /// The message with the path, such as "invalid schema at /properties/age/minimum: …".
    public var description: String {
        path.isEmpty ? "invalid schema: \(message)" : "invalid schema at \(path): \(message)"
    }
}
