import JSONCore

extension SchemaConverter {
    /// Reads and checks the numeric bounds of a schema.
    func numericBounds(_ object: JSONObject, at path: SchemaPath) throws(SchemaConversionError) -> NumericBounds {
        func number(_ keyword: String) throws(SchemaConversionError) -> DecimalValue? {
            guard let value = object[keyword] else { return nil }
            guard let decimal = DecimalValue(value) else {
                throw invalid("\(keyword) must be a number", at: path, keyword: keyword)
            }
            return decimal
        }
        var bounds = NumericBounds()
        for (keyword, exclusiveKeyword, isLower) in [
            ("minimum", "exclusiveMinimum", true), ("maximum", "exclusiveMaximum", false),
        ] {
            var inclusiveIsExclusive = false
            var candidates: [(DecimalRangeGrammar.Bound, String)] = []
            if case .bool(let flag) = object[exclusiveKeyword] {
                inclusiveIsExclusive = flag  // draft 4: the flag modifies minimum/maximum
            } else if let value = try number(exclusiveKeyword) {
                candidates.append((DecimalRangeGrammar.Bound(value: value, exclusive: true), exclusiveKeyword))
            }
            if let value = try number(keyword) {
                candidates.append((DecimalRangeGrammar.Bound(value: value, exclusive: inclusiveIsExclusive), keyword))
            }
            for (bound, source) in candidates {
                if isLower, NumericBounds.isStricterLower(bound, than: bounds.lower) {
                    bounds.lower = bound
                    bounds.lowerSource = (source, object[source]!)
                } else if !isLower, NumericBounds.isStricterUpper(bound, than: bounds.upper) {
                    bounds.upper = bound
                    bounds.upperSource = (source, object[source]!)
                }
            }
        }
        if let lower = bounds.lower, let upper = bounds.upper,
            upper.value < lower.value || (upper.value == lower.value && (lower.exclusive || upper.exclusive))
        {
            let keyword = bounds.lowerSource!.keyword
            throw invalid(
                "\(keyword) is not below \(bounds.upperSource!.keyword): no number satisfies both", at: path,
                keyword: keyword)
        }
        return bounds
    }

    /// Integers: the exact range between the bounds, over canonical digit strings of at most 18
    /// digits where a side has no bound (so every value fits a 64-bit integer).
    ///
    /// Numbers: without bounds, any JSON number (at most 16 integer digits, 16 fraction digits and
    /// a two-digit exponent). With bounds, plain decimals without exponent, at most 15 significant
    /// digits in all: as many integer digits as the larger bound needs (at least 9 when a side is
    /// unbounded, at most 15) and the rest for the fraction. Within those digits the range is exact,
    /// exclusive bounds included; 15 significant digits is what a double holds exactly, so a
    /// validator comparing doubles agrees. Bounds beyond 15 integer digits stop at the largest
    /// 15-digit value (the values produced still satisfy the schema).
    mutating func number(
        _ object: JSONObject, integer: Bool, at path: SchemaPath
    ) throws(SchemaConversionError)
        -> Piece?
    {
        if let multiple = object["multipleOf"] {
            guard let factor = DecimalValue(multiple), !factor.negative, factor != .zero else {
                throw invalid("multipleOf must be a number above zero", at: path, keyword: "multipleOf")
            }
            let trivial = integer && factor.isInteger && factor.integerDigits == [1]
            if !trivial { try unsupported("multipleOf", at: path, "a grammar cannot enforce divisibility") }
        }
        let bounds = try numericBounds(object, at: path)
        if integer { return try integerRange(bounds, at: path) }
        guard bounds.lower != nil || bounds.upper != nil else { return .atom(builder.primitive(.number)) }
        var integerDigits = max(
            bounds.lower?.value.integerDigits.count ?? 1, bounds.upper?.value.integerDigits.count ?? 1, 1)
        if bounds.lower == nil || bounds.upper == nil { integerDigits = max(integerDigits, 9) }
        integerDigits = min(integerDigits, 15)
        let fractionDigits = 15 - integerDigits
        guard
            let text = DecimalRangeGrammar.range(
                lower: bounds.lower, upper: bounds.upper, integerDigits: integerDigits, fractionDigits: fractionDigits)
        else {
            let keyword = bounds.lowerSource?.keyword ?? bounds.upperSource!.keyword
            try unsupported(keyword, at: path, "no number of at most 15 significant digits lies in the range")
            return .atom(builder.primitive(.number))
        }
        return .body(text)
    }

    private mutating func integerRange(
        _ bounds: NumericBounds, at path: SchemaPath
    ) throws(SchemaConversionError)
        -> Piece?
    {
        var low: Int?
        var high: Int?
        if let lower = bounds.lower {
            let candidate =
                lower.exclusive ? lower.value.floor.flatMap { $0 == Int.max ? nil : $0 + 1 } : lower.value.ceiling
            if let candidate {
                low = candidate
            } else if !lower.value.negative {
                try unsupported(bounds.lowerSource!.keyword, at: path, "it lies beyond 64-bit integers")
            }
        }
        if let upper = bounds.upper {
            let candidate =
                upper.exclusive ? upper.value.ceiling.flatMap { $0 == Int.min ? nil : $0 - 1 } : upper.value.floor
            if let candidate {
                high = candidate
            } else if upper.value.negative {
                try unsupported(bounds.upperSource!.keyword, at: path, "it lies beyond 64-bit integers")
            }
        }
        if let low, let high, low > high {
            let keyword = bounds.lowerSource!.keyword
            throw invalid(
                "no integer lies between \(keyword) and \(bounds.upperSource!.keyword)", at: path, keyword: keyword)
        }
        if low == nil && high == nil { return .atom(builder.primitive(.integer)) }
        let largest = 999_999_999_999_999_999
        let from = low ?? (high! < -largest ? Int.min + 1 : -largest)
        let to = high ?? (from > largest ? Int.max : largest)
        return .body(IntegerRangeGrammar.range(from, to))
    }
}
