/// Python's character classes, which differ from Swift's Unicode properties in places.
extension Unicode.Scalar {
    /// Whether a name can start with this character: a letter or `_`.
    var isNameStart: Bool {
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0x5F: return true
        case 0..<0x80: return false
        default: return properties.isAlphabetic
        }
    }

    /// Whether a name can continue with this character: a letter, a digit or `_`.
    var isNameContinuation: Bool {
        switch value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F: return true
        case 0..<0x80: return false
        default: return properties.isAlphabetic || properties.numericType != nil
        }
    }

    /// Whether Python's `str.isspace()` (and the `\s` of its regular expressions) counts this as
    /// whitespace: Unicode White_Space plus the ASCII separators U+001C to U+001F.
    var isPythonWhitespace: Bool {
        switch value {
        case 0x20, 0x09...0x0D: return true
        case 0x1C...0x1F: return true
        case 0..<0x80: return false
        default: return properties.isWhitespace
        }
    }

    /// Python's `str.isalpha()` for one character: a letter of any kind.
    var isPythonAlpha: Bool {
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// Python's `str.isdecimal()`, `isdigit()` and `isnumeric()` for one character.
    var isPythonDecimal: Bool { properties.numericType == .decimal }
    var isPythonDigit: Bool { properties.numericType == .decimal || properties.numericType == .digit }
    var isPythonNumeric: Bool { properties.numericType != nil }

    /// Python's `str.isalnum()` for one character; with `_`, what `\w` matches.
    var isPythonAlphanumeric: Bool { isPythonAlpha || isPythonNumeric }

    /// Python's `str.isprintable()` for one character: everything but control, format,
    /// surrogate, private-use, unassigned and separator characters (the space excepted).
    var isPythonPrintable: Bool {
        if value == 0x20 { return true }
        if value < 0x20 || value == 0x7F { return false }
        if value < 0x7F { return true }
        switch properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            return false
        default:
            return true
        }
    }
}
