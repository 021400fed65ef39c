/// One way in which an instance breaks its schema.
public struct ValidationFailure: Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer to the offending part of the instance, such as `/items/0/name` (`""` is the
    /// whole instance).
    public var instancePath: String
    /// JSON Pointer to the failing keyword, following the path evaluation took through the schema
    /// (a `$ref` appears as a segment, followed by the keywords of the schema it points to).
    public var schemaPath: String
    /// The keyword that failed, such as `required` or `maxItems`.
    public var keyword: String
    /// What is wrong, in plain words, such as "expected at most 3 items, found 5".
    public var message: String

    /// A failure of `keyword` (at `schemaPath`) on the value at `instancePath`.
    public init(instancePath: String, schemaPath: String, keyword: String, message: String) {
        self.instancePath = instancePath
        self.schemaPath = schemaPath
        self.keyword = keyword
        self.message = message
    }

    /// One line: where in the value, what is wrong, and which keyword said so.
    public var description: String {
        let location = instancePath.isEmpty ? "the value" : instancePath
        return "\(location): \(message) (\(keyword) at \(schemaPath.isEmpty ? "#" : "#" + schemaPath))"
    }
}
