/// Runs a ``GBNFGrammar`` the way llama.cpp's sampler does: a set of stacks of grammar positions,
/// expanded until each top is a character element, advanced one code point at a time; the input
/// is accepted when some stack is empty at its end.
struct GBNFMatcher {
    typealias Element = GBNFGrammar.Element

    /// A position in the grammar: rule and element index.
    struct Position: Hashable {
        var rule: Int
        var index: Int
    }

    let grammar: GBNFGrammar
    private(set) var stacks: [[Position]] = []

    /// Stacks beyond this many mean the grammar is ambiguous enough to slow llama.cpp down.
    static let stackLimit = 20_000

    init(_ grammar: GBNFGrammar) {
        self.grammar = grammar
        var initial: [[Position]] = []
        var seen: Set<[Position]> = []
        for start in alternativeStarts(grammar.rootID) {
            let stack = isEnd(start) ? [] : [start]
            advance(stack, into: &initial, seen: &seen)
        }
        stacks = initial
    }

    private func element(_ position: Position) -> Element { grammar.rules[position.rule][position.index] }

    private func isEnd(_ position: Position) -> Bool {
        let type = element(position).type
        return type == .end || type == .alternative
    }

    /// The first position of each alternative of a rule.
    private func alternativeStarts(_ rule: Int) -> [Position] {
        var starts = [Position(rule: rule, index: 0)]
        let elements = grammar.rules[rule]
        for (index, element) in elements.enumerated() where element.type == .alternative {
            starts.append(Position(rule: rule, index: index + 1))
        }
        return starts
    }

    private func advance(_ stack: [Position], into result: inout [[Position]], seen: inout Set<[Position]>) {
        var todo = [stack]
        var visited: Set<[Position]> = []
        while let current = todo.popLast() {
            guard visited.insert(current).inserted else { continue }
            guard let top = current.last else {
                if seen.insert(current).inserted { result.append(current) }
                continue
            }
            let element = element(top)
            switch element.type {
            case .ruleReference:
                for start in alternativeStarts(Int(element.value)) {
                    var next = Array(current.dropLast())
                    let after = Position(rule: top.rule, index: top.index + 1)
                    if !isEnd(after) { next.append(after) }
                    if !isEnd(start) { next.append(start) }
                    todo.append(next)
                }
            case .character, .characterNot, .any:
                if seen.insert(current).inserted { result.append(current) }
            default:
                preconditionFailure("a stack may not rest on \(element.type)")
            }
        }
    }

    /// Whether the character group at `position` accepts `scalar`, and the position after it.
    private func match(_ position: Position, _ scalar: UInt32) -> (Bool, Position) {
        var index = position.index
        let rule = grammar.rules[position.rule]
        let positive = rule[index].type == .character || rule[index].type == .any
        var found = false
        repeat {
            if rule[index + 1].type == .rangeUpper {
                found = found || (rule[index].value <= scalar && scalar <= rule[index + 1].value)
                index += 2
            } else if rule[index].type == .any {
                found = true
                index += 1
            } else {
                found = found || rule[index].value == scalar
                index += 1
            }
        } while rule[index].type == .characterAlternative
        return (found == positive, Position(rule: position.rule, index: index))
    }

    /// Consumes one code point; afterwards `stacks` is empty when the grammar rejected it.
    mutating func accept(_ scalar: UInt32) {
        var next: [[Position]] = []
        var seen: Set<[Position]> = []
        for stack in stacks {
            guard let top = stack.last else { continue }
            let (matched, after) = match(top, scalar)
            guard matched else { continue }
            var advanced = Array(stack.dropLast())
            if !isEnd(after) { advanced.append(after) }
            advance(advanced, into: &next, seen: &seen)
        }
        stacks = next
    }

    /// Whether the input so far is a complete sentence of the grammar.
    var isComplete: Bool { stacks.contains { $0.isEmpty } }

    /// Whether the input so far can still be extended or is complete.
    var isAlive: Bool { !stacks.isEmpty }

    /// Runs the whole input; `true` when it is a complete sentence.
    static func accepts(_ grammar: GBNFGrammar, _ input: String) -> Bool {
        var matcher = GBNFMatcher(grammar)
        for scalar in input.unicodeScalars {
            matcher.accept(scalar.value)
            if !matcher.isAlive { return false }
            precondition(
                matcher.stacks.count < stackLimit, "the grammar is too ambiguous: \(matcher.stacks.count) stacks")
        }
        return matcher.isComplete
    }

    /// Code points worth trying next: the bounds (and a middle) of every positive range at a
    /// stack top, plus a fixed palette for negated classes and `.`.
    func candidates(using generator: inout some RandomNumberGenerator) -> [UInt32] {
        var result: Set<UInt32> = []
        var needsPalette = false
        for stack in stacks {
            guard let top = stack.last else { continue }
            var index = top.index
            let rule = grammar.rules[top.rule]
            if rule[index].type != .character { needsPalette = true }
            repeat {
                if rule[index + 1].type == .rangeUpper {
                    let low = rule[index].value
                    let high = rule[index + 1].value
                    result.insert(low)
                    result.insert(high)
                    result.insert(UInt32.random(in: low...high, using: &generator))
                    index += 2
                } else {
                    if rule[index].type != .any { result.insert(rule[index].value) }
                    index += 1
                }
            } while rule[index].type == .characterAlternative
        }
        if needsPalette { result.formUnion(GBNFMatcher.palette) }
        return result.filter { value in
            guard Unicode.Scalar(value) != nil else { return false }
            return stacks.contains { stack in stack.last.map { match($0, value).0 } ?? false }
        }.sorted()
    }

    static let palette: [UInt32] =
        Array(0x20...0x7E) + [0x09, 0x0A, 0x0D, 0x00, 0x1F, 0x7F, 0xE9, 0x2028, 0x65E5, 0x1F600]
}
