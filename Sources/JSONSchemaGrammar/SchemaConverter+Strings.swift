import JSONCore

extension SchemaConverter {
    /// Strings: `minLength`/`maxLength` count code points (each `char` of the grammar, escapes
    /// included, is one decoded code point); `format` and `pattern` become the grammar of their
    /// regular expression inside the quotes. A pattern is not anchored unless it says so: `abc`
    /// matches any string containing `abc`, `^abc` one that starts with it.
    ///
    /// When a length bound meets a pattern or format whose own lengths exceed it, the grammar
    /// narrows the repetitions of the expression's top-level parts until every match fits (for
    /// `^[a-z]+$` and `maxLength: 8`, `[a-z]{1,8}`); that can leave out some valid strings but never
    /// admits an invalid one. Length bounds that cannot be fitted this way are reported unsupported.
    /// `pattern` beside `format` is reported unsupported (the grammar cannot intersect the two).
    mutating func string(
        _ object: JSONObject, at path: SchemaPath, name: String
    ) throws(SchemaConversionError)
        -> Piece?
    {
        let lengths = try countRange("minLength", "maxLength", in: object, at: path)
        var patternBranches: [RegexBranch]?
        if let pattern = object["pattern"] {
            guard case .string(let text) = pattern else {
                throw invalid("pattern must be a string", at: path, keyword: "pattern")
            }
            let parsed: Result<[RegexBranch], RegexProblem> = Result { () throws(RegexProblem) in
                try RegexParser.parse(text)
            }
            switch parsed {
            case .success(let branches):
                patternBranches = branches
            case .failure(.invalid(let reason)):
                throw invalid("pattern is not a valid regular expression: \(reason)", at: path, keyword: "pattern")
            case .failure(.unsupported(let feature)):
                try unsupported(
                    "pattern", at: path, "it uses \(feature), outside the supported regular-expression subset")
            }
        }
        var branches = patternBranches
        if let format = object["format"] {
            guard case .string(let text) = format else {
                throw invalid("format must be a string", at: path, keyword: "format")
            }
            if let formatPattern = StringFormat.pattern(for: text) {
                if patternBranches != nil {
                    try unsupported("pattern", at: path, "it cannot be enforced together with format")
                }
                do {
                    branches = try RegexParser.parse(formatPattern)
                } catch {
                    preconditionFailure("the pattern of format \(text) does not parse: \(error)")
                }
            } else {
                let known = StringFormat.supported.joined(separator: ", ")
                try unsupported("format", at: path, "there is no grammar for format \"\(text)\" (only \(known))")
            }
        }
        guard let branches else {
            if lengths.minimum == 0 && lengths.maximum == nil { return .atom(builder.primitive(.string)) }
            let characters = builder.repetition(
                builder.primitive(.char), minimum: lengths.minimum, maximum: lengths.maximum, hint: "\(name)-chars")
            return .body(#""\"" \#(characters) "\"""#)
        }
        var alternatives: [[RegexNode]] = []
        for branch in branches {
            var units = SchemaConverter.units(of: branch)
            if lengths.minimum > 0 || lengths.maximum != nil {
                guard
                    let fitted = SchemaConverter.fit(
                        units, minimum: lengths.minimum, maximum: lengths.maximum, leadingFree: !branch.anchoredStart)
                else { continue }
                units = fitted
            }
            alternatives.append(units)
        }
        if alternatives.isEmpty {
            for keyword in ["minLength", "maxLength"] where object[keyword] != nil {
                try unsupported(keyword, at: path, "it cannot be combined with this pattern or format")
            }
            for branch in branches {
                alternatives.append(SchemaConverter.units(of: branch))
            }
        }
        let texts = alternatives.map { regexSequence($0, hint: name) }
        let inner = texts.count == 1 ? texts[0] : "( " + texts.joined(separator: " | ") + " )"
        return .body(#""\"" \#(inner) "\"""#)
    }

    /// The top-level parts of one alternative of a pattern, with `.*` before and after it unless
    /// it is anchored there (a pattern matches anywhere in the string); a pattern that is empty on
    /// both sides gets one `.*`, not two.
    static func units(of branch: RegexBranch) -> [RegexNode] {
        var units: [RegexNode]
        if case .sequence(let parts) = branch.node { units = parts } else { units = [branch.node] }
        if !branch.anchoredStart { units.insert(.anything, at: 0) }
        if !branch.anchoredEnd && units.last != .anything { units.append(.anything) }
        return units
    }

    /// Narrows `units` (the top-level parts of one alternative) so that every match has between
    /// `minimum` and `maximum` code points; `nil` when that cannot be done. Repetition counts are
    /// raised, in order, until the shortest match is long enough; then the length budget is shared
    /// out among the parts one code point at a time, round-robin, and each part is cut down to its
    /// share. The implicit leading `.*` of an unanchored pattern comes last in both.
    static func fit(_ units: [RegexNode], minimum: Int, maximum: Int?, leadingFree: Bool) -> [RegexNode]? {
        var units = units
        let order = leadingFree ? Array(units.indices.dropFirst()) + [0] : Array(units.indices)
        var deficit = minimum - units.reduce(0) { min($0 + $1.minimumLength, Int.max / 4) }
        for index in order where deficit > 0 {
            guard case .repetition(let inner, let low, let high) = units[index], inner.minimumLength > 0 else {
                continue
            }
            let step = min(high.map { $0 - low } ?? Int.max, (deficit + inner.minimumLength - 1) / inner.minimumLength)
            units[index] = .repetition(inner, minimum: low + step, maximum: high)
            deficit -= step * inner.minimumLength
        }
        if deficit > 0 { return nil }
        guard let maximum else { return units }
        return share(units, budget: maximum, order: order)
    }

    /// `parts` in sequence, each cut down so that the whole is at most `budget` long.
    private static func share(_ parts: [RegexNode], budget: Int, order: [Int]) -> [RegexNode]? {
        if let longest = RegexNode.sequence(parts).maximumLength, longest <= budget { return parts }
        var shares = parts.map(\.minimumLength)
        var left = budget - shares.reduce(0, +)
        guard left >= 0 else { return nil }
        let caps = parts.map { $0.maximumLength ?? Int.max }
        while left > 0 {
            var grew = false
            for index in order where left > 0 && shares[index] < caps[index] {
                shares[index] += 1
                left -= 1
                grew = true
            }
            if !grew { break }
        }
        var result: [RegexNode] = []
        for index in parts.indices {
            guard let part = shrink(parts[index], to: shares[index]) else { return nil }
            result.append(part)
        }
        return result
    }

    /// The part of `node`'s language no longer than `budget`, kept as a regular expression whose
    /// shortest matches are those of `node`; `nil` when even those are too long.
    private static func shrink(_ node: RegexNode, to budget: Int) -> RegexNode? {
        guard node.minimumLength <= budget else { return nil }
        if let longest = node.maximumLength, longest <= budget { return node }
        switch node {
        case .characters: return node
        case .alternation(let branches):
            let kept = branches.compactMap { shrink($0, to: budget) }
            return kept.count == 1 ? kept[0] : .alternation(kept)
        case .sequence(let parts):
            return share(parts, budget: budget, order: Array(parts.indices)).map(RegexNode.sequence)
        case .repetition(let inner, let low, let high):
            let perItem = min(inner.maximumLength ?? Int.max, low > 0 ? budget / low : budget)
            guard let item = shrink(inner, to: perItem) else { return low == 0 ? .empty : nil }
            let each = max(item.maximumLength ?? 1, 1)
            return .repetition(item, minimum: low, maximum: min(high ?? Int.max, budget / each))
        }
    }

    /// GBNF for a sequence of regular-expression parts, runs of single characters merged into
    /// one literal.
    mutating func regexSequence(_ parts: [RegexNode], hint: String) -> String {
        var terms: [String] = []
        var literal = ""
        for part in parts {
            if case .characters(let set) = part, let scalar = set.single, Unicode.Scalar(scalar) != nil {
                literal += SchemaConverter.jsonEscaped(scalar)
                continue
            }
            if !literal.isEmpty {
                terms.append(GBNFText.literal(literal))
                literal = ""
            }
            let text = regexExpression(part, hint: hint)
            if !text.isEmpty { terms.append(text) }
        }
        if !literal.isEmpty { terms.append(GBNFText.literal(literal)) }
        return terms.joined(separator: " ")
    }

    /// GBNF for one regular-expression node, as the characters of a JSON string's content.
    mutating func regexExpression(_ node: RegexNode, hint: String) -> String {
        switch node {
        case .characters(let set):
            return jsonCharacter(set, hint: hint)
        case .sequence(let parts):
            return regexSequence(parts, hint: hint)
        case .alternation(let branches):
            return "( " + branches.map { regexExpression($0, hint: hint) }.joined(separator: " | ") + " )"
        case .repetition(let inner, let minimum, let maximum):
            if maximum == 0 { return "" }
            var unit = inner
            var low = minimum
            if inner.isNullable {
                // Repeating something that can match nothing is left recursion to llama.cpp.
                guard let nonEmpty = inner.withoutEmpty() else { return "" }
                unit = nonEmpty
                low = 0
            }
            let text = regexExpression(unit, hint: hint)
            let atom = GBNFText.isSingleTerm(text) ? text : builder.sharedRule("\(hint)-part", text)
            return builder.repetition(atom, minimum: low, maximum: maximum, hint: hint)
        }
    }

    /// One character of a JSON string whose decoded value is in `set`: raw where JSON allows it,
    /// otherwise escaped (`\"`, `\\`, `\n`, `\u001f`, ...).
    mutating func jsonCharacter(_ set: ScalarSet, hint: String) -> String {
        if set == .all { return builder.primitive(.char) }
        if let scalar = set.single, Unicode.Scalar(scalar) != nil {
            return GBNFText.literal(SchemaConverter.jsonEscaped(scalar))
        }
        var parts: [String] = []
        let raw = set.subtracting(SchemaConverter.escapedInJSON)
        if !raw.isEmpty { parts.append(GBNFText.characterClass(raw)) }
        if set.contains(0x22) { parts.append(GBNFText.literal("\\\"")) }
        if set.contains(0x5C) { parts.append(GBNFText.literal("\\\\")) }
        let controls = set.intersection(ScalarSet(ranges: [0x00...0x1F]))
        if controls == ScalarSet(ranges: [0x00...0x1F]) {
            parts.append(#""\\" [bfnrt] | "\\u00" [01] [0-9a-fA-F]"#)
        } else {
            for range in controls.ranges {
                for scalar in range { parts.append(GBNFText.literal(SchemaConverter.jsonEscaped(scalar))) }
            }
        }
        if parts.count == 1 { return parts[0] }
        return builder.sharedRule("\(hint)-char", parts.joined(separator: " | "))
    }

    /// Code points a JSON string cannot hold raw.
    static let escapedInJSON = ScalarSet(ranges: [0x00...0x1F, 0x22...0x22, 0x5C...0x5C])

    /// How a JSON string writes the code point `scalar`.
    static func jsonEscaped(_ scalar: UInt32) -> String {
        switch scalar {
        case 0x22: return "\\\""
        case 0x5C: return "\\\\"
        case 0x08: return "\\b"
        case 0x0C: return "\\f"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0..<0x20:
            let hex = String(scalar, radix: 16)
            return "\\u00" + (hex.count == 1 ? "0" : "") + hex
        default:
            return String(Character(Unicode.Scalar(scalar)!))
        }
    }
}
