/// GBNF for plain decimal numbers (no exponent) whose value lies between two bounds, exactly:
/// for each digit position the grammar tracks whether the number so far equals a bound's prefix,
/// so `minimum: 0.25` admits `0.25` and `0.3` but not `0.2` or `0.249`.
///
/// Spellings are limited to `integerDigits` integer and `fractionDigits` fraction digits; numbers
/// that need more are left out (a side without a bound stops at the largest integer part of
/// `integerDigits` digits). Every spelling produced is canonical JSON (no leading zeros, no `-0`).
enum DecimalRangeGrammar {
    /// One end of a range.
    struct Bound: Sendable {
        var value: DecimalValue
        var exclusive: Bool
    }

    /// Alternatives matching the numbers between `lower` and `upper` (`nil`: unbounded on that side);
    /// `nil` when no number with the allowed digits lies in the range.
    static func range(lower: Bound?, upper: Bound?, integerDigits: Int, fractionDigits: Int) -> String? {
        var alternatives: [String] = []
        let limits = Limits(integerDigits: integerDigits, fractionDigits: fractionDigits)
        if lower == nil || lower!.value.negative {
            // Values below zero: "-" and a magnitude strictly above zero.
            let magnitudeLower: Bound =
                if let upper, upper.value.negative {
                    Bound(value: upper.value.negated, exclusive: upper.exclusive)
                } else {
                    Bound(value: .zero, exclusive: true)
                }
            let magnitudeUpper = lower.map { Bound(value: $0.value.negated, exclusive: $0.exclusive) }
            if let magnitudes = limits.magnitudes(magnitudeLower, magnitudeUpper) {
                alternatives.append("\"-\" " + IntegerRangeGrammar.group(magnitudes))
            }
        }
        if upper == nil || !upper!.value.negative {
            let nonNegativeLower =
                if let lower, !lower.value.negative { lower } else { Bound(value: .zero, exclusive: false) }
            if let values = limits.magnitudes(nonNegativeLower, upper) { alternatives.append(values) }
        }
        return alternatives.isEmpty ? nil : alternatives.joined(separator: " | ")
    }

    private struct Limits {
        var integerDigits: Int
        var fractionDigits: Int

        /// Values `x >= 0` with `lower <= x <= upper`, exclusivity included.
        func magnitudes(_ lower: Bound, _ upper: Bound?) -> String? {
            let largest = IntegerRangeGrammar.power(integerDigits) - 1
            guard let lowInteger = lower.value.integerPart, lowInteger <= largest else { return nil }
            var upper = upper
            if let bound = upper, (bound.value.integerPart ?? Int.max) > largest { upper = nil }
            let highInteger = upper?.value.integerPart ?? largest
            guard lowInteger <= highInteger else { return nil }
            let low = FractionBound(digits: lower.value.fractionDigits, exclusive: lower.exclusive)
            let high = upper.map { FractionBound(digits: $0.value.fractionDigits, exclusive: $0.exclusive) }
            var alternatives: [String] = []
            if lowInteger == highInteger {
                if let fraction = fraction(low: low, high: high) {
                    alternatives.append(GBNFText.literal(String(lowInteger)) + fraction)
                }
                return alternatives.isEmpty ? nil : alternatives.joined(separator: " | ")
            }
            // Integer parts strictly inside the range take any fraction; so does an inclusive
            // integer lower bound, and the largest integer part when there is no upper bound.
            var firstFree = lowInteger + 1
            if lower.value.fractionDigits.isEmpty && !lower.exclusive {
                firstFree = lowInteger
            } else if let fraction = fraction(low: low, high: nil) {
                alternatives.append(GBNFText.literal(String(lowInteger)) + fraction)
            }
            let lastFree = upper == nil ? highInteger : highInteger - 1
            if firstFree <= lastFree {
                let integers = IntegerRangeGrammar.nonNegative(firstFree, lastFree)
                let anyFraction = fractionDigits > 0 ? " ( \".\" [0-9]" + range(1, fractionDigits) + " )?" : ""
                alternatives.append(IntegerRangeGrammar.group(integers) + anyFraction)
            }
            if upper != nil, let fraction = fraction(low: nil, high: high) {
                alternatives.append(GBNFText.literal(String(highInteger)) + fraction)
            }
            return alternatives.isEmpty ? nil : alternatives.joined(separator: " | ")
        }

        struct FractionBound {
            var digits: [UInt8]
            var exclusive: Bool

            func digit(_ index: Int) -> UInt8 { index < digits.count ? digits[index] : 0 }
        }

        /// The text after the integer part (with a leading space when not empty: nothing, or `.`
        /// and digits) for fractions `f` with `low <= 0.f <= high`; `nil` when none qualifies.
        func fraction(low: FractionBound?, high: FractionBound?) -> String? {
            let canEnd = mayEnd(0, low: low, high: high)
            let digits = fractionDigits > 0 ? nonEmptyDigits(0, low: low, high: high) : nil
            switch (canEnd, digits) {
            case (true, nil): return ""
            case (true, let digits?): return " ( \".\" \(IntegerRangeGrammar.group(digits)) )?"
            case (false, let digits?): return " \".\" \(IntegerRangeGrammar.group(digits))"
            case (false, nil): return nil
            }
        }

        /// Whether the fraction may stop after `index` digits while it still equals the prefix of
        /// each bound passed (a bound passed as `nil` is already satisfied).
        private func mayEnd(_ index: Int, low: FractionBound?, high: FractionBound?) -> Bool {
            if let low, index < low.digits.count || low.exclusive { return false }
            if let high, index >= high.digits.count && high.exclusive { return false }
            return true
        }

        /// At least one more digit, from position `index`.
        private func nonEmptyDigits(_ index: Int, low: FractionBound?, high: FractionBound?) -> String? {
            // An inclusive lower bound whose digits are used up is met by any continuation.
            let low = low.flatMap { index >= $0.digits.count && !$0.exclusive ? nil : $0 }
            let room = fractionDigits - index
            guard room > 0 else { return nil }
            if low == nil, let high, index >= high.digits.count, !high.exclusive {
                // An inclusive upper bound whose digits are used up allows only trailing zeros.
                return "[0]" + range(1, room)
            }
            if low == nil && high == nil { return "[0-9]" + range(1, room) }
            let lowDigit = low?.digit(index) ?? 0
            let highDigit = high?.digit(index) ?? 9
            guard lowDigit <= highDigit else { return nil }
            var alternatives: [String] = []
            var digit = lowDigit
            while digit <= highDigit {
                // Digits that leave the same bounds tight form one class.
                let stillLow = low != nil && digit == lowDigit
                let stillHigh = high != nil && digit == highDigit
                var last = digit
                if !stillLow && !stillHigh {
                    last = high != nil ? highDigit - 1 : highDigit
                }
                let nextLow = stillLow ? low : nil
                let nextHigh = stillHigh ? high : nil
                let canEnd = mayEnd(index + 1, low: nextLow, high: nextHigh)
                let more = nonEmptyDigits(index + 1, low: nextLow, high: nextHigh)
                let digitClass = last == digit ? "[\(digit)]" : "[\(digit)-\(last)]"
                switch (canEnd, more) {
                case (true, nil): alternatives.append(digitClass)
                case (true, let more?): alternatives.append("\(digitClass) ( \(more) )?")
                case (false, let more?): alternatives.append("\(digitClass) \(IntegerRangeGrammar.group(more))")
                case (false, nil): break
                }
                digit = last + 1
            }
            return alternatives.isEmpty ? nil : alternatives.joined(separator: " | ")
        }

        /// `{1,n}`-style suffix for `[0-9]`: `{minimum,maximum}`, `{n}`, or nothing for one.
        private func range(_ minimum: Int, _ maximum: Int) -> String {
            if minimum == maximum { return minimum == 1 ? "" : "{\(minimum)}" }
            return "{\(minimum),\(maximum)}"
        }
    }
}
