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
        let (exact, exactPoint) = exactDigits(value)
        var digits: [UInt8] = []
        var point = exactPoint
        if !exact.isEmpty, exactPoint + precision >= 0 {
            (digits, point) = roundSignificant(exact, point: exactPoint, count: exactPoint + precision)
        }
        // Lay the digits out around the point: at least one integer digit, exactly `precision`
        // fraction digits.
        var integerPart = ""
        var fractionPart = ""
        let integerCount = max(point, 0)
        for index in 0..<integerCount {
            integerPart.append(Character(Unicode.Scalar(48 + (index < digits.count ? digits[index] : 0))))
        }
        if integerPart.isEmpty { integerPart = "0" }
        for offset in 0..<precision {
            let index = point + offset
            let digit: UInt8 = index >= 0 && index < digits.count ? digits[index] : 0
            fractionPart.append(Character(Unicode.Scalar(48 + digit)))
        }
        return sign + integerPart + (precision > 0 ? "." + fractionPart : "")
    }

    /// The exact decimal digits of a finite double's magnitude, without leading or trailing
    /// zeros, and the position of the decimal point: |value| = 0.DIGITS × 10^point.
    static func exactDigits(_ value: Double) -> (digits: [UInt8], point: Int) {
        let magnitude = Swift.abs(value)
        guard magnitude != 0, magnitude.isFinite else { return ([], 1) }
        // magnitude = significand × 2^exponent exactly; subnormals have the smallest exponent.
        let exponent =
            magnitude.isNormal
            ? Int(magnitude.exponent) - Double.significandBitCount
            : Int(Double.leastNormalMagnitude.exponent) - Double.significandBitCount
        var significand = magnitude.significandBitPattern
        if magnitude.isNormal { significand |= 1 << UInt64(Double.significandBitCount) }
        var number = BigDecimalDigits(significand)
        var scale = 0
        if exponent >= 0 {
            for _ in 0..<exponent { number.multiply(by: 2) }
        } else {
            for _ in 0..<(-exponent) { number.multiply(by: 5) }
            scale = -exponent
        }
        var digits = Array(number.text.utf8).map { $0 - 48 }
        var point = digits.count - scale
        while let first = digits.first, first == 0 {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == 0 { digits.removeLast() }
        return (digits, point)
    }

    /// `digits` rounded half to even to `count` significant digits (padded with zeros), and the
    /// decimal point moved when rounding carries into a new digit.
    static func roundSignificant(_ digits: [UInt8], point: Int, count: Int) -> (digits: [UInt8], point: Int) {
        guard digits.count > count else {
            return (digits + Array(repeating: 0, count: count - digits.count), point)
        }
        var kept = Array(digits[0..<count])
        let first = digits[count]
        let restZero = digits[(count + 1)...].allSatisfy { $0 == 0 }
        let lastKept = kept.last ?? 0
        guard first > 5 || (first == 5 && (!restZero || lastKept % 2 == 1)) else { return (kept, point) }
        var index = kept.count - 1
        while index >= 0 {
            if kept[index] == 9 {
                kept[index] = 0
                index -= 1
            } else {
                kept[index] += 1
                return (kept, point)
            }
        }
        return ([1] + kept.dropLast(), point + 1)
    }

    private static func text(_ digits: some Sequence<UInt8>) -> String {
        String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
    }

    /// `%e`: one digit, a point, `precision` digits, and a signed two-digit exponent, from the
    /// exact value rounded half to even.
    static func exponential(
        _ value: Double, precision: Int, uppercase: Bool = false, alternate: Bool = false
    )
        -> String
    {
        if value.isNaN { return uppercase ? "NAN" : "nan" }
        if value.isInfinite { return (value < 0 ? "-" : "") + (uppercase ? "INF" : "inf") }
        let sign = value.sign == .minus ? "-" : ""
        var (digits, point) = exactDigits(value)
        if digits.isEmpty { (digits, point) = ([0], 1) }
        let rounded = roundSignificant(digits, point: point, count: precision + 1)
        var mantissa = text(rounded.digits.prefix(1))
        if precision > 0 || alternate { mantissa += "." + text(rounded.digits.dropFirst()) }
        return sign + mantissa + exponentSuffix(rounded.point - 1, uppercase: uppercase)
    }

    private static func exponentSuffix(_ exponent: Int, uppercase: Bool) -> String {
        let exponentDigits = String(Swift.abs(exponent))
        return (uppercase ? "E" : "e") + (exponent < 0 ? "-" : "+") + (exponentDigits.count < 2 ? "0" : "")
            + exponentDigits
    }

    /// `%g`: `precision` significant digits, in exponential notation when the exponent is below
    /// -4 or not below the precision, trailing zeros removed unless `alternate`. With
    /// `addDotZero` (Python's format() without a type), fixed notation keeps a `.0` and switches
    /// to exponential one digit earlier.
    static func general(
        _ value: Double, precision: Int, uppercase: Bool = false, alternate: Bool = false, addDotZero: Bool = false
    ) -> String {
        if value.isNaN || value.isInfinite { return exponential(value, precision: 0, uppercase: uppercase) }
        let precision = max(precision, 1)
        let sign = value.sign == .minus ? "-" : ""
        var (digits, point) = exactDigits(value)
        if digits.isEmpty { (digits, point) = ([0], 1) }
        var rounded = roundSignificant(digits, point: point, count: precision)
        if !alternate {
            while rounded.digits.count > 1, rounded.digits.last == 0 { rounded.digits.removeLast() }
        }
        let limit = addDotZero ? precision - 1 : precision
        if rounded.point <= -4 || rounded.point > limit {
            var mantissa = text(rounded.digits.prefix(1))
            if rounded.digits.count > 1 || alternate { mantissa += "." + text(rounded.digits.dropFirst()) }
            return sign + mantissa + exponentSuffix(rounded.point - 1, uppercase: uppercase)
        }
        var body: String
        if rounded.point <= 0 {
            body = "0." + String(repeating: "0", count: -rounded.point) + text(rounded.digits)
        } else if rounded.point >= rounded.digits.count {
            body = text(rounded.digits) + String(repeating: "0", count: rounded.point - rounded.digits.count)
            if alternate || addDotZero { body += addDotZero ? ".0" : "." }
        } else {
            body = text(rounded.digits.prefix(rounded.point)) + "." + text(rounded.digits.dropFirst(rounded.point))
        }
        return sign + body
    }
}
