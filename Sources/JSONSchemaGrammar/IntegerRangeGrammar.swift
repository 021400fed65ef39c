/// GBNF for the canonical decimal spellings (no leading zeros, no `-0`) of exactly the integers in
/// a closed range, built digit position by digit position.
enum IntegerRangeGrammar {
    /// Alternatives (GBNF text, possibly with top-level `|`) matching the integers in
    /// `lower...upper`.
    static func range(_ lower: Int, _ upper: Int) -> String {
        precondition(lower <= upper)
        var alternatives: [String] = []
        if lower < 0 {
            // Magnitudes of the negative part; Int.min has no positive counterpart, so stay above it.
            let lowestMagnitude = upper < 0 ? -upper : 1
            let highestMagnitude = lower == Int.min ? Int.max : -lower
            alternatives.append("\"-\" " + group(nonNegative(lowestMagnitude, highestMagnitude)))
        }
        if upper >= 0 {
            alternatives.append(nonNegative(max(lower, 0), upper))
        }
        return alternatives.joined(separator: " | ")
    }

    /// Alternatives matching the integers in `lower...upper`, both at least zero.
    static func nonNegative(_ lower: Int, _ upper: Int) -> String {
        precondition(0 <= lower && lower <= upper)
        var alternatives: [String] = []
        var low = lower
        if low == 0 {
            alternatives.append("\"0\"")
            if upper == 0 { return alternatives[0] }
            low = 1
        }
        let lowDigits = digitCount(low)
        let highDigits = digitCount(upper)
        var fullLengths: ClosedRange<Int>?
        func flushFull() {
            guard let lengths = fullLengths else { return }
            alternatives.append("[1-9]" + digits(lengths.lowerBound - 1, lengths.upperBound - 1))
            fullLengths = nil
        }
        for length in lowDigits...highDigits {
            let first = length == lowDigits ? low : power(length - 1)
            let last = length == highDigits ? upper : power(length) - 1
            // 10^19 does not fit an Int, and no Int has more than 19 digits.
            if length < 19 && first == power(length - 1) && last == power(length) - 1 {
                // Every number of this length: merge with neighbouring full lengths.
                fullLengths = (fullLengths?.lowerBound ?? length)...length
                continue
            }
            flushFull()
            alternatives.append(sameLength(Array(String(first).utf8), Array(String(last).utf8)))
        }
        flushFull()
        return alternatives.joined(separator: " | ")
    }

    /// Alternatives matching the digit strings from `low` to `high`, both of the same length.
    private static func sameLength(_ low: [UInt8], _ high: [UInt8]) -> String {
        var prefix = 0
        while prefix < low.count && low[prefix] == high[prefix] { prefix += 1 }
        if prefix == low.count { return GBNFText.literal(String(decoding: low, as: UTF8.self)) }
        var parts: [String] = []
        if prefix > 0 { parts.append(GBNFText.literal(String(decoding: low[..<prefix], as: UTF8.self))) }
        let lowDigit = low[prefix]
        let highDigit = high[prefix]
        let restLength = low.count - prefix - 1
        if restLength == 0 {
            parts.append(digitClass(lowDigit, highDigit))
            return parts.joined(separator: " ")
        }
        let lowRest = Array(low[(prefix + 1)...])
        let highRest = Array(high[(prefix + 1)...])
        let lowRestIsZeros = lowRest.allSatisfy { $0 == UInt8(ascii: "0") }
        let highRestIsNines = highRest.allSatisfy { $0 == UInt8(ascii: "9") }
        var alternatives: [String] = []
        var middleLow = lowDigit
        var middleHigh = highDigit
        if !lowRestIsZeros {
            let nines = [UInt8](repeating: UInt8(ascii: "9"), count: restLength)
            alternatives.append(digitClass(lowDigit, lowDigit) + " " + group(sameLength(lowRest, nines)))
            middleLow += 1
        }
        if !highRestIsNines { middleHigh -= 1 }
        if middleLow <= middleHigh {
            alternatives.append(digitClass(middleLow, middleHigh) + digits(restLength, restLength))
        }
        if !highRestIsNines {
            let zeros = [UInt8](repeating: UInt8(ascii: "0"), count: restLength)
            alternatives.append(digitClass(highDigit, highDigit) + " " + group(sameLength(zeros, highRest)))
        }
        parts.append(group(alternatives.joined(separator: " | ")))
        return parts.joined(separator: " ")
    }

    /// ` [0-9]{m,n}` (with its leading space), or nothing when `n` is 0.
    static func digits(_ minimum: Int, _ maximum: Int) -> String {
        if maximum == 0 { return "" }
        if minimum == maximum { return minimum == 1 ? " [0-9]" : " [0-9]{\(minimum)}" }
        return " [0-9]{\(minimum),\(maximum)}"
    }

    private static func digitClass(_ low: UInt8, _ high: UInt8) -> String {
        let from = Character(Unicode.Scalar(low))
        let to = Character(Unicode.Scalar(high))
        return low == high ? "[\(from)]" : "[\(from)-\(to)]"
    }

    /// `text` in parentheses when it has top-level alternatives.
    static func group(_ text: String) -> String {
        text.contains("|") ? "( \(text) )" : text
    }

    static func digitCount(_ value: Int) -> Int { String(value).count }

    static func power(_ exponent: Int) -> Int {
        var result = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
