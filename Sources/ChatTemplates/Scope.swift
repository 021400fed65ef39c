/// Variables visible at one point of a render: a frame and the frame it is nested in.
///
/// As in jinja2, each iteration of a `for` loop, each macro call and each `with` block gets its
/// own frame, so what they `set` vanishes when they end; `if` blocks share the enclosing frame.
/// A macro keeps the frame it was defined in and reads it when called, so a top-level variable
/// set after the macro was defined is still visible to it.
final class Scope {
    private var variables: [String: Value] = [:]
    let parent: Scope?

    init(parent: Scope?) {
        self.parent = parent
    }

    func lookup(_ name: String) -> Value? {
        var scope: Scope? = self
        while let current = scope {
            if let value = current.variables[name] { return value }
            scope = current.parent
        }
        return nil
    }

    /// Binds `name` in this frame.
    func set(_ name: String, _ value: Value) {
        variables[name] = value
    }
}
