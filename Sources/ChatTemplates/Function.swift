/// Something callable: a macro (with the scope it was defined in), or a function written in Swift.
final class Function {
    typealias Body = (Renderer, Arguments) throws(TemplateError) -> Value

    enum Kind {
        case macro(MacroDefinition, closure: Scope)
        case builtin(Body)
    }

    let name: String
    let kind: Kind

    init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    init(name: String, _ body: @escaping Body) {
        self.name = name
        self.kind = .builtin(body)
    }
}
