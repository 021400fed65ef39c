/// Python's text forms of values: `repr` of floats and strings, `%` formatting and the
/// `format()` mini-language, as far as templates use them.
enum PythonFormat {
    /// The shortest decimal digits that read back as `value` (no leading or trailing zeros), and
    /// the position of the decimal point relative to them: value = 0.DIGITS × 10^point.
    static func shortestDigits(_ value: Double) -> (digits: [UInt8], point: Int) {
        let text = "\(Swift.abs(value))"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var point = 0
        var seenPoint = false
        for character in mantissa {
            if character == "." {
                seenPoint = true
                continue
            }
            guard let digit = character.asciiValue else { continue }
            digits.append(digit - 48)
            if !seenPoint { point += 1 }
        }
        point += exponent
        while let first = digits.first, first == 0 {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == 0 { digits.removeLast() }
        return (digits, point)
    }

    /// `repr(float)`: the shortest round-trip digits, in positional notation when the exponent is
    /// between -4 and 16, otherwise in scientific notation with a two-digit (or longer) exponent.
    static func floatRepr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        let (digits, point) = shortestDigits(value)
        if digits.isEmpty { return sign + "0.0" }
        let text = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        if point > 16 || point < -3 {
            let exponent = point - 1
            var mantissa = String(text.prefix(1))
            if digits.count > 1 { mantissa += "." + text.dropFirst() }
            let exponentDigits = String(Swift.abs(exponent))
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + (exponentDigits.count < 2 ? "0" : "") + exponentDigits
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + text }
        if point >= digits.count { return sign + text + String(repeating: "0", count: point - digits.count) + ".0" }
        return sign + text.prefix(point) + "." + text.dropFirst(point)
    }

    /// `repr(str)`: single quotes unless the text has single quotes and no double quotes, with
    /// backslash escapes for the quote, backslashes and unprintable characters.
    static func stringRepr(_ value: String) -> String {
        let quote: Unicode.Scalar =
            value.unicodeScalars.contains("'") && !value.unicodeScalars.contains("\"") ? "\"" : "'"
        var result = String.UnicodeScalarView()
        result.append(quote)
        for scalar in value.unicodeScalars {
            switch scalar {
            case quote, "\\":
                result.append("\\")
                result.append(scalar)
            case "\t": result.append(contentsOf: "\\t".unicodeScalars)
            case "\n": result.append(contentsOf: "\\n".unicodeScalars)
            case "\r": result.append(contentsOf: "\\r".unicodeScalars)
            default:
                if scalar.isPythonPrintable {
                    result.append(scalar)
                } else if scalar.value <= 0xFF {
                    result.append(contentsOf: "\\x\(hex(scalar.value, width: 2))".unicodeScalars)
                } else if scalar.value <= 0xFFFF {
                    result.append(contentsOf: "\\u\(hex(scalar.value, width: 4))".unicodeScalars)
                } else {
                    result.append(contentsOf: "\\U\(hex(scalar.value, width: 8))".unicodeScalars)
                }
            }
        }
        result.append(quote)
        return String(result)
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    // MARK: - Fixed, exponent and general notation

    /// `value` with exactly `precision` digits after the point, rounded half to even on the
    /// exact binary value, as C's printf (and Python's `%f`) does.
    static func fixed(_ value: Double, precision: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        let digits = exactDecimal(Swift.abs(value), fractionDigits: precision)
        return sign + digits
    }

    /// The exact decimal expansion of a non-negative finite double, rounded half-to-even at
    /// `fractionDigits` places.
    private static func exactDecimal(_ value: Double, fractionDigits: Int) -> String {
        // value = significand × 2^exponent exactly, with an integer significand.
        let exponent = Int(value.exponent) - Double.significandBitCount
        var significand = value.significandBitPattern
        if value.isNormal { significand |= 1 << UInt64(Double.significandBitCount) }
        var number = BigDecimalDigits(significand)
        var scale = 0  // number × 10^-scale
        if exponent >= 0 {
            for _ in 0..<exponent { number.multiply(by: 2) }
        } else {
            // x / 2^k = x × 5^k / 10^k
            for _ in 0..<(-exponent) { number.multiply(by: 5) }
            scale = -exponent
        }
        number.round(dropping: scale - fractionDigits)
        var text = number.text
        if fractionDigits > scale {
            text += String(repeating: "0", count: fractionDigits - scale)
        }
        let places = fractionDigits
        if text.count <= places { text = String(repeating: "0", count: places - text.count + 1) + text }
        guard places > 0 else { return text }
        let split = text.index(text.endIndex, offsetBy: -places)
        return text[..<split] + "." + text[split...]
    }

    /// `%e`: one digit, a point, `precision` digits, and a signed two-digit exponent.
    static func exponential(_ value: Double, precision: Int, uppercase: Bool = false) -> String {
        if value.isNaN { return uppercase ? "NAN" : "nan" }
        if value.isInfinite { return (value < 0 ? "-" : "") + (uppercase ? "INF" : "inf") }
        let sign = value.sign == .minus ? "-" : ""
        let magnitude = Swift.abs(value)
        var exponent = 0
        var mantissa = "0" + (precision > 0 ? "." + String(repeating: "0", count: precision) : "")
        if magnitude != 0 {
            exponent = shortestDigits(magnitude).point - 1
            for _ in 0..<2 {
                let scaled = magnitude / pow10(exponent)
                mantissa = fixed(scaled, precision: precision)
                if mantissa.hasPrefix("10") {
                    exponent += 1
                } else {
                    break
                }
            }
        }
        let exponentDigits = String(Swift.abs(exponent))
        return sign + mantissa + (uppercase ? "E" : "e") + (exponent < 0 ? "-" : "+")
            + (exponentDigits.count < 2 ? "0" : "") + exponentDigits
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        if exponent >= 0 {
            for _ in 0..<exponent { result *= 10 }
        } else {
            for _ in 0..<(-exponent) { result /= 10 }
        }
        return result
    }

    /// `%g`: the shorter of fixed and exponential notation at `precision` significant digits,
    /// trailing zeros removed unless `alternate`.
    static func general(_ value: Double, precision: Int, uppercase: Bool = false, alternate: Bool = false) -> String {
        if value.isNaN || value.isInfinite { return exponential(value, precision: 0, uppercase: uppercase) }
        let precision = max(precision, 1)
        let exponentForm = exponential(value, precision: precision - 1, uppercase: uppercase)
        let marker: Character = uppercase ? "E" : "e"
        let exponent = Int(exponentForm[exponentForm.index(after: exponentForm.lastIndex(of: marker)!)...])!
        var text: String
        if exponent >= -4 && exponent < precision {
            text = fixed(value, precision: precision - 1 - exponent)
        } else {
            text = exponentForm
        }
        if !alternate {
            let marker = text.firstIndex(of: marker)
            var mantissa = String(marker.map { text[..<$0] } ?? text[...])
            let suffix = marker.map { String(text[$0...]) } ?? ""
            if mantissa.contains(".") {
                while mantissa.hasSuffix("0") { mantissa.removeLast() }
                if mantissa.hasSuffix(".") { mantissa.removeLast() }
            }
            text = mantissa + suffix
        }
        return text
    }
}

/// An unsigned decimal integer of any size, as little-endian base-10^9 limbs; just enough
/// arithmetic to print doubles exactly.
private struct BigDecimalDigits {
    var limbs: [UInt64]

    init(_ value: UInt64) {
        limbs = []
        var remaining = value
        repeat {
            limbs.append(remaining % 1_000_000_000)
            remaining /= 1_000_000_000
        } while remaining > 0
    }

    mutating func multiply(by factor: UInt64) {
        var carry: UInt64 = 0
        for index in limbs.indices {
            let product = limbs[index] * factor + carry
            limbs[index] = product % 1_000_000_000
            carry = product / 1_000_000_000
        }
        while carry > 0 {
            limbs.append(carry % 1_000_000_000)
            carry /= 1_000_000_000
        }
    }

    var text: String {
        var result = String(limbs.last ?? 0)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            result += String(repeating: "0", count: 9 - part.count) + part
        }
        return result
    }

    /// Removes the last `count` decimal digits, rounding half to even.
    mutating func round(dropping count: Int) {
        guard count > 0 else { return }
        var digits = Array(text.utf8).map { Int($0) - 48 }
        guard count <= digits.count else {
            // Fewer digits than are dropped: the value is below a tenth of the unit.
            self = BigDecimalDigits(0)
            return
        }
        let kept = Array(digits[0..<(digits.count - count)])
        let dropped = digits[(digits.count - count)...]
        let first = dropped.first!
        let restZero = dropped.dropFirst().allSatisfy { $0 == 0 }
        let lastKept = kept.last ?? 0
        let roundUp = first > 5 || (first == 5 && (!restZero || lastKept % 2 == 1))
        digits = kept.isEmpty ? [0] : kept
        if roundUp {
            var index = digits.count - 1
            while index >= 0 {
                if digits[index] == 9 {
                    digits[index] = 0
                    index -= 1
                } else {
                    digits[index] += 1
                    break
                }
            }
            if index < 0 { digits.insert(1, at: 0) }
        }
        var result = BigDecimalDigits(0)
        for digit in digits {
            result.multiply(by: 10)
            result.add(UInt64(digit))
        }
        self = result
    }

    mutating func add(_ value: UInt64) {
        var carry = value
        var index = 0
        while carry > 0 {
            if index == limbs.count { limbs.append(0) }
            let sum = limbs[index] + carry
            limbs[index] = sum % 1_000_000_000
            carry = sum / 1_000_000_000
            index += 1
        }
    }
}

extension Unicode.Scalar {
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
