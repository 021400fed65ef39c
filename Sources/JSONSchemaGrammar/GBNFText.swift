/// Spelling of GBNF terminals in the dialect llama.cpp parses (`src/llama-grammar.cpp`): string
/// literals and character classes, with every code point that could be misread written as an escape
/// (`\xHH`, `\uHHHH`, `\UHHHHHHHH`), so grammar text stays printable ASCII.
enum GBNFText {
    /// A quoted literal matching exactly `text`.
    static func literal(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value >= 0x7F {
                    output += hexEscape(scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// A character class for `set`, written plainly or negated, whichever is shorter. `set` must
    /// not be empty.
    static func characterClass(_ set: ScalarSet) -> String {
        precondition(!set.isEmpty, "an empty character class matches nothing")
        let plain = "[" + rangesText(set.ranges) + "]"
        let complement = set.complement
        guard !complement.isEmpty else { return anyCharacterClass }
        let negated = "[^" + rangesText(complement.ranges) + "]"
        return negated.count < plain.count ? negated : plain
    }

    /// A class that matches any code point.
    static let anyCharacterClass = "[\\x00-\\U0010FFFF]"

    private static func rangesText(_ ranges: [ClosedRange<UInt32>]) -> String {
        var text = ""
        for range in ranges {
            text += classCharacter(range.lowerBound)
            if range.upperBound > range.lowerBound {
                if range.upperBound > range.lowerBound + 1 { text += "-" }
                text += classCharacter(range.upperBound)
            }
        }
        return text
    }

    /// One code point inside `[...]`: the class metacharacters are escaped, `^` is written in hex
    /// because llama.cpp knows no `\^` escape.
    private static func classCharacter(_ value: UInt32) -> String {
        switch value {
        case 0x5C: return "\\\\"
        case 0x5D: return "\\]"
        case 0x5B: return "\\["
        case 0x2D: return "\\-"
        case 0x22: return "\\\""
        case 0x5E: return "\\x5E"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        default:
            if value < 0x20 || value >= 0x7F { return hexEscape(value) }
            return String(Character(Unicode.Scalar(value)!))
        }
    }

    private static func hexEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        if value <= 0xFF { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
        if value <= 0xFFFF { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
        return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Whether `text` is one rule name, one literal or one character class, the terms llama.cpp
    /// can repeat without counting nested rules against its repetition limit.
    static func isSingleTerm(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first else { return false }
        func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "-"
        }
        switch first {
        case "\"", "[":
            let closing: Unicode.Scalar = first == "[" ? "]" : "\""
            var index = 1
            while index < scalars.count {
                if scalars[index] == "\\" {
                    index += 2
                    continue
                }
                if scalars[index] == closing { return index == scalars.count - 1 }
                index += 1
            }
            return false
        default:
            return scalars.allSatisfy(isNameCharacter)
        }
    }
}
