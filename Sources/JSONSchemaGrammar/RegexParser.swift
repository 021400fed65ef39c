/// Parses the subset of ECMA-262 regular expressions that a grammar can express exactly:
///
/// - literals, and escaped metacharacters (`\.`, `\*`, `\/`, any escaped non-alphanumeric);
/// - `.` (any character except line terminators);
/// - classes `[abc]`, `[a-z]`, `[^...]`, including class escapes inside them;
/// - `\d \D \w \W \s \S`, `\t \n \r \f \v \0`, `\cX`, `\xHH`, `\uHHHH` (surrogate pairs combine),
///   `\u{H...}`;
/// - groups `( )`, `(?: )` and named groups `(?<name> )` (all just group);
/// - alternation `|`;
/// - quantifiers `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, lazy forms included (they match the
///   same strings);
/// - anchors `^` at the start and `$` at the end of a top-level alternative.
///
/// Outside the subset (reported as unsupported): lookahead and lookbehind, backreferences (`\1`,
/// `\k<name>`), word boundaries (`\b`, `\B`), Unicode property escapes (`\p{...}`), inline flags,
/// anchors anywhere else, other letter escapes (such as `\A` or `\Z` from other dialects),
/// repetition counts above 100000 and the empty class `[]`.
struct RegexParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    /// The largest repetition count accepted.
    static let maximumCount = 100_000

    /// Parses `pattern` into its top-level alternatives.
    static func parse(_ pattern: String) throws(RegexProblem) -> [RegexBranch] {
        var parser = RegexParser(scalars: Array(pattern.unicodeScalars))
        var branches: [RegexBranch] = []
        while true {
            var items = try parser.parseSequence(depth: 0)
            var anchoredStart = false
            var anchoredEnd = false
            while case .startAnchor = items.first {
                anchoredStart = true
                items.removeFirst()
            }
            while case .endAnchor = items.last {
                anchoredEnd = true
                items.removeLast()
            }
            var nodes: [RegexNode] = []
            for item in items {
                guard case .node(let node) = item else {
                    throw .unsupported("an anchor (^ or $) in the middle of a pattern")
                }
                nodes.append(node)
            }
            let node = nodes.count == 1 ? nodes[0] : RegexNode.sequence(nodes)
            branches.append(RegexBranch(anchoredStart: anchoredStart, node: node, anchoredEnd: anchoredEnd))
            guard let next = parser.peek() else { break }
            if next == "|" {
                parser.position += 1
                continue
            }
            throw .invalid("unmatched ')'")
        }
        return branches
    }

    private init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    private enum Item {
        case node(RegexNode)
        case startAnchor
        case endAnchor
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private mutating func next() -> Unicode.Scalar? {
        guard position < scalars.count else { return nil }
        defer { position += 1 }
        return scalars[position]
    }

    private mutating func parseAlternation(depth: Int) throws(RegexProblem) -> RegexNode {
        var branches: [RegexNode] = []
        while true {
            let items = try parseSequence(depth: depth)
            var nodes: [RegexNode] = []
            for item in items {
                guard case .node(let node) = item else { throw .unsupported("an anchor (^ or $) inside a group") }
                nodes.append(node)
            }
            branches.append(nodes.count == 1 ? nodes[0] : .sequence(nodes))
            guard peek() == "|" else { break }
            position += 1
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseSequence(depth: Int) throws(RegexProblem) -> [Item] {
        var items: [Item] = []
        while let scalar = peek(), scalar != "|", scalar != ")" {
            let item = try parseAtom(depth: depth)
            guard let quantifier = try parseQuantifier() else {
                items.append(item)
                continue
            }
            guard case .node(let node) = item else { throw .invalid("nothing to repeat before a quantifier") }
            items.append(.node(.repetition(node, minimum: quantifier.minimum, maximum: quantifier.maximum)))
            if try parseQuantifier() != nil { throw .invalid("nothing to repeat before a quantifier") }
        }
        if depth == 0, peek() == ")" { throw .invalid("unmatched ')'") }
        return items
    }

    private mutating func parseAtom(depth: Int) throws(RegexProblem) -> Item {
        guard let scalar = next() else { throw .invalid("unexpected end of pattern") }
        switch scalar {
        case "^": return .startAnchor
        case "$": return .endAnchor
        case "(":
            if peek() == "?" {
                switch (peek(1), peek(2)) {
                case (":", _): position += 2
                case ("=", _), ("!", _): throw .unsupported("lookahead")
                case ("<", "="), ("<", "!"): throw .unsupported("lookbehind")
                case ("<", _):
                    position += 2
                    while let character = next(), character != ">" {
                        guard
                            character.properties.isAlphabetic || character == "_" || character == "$"
                                || ("0"..."9").contains(character)
                        else { throw .invalid("invalid group name") }
                    }
                default: throw .unsupported("group modifiers (?...)")
                }
            }
            let inner = try parseAlternation(depth: depth + 1)
            guard next() == ")" else { throw .invalid("missing ')'") }
            return .node(inner)
        case "[": return .node(.characters(try parseClass()))
        case ".": return .node(.characters(RegexParser.dot))
        case "\\": return .node(.characters(try parseEscape(inClass: false)))
        case "*", "+", "?": throw .invalid("nothing to repeat before '\(scalar)'")
        case "{":
            position -= 1
            if try parseBraces() != nil { throw .invalid("nothing to repeat before '{'") }
            position += 1
            return .node(.characters(ScalarSet(scalar.value)))
        default:
            return .node(.characters(ScalarSet(scalar.value)))
        }
    }

    private mutating func parseQuantifier() throws(RegexProblem) -> (minimum: Int, maximum: Int?)? {
        guard let scalar = peek() else { return nil }
        let quantifier: (minimum: Int, maximum: Int?)
        switch scalar {
        case "*":
            position += 1
            quantifier = (0, nil)
        case "+":
            position += 1
            quantifier = (1, nil)
        case "?":
            position += 1
            quantifier = (0, 1)
        case "{":
            guard let braces = try parseBraces() else { return nil }
            quantifier = braces
        default:
            return nil
        }
        if peek() == "?" { position += 1 }  // lazy: same set of matching strings
        return quantifier
    }

    /// `{n}`, `{n,}` or `{n,m}` at the current position; `nil` (position unchanged) when the brace
    /// does not start a quantifier, in which case it is a literal.
    private mutating func parseBraces() throws(RegexProblem) -> (minimum: Int, maximum: Int?)? {
        let start = position
        guard next() == "{" else {
            position = start
            return nil
        }
        guard let minimum = readNumber() else {
            position = start
            return nil
        }
        var maximum: Int? = minimum
        if peek() == "," {
            position += 1
            maximum = readNumber()
        }
        guard next() == "}" else {
            position = start
            return nil
        }
        guard minimum <= RegexParser.maximumCount, (maximum ?? 0) <= RegexParser.maximumCount else {
            throw .unsupported("repetition counts above \(RegexParser.maximumCount)")
        }
        if let maximum, maximum < minimum { throw .invalid("numbers out of order in {} quantifier") }
        return (minimum, maximum)
    }

    private mutating func readNumber() -> Int? {
        var value: Int?
        while let scalar = peek(), ("0"..."9").contains(scalar) {
            position += 1
            let digit = Int(scalar.value - 48)
            value = min((value ?? 0) * 10 + digit, RegexParser.maximumCount + 1)
        }
        return value
    }

    private enum ClassAtom {
        case scalar(UInt32)
        case set(ScalarSet)

        var set: ScalarSet {
            switch self {
            case .scalar(let value): return ScalarSet(value)
            case .set(let set): return set
            }
        }
    }

    private mutating func parseClass() throws(RegexProblem) -> ScalarSet {
        var negated = false
        if peek() == "^" {
            negated = true
            position += 1
        }
        var set = ScalarSet.empty
        while true {
            guard let scalar = peek() else { throw .invalid("unterminated character class") }
            if scalar == "]" {
                position += 1
                break
            }
            let low = try parseClassAtom()
            if peek() == "-", let after = peek(1), after != "]" {
                position += 1
                let high = try parseClassAtom()
                switch (low, high) {
                case (.scalar(let from), .scalar(let to)):
                    guard from <= to else { throw .invalid("range out of order in character class") }
                    set = set.union(ScalarSet(ranges: [from...to]))
                default:
                    // A class escape at either end makes `-` an ordinary character (ECMA-262 Annex B).
                    set = set.union(low.set).union(high.set).union(ScalarSet(0x2D))
                }
            } else {
                set = set.union(low.set)
            }
        }
        if negated { set = set.complement }
        if set.isEmpty { throw .unsupported("an empty character class") }
        return set
    }

    private mutating func parseClassAtom() throws(RegexProblem) -> ClassAtom {
        guard let scalar = next() else { throw .invalid("unterminated character class") }
        guard scalar == "\\" else { return .scalar(scalar.value) }
        let letter = peek()
        let set = try parseEscape(inClass: true)
        if let single = set.single, let letter, !isClassEscape(letter) { return .scalar(single) }
        return .set(set)
    }

    private func isClassEscape(_ scalar: Unicode.Scalar) -> Bool {
        ["d", "D", "w", "W", "s", "S"].contains(scalar)
    }

    /// The escape after a backslash (already consumed).
    private mutating func parseEscape(inClass: Bool) throws(RegexProblem) -> ScalarSet {
        guard let scalar = next() else { throw .invalid("a pattern cannot end with a backslash") }
        switch scalar {
        case "d": return RegexParser.digit
        case "D": return RegexParser.digit.complement
        case "w": return RegexParser.word
        case "W": return RegexParser.word.complement
        case "s": return RegexParser.whitespace
        case "S": return RegexParser.whitespace.complement
        case "t": return ScalarSet(0x09)
        case "n": return ScalarSet(0x0A)
        case "v": return ScalarSet(0x0B)
        case "f": return ScalarSet(0x0C)
        case "r": return ScalarSet(0x0D)
        case "b":
            if inClass { return ScalarSet(0x08) }
            throw .unsupported("word boundaries (\\b)")
        case "B": throw .unsupported("word boundaries (\\B)")
        case "0":
            if let following = peek(), ("0"..."9").contains(following) { throw .unsupported("octal escapes") }
            return ScalarSet(0)
        case "1"..."9": throw .unsupported("backreferences")
        case "k": throw .unsupported("backreferences")
        case "p", "P": throw .unsupported("Unicode property escapes (\\p{...})")
        case "c":
            guard let letter = next(), ("a"..."z").contains(letter) || ("A"..."Z").contains(letter) else {
                throw .unsupported("\\c without a letter")
            }
            return ScalarSet(letter.value % 32)
        case "x":
            guard let value = readHex(count: 2) else { throw .invalid("\\x needs two hexadecimal digits") }
            return ScalarSet(value)
        case "u":
            return ScalarSet(try parseUnicodeEscape())
        default:
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                throw .unsupported("the escape \\\(scalar)")
            }
            return ScalarSet(scalar.value)
        }
    }

    private mutating func parseUnicodeEscape() throws(RegexProblem) -> UInt32 {
        if peek() == "{" {
            position += 1
            var value: UInt32 = 0
            var digits = 0
            while let scalar = peek(), scalar != "}" {
                guard let digit = RegexParser.hexValue(scalar), digits < 8 else {
                    throw .invalid("invalid \\u{...} escape")
                }
                value = value * 16 + digit
                digits += 1
                position += 1
            }
            guard next() == "}", digits > 0, value <= ScalarSet.maximum, !(0xD800...0xDFFF).contains(value) else {
                throw .invalid("invalid \\u{...} escape")
            }
            return value
        }
        guard let value = readHex(count: 4) else { throw .invalid("\\u needs four hexadecimal digits") }
        if (0xD800...0xDBFF).contains(value) {
            if peek() == "\\", peek(1) == "u" {
                let save = position
                position += 2
                if let low = readHex(count: 4), (0xDC00...0xDFFF).contains(low) {
                    return 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                }
                position = save
            }
            throw .unsupported("lone surrogate escapes")
        }
        if (0xDC00...0xDFFF).contains(value) { throw .unsupported("lone surrogate escapes") }
        return value
    }

    private mutating func readHex(count: Int) -> UInt32? {
        var value: UInt32 = 0
        for offset in 0..<count {
            guard let scalar = peek(offset), let digit = RegexParser.hexValue(scalar) else { return nil }
            value = value * 16 + digit
        }
        position += count
        return value
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 48
        case "a"..."f": return scalar.value - 87
        case "A"..."F": return scalar.value - 55
        default: return nil
        }
    }

    /// `\d`.
    static let digit = ScalarSet(ranges: [0x30...0x39])
    /// `\w`.
    static let word = ScalarSet(ranges: [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// `\s`: ECMA-262 white space and line terminators.
    static let whitespace = ScalarSet(ranges: [
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029,
        0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])
    /// `.`: anything but line terminators.
    static let dot = ScalarSet(ranges: [0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029]).complement
}
