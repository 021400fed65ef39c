/// Python's `str` operations, working on Unicode scalars as Python does (Swift's `String` compares
/// and counts by grapheme clusters and canonical equivalence, which Python never does).
enum PyStr {
    typealias Scalars = [Unicode.Scalar]

    static func scalars(_ string: String) -> Scalars { Array(string.unicodeScalars) }

    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    static func count(_ string: String) -> Int { string.unicodeScalars.count }

    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8)
    }

    /// Python's ordering of strings: by code point.
    static func less(_ lhs: String, _ rhs: String) -> Bool {
        lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars)
    }

    /// The first index of `needle` in `haystack[start..<end]`.
    static func find(_ haystack: Scalars, _ needle: Scalars, start: Int = 0, end: Int? = nil) -> Int? {
        let end = min(end ?? haystack.count, haystack.count)
        let start = max(start, 0)
        guard needle.count <= end - start else { return nil }
        if needle.isEmpty { return start }
        var index = start
        while index + needle.count <= end {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The last index of `needle` in `haystack[start..<end]`.
    static func rfind(_ haystack: Scalars, _ needle: Scalars, start: Int = 0, end: Int? = nil) -> Int? {
        let end = min(end ?? haystack.count, haystack.count)
        let start = max(start, 0)
        guard needle.count <= end - start else { return nil }
        var index = end - needle.count
        while index >= start {
            if haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index -= 1
        }
        return nil
    }

    static func contains(_ haystack: String, _ needle: String) -> Bool {
        find(scalars(haystack), scalars(needle)) != nil
    }

    static func hasPrefix(_ string: String, _ prefix: String) -> Bool {
        string.unicodeScalars.starts(with: prefix.unicodeScalars)
    }

    static func hasSuffix(_ string: String, _ suffix: String) -> Bool {
        string.unicodeScalars.reversed().starts(with: suffix.unicodeScalars.reversed())
    }

    /// Non-overlapping occurrences of `needle`.
    static func occurrences(_ haystack: Scalars, _ needle: Scalars, start: Int = 0, end: Int? = nil) -> Int {
        let end = min(end ?? haystack.count, haystack.count)
        if needle.isEmpty { return max(end - max(start, 0), -1) + 1 }
        var count = 0
        var index = max(start, 0)
        while let found = find(haystack, needle, start: index, end: end) {
            count += 1
            index = found + needle.count
        }
        return count
    }

    /// `str.replace(old, new, count)`; a negative count replaces every occurrence.
    static func replace(_ string: String, _ old: String, _ new: String, count: Int) -> String {
        let source = scalars(string)
        let target = scalars(old)
        let replacement = scalars(new)
        var result: Scalars = []
        result.reserveCapacity(source.count)
        var remaining = count < 0 ? Int.max : count
        if target.isEmpty {
            for scalar in source {
                if remaining > 0 {
                    result.append(contentsOf: replacement)
                    remaining -= 1
                }
                result.append(scalar)
            }
            if remaining > 0 { result.append(contentsOf: replacement) }
            return PyStr.string(result)
        }
        var index = 0
        while remaining > 0, let found = find(source, target, start: index) {
            result.append(contentsOf: source[index..<found])
            result.append(contentsOf: replacement)
            index = found + target.count
            remaining -= 1
        }
        result.append(contentsOf: source[index...])
        return PyStr.string(result)
    }

    /// `str.strip`, `lstrip`, `rstrip`: whitespace when `characters` is nil, else those characters.
    static func strip(_ string: String, _ characters: String?, leading: Bool = true, trailing: Bool = true) -> String {
        let source = scalars(string)
        let set = characters.map { Set($0.unicodeScalars) }
        func strips(_ scalar: Unicode.Scalar) -> Bool {
            set.map { $0.contains(scalar) } ?? scalar.isPythonWhitespace
        }
        var start = 0
        var end = source.count
        if leading { while start < end, strips(source[start]) { start += 1 } }
        if trailing { while end > start, strips(source[end - 1]) { end -= 1 } }
        return PyStr.string(source[start..<end])
    }

    /// `str.split(sep, maxsplit)`.
    static func split(_ string: String, separator: String?, maxSplit: Int) -> [String] {
        let source = scalars(string)
        var parts: [String] = []
        var remaining = maxSplit < 0 ? Int.max : maxSplit
        guard let separator else {
            var index = 0
            while true {
                while index < source.count, source[index].isPythonWhitespace { index += 1 }
                guard index < source.count else { break }
                if remaining == 0 {
                    var end = source.count
                    while end > index, source[end - 1].isPythonWhitespace { end -= 1 }
                    parts.append(PyStr.string(source[index..<end]))
                    break
                }
                let start = index
                while index < source.count, !source[index].isPythonWhitespace { index += 1 }
                parts.append(PyStr.string(source[start..<index]))
                remaining -= 1
            }
            return parts
        }
        let target = scalars(separator)
        var index = 0
        while remaining > 0, let found = find(source, target, start: index) {
            parts.append(PyStr.string(source[index..<found]))
            index = found + target.count
            remaining -= 1
        }
        parts.append(PyStr.string(source[index...]))
        return parts
    }

    /// `str.rsplit(sep, maxsplit)`.
    static func rsplit(_ string: String, separator: String?, maxSplit: Int) -> [String] {
        if maxSplit < 0 { return split(string, separator: separator, maxSplit: maxSplit) }
        let source = scalars(string)
        var parts: [String] = []
        var remaining = maxSplit
        guard let separator else {
            var index = source.count
            while true {
                while index > 0, source[index - 1].isPythonWhitespace { index -= 1 }
                guard index > 0 else { break }
                if remaining == 0 {
                    var start = 0
                    while start < index, source[start].isPythonWhitespace { start += 1 }
                    parts.append(PyStr.string(source[start..<index]))
                    break
                }
                let end = index
                while index > 0, !source[index - 1].isPythonWhitespace { index -= 1 }
                parts.append(PyStr.string(source[index..<end]))
                remaining -= 1
            }
            return parts.reversed()
        }
        let target = scalars(separator)
        var end = source.count
        while remaining > 0, let found = rfind(source, target, start: 0, end: end) {
            parts.append(PyStr.string(source[(found + target.count)..<end]))
            end = found
            remaining -= 1
        }
        parts.append(PyStr.string(source[0..<end]))
        return parts.reversed()
    }

    /// `str.splitlines(keepends)`: splits at every line boundary Python knows.
    static func splitLines(_ string: String, keepEnds: Bool = false) -> [String] {
        let source = scalars(string)
        var lines: [String] = []
        var start = 0
        var index = 0
        while index < source.count {
            let scalar = source[index]
            var breakLength = 0
            switch scalar.value {
            case 0x0D: breakLength = index + 1 < source.count && source[index + 1] == "\n" ? 2 : 1
            case 0x0A, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029: breakLength = 1
            default: break
            }
            if breakLength > 0 {
                let end = keepEnds ? index + breakLength : index
                lines.append(PyStr.string(source[start..<end]))
                index += breakLength
                start = index
            } else {
                index += 1
            }
        }
        if start < source.count { lines.append(PyStr.string(source[start...])) }
        return lines
    }

    static func upper(_ string: String) -> String {
        var result = ""
        for scalar in string.unicodeScalars { result += scalar.properties.uppercaseMapping }
        return result
    }

    /// `str.lower()`: full lower-case mappings, with a capital sigma at the end of a word
    /// becoming a final sigma, as Python does.
    static func lower(_ string: String) -> String {
        let scalars = Array(string.unicodeScalars)
        var result = ""
        for index in scalars.indices {
            result += lowercase(scalars, at: index)
        }
        return result
    }

    /// The lower-case mapping of `scalars[index]`, applying the final-sigma rule.
    private static func lowercase(_ scalars: [Unicode.Scalar], at index: Int) -> String {
        let scalar = scalars[index]
        guard scalar == "\u{03A3}" else { return scalar.properties.lowercaseMapping }
        func casedNeighbour(_ range: some Sequence<Int>) -> Bool {
            for position in range {
                let properties = scalars[position].properties
                if properties.isCaseIgnorable { continue }
                return properties.isCased
            }
            return false
        }
        let final =
            casedNeighbour((0..<index).reversed()) && !casedNeighbour((index + 1)..<scalars.count)
        return final ? "\u{03C2}" : "\u{03C3}"
    }

    private static func titleCase(_ scalar: Unicode.Scalar) -> String {
        scalar.properties.titlecaseMapping
    }

    /// `str.capitalize()`: the first character in title case, the rest lower case.
    static func capitalize(_ string: String) -> String {
        let scalars = Array(string.unicodeScalars)
        guard let first = scalars.first else { return "" }
        var result = titleCase(first)
        for index in scalars.indices.dropFirst() { result += lowercase(scalars, at: index) }
        return result
    }

    /// `str.title()`: every cased run starts in title case and continues in lower case.
    static func title(_ string: String) -> String {
        let scalars = Array(string.unicodeScalars)
        var result = ""
        var previousCased = false
        for index in scalars.indices {
            result += previousCased ? lowercase(scalars, at: index) : titleCase(scalars[index])
            previousCased = scalars[index].properties.isCased
        }
        return result
    }

    /// `str.swapcase()`.
    static func swapCase(_ string: String) -> String {
        let scalars = Array(string.unicodeScalars)
        var result = ""
        for index in scalars.indices {
            let scalar = scalars[index]
            let properties = scalar.properties
            if properties.isUppercase {
                result += lowercase(scalars, at: index)
            } else if properties.isLowercase {
                result += properties.uppercaseMapping
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `str.center`, `ljust`, `rjust` with a one-character fill.
    static func pad(_ string: String, width: Int, fill: Unicode.Scalar = " ", alignment: Alignment) -> String {
        let length = count(string)
        guard width > length else { return string }
        let total = width - length
        let left: Int
        switch alignment {
        case .left: left = 0
        case .right: left = total
        // Python centres with the extra space on the right, unless both the padding and the width
        // are odd, then on the left.
        case .center: left = total / 2 + (total & width & 1)
        }
        let fillString = String(fill)
        return String(repeating: fillString, count: left) + string + String(repeating: fillString, count: total - left)
    }

    enum Alignment { case left, center, right }

    /// `str.istitle()`: upper-case (or title-case) characters only at the start of cased runs.
    static func isTitle(_ string: String) -> Bool {
        var cased = false
        var previousCased = false
        for scalar in string.unicodeScalars {
            let properties = scalar.properties
            if properties.isUppercase || properties.generalCategory == .titlecaseLetter {
                if previousCased { return false }
                previousCased = true
                cased = true
            } else if properties.isLowercase {
                if !previousCased { return false }
                previousCased = true
                cased = true
            } else {
                previousCased = false
            }
        }
        return cased
    }

    static func isUpper(_ string: String) -> Bool {
        var cased = false
        for scalar in string.unicodeScalars {
            if scalar.properties.isLowercase || scalar.properties.generalCategory == .titlecaseLetter { return false }
            if scalar.properties.isUppercase { cased = true }
        }
        return cased
    }

    static func isLower(_ string: String) -> Bool {
        var cased = false
        for scalar in string.unicodeScalars {
            if scalar.properties.isUppercase || scalar.properties.generalCategory == .titlecaseLetter { return false }
            if scalar.properties.isLowercase { cased = true }
        }
        return cased
    }
}
