/// A set of Unicode code points as sorted, disjoint, non-adjacent closed ranges. Character classes
/// of patterns and the characters a grammar position accepts are both kept this way.
struct ScalarSet: Hashable, Sendable {
    /// The ranges, sorted and merged.
    private(set) var ranges: [ClosedRange<UInt32>]

    static let maximum: UInt32 = 0x10FFFF

    /// No code point.
    static let empty = ScalarSet(ranges: [])
    /// Every code point.
    static let all = ScalarSet(ranges: [0...maximum])

    init(ranges: [ClosedRange<UInt32>]) {
        self.ranges = ScalarSet.normalized(ranges)
    }

    init(_ scalar: UInt32) { self.init(ranges: [scalar...scalar]) }

    init(_ character: Character) {
        self.init(ranges: character.unicodeScalars.map { $0.value...$0.value })
    }

    var isEmpty: Bool { ranges.isEmpty }

    /// The single code point in the set, if it has exactly one.
    var single: UInt32? {
        guard ranges.count == 1, ranges[0].lowerBound == ranges[0].upperBound else { return nil }
        return ranges[0].lowerBound
    }

    func contains(_ scalar: UInt32) -> Bool {
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < scalar {
                low = middle + 1
            } else if ranges[middle].lowerBound > scalar {
                high = middle - 1
            } else {
                return true
            }
        }
        return false
    }

    func union(_ other: ScalarSet) -> ScalarSet { ScalarSet(ranges: ranges + other.ranges) }

    /// Every code point not in the set.
    var complement: ScalarSet {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        var done = false
        for range in ranges {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            if range.upperBound == ScalarSet.maximum {
                done = true
                break
            }
            next = range.upperBound + 1
        }
        if !done { result.append(next...ScalarSet.maximum) }
        return ScalarSet(ranges: result)
    }

    func subtracting(_ other: ScalarSet) -> ScalarSet { intersection(other.complement) }

    func intersection(_ other: ScalarSet) -> ScalarSet {
        var result: [ClosedRange<UInt32>] = []
        var i = 0
        var j = 0
        while i < ranges.count && j < other.ranges.count {
            let a = ranges[i]
            let b = other.ranges[j]
            let low = max(a.lowerBound, b.lowerBound)
            let high = min(a.upperBound, b.upperBound)
            if low <= high { result.append(low...high) }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        return ScalarSet(ranges: result)
    }

    private static func normalized(_ input: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        let sorted = input.map { $0.clamped(to: 0...maximum) }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}
