import ChatCompletionsAPI

extension GrammarBuilder {
    /// Adds the rules for JSON values valid against `schema` and returns the name of the rule that
    /// matches them (a rule named after `name`, made valid and unique). Values are written without
    /// surrounding whitespace and with bounded whitespace inside.
    ///
    /// Supported: boolean schemas and `{}`, `type` (one or a list), `enum`, `const`, `nullable`
    /// (OpenAPI), `properties` (in declared order), `required`, `additionalProperties`, `items`,
    /// `prefixItems` (and the older `items` array with `additionalItems`), `minItems`, `maxItems`,
    /// `minLength`, `maxLength`, `pattern`, `format` (`date`, `time`, `date-time`, `uuid`, `email`),
    /// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `anyOf`, `oneOf` (enforced as
    /// `anyOf`: a grammar cannot ensure that only one branch matches), `allOf` (merged) and `$ref`
    /// to `#`, `#/$defs/...`, `#/definitions/...` or any other pointer into the schema, recursion
    /// included. Annotations (`title`, `description`, `default`, `examples`, `$schema`, `$id`,
    /// `$comment`, `deprecated`, `readOnly`, `writeOnly`, ...) and unknown keywords are ignored, as
    /// JSON Schema prescribes. The grammar never admits an invalid value, though for a few
    /// combinations (bounded numbers, lengths beside a pattern, a `type`-less schema) it admits only
    /// part of the valid ones; see the individual rules' documentation in the source.
    ///
    /// Anything else that constrains values (`multipleOf`, `uniqueItems`, `patternProperties`,
    /// `not`, `if`, `contains`, `minProperties`, an unknown `format`, a regular-expression feature
    /// outside the supported subset, ...) cannot be enforced: with `strict`, that is a
    /// ``SchemaConversionError`` naming the keyword and its location; without, the keyword is
    /// ignored and listed in ``droppedKeywords``. With `strict`, an object without
    /// `additionalProperties` admits only its declared properties, as in OpenAI's strict mode.
    ///
    /// Invalid schemas always throw. On error the builder is left as it was.
    public mutating func addSchema(
        _ schema: JSONValue, name: String, strict: Bool
    ) throws(SchemaConversionError)
        -> String
    {
        var converter = SchemaConverter(builder: self, document: schema, strict: strict)
        let rule = try converter.convert(name: name)
        self = converter.builder
        return rule
    }
}
