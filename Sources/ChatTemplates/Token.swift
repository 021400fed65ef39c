/// One lexical unit of a template: literal text, a tag delimiter, or a piece of an expression.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Literal template text, whitespace control already applied.
        case text(String)
        /// `{{`
        case variableBegin
        /// `}}`
        case variableEnd
        /// `{%`
        case blockBegin
        /// `%}`
        case blockEnd
        /// An identifier (keywords too: the parser tells them apart).
        case name(String)
        /// A string literal, escapes already decoded.
        case string(String)
        /// An integer literal.
        case integer(Int)
        /// A floating-point literal.
        case float(Double)
        /// An operator or punctuation: `+`, `//`, `==`, `(`, `|`, ...
        case op(String)
        /// The end of the source.
        case end
    }

    var kind: Kind
    var location: SourceLocation

    /// How the token reads in an error message, as Jinja describes tokens.
    var describe: String {
        switch kind {
        case .text: return "data"
        case .variableBegin: return "begin of print statement"
        case .variableEnd: return "end of print statement"
        case .blockBegin: return "begin of statement block"
        case .blockEnd: return "end of statement block"
        case .name(let name): return name
        case .string: return "string"
        case .integer: return "integer"
        case .float: return "float"
        case .op(let value): return value
        case .end: return "end of template"
        }
    }

    func isName(_ name: String) -> Bool { kind == .name(name) }
    func isOp(_ op: String) -> Bool { kind == .op(op) }
}
