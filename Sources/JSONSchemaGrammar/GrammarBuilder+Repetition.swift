extension GrammarBuilder {
    /// llama.cpp refuses repetition counts above this (`MAX_REPETITION_THRESHOLD`), and silently
    /// treats a larger maximum as unbounded.
    static let repetitionLimit = 2000

    /// Larger counts are built from chunks of this many repetitions.
    private static let chunkSize = 1000

    /// GBNF for `atom` repeated `minimum` to `maximum` times (`nil`: no upper bound); the empty
    /// string when only zero repetitions are allowed. `atom` must be a single term (a rule name,
    /// literal or character class) that cannot match the empty string. Counts beyond llama.cpp's
    /// limit are split into nested chunk rules named after `hint`, keeping the bound exact.
    mutating func repetition(_ atom: String, minimum: Int, maximum: Int?, hint: String) -> String {
        if maximum == 0 { return "" }
        let limit = GrammarBuilder.repetitionLimit
        if minimum <= limit && (maximum ?? 0) <= limit {
            switch (minimum, maximum) {
            case (0, 1?): return "\(atom)?"
            case (0, nil): return "\(atom)*"
            case (1, nil): return "\(atom)+"
            case (1, 1?): return atom
            case (let low, nil): return "\(atom){\(low),}"
            case (let low, let high?) where low == high: return "\(atom){\(low)}"
            case (let low, let high?): return "\(atom){\(low),\(high)}"
            }
        }
        var levels = [atom]
        var parts: [String] = []
        let exact = exactly(minimum, levels: &levels, hint: hint)
        if !exact.isEmpty { parts.append(exact) }
        if let maximum {
            let optional = upTo(maximum - minimum, levels: &levels, hint: hint)
            if !optional.isEmpty { parts.append(optional) }
        } else {
            parts.append("\(atom)*")
        }
        return parts.joined(separator: " ")
    }

    /// The chunk rule at `level`: `atom` repeated `chunkSize^level` times.
    private mutating func chunk(_ level: Int, levels: inout [String], hint: String) -> String {
        while levels.count <= level {
            let previous = levels[levels.count - 1]
            let name = sharedRule("\(hint)-x\(GrammarBuilder.power(levels.count))", "\(previous){\(Self.chunkSize)}")
            levels.append(name)
        }
        return levels[level]
    }

    /// Exactly `count` repetitions.
    private mutating func exactly(_ count: Int, levels: inout [String], hint: String) -> String {
        if count == 0 { return "" }
        if count <= GrammarBuilder.repetitionLimit { return count == 1 ? levels[0] : "\(levels[0]){\(count)}" }
        var parts: [String] = []
        var remaining = count
        var level = 0
        while GrammarBuilder.power(level + 1) <= remaining { level += 1 }
        while level >= 0 {
            let size = GrammarBuilder.power(level)
            let times = remaining / size
            remaining %= size
            if times > 0 {
                let unit = chunk(level, levels: &levels, hint: hint)
                parts.append(times == 1 ? unit : "\(unit){\(times)}")
            }
            level -= 1
        }
        return parts.joined(separator: " ")
    }

    /// Zero to `count` repetitions, as alternatives that never overlap.
    private mutating func upTo(_ count: Int, levels: inout [String], hint: String) -> String {
        if count == 0 { return "" }
        if count <= GrammarBuilder.repetitionLimit { return count == 1 ? "\(levels[0])?" : "\(levels[0]){0,\(count)}" }
        var level = 0
        while GrammarBuilder.power(level + 1) <= count { level += 1 }
        let size = GrammarBuilder.power(level)
        let times = count / size
        let rest = count % size
        let unit = chunk(level, levels: &levels, hint: hint)
        // Fewer than `times` whole chunks, then anything below one chunk ...
        var fewer: [String] = []
        if times > 1 { fewer.append(times == 2 ? "\(unit)?" : "\(unit){0,\(times - 1)}") }
        let below = upTo(size - 1, levels: &levels, hint: hint)
        if !below.isEmpty { fewer.append(below) }
        // ... or exactly `times` chunks and at most `rest` more.
        var full = [times == 1 ? unit : "\(unit){\(times)}"]
        let tail = upTo(rest, levels: &levels, hint: hint)
        if !tail.isEmpty { full.append(tail) }
        return "( \(fewer.joined(separator: " ")) | \(full.joined(separator: " ")) )"
    }

    private static func power(_ level: Int) -> Int {
        var result = 1
        for _ in 0..<level { result *= chunkSize }
        return result
    }
}
