import JSONCore

/// Exact arithmetic on JSON numbers, which arrive either as `Int` or as `Double`: ordering that
/// does not round large integers, and `multipleOf` that works on the decimal digits as written
/// (so that 0.0075 is a multiple of 0.0001, which binary floating point gets wrong).
enum NumberArithmetic {
    /// Whether `value` is a JSON number.
    static func isNumber(_ value: JSONValue) -> Bool {
        switch value {
        case .int: return true
        case .double(let double): return double.isFinite
        default: return false
        }
    }

    /// Whether `value` is a number with no fractional part (JSON Schema counts 1.0 as an integer).
    static func isInteger(_ value: JSONValue) -> Bool {
        switch value {
        case .int: return true
        case .double(let double): return double.isFinite && double.rounded(.towardZero) == double
        default: return false
        }
    }

    /// Orders two numbers exactly: negative when `lhs < rhs`, zero when equal, positive when greater.
    static func compare(_ lhs: JSONValue, _ rhs: JSONValue) -> Int {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int(let a), .double(let b)): return compare(a, b)
        case (.double(let a), .int(let b)): return -compare(b, a)
        case (.double(let a), .double(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        default: return 0
        }
    }

    /// Orders an integer against a double without converting the integer to a double.
    private static func compare(_ integer: Int, _ double: Double) -> Int {
        if double.isNaN { return 0 }
        // 2^63 is exactly representable; every Int is below it and at or above -2^63.
        if double >= 9_223_372_036_854_775_808.0 { return -1 }
        if double < -9_223_372_036_854_775_808.0 { return 1 }
        let floor = double.rounded(.down)
        let floorInteger = Int(floor)
        if integer < floorInteger { return -1 }
        if integer > floorInteger { return 1 }
        return floor == double ? 0 : -1
    }

    /// Whether two numbers are mathematically equal (1 equals 1.0).
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        compare(lhs, rhs) == 0
    }

    /// Whether `value` divided by `divisor` (positive) is an integer.
    static func isMultiple(_ value: JSONValue, of divisor: JSONValue) -> Bool {
        if case .int(let a) = value, case .int(let b) = divisor, b > 0 { return a % b == 0 }
        guard let x = DecimalDigits(value), let d = DecimalDigits(divisor), d.mantissa != 0 else { return false }
        if x.mantissa == 0 { return true }
        if x.exponent >= d.exponent {
            // Is d.mantissa a divisor of x.mantissa * 10^(x.exponent - d.exponent)?
            var remainder = x.mantissa % d.mantissa
            var steps = x.exponent - d.exponent
            while remainder != 0 && steps > 0 {
                let product = remainder.multipliedFullWidth(by: 10)
                remainder = d.mantissa.dividingFullWidth(product).remainder
                steps -= 1
            }
            return remainder == 0
        }
        // Is d.mantissa * 10^(d.exponent - x.exponent) a divisor of x.mantissa?
        var modulus = d.mantissa
        for _ in 0..<(d.exponent - x.exponent) {
            let (product, overflow) = modulus.multipliedReportingOverflow(by: 10)
            if overflow || product > x.mantissa { return false }
            modulus = product
        }
        return x.mantissa % modulus == 0
    }
}

/// The magnitude of a number as `mantissa × 10^exponent`, with no trailing zeros in the mantissa.
/// A double is read from its shortest round-trip decimal form, which is how it was written.
private struct DecimalDigits {
    var mantissa: UInt64
    var exponent: Int

    init?(_ value: JSONValue) {
        switch value {
        case .int(let integer):
            mantissa = UInt64(integer.magnitude)
            exponent = 0
        case .double(let double):
            guard double.isFinite else { return nil }
            guard let parsed = Self.parse(String(double.magnitude)) else { return nil }
            self = parsed
        default:
            return nil
        }
        while mantissa != 0 && mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
    }

    private init(mantissa: UInt64, exponent: Int) {
        self.mantissa = mantissa
        self.exponent = exponent
    }

    /// Reads text such as `0.0075`, `1.0`, `1e-05` or `1.7976931348623157e+308`.
    private static func parse(_ text: String) -> DecimalDigits? {
        var mantissa: UInt64 = 0
        var exponent = 0
        var seenPoint = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "." {
                seenPoint = true
            } else if let digit = character.wholeNumberValue, character.isASCII {
                let (shifted, overflow1) = mantissa.multipliedReportingOverflow(by: 10)
                let (added, overflow2) = shifted.addingReportingOverflow(UInt64(digit))
                if overflow1 || overflow2 {
                    // More digits than fit: drop the rest (never happens for shortest forms).
                    if !seenPoint { exponent += 1 }
                } else {
                    mantissa = added
                    if seenPoint { exponent -= 1 }
                }
            } else if character == "e" || character == "E" {
                var powerText = text[text.index(after: index)...]
                if powerText.hasPrefix("+") { powerText = powerText.dropFirst() }
                guard let power = Int(powerText) else { return nil }
                exponent += power
                break
            } else {
                return nil
            }
            index = text.index(after: index)
        }
        return DecimalDigits(mantissa: mantissa, exponent: exponent)
    }
}
