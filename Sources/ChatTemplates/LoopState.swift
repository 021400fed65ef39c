/// The state behind a `for` loop's `loop` variable.
final class LoopState {
    let items: [Value]
    var index0 = 0
    let depth0: Int
    /// Renders the loop body again over new items: `loop(children)` in a recursive loop.
    let recurse: ((Renderer, Value) throws(TemplateError) -> Value)?
    var lastChanged: [Value]?

    init(items: [Value], depth0: Int, recurse: ((Renderer, Value) throws(TemplateError) -> Value)?) {
        self.items = items
        self.depth0 = depth0
        self.recurse = recurse
    }
}
