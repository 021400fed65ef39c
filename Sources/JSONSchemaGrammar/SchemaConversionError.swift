/// Why a JSON Schema could not be turned into a grammar: the schema is invalid (a `type` that is no
/// JSON type, a `$ref` that resolves to nothing, `minItems` above `maxItems`, a pattern that is no
/// regular expression), no value can satisfy it, or, in strict mode, it uses a keyword the grammar
/// cannot enforce.
public struct SchemaConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in plain words.
    public var message: String
    /// Where in the schema document, as a JSON Pointer fragment: `#` for the whole document,
    /// `#/properties/address/pattern` for a keyword, `#/$defs/node/items` for a subschema.
    public var path: String
    /// The keyword at fault, when one is (`pattern`, `multipleOf`, `$ref`, ...).
    public var keyword: String?

    /// An error with this message, location and keyword.
    public init(message: String, path: String, keyword: String? = nil) {
        self.message = message
        self.path = path
        self.keyword = keyword
    }

    /// The message and the location, for logs.
    public var description: String { "\(message) (at \(path))" }
}
