public import JSONCore

extension GrammarBuilder {
    /// Adds the rules for JSON values valid against `schema` and returns the name of the rule that
    /// matches them (a rule named after `name`, made valid and unique). Values are written without
    /// surrounding whitespace and with bounded whitespace inside.
    ///
    /// Every value the grammar admits is valid against the schema, with one exception: `oneOf` is
    /// enforced as `anyOf` (a grammar cannot ensure that only one branch matches). For a few
    /// combinations the grammar admits only part of the valid values, never an invalid one:
    ///
    /// - Objects: declared properties come in declared order, each at most once; optional ones may
    ///   be left out (a chain of rules, linear in the number of properties). Other members come
    ///   after them, with keys written without escapes. `additionalProperties` may be `true`,
    ///   `false` or a schema; when absent, other members are allowed without `strict` (JSON
    ///   Schema's default) and not with `strict` (OpenAI's strict mode), where a `required` name
    ///   without a declaration is still allowed and required. Non-required properties stay
    ///   optional in both modes.
    /// - Arrays: `items`, `prefixItems` (or the older `items` array with `additionalItems`),
    ///   `minItems` and `maxItems`, exactly, at any size (counts above llama.cpp's limit of 2000
    ///   are built from nested rules).
    /// - Strings: `minLength`/`maxLength` in code points, exactly; `format` `date` (real month
    ///   lengths and leap years), `time` and `date-time` (RFC 3339, with offset), `uuid` and
    ///   `email` (a conservative dot-atom form). `pattern` accepts this subset of ECMA-262
    ///   regular expressions: literals and escaped metacharacters, `.`, classes `[...]` and
    ///   `[^...]`, `\d \w \s \D \W \S`, `\t \n \r \f \v \0 \cX \xHH \uHHHH \u{H...}`, groups
    ///   `( )`, `(?: )` and `(?<name> )`, alternation `|`, quantifiers `* + ? {n} {n,} {n,m}` (lazy
    ///   forms too), and anchors `^`/`$` at the ends of top-level alternatives. A pattern is not
    ///   anchored implicitly: `abc` matches any string containing `abc`. Lookaround,
    ///   backreferences, word boundaries, `\p{...}` and inline flags are unsupported. With a length
    ///   bound beside a pattern or format, the repetitions of the expression are narrowed until
    ///   every match fits (`^[a-z]+$` with `maxLength: 8` becomes `[a-z]{1,8}`). A `pattern` beside
    ///   a `format` is unsupported.
    /// - Numbers: integer bounds are exact (canonical digit strings, at most 18 digits where a
    ///   side is unbounded). Bounded `number`s are plain decimals without exponent, exact within
    ///   15 significant digits (the precision a double keeps), exclusive bounds included; a side
    ///   without a bound stops at 9 integer digits (more when the other bound needs them).
    ///   Unbounded numbers are any JSON number of at most 16 integer and 16 fraction digits with
    ///   an exponent of at most two digits, so they always read back as finite doubles.
    /// - Composition: `enum` and `const` (keeping only values that pass the keywords beside
    ///   them), `anyOf`/`oneOf` (keywords beside them merged into every branch), `allOf` (merged
    ///   into one schema: types, properties with each side's `additionalProperties`, bounds,
    ///   enums; two different `pattern`s or `format`s cannot both be enforced), `$ref` to `#`,
    ///   `#/$defs/...`, `#/definitions/...` or any pointer into the document, recursion included,
    ///   and OpenAPI's `nullable`. Without `type`, a schema whose keywords all belong to some types
    ///   generates only those; boolean schemas and `{}` work as JSON Schema says.
    ///
    /// Annotations (`title`, `description`, `default`, `examples`, `$schema`, `$id`, `$comment`,
    /// `deprecated`, `readOnly`, `writeOnly`, ...) and unknown keywords are ignored, as JSON Schema
    /// prescribes. Anything else that constrains values (`multipleOf`, `uniqueItems`,
    /// `patternProperties`, `propertyNames`, `not`, `if`, `contains`, `minProperties`, an unknown
    /// `format`, a pattern feature outside the subset, ...) cannot be enforced: with `strict`, that
    /// is a ``SchemaConversionError`` naming the keyword and its location; without, the keyword is
    /// ignored and listed in ``droppedKeywords``. Invalid schemas (an unknown `type`, a malformed
    /// `required`, `minItems` above `maxItems`, a pattern that is no regular expression, a `$ref`
    /// that resolves to nothing or refers to itself with no object or array in between) and
    /// schemas no value satisfies always throw. On error the builder is left as it was.
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
