/// Why a value is undefined; the reason becomes the error message when the template uses the
/// value in a way jinja2's `Undefined` refuses (arithmetic, attribute access, calls...).
struct Undefined {
    enum Reason {
        /// A variable nobody defined.
        case name(String)
        /// `object.name` or `object['name']` where the object has no such attribute or key.
        case attribute(objectType: String, name: String)
        /// `object[index]` where the object has no such element.
        case element(objectType: String, key: String)
        /// A message of its own.
        case hint(String)
    }

    var reason: Reason

    var message: String {
        switch reason {
        case .name(let name): return "\(PythonFormat.stringRepr(name)) is undefined"
        case .attribute(let objectType, let name):
            return "\(PythonFormat.stringRepr(objectType)) has no attribute \(PythonFormat.stringRepr(name))"
        case .element(let objectType, let key): return "\(objectType) has no element \(key)"
        case .hint(let hint): return hint
        }
    }

    var error: TemplateError { TemplateError(message) }
}
