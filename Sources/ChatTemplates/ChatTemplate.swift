public import Foundation
public import JSONCore

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
    public var usesTools: Bool { names.contains("tools") }

    /// The variable names the template reads (its own `set` variables included).
    public let names: Set<String>

    /// Parses `source`; a syntax error is thrown with its line and column.
    public init(source: String) throws(TemplateError) {
        self.source = source
        self.nodes = try Parser.parse(source)
        var names: Set<String> = []
        Node.forEachExpression(in: nodes) { expression in
            if case .name(let name) = expression.kind { names.insert(name) }
        }
        self.names = names
    }

    /// The time now (or ``now``) formatted as `strftime_now(format)` formats it in templates.
    public func strftimeNow(_ format: String) -> String {
        Strftime.format(format, date: now ?? Date(), timeZone: timeZone)
    }

    /// `value` as Python's `json.dumps(value, ensure_ascii=False, indent=indent)` writes it (as
    /// this engine's `tojson` does).
    public static func pythonJSON(_ value: JSONValue, indent: Int? = nil) -> String {
        var options = JSONOptions()
        if let indent {
            options.indent = String(repeating: " ", count: indent)
            options.itemSeparator = ","
        }
        return (try? Value(value).pythonJSON(options: options)) ?? value.jsonString()
    }

    /// Renders the template with `context` as its variables (`messages`, `tools`,
    /// `add_generation_prompt`, `bos_token`, ...). A variable absent from the context is
    /// undefined, as in jinja2.
    public func render(_ context: JSONObject) throws(TemplateError) -> String {
        let renderer = Renderer(now: now ?? Date(), timeZone: timeZone)
        return try renderer.render(nodes, context: context)
    }
}
