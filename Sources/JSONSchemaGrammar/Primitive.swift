/// The building blocks every JSON grammar shares, each defined once per builder.
enum Primitive: String, Sendable, CaseIterable {
    /// Bounded whitespace between tokens.
    case space
    /// One character of a JSON string: any code point but `"`, `\` and controls, or an escape
    /// (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\uXXXX` with surrogates only as a
    /// high-low pair).
    case char
    /// Any JSON string.
    case string
    /// An integer of at most 18 digits, so it always fits a 64-bit integer, never `-0`.
    case integer
    /// A number: at most 16 integer digits, 16 fraction digits and a two-digit exponent, so it is
    /// always a finite double.
    case number
    case boolean
    case null
    /// Any JSON value.
    case value
    /// One `"key": value` member of an unconstrained object.
    case member
    /// Any JSON object.
    case object
    /// Any JSON array.
    case array
}
