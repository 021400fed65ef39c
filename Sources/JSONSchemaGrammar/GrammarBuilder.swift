import JSONCore

/// Builds one llama.cpp GBNF grammar out of JSON Schemas and hand-written rules.
///
/// Each ``addSchema(_:name:strict:)`` call adds the rules for one schema and returns the name of
/// the rule that matches exactly the JSON values the grammar allows for it; several schemas can live
/// in one builder (one per tool, say), and hand-written rules (``addRule(_:_:)``) can combine them,
/// for instance into `"<tool_call>" ... "</tool_call>"` wrappers, alternatives across tools or
/// repetitions for parallel calls. ``render(root:)`` writes the finished grammar.
///
/// The grammar follows the dialect of llama.cpp's `src/llama-grammar.cpp`: rule names use only
/// letters, digits and `-`, terminals are written with escapes so the text is printable ASCII, and
/// no repetition count exceeds the parser's limit of 2000 (larger bounds are built from nested rules).
/// Whitespace between JSON tokens is bounded everywhere (at most one space, or one newline followed
/// by up to 20 spaces or tabs), so a model can never stall in an endless run of blanks. Rules
/// describe JSON values with no surrounding whitespace.
///
/// Shared primitives (`space`, `string`, `number`, `value`, ...) are defined once, under those
/// names unless a hand-written rule took the name first. Helper rules of a schema are named after
/// the schema's rule (`get-weather-location`, `get-weather-unit-kv`), so schemas never collide.
/// The name `root` is reserved for ``render(root:)``.
public struct GrammarBuilder: Sendable {
    struct Rule: Sendable {
        var name: String
        var body: String?
    }

    private var rules: [Rule] = []
    private var ruleIndex: [String: Int] = [:]
    var primitiveNames: [Primitive: String] = [:]
    private var sharedRuleNames: [String: String] = [:]

    /// Keywords that non-strict ``addSchema(_:name:strict:)`` calls could not enforce, in the order
    /// they were found: the grammar lets through values those keywords would reject. Empty after
    /// strict conversions, which throw instead.
    public internal(set) var droppedKeywords: [UnsupportedKeyword] = []

    /// An empty grammar.
    public init() {}

    /// Adds a hand-written rule and returns its name: `name` made valid (every run of characters
    /// other than ASCII letters, digits and `-` becomes one `-`) and unique (a numeric suffix when a
    /// different rule already has it). Adding the same name with the same body again returns the
    /// existing rule. `body` is GBNF text, the right-hand side of `name ::= body`, and may refer to
    /// any rule this builder returned.
    public mutating func addRule(_ name: String, _ body: String) -> String {
        let base = GrammarBuilder.sanitize(name)
        var candidate = base
        var suffix = 1
        while true {
            if let index = ruleIndex[candidate] {
                if rules[index].body == body { return candidate }
            } else if candidate != "root" {
                define(reserveExactly(candidate), body)
                return candidate
            }
            suffix += 1
            candidate = "\(base)-\(suffix)"
        }
    }

    /// A GBNF string literal that matches exactly `text`, with quotes, backslashes, control and
    /// non-ASCII characters escaped.
    public static func literal(_ text: String) -> String { GBNFText.literal(text) }

    /// The rule matching any single JSON value (objects, arrays, strings, numbers, booleans, null,
    /// nested to any depth, with bounded whitespace inside).
    public mutating func addJSONValue() -> String { primitive(.value) }

    /// The rule matching any single JSON object.
    public mutating func addJSONObject() -> String { primitive(.object) }

    /// The rule matching the bounded whitespace allowed between JSON tokens: nothing, one space, or
    /// a newline followed by at most 20 spaces or tabs.
    public mutating func addWhitespace() -> String { primitive(.space) }

    /// The complete grammar text: `root ::= <root>` first, then every rule in the order added.
    /// `root` is a rule name returned by this builder or any GBNF expression over such names.
    public func render(root: String) -> String {
        var text = "root ::= \(root)\n"
        for rule in rules {
            guard let body = rule.body else { continue }
            text += "\(rule.name) ::= \(body)\n"
        }
        return text
    }

    // MARK: - Internal rule management

    /// Claims a fresh name based on `name`, to be defined later with ``define(_:_:)``; recursive
    /// rules are reserved before their bodies are known.
    mutating func reserve(_ name: String) -> String {
        let base = GrammarBuilder.sanitize(name)
        var candidate = base
        var suffix = 1
        while ruleIndex[candidate] != nil || candidate == "root" {
            suffix += 1
            candidate = "\(base)-\(suffix)"
        }
        return reserveExactly(candidate)
    }

    private mutating func reserveExactly(_ name: String) -> String {
        ruleIndex[name] = rules.count
        rules.append(Rule(name: name, body: nil))
        return name
    }

    /// Gives a reserved rule its body.
    mutating func define(_ name: String, _ body: String) {
        guard let index = ruleIndex[name] else { preconditionFailure("rule \(name) was never reserved") }
        rules[index].body = body
    }

    /// Whether `name` is reserved but has no body yet.
    func isPending(_ name: String) -> Bool {
        guard let index = ruleIndex[name] else { return false }
        return rules[index].body == nil
    }

    /// A rule with this body, shared by everyone who asks for the same body (character classes of
    /// patterns, repeated units), named after `hint` the first time.
    mutating func sharedRule(_ hint: String, _ body: String) -> String {
        if let name = sharedRuleNames[body] { return name }
        let name = reserve(hint)
        define(name, body)
        sharedRuleNames[body] = name
        return name
    }

    /// `name` with every run of characters outside `[A-Za-z0-9-]` replaced by one `-`, repeated
    /// dashes collapsed and dashes trimmed from both ends; `rule` when nothing is left.
    static func sanitize(_ name: String) -> String {
        var result = ""
        for scalar in name.unicodeScalars {
            let allowed =
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            if allowed {
                result.unicodeScalars.append(scalar)
            } else if !result.isEmpty && result.last != "-" {
                result += "-"
            }
        }
        while result.last == "-" { result.removeLast() }
        return result.isEmpty ? "rule" : result
    }
}
