import JSONCore

/// An exact decimal number, read from a JSON number as its author wrote it (a double is taken at
/// its shortest round-tripping spelling, so `0.1` is 0.1, not the binary value nearest to it).
/// Numeric bounds are compared and turned into grammars in this form, digit by digit.
struct DecimalValue: Hashable, Sendable, Comparable {
    /// Whether the value is below zero (zero is never negative).
    var negative: Bool
    /// Integer digits, most significant first, without leading zeros (empty for zero).
    var integerDigits: [UInt8]
    /// Fraction digits, without trailing zeros (empty for an integer).
    var fractionDigits: [UInt8]

    static let zero = DecimalValue(negative: false, integerDigits: [], fractionDigits: [])

    init(negative: Bool, integerDigits: [UInt8], fractionDigits: [UInt8]) {
        let integer = Array(integerDigits.drop { $0 == 0 })
        var fraction = fractionDigits
        while fraction.last == 0 { fraction.removeLast() }
        if integer.isEmpty && fraction.isEmpty {
            self.negative = false
        } else {
            self.negative = negative
        }
        self.integerDigits = integer
        self.fractionDigits = fraction
    }

    /// The value of a JSON number; `nil` for anything else.
    init?(_ value: JSONValue) {
        switch value {
        case .int(let integer): self.init(text: String(integer))
        case .double(let double):
            guard double.isFinite else { return nil }
            self.init(text: "\(double)")
        default: return nil
        }
    }

    /// Reads `-?digits(.digits)?([eE][+-]?digits)?`.
    init?(text: String) {
        var scalars = Substring(text)
        var negative = false
        if scalars.first == "-" {
            negative = true
            scalars.removeFirst()
        }
        var mantissa: [UInt8] = []
        var pointOffset: Int?
        var exponent = 0
        while let character = scalars.first {
            if let digit = character.wholeNumberValue, character.isASCII {
                mantissa.append(UInt8(digit))
            } else if character == ".", pointOffset == nil {
                pointOffset = mantissa.count
            } else if character == "e" || character == "E" {
                scalars.removeFirst()
                guard let value = Int(scalars) else { return nil }
                exponent = value
                scalars = ""
                break
            } else {
                return nil
            }
            scalars.removeFirst()
        }
        guard !mantissa.isEmpty, abs(exponent) < 10_000 else { return nil }
        let point = (pointOffset ?? mantissa.count) + exponent
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        if point <= 0 {
            fraction = [UInt8](repeating: 0, count: -point) + mantissa
        } else if point >= mantissa.count {
            integer = mantissa + [UInt8](repeating: 0, count: point - mantissa.count)
        } else {
            integer = Array(mantissa[..<point])
            fraction = Array(mantissa[point...])
        }
        self.init(negative: negative, integerDigits: integer, fractionDigits: fraction)
    }

    var isInteger: Bool { fractionDigits.isEmpty }

    /// The value with its sign flipped.
    var negated: DecimalValue {
        DecimalValue(negative: !negative, integerDigits: integerDigits, fractionDigits: fractionDigits)
    }

    /// The integer part as an `Int`, if it fits.
    var integerPart: Int? {
        guard integerDigits.count <= 18 else {
            guard let value = Int(integerDigits.map(String.init).joined()) else { return nil }
            return negative ? -value : value
        }
        let value = integerDigits.reduce(0) { $0 * 10 + Int($1) }
        return negative ? -value : value
    }

    /// The smallest integer not below the value, if it fits an `Int`.
    var ceiling: Int? {
        guard let whole = integerPart else { return nil }
        return isInteger || negative ? whole : whole.addingReportingOverflow(1).overflow ? nil : whole + 1
    }

    /// The largest integer not above the value, if it fits an `Int`.
    var floor: Int? {
        guard let whole = integerPart else { return nil }
        return isInteger || !negative ? whole : whole.subtractingReportingOverflow(1).overflow ? nil : whole - 1
    }

    static func < (lhs: DecimalValue, rhs: DecimalValue) -> Bool {
        if lhs.negative != rhs.negative { return lhs.negative }
        let magnitudeLess = magnitudeCompare(lhs, rhs) < 0
        let magnitudeGreater = magnitudeCompare(lhs, rhs) > 0
        return lhs.negative ? magnitudeGreater : magnitudeLess
    }

    private static func magnitudeCompare(_ a: DecimalValue, _ b: DecimalValue) -> Int {
        if a.integerDigits.count != b.integerDigits.count {
            return a.integerDigits.count < b.integerDigits.count ? -1 : 1
        }
        for (x, y) in zip(a.integerDigits, b.integerDigits) where x != y { return x < y ? -1 : 1 }
        let length = max(a.fractionDigits.count, b.fractionDigits.count)
        for index in 0..<length {
            let x = index < a.fractionDigits.count ? a.fractionDigits[index] : 0
            let y = index < b.fractionDigits.count ? b.fractionDigits[index] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }
}
