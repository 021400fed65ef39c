/// A regular expression over code points, as parsed from a JSON Schema `pattern` or built for a
/// `format`: what the grammar must match inside the quotes of a JSON string.
indirect enum RegexNode: Hashable, Sendable {
    /// One code point from the set.
    case characters(ScalarSet)
    /// Each part in order; the empty sequence matches the empty string.
    case sequence([RegexNode])
    /// Any one of the branches.
    case alternation([RegexNode])
    /// The node repeated `minimum` to `maximum` times (`nil`: unbounded).
    case repetition(RegexNode, minimum: Int, maximum: Int?)

    /// Matches the empty string only.
    static let empty = RegexNode.sequence([])

    /// Any code point at all.
    static let anything = RegexNode.repetition(.characters(.all), minimum: 0, maximum: nil)

    /// The fewest code points a match can have.
    var minimumLength: Int {
        switch self {
        case .characters: return 1
        case .sequence(let parts): return parts.reduce(0) { RegexNode.add($0, $1.minimumLength) }
        case .alternation(let branches): return branches.map(\.minimumLength).min() ?? 0
        case .repetition(let node, let minimum, _): return RegexNode.multiply(node.minimumLength, minimum)
        }
    }

    /// The most code points a match can have; `nil` when unbounded.
    var maximumLength: Int? {
        switch self {
        case .characters: return 1
        case .sequence(let parts):
            var total = 0
            for part in parts {
                guard let length = part.maximumLength else { return nil }
                total = RegexNode.add(total, length)
            }
            return total
        case .alternation(let branches):
            var longest = 0
            for branch in branches {
                guard let length = branch.maximumLength else { return nil }
                longest = max(longest, length)
            }
            return longest
        case .repetition(let node, _, let maximum):
            let inner = node.maximumLength
            if inner == 0 { return 0 }
            guard let inner, let maximum else { return nil }
            return RegexNode.multiply(inner, maximum)
        }
    }

    /// Whether the empty string matches.
    var isNullable: Bool { minimumLength == 0 }

    /// The same language without the empty string; `nil` when nothing else is left. Grammar
    /// repetitions need this: llama.cpp rejects `x*` where `x` can match nothing, since that is
    /// left recursion in its expansion.
    func withoutEmpty() -> RegexNode? {
        switch self {
        case .characters(let set): return set.isEmpty ? nil : self
        case .sequence(let parts):
            if !isNullable { return self }
            var branches: [RegexNode] = []
            for index in parts.indices {
                // The first non-empty part is `parts[index]`; everything before it matched nothing.
                guard let first = parts[index].withoutEmpty() else { continue }
                branches.append(.sequence([first] + parts[(index + 1)...]))
            }
            return RegexNode.alternatives(branches)
        case .alternation(let branches):
            return RegexNode.alternatives(branches.compactMap { $0.withoutEmpty() })
        case .repetition(let node, let minimum, let maximum):
            if maximum == 0 { return nil }
            guard let inner = node.withoutEmpty() else { return nil }
            if node.isNullable || minimum == 0 { return .repetition(inner, minimum: 1, maximum: maximum) }
            return self
        }
    }

    private static func alternatives(_ branches: [RegexNode]) -> RegexNode? {
        switch branches.count {
        case 0: return nil
        case 1: return branches[0]
        default: return .alternation(branches)
        }
    }

    private static let saturation = Int.max / 4

    private static func add(_ a: Int, _ b: Int) -> Int { min(a + b, saturation) }

    private static func multiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? saturation : min(product, saturation)
    }
}
