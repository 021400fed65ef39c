import ChatCompletionsAPI
import Foundation

/// A chat template: the Jinja source a model carries (GGUF metadata `tokenizer.chat_template`),
/// parsed once and rendered as many times as needed.
///
/// Rendering follows Python's jinja2 as Hugging Face transformers configures it for
/// `apply_chat_template`: `trim_blocks` and `lstrip_blocks`, `{% break %}`/`{% continue %}`,
/// `{% generation %}` rendered as plain content, a `tojson` filter that keeps non-ASCII text as
/// is and spaces its output like Python's `json.dumps`, and the globals `raise_exception(message)`
/// and `strftime_now(format)`. Values print the way Python prints them (`True`, `None`, `1.0`,
/// `['a', 'b']`), and undefined values behave like jinja2's default `Undefined`.
///
/// Unlike transformers, lists and dictionaries may be changed in place (`list.append`,
/// `dict.pop`), which some templates need.
///
/// A template is an immutable value: rendering never changes it and may happen on many threads
/// at once.
public struct ChatTemplate: Sendable {
    /// The template source, as given.
    public let source: String
    let nodes: [Node]

    /// The moment `strftime_now` formats; `nil`, the default, means the clock at render time.
    /// Tests pin it to get the same output every day.
    public var now: Date?

    /// The time zone `strftime_now` formats `now` in; the system's by default.
    public var timeZone: TimeZone = .current

    /// Whether the template reads a variable called `tools`, that is whether it lays out tool
    /// definitions itself (otherwise the caller must describe the tools some other way).
    public let usesTools: Bool

    /// Parses `source`; a syntax error is thrown with its line and column.
    public init(source: String) throws(TemplateError) {
        self.source = source
        self.nodes = try Parser.parse(source)
        var readsTools = false
        Node.forEachExpression(in: nodes) { expression in
            if case .name("tools") = expression.kind { readsTools = true }
        }
        self.usesTools = readsTools
    }

    /// Renders the template with `context` as its variables (`messages`, `tools`,
    /// `add_generation_prompt`, `bos_token`, ...). A variable absent from the context is
    /// undefined, as in jinja2.
    public func render(_ context: JSONObject) throws(TemplateError) -> String {
        let renderer = Renderer(now: now ?? Date(), timeZone: timeZone)
        return try renderer.render(nodes, context: context)
    }
}
