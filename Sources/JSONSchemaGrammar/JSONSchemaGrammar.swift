public import JSONCore

/// Ready-made grammars for the common cases; compose anything else with ``GrammarBuilder``.
public enum JSONSchemaGrammar {
    /// The complete grammar for one JSON value valid against `schema`, and the keywords it could
    /// not enforce (always empty with `strict`, which throws instead). See
    /// ``GrammarBuilder/addSchema(_:name:strict:)`` for what is supported.
    public static func grammar(
        forSchema schema: JSONValue, strict: Bool
    ) throws(SchemaConversionError)
        -> (text: String, dropped: [UnsupportedKeyword])
    {
        var builder = GrammarBuilder()
        let rule = try builder.addSchema(schema, name: "schema", strict: strict)
        return (builder.render(root: rule), builder.droppedKeywords)
    }

    /// The grammar for any single JSON object (JSON mode): nested values of every kind inside,
    /// whitespace between tokens bounded, nothing before or after the object.
    public static let jsonObject: String = {
        var builder = GrammarBuilder()
        let object = builder.addJSONObject()
        return builder.render(root: object)
    }()
}
