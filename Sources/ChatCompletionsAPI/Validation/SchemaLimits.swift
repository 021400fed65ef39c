/// Bounds on the JSON Schemas a request carries (`response_format`'s schema and each function
/// tool's `parameters`), checked by ``ChatCompletionRequest/validate(limits:)`` through
/// ``ValidationLimits/schemas``.
///
/// The structural bounds are OpenAI's published limits for structured outputs and apply to each
/// schema on its own. The others are not OpenAI's: they keep what a server does with a schema
/// (turning it into a grammar) bounded in time and memory, and are `nil` (unchecked) in
/// ``openAI``.
public struct SchemaLimits: Sendable, Hashable {
    /// The most object properties, counted over every `properties` member of the schema.
    public var maxProperties: Int
    /// The most levels of nesting: every object or array schema is one level deeper than the
    /// object or array schema around it (the root is level 1). Definitions (`$defs`) count from the
    /// level of the schema that holds them.
    public var maxNesting: Int
    /// The most `enum` values, counted over every `enum` of the schema.
    public var maxEnumValues: Int
    /// An `enum` with more values than this is held to ``maxLargeEnumLength``.
    public var largeEnumThreshold: Int
    /// The most characters (code points) the string values of one large `enum` may have together.
    public var maxLargeEnumLength: Int
    /// The most characters (code points) of property names, definition names, `enum` values and
    /// `const` values together (a value that is not a string counts the length of its JSON text).
    public var maxStringLength: Int
    /// The largest repetition count a schema may ask for: `minItems`, `maxItems`, `minLength`,
    /// `maxLength`, and the numbers of `{m}`, `{m,}` and `{m,n}` in a `pattern`. `nil`: unchecked.
    public var maxRepetition: Int?
    /// The largest schema, in bytes of its compact JSON text. `nil`: unchecked.
    public var maxSchemaBytes: Int?
    /// The largest total, in bytes of compact JSON text, of every schema in one request
    /// (`response_format` and all tools together). `nil`: unchecked.
    public var maxTotalSchemaBytes: Int?

    /// Limits with OpenAI's structural bounds unless told otherwise.
    public init(
        maxProperties: Int = 5000, maxNesting: Int = 10, maxEnumValues: Int = 1000, largeEnumThreshold: Int = 250,
        maxLargeEnumLength: Int = 15_000, maxStringLength: Int = 120_000, maxRepetition: Int? = nil,
        maxSchemaBytes: Int? = nil, maxTotalSchemaBytes: Int? = nil
    ) {
        self.maxProperties = maxProperties
        self.maxNesting = maxNesting
        self.maxEnumValues = maxEnumValues
        self.largeEnumThreshold = largeEnumThreshold
        self.maxLargeEnumLength = maxLargeEnumLength
        self.maxStringLength = maxStringLength
        self.maxRepetition = maxRepetition
        self.maxSchemaBytes = maxSchemaBytes
        self.maxTotalSchemaBytes = maxTotalSchemaBytes
    }

    /// OpenAI's published limits for structured outputs: 5000 object properties, 10 levels of
    /// nesting, 1000 enum values, 15,000 characters for one enum of more than 250 values, 120,000
    /// characters of names and values in all.
    public static let openAI = SchemaLimits()

    /// What this project's server accepts: OpenAI's limits, repetition counts up to 10,000, and
    /// schemas up to 256 KiB each and 1 MiB per request.
    public static let chatServer = SchemaLimits(
        maxRepetition: 10_000, maxSchemaBytes: 256 << 10, maxTotalSchemaBytes: 1 << 20)
}

extension SchemaLimits {
    /// Throws the first bound `schema` breaks, naming the offending place as a request path under
    /// `param` (`tools[2].function.parameters.properties.color.enum`). Does not check
    /// ``maxTotalSchemaBytes``, which is about all the schemas of a request together.
    public func check(_ schema: JSONValue, param: String) throws(InvalidRequestError) {
        var checker = SchemaLimitChecker(limits: self, root: param)
        if let issue = checker.check(schema) { throw issue }
    }
}
