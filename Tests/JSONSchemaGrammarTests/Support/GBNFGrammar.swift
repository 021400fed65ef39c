/// A GBNF grammar parsed the way llama.cpp parses it (`src/llama-grammar.cpp`): the same syntax,
/// the same rewriting of repetitions into helper rules, the same limits and the same checks when
/// a sampler is created (a `root` rule, no undefined rule, no left recursion). Tests use it to
/// prove that converter output would load in llama.cpp, and ``GBNFMatcher`` runs it.
struct GBNFGrammar: CustomStringConvertible {
    enum ElementType: Equatable {
        case end, alternative, ruleReference, character, characterNot, rangeUpper, characterAlternative, any
    }

    struct Element: Equatable {
        var type: ElementType
        var value: UInt32
    }

    struct ParseError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Rule bodies by id, each ending with `.end`; alternatives separated by `.alternative`.
    private(set) var rules: [[Element]] = []
    /// Rule ids by name, generated helper rules included (`name_N`).
    private(set) var symbolIDs: [String: Int] = [:]
    /// The names written in the grammar text, in order of definition.
    private(set) var definedNames: [String] = []
    let rootID: Int

    var description: String { "GBNFGrammar(\(rules.count) rules)" }

    static let repetitionThreshold: UInt64 = 2000

    init(_ text: String) throws(ParseError) {
        var parser = Parser(bytes: Array(text.utf8) + [0])
        try parser.parseGrammar()
        rules = parser.rules
        symbolIDs = parser.symbolIDs
        definedNames = parser.definedNames
        guard let root = symbolIDs["root"] else {
            throw ParseError(message: "grammar does not contain a 'root' symbol")
        }
        rootID = root
        try checkLeftRecursion()
    }

    private func checkLeftRecursion() throws(ParseError) {
        var visited = [Bool](repeating: false, count: rules.count)
        var inProgress = [Bool](repeating: false, count: rules.count)
        var mayBeEmpty = [Bool](repeating: false, count: rules.count)
        func detect(_ index: Int) -> Bool {
            if inProgress[index] { return true }
            inProgress[index] = true
            let rule = rules[index]
            var atStart = true
            for element in rule {
                if element.type == .end || element.type == .alternative {
                    if atStart {
                        mayBeEmpty[index] = true
                        break
                    }
                    atStart = true
                } else {
                    atStart = false
                }
            }
            var recurse = true
            for element in rule {
                if element.type == .ruleReference && recurse {
                    if detect(Int(element.value)) { return true }
                    if !mayBeEmpty[Int(element.value)] { recurse = false }
                } else if element.type == .end || element.type == .alternative {
                    recurse = true
                } else {
                    recurse = false
                }
            }
            inProgress[index] = false
            visited[index] = true
            return false
        }
        for index in rules.indices where !visited[index] {
            if detect(index) {
                let name = symbolIDs.first { $0.value == index }?.key ?? "#\(index)"
                throw ParseError(message: "left recursion detected for nonterminal \(name)")
            }
        }
    }

    /// A port of `llama_grammar_parser`.
    private struct Parser {
        let bytes: [UInt8]
        var rules: [[Element]] = []
        var symbolIDs: [String: Int] = [:]
        var definedNames: [String] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func parseGrammar() throws(ParseError) {
            var position = parseSpace(0, newlineOK: true)
            while bytes[position] != 0 {
                position = try parseRule(position)
            }
            for (index, rule) in rules.enumerated() {
                if rule.isEmpty {
                    let name = symbolIDs.first { $0.value == index }?.key ?? "#\(index)"
                    throw ParseError(message: "Undefined rule identifier '\(name)'")
                }
            }
        }

        func isWordCharacter(_ byte: UInt8) -> Bool {
            (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || byte == 45 || (byte >= 48 && byte <= 57)
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

        func parseSpace(_ start: Int, newlineOK: Bool) -> Int {
            var position = start
            while true {
                let byte = bytes[position]
                if byte == 32 || byte == 9 {
                    position += 1
                } else if byte == 35 {
                    while bytes[position] != 0 && bytes[position] != 13 && bytes[position] != 10 { position += 1 }
                } else if newlineOK && (byte == 13 || byte == 10) {
                    position += 1
                } else {
                    return position
                }
            }
        }

        func parseName(_ start: Int) throws(ParseError) -> Int {
            var position = start
            while isWordCharacter(bytes[position]) { position += 1 }
            if position == start { throw ParseError(message: "expecting name at \(rest(start))") }
            return position
        }

        func parseInt(_ start: Int) throws(ParseError) -> Int {
            var position = start
            while isDigit(bytes[position]) { position += 1 }
            if position == start { throw ParseError(message: "expecting integer at \(rest(start))") }
            return position
        }

        func rest(_ position: Int) -> String {
            String(decoding: bytes[position..<min(bytes.count - 1, position + 40)], as: UTF8.self)
        }

        func parseHex(_ start: Int, size: Int) throws(ParseError) -> (UInt32, Int) {
            var value: UInt32 = 0
            var position = start
            let end = start + size
            while position < end && bytes[position] != 0 {
                let byte = bytes[position]
                value <<= 4
                if byte >= 97 && byte <= 102 {
                    value += UInt32(byte - 97 + 10)
                } else if byte >= 65 && byte <= 70 {
                    value += UInt32(byte - 65 + 10)
                } else if byte >= 48 && byte <= 57 {
                    value += UInt32(byte - 48)
                } else {
                    break
                }
                position += 1
            }
            if position != end { throw ParseError(message: "expecting \(size) hex chars at \(rest(start))") }
            return (value, position)
        }

        func decodeUTF8(_ start: Int) -> (UInt32, Int) {
            let lookup = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4]
            let first = bytes[start]
            let length = lookup[Int(first >> 4)]
            let mask = UInt8((1 << (8 - length)) - 1)
            var value = UInt32(first & mask)
            var position = start + 1
            let end = start + length
            while position < end && bytes[position] != 0 {
                value = (value << 6) + UInt32(bytes[position] & 0x3F)
                position += 1
            }
            return (value, position)
        }

        func parseCharacter(_ start: Int) throws(ParseError) -> (UInt32, Int) {
            if bytes[start] == 92 {
                switch bytes[start + 1] {
                case UInt8(ascii: "x"): return try parseHex(start + 2, size: 2)
                case UInt8(ascii: "u"): return try parseHex(start + 2, size: 4)
                case UInt8(ascii: "U"): return try parseHex(start + 2, size: 8)
                case UInt8(ascii: "t"): return (9, start + 2)
                case UInt8(ascii: "r"): return (13, start + 2)
                case UInt8(ascii: "n"): return (10, start + 2)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "-"):
                    return (UInt32(bytes[start + 1]), start + 2)
                default: throw ParseError(message: "unknown escape at \(rest(start))")
                }
            }
            if bytes[start] != 0 { return decodeUTF8(start) }
            throw ParseError(message: "unexpected end of input")
        }

        mutating func symbolID(_ name: String) -> Int {
            if let id = symbolIDs[name] { return id }
            let id = symbolIDs.count
            symbolIDs[name] = id
            return id
        }

        mutating func generateSymbolID(_ base: String) -> Int {
            let id = symbolIDs.count
            symbolIDs["\(base)_\(id)"] = id
            return id
        }

        mutating func addRule(_ id: Int, _ rule: [Element]) {
            while rules.count <= id { rules.append([]) }
            rules[id] = rule
        }

        mutating func parseAlternates(
            _ start: Int, ruleName: String, ruleID: Int, nested: Bool
        ) throws(ParseError)
            -> Int
        {
            var rule: [Element] = []
            var position = try parseSequence(start, ruleName: ruleName, rule: &rule, nested: nested)
            while bytes[position] == UInt8(ascii: "|") {
                rule.append(Element(type: .alternative, value: 0))
                position = parseSpace(position + 1, newlineOK: true)
                position = try parseSequence(position, ruleName: ruleName, rule: &rule, nested: nested)
            }
            rule.append(Element(type: .end, value: 0))
            addRule(ruleID, rule)
            return position
        }

        mutating func parseSequence(
            _ start: Int, ruleName: String, rule: inout [Element], nested: Bool
        )
            throws(ParseError) -> Int
        {
            var lastSymbolStart = rule.count
            var position = start
            var previousRules: UInt64 = 1

            func repeatLast(_ minimum: UInt64, _ maximum: UInt64?, parser: inout Parser) throws(ParseError) {
                if lastSymbolStart == rule.count {
                    throw ParseError(message: "expecting preceding item to */+/?/{ at \(parser.rest(position))")
                }
                let previous = Array(rule[lastSymbolStart...])
                var total: UInt64 = 1
                if let maximum, maximum > 0 {
                    total = maximum
                } else if minimum > 0 {
                    total = minimum
                }
                if previousRules * total > GBNFGrammar.repetitionThreshold {
                    throw ParseError(message: "number of rules that are going to be repeated exceeds sane defaults")
                }
                if minimum == 0 {
                    rule.removeSubrange(lastSymbolStart...)
                } else {
                    for _ in 1..<max(minimum, 1) { rule += previous }
                }
                var lastRecursiveID = 0
                let optionalCount = maximum.map { $0 - minimum } ?? 1
                for index in 0..<optionalCount {
                    var recursive = previous
                    let id = parser.generateSymbolID(ruleName)
                    if index > 0 || maximum == nil {
                        recursive.append(
                            Element(type: .ruleReference, value: UInt32(maximum == nil ? id : lastRecursiveID)))
                    }
                    recursive.append(Element(type: .alternative, value: 0))
                    recursive.append(Element(type: .end, value: 0))
                    parser.addRule(id, recursive)
                    lastRecursiveID = id
                }
                if optionalCount > 0 { rule.append(Element(type: .ruleReference, value: UInt32(lastRecursiveID))) }
                previousRules *= total
            }

            while bytes[position] != 0 {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    lastSymbolStart = rule.count
                    previousRules = 1
                    while bytes[position] != UInt8(ascii: "\"") {
                        if bytes[position] == 0 { throw ParseError(message: "unexpected end of input") }
                        let (value, next) = try parseCharacter(position)
                        position = next
                        rule.append(Element(type: .character, value: value))
                    }
                    position = parseSpace(position + 1, newlineOK: nested)
                } else if byte == UInt8(ascii: "[") {
                    position += 1
                    var startType = ElementType.character
                    if bytes[position] == UInt8(ascii: "^") {
                        position += 1
                        startType = .characterNot
                    }
                    lastSymbolStart = rule.count
                    previousRules = 1
                    while bytes[position] != UInt8(ascii: "]") {
                        if bytes[position] == 0 { throw ParseError(message: "unexpected end of input") }
                        let (value, next) = try parseCharacter(position)
                        position = next
                        let type = lastSymbolStart < rule.count ? ElementType.characterAlternative : startType
                        rule.append(Element(type: type, value: value))
                        if bytes[position] == UInt8(ascii: "-") && bytes[position + 1] != UInt8(ascii: "]") {
                            if bytes[position + 1] == 0 { throw ParseError(message: "unexpected end of input") }
                            let (upper, after) = try parseCharacter(position + 1)
                            position = after
                            rule.append(Element(type: .rangeUpper, value: upper))
                        }
                    }
                    position = parseSpace(position + 1, newlineOK: nested)
                } else if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "!") {
                    throw ParseError(message: "token matching is not supported by this test parser")
                } else if isWordCharacter(byte) {
                    let end = try parseName(position)
                    let id = symbolID(String(decoding: bytes[position..<end], as: UTF8.self))
                    position = parseSpace(end, newlineOK: nested)
                    lastSymbolStart = rule.count
                    previousRules = 1
                    rule.append(Element(type: .ruleReference, value: UInt32(id)))
                } else if byte == UInt8(ascii: "(") {
                    position = parseSpace(position + 1, newlineOK: true)
                    let before = symbolIDs.count
                    let subID = generateSymbolID(ruleName)
                    position = try parseAlternates(position, ruleName: ruleName, ruleID: subID, nested: true)
                    previousRules = UInt64(max(1, symbolIDs.count - before))
                    lastSymbolStart = rule.count
                    rule.append(Element(type: .ruleReference, value: UInt32(subID)))
                    if bytes[position] != UInt8(ascii: ")") {
                        throw ParseError(message: "expecting ')' at \(rest(position))")
                    }
                    position = parseSpace(position + 1, newlineOK: nested)
                } else if byte == UInt8(ascii: ".") {
                    lastSymbolStart = rule.count
                    previousRules = 1
                    rule.append(Element(type: .any, value: 0))
                    position = parseSpace(position + 1, newlineOK: nested)
                } else if byte == UInt8(ascii: "*") {
                    position = parseSpace(position + 1, newlineOK: nested)
                    try repeatLast(0, nil, parser: &self)
                } else if byte == UInt8(ascii: "+") {
                    position = parseSpace(position + 1, newlineOK: nested)
                    try repeatLast(1, nil, parser: &self)
                } else if byte == UInt8(ascii: "?") {
                    position = parseSpace(position + 1, newlineOK: nested)
                    try repeatLast(0, 1, parser: &self)
                } else if byte == UInt8(ascii: "{") {
                    position = parseSpace(position + 1, newlineOK: nested)
                    if !isDigit(bytes[position]) { throw ParseError(message: "expecting an int at \(rest(position))") }
                    var end = try parseInt(position)
                    let minimum = UInt64(String(decoding: bytes[position..<end], as: UTF8.self))!
                    position = parseSpace(end, newlineOK: nested)
                    var maximum: UInt64?
                    if bytes[position] == UInt8(ascii: "}") {
                        maximum = minimum
                        position = parseSpace(position + 1, newlineOK: nested)
                    } else if bytes[position] == UInt8(ascii: ",") {
                        position = parseSpace(position + 1, newlineOK: nested)
                        if isDigit(bytes[position]) {
                            end = try parseInt(position)
                            maximum = UInt64(String(decoding: bytes[position..<end], as: UTF8.self))!
                            position = parseSpace(end, newlineOK: nested)
                        }
                        if bytes[position] != UInt8(ascii: "}") {
                            throw ParseError(message: "expecting '}' at \(rest(position))")
                        }
                        position = parseSpace(position + 1, newlineOK: nested)
                    } else {
                        throw ParseError(message: "expecting ',' at \(rest(position))")
                    }
                    if minimum > GBNFGrammar.repetitionThreshold {
                        throw ParseError(message: "number of repetitions exceeds sane defaults")
                    }
                    if let bound = maximum, bound > GBNFGrammar.repetitionThreshold { maximum = nil }
                    try repeatLast(minimum, maximum, parser: &self)
                } else {
                    break
                }
            }
            return position
        }

        mutating func parseRule(_ start: Int) throws(ParseError) -> Int {
            let nameEnd = try parseName(start)
            var position = parseSpace(nameEnd, newlineOK: false)
            let name = String(decoding: bytes[start..<nameEnd], as: UTF8.self)
            let id = symbolID(name)
            definedNames.append(name)
            guard bytes[position] == UInt8(ascii: ":"), bytes[position + 1] == UInt8(ascii: ":"),
                bytes[position + 2] == UInt8(ascii: "=")
            else { throw ParseError(message: "expecting ::= at \(rest(position))") }
            position = parseSpace(position + 3, newlineOK: true)
            position = try parseAlternates(position, ruleName: name, ruleID: id, nested: false)
            if bytes[position] == 13 {
                position += bytes[position + 1] == 10 ? 2 : 1
            } else if bytes[position] == 10 {
                position += 1
            } else if bytes[position] != 0 {
                throw ParseError(message: "expecting newline or end at \(rest(position))")
            }
            return parseSpace(position, newlineOK: true)
        }
    }
}
