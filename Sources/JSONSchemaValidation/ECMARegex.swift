import Foundation

/// A regular expression written in ECMA-262 syntax, as JSON Schema's `pattern` and
/// `patternProperties` are, run by Foundation's engine (ICU) after a light translation of the
/// spots where the two dialects disagree: `\d` and `\w` are ASCII-only, `$` means the very end of
/// the input, `\s` is ECMA's set of white space, and a `[` inside a character class is an ordinary
/// character. Matching searches anywhere in the string, as JSON Schema requires (the pattern is not
/// anchored implicitly).
struct ECMARegex: Sendable {
    /// The pattern as the schema wrote it.
    let source: String
    private let expression: NSRegularExpression

    /// Compiles `source`, or throws a message explaining why it is not a usable pattern.
    init(_ source: String) throws(RegexSyntaxError) {
        self.source = source
        do {
            expression = try NSRegularExpression(pattern: Self.translate(source), options: [])
        } catch {
            throw RegexSyntaxError(pattern: source)
        }
    }

    /// Whether the pattern matches somewhere in `text`.
    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count)) != nil
    }

    /// ECMA-262's `\s`: white space and line terminators, as a character-class body.
    private static let whitespace =
        "\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"

    /// Rewrites the ECMA-262 constructs that ICU reads differently.
    static func translate(_ pattern: String) -> String {
        var output = ""
        var inClass = false
        var characters = Array(pattern)[...]
        while let character = characters.popFirst() {
            if character == "\\" {
                guard let escaped = characters.popFirst() else {
                    output.append("\\")
                    break
                }
                switch (escaped, inClass) {
                case ("d", false): output += "[0-9]"
                case ("D", false): output += "[^0-9]"
                case ("w", false): output += "[a-zA-Z0-9_]"
                case ("W", false): output += "[^a-zA-Z0-9_]"
                case ("s", false): output += "[" + whitespace + "]"
                case ("S", false): output += "[^" + whitespace + "]"
                case ("d", true): output += "0-9"
                case ("D", true): output += "\\x{0}-/:-\\x{10FFFF}"
                case ("w", true): output += "a-zA-Z0-9_"
                case ("W", true): output += "\\x{0}-/:-@\\[-\\^`{-\\x{10FFFF}"
                case ("s", true): output += whitespace
                default:
                    output.append("\\")
                    output.append(escaped)
                }
                continue
            }
            if inClass {
                switch character {
                case "]": inClass = false
                case "[", "&", "~": output.append("\\")
                default: break
                }
                output.append(character)
                continue
            }
            switch character {
            case "[":
                if characters.starts(with: "]") {
                    characters.removeFirst()
                    output += "(?!)"  // `[]` matches nothing
                } else if characters.starts(with: "^]") {
                    characters.removeFirst(2)
                    output += "[\\s\\S]"  // `[^]` matches any character
                } else {
                    inClass = true
                    output.append("[")
                    if characters.first == "^" {
                        characters.removeFirst()
                        output.append("^")
                    }
                }
            case "$":
                output += "\\z"  // the very end of the input, not also before a final newline
            default:
                output.append(character)
            }
        }
        return output
    }
}

/// A `pattern` that does not compile.
struct RegexSyntaxError: Error {
    let pattern: String
}
