/// Splits template source into tokens the way jinja2's lexer does when configured like Hugging Face
/// transformers: `trim_blocks` (the first newline after a block or comment tag is dropped),
/// `lstrip_blocks` (spaces and tabs before a block or comment tag on its own line are dropped),
/// `-`/`+` whitespace control on both sides of every tag, and newlines normalized to `\n` with one
/// trailing newline of the source removed.
struct Lexer {
    private let source: [Unicode.Scalar]
    private let lineStarts: [Int]
    private var position = 0
    private var tokens: [Token] = []
    /// Whether the last thing consumed ended with a newline (jinja2's `line_starting`), which lets
    /// `lstrip_blocks` strip the indentation of a tag that begins right after a trimmed newline.
    private var lineStarting = true

    init(source text: String) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.unicodeScalars.count)
        var iterator = text.unicodeScalars.makeIterator()
        var pending = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if scalar == "\r" {
                scalars.append("\n")
                if pending == "\n" { pending = iterator.next() }
            } else {
                scalars.append(scalar)
            }
        }
        if scalars.last == "\n" { scalars.removeLast() }
        source = scalars
        var starts = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" { starts.append(index + 1) }
        lineStarts = starts
    }

    /// The tokens of the whole source, ending with `.end`.
    static func tokenize(_ text: String) throws(TemplateError) -> [Token] {
        var lexer = Lexer(source: text)
        try lexer.run()
        return lexer.tokens
    }

    func location(of offset: Int) -> SourceLocation {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return SourceLocation(line: low + 1, column: offset - lineStarts[low] + 1)
    }

    /// jinja2's lexer error: the character's Python repr and its offset in the source.
    private func unexpectedCharacter(at offset: Int) -> TemplateError {
        fail("unexpected char \(PythonFormat.stringRepr(String(source[offset]))) at \(offset)", at: offset)
    }

    private func fail(_ message: String, at offset: Int) -> TemplateError {
        TemplateError(message, at: location(of: offset))
    }

    private func at(_ offset: Int) -> Unicode.Scalar? {
        offset < source.count ? source[offset] : nil
    }

    private func matches(_ literal: String, at offset: Int) -> Bool {
        var index = offset
        for scalar in literal.unicodeScalars {
            guard index < source.count, source[index] == scalar else { return false }
            index += 1
        }
        return true
    }

    private func skipWhitespace(from offset: Int) -> Int {
        var index = offset
        while index < source.count, source[index].isPythonWhitespace { index += 1 }
        return index
    }

    private func string(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: source[range])
        return String(view)
    }

    private mutating func emit(_ kind: Token.Kind, at offset: Int) {
        tokens.append(Token(kind: kind, location: location(of: offset)))
    }

    // MARK: - Root state

    private mutating func run() throws(TemplateError) {
        while position < source.count {
            guard let tagStart = nextTagStart(from: position) else {
                emitText(position..<source.count)
                position = source.count
                break
            }
            let kind = source[tagStart + 1]
            let sign = at(tagStart + 2).flatMap { $0 == "-" || $0 == "+" ? $0 : nil }
            let rawEnd = kind == "%" ? rawBeginEnd(at: tagStart) : nil
            let textEnd = strippedTextEnd(position..<tagStart, sign: sign, isVariable: kind == "{")
            emitText(position..<textEnd)
            let afterBegin = tagStart + 2 + (sign == nil ? 0 : 1)
            if let rawEnd {
                lineStarting = source[rawEnd - 1] == "\n"
                position = rawEnd
                try lexRawBody(tagStart: tagStart)
                continue
            }
            lineStarting = false
            switch kind {
            case "{":
                emit(.variableBegin, at: tagStart)
                position = afterBegin
                try lexTag(isBlock: false, tagStart: tagStart)
            case "%":
                emit(.blockBegin, at: tagStart)
                position = afterBegin
                try lexTag(isBlock: true, tagStart: tagStart)
            default:
                position = afterBegin
                try skipComment(tagStart: tagStart)
            }
        }
        emit(.end, at: source.count)
    }

    private mutating func emitText(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        emit(.text(string(range)), at: range.lowerBound)
    }

    private func nextTagStart(from offset: Int) -> Int? {
        var index = offset
        while index + 1 < source.count {
            if source[index] == "{" {
                let next = source[index + 1]
                if next == "{" || next == "%" || next == "#" { return index }
            }
            index += 1
        }
        return nil
    }

    /// Where the text before a tag ends once the tag's whitespace control has been applied.
    private func strippedTextEnd(_ range: Range<Int>, sign: Unicode.Scalar?, isVariable: Bool) -> Int {
        if sign == "-" {
            var end = range.upperBound
            while end > range.lowerBound, source[end - 1].isPythonWhitespace { end -= 1 }
            return end
        }
        guard sign != "+", !isVariable else { return range.upperBound }
        var lineStart = range.lowerBound
        for index in range.reversed() where source[index] == "\n" {
            lineStart = index + 1
            break
        }
        guard lineStart > range.lowerBound || lineStarting, lineStart < range.upperBound else {
            return range.upperBound
        }
        for index in lineStart..<range.upperBound where !source[index].isPythonWhitespace {
            return range.upperBound
        }
        return lineStart
    }

    // MARK: - Comments and raw blocks

    private mutating func skipComment(tagStart: Int) throws(TemplateError) {
        var index = position
        while index < source.count {
            if matches("+#}", at: index) {
                position = index + 3
                lineStarting = false
                return
            }
            if matches("-#}", at: index) {
                position = skipWhitespace(from: index + 3)
                lineStarting = source[position - 1] == "\n"
                return
            }
            if matches("#}", at: index) {
                position = index + 2
                if at(position) == "\n" { position += 1 }
                lineStarting = source[position - 1] == "\n"
                return
            }
            index += 1
        }
        throw fail("Missing end of comment tag", at: tagStart)
    }

    /// If a `{% raw %}` tag starts at `offset`, the offset just after it.
    private func rawBeginEnd(at offset: Int) -> Int? {
        var index = offset + 2
        if at(index) == "-" || at(index) == "+" { index += 1 }
        index = skipWhitespace(from: index)
        guard matches("raw", at: index) else { return nil }
        index = skipWhitespace(from: index + 3)
        if matches("-%}", at: index) { return skipWhitespace(from: index + 3) }
        if matches("%}", at: index) { return index + 2 }
        return nil
    }

    private mutating func lexRawBody(tagStart: Int) throws(TemplateError) {
        var index = position
        while let start = nextTagStart(from: index) {
            index = start + 1
            guard source[start + 1] == "%" else { continue }
            var cursor = start + 2
            let sign = at(cursor).flatMap { $0 == "-" || $0 == "+" ? $0 : nil }
            if sign != nil { cursor += 1 }
            cursor = skipWhitespace(from: cursor)
            guard matches("endraw", at: cursor) else { continue }
            cursor = skipWhitespace(from: cursor + 6)
            let end: Int
            if matches("+%}", at: cursor) {
                end = cursor + 3
            } else if matches("-%}", at: cursor) {
                end = skipWhitespace(from: cursor + 3)
            } else if matches("%}", at: cursor) {
                end = at(cursor + 2) == "\n" ? cursor + 3 : cursor + 2
            } else {
                continue
            }
            let textEnd = strippedTextEnd(position..<start, sign: sign, isVariable: false)
            emitText(position..<textEnd)
            position = end
            lineStarting = source[end - 1] == "\n"
            return
        }
        throw fail("Missing end of raw directive", at: tagStart)
    }

    // MARK: - Inside tags

    private mutating func lexTag(isBlock: Bool, tagStart: Int) throws(TemplateError) {
        var balance: [Unicode.Scalar] = []
        while true {
            guard position < source.count else {
                let expected = isBlock ? "end of statement block" : "end of print statement"
                throw fail("unexpected end of template, expected '\(expected)'.", at: source.count)
            }
            if balance.isEmpty, let end = tagEnd(isBlock: isBlock) {
                emit(isBlock ? .blockEnd : .variableEnd, at: position)
                position = end
                lineStarting = source[end - 1] == "\n"
                return
            }
            let scalar = source[position]
            if scalar.isPythonWhitespace {
                position += 1
                continue
            }
            let start = position
            if let number = try lexNumber() {
                emit(number, at: start)
            } else if scalar.isNameStart {
                var end = position + 1
                while end < source.count, source[end].isNameContinuation { end += 1 }
                emit(.name(string(position..<end)), at: start)
                position = end
            } else if scalar == "'" || scalar == "\"" {
                emit(.string(try lexString()), at: start)
            } else if let op = lexOperator() {
                switch op {
                case "(": balance.append(")")
                case "[": balance.append("]")
                case "{": balance.append("}")
                case ")", "]", "}":
                    guard let expected = balance.popLast() else { throw fail("unexpected '\(op)'", at: start) }
                    guard String(expected) == op else {
                        throw fail("unexpected '\(op)', expected '\(expected)'", at: start)
                    }
                default: break
                }
                emit(.op(op), at: start)
            } else {
                throw unexpectedCharacter(at: start)
            }
        }
    }

    /// If the closing delimiter of the current tag starts here, the offset after it (and after
    /// the whitespace its control strips).
    private func tagEnd(isBlock: Bool) -> Int? {
        if isBlock {
            if matches("+%}", at: position) { return position + 3 }
            if matches("-%}", at: position) { return skipWhitespace(from: position + 3) }
            if matches("%}", at: position) { return at(position + 2) == "\n" ? position + 3 : position + 2 }
            return nil
        }
        if matches("-}}", at: position) { return skipWhitespace(from: position + 3) }
        if matches("}}", at: position) { return position + 2 }
        return nil
    }

    private static let twoCharacterOperators: Set<String> = ["//", "**", "==", "!=", ">=", "<="]
    private static let oneCharacterOperators: Set<Unicode.Scalar> = [
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";",
    ]

    private mutating func lexOperator() -> String? {
        let first = source[position]
        if let second = at(position + 1) {
            let pair = String(first) + String(second)
            if Lexer.twoCharacterOperators.contains(pair) {
                position += 2
                return pair
            }
        }
        guard Lexer.oneCharacterOperators.contains(first) else { return nil }
        position += 1
        return String(first)
    }

    private func isDigit(_ offset: Int) -> Bool {
        guard let scalar = at(offset) else { return false }
        return scalar.value >= 0x30 && scalar.value <= 0x39
    }

    /// Digits possibly separated by single underscores (`1_000`); returns the end offset.
    private func digitRun(from offset: Int) -> Int? {
        guard isDigit(offset) else { return nil }
        var end = offset + 1
        while true {
            if isDigit(end) {
                end += 1
            } else if at(end) == "_", isDigit(end + 1) {
                end += 2
            } else {
                return end
            }
        }
    }

    private mutating func lexNumber() throws(TemplateError) -> Token.Kind? {
        guard isDigit(position) else { return nil }
        let start = position
        // A float: digits, then a fraction and/or an exponent; never right after a '.'.
        if start == 0 || source[start - 1] != ".", let integerEnd = digitRun(from: start) {
            var end = integerEnd
            var isFloat = false
            if at(end) == ".", let fractionEnd = digitRun(from: end + 1) {
                end = fractionEnd
                isFloat = true
            }
            if let e = at(end), e == "e" || e == "E" {
                var exponentStart = end + 1
                if at(exponentStart) == "+" || at(exponentStart) == "-" { exponentStart += 1 }
                if let exponentEnd = digitRun(from: exponentStart) {
                    end = exponentEnd
                    isFloat = true
                }
            }
            if isFloat {
                let text = string(start..<end).replacingAll("_", with: "")
                guard let value = Double(text) else { throw fail("invalid float literal '\(text)'", at: start) }
                position = end
                return .float(value)
            }
        }
        // An integer: 0b/0o/0x prefixed, a decimal without leading zeros, or zeros.
        if source[start] == "0", let marker = at(start + 1) {
            let radix: Int? =
                switch marker {
                case "b", "B": 2
                case "o", "O": 8
                case "x", "X": 16
                default: nil
                }
            if let radix {
                var end = start + 2
                var digits = ""
                while let scalar = at(end) {
                    if scalar == "_", let next = at(end + 1), Int(String(next), radix: radix) != nil {
                        end += 1
                        continue
                    }
                    guard Int(String(scalar), radix: radix) != nil else { break }
                    digits.unicodeScalars.append(scalar)
                    end += 1
                }
                if !digits.isEmpty {
                    guard let value = Int(digits, radix: radix) else {
                        throw fail("integer literal is too large", at: start)
                    }
                    position = end
                    return .integer(value)
                }
            }
        }
        if source[start] == "0" {
            var end = start + 1
            while true {
                if at(end) == "0" {
                    end += 1
                } else if at(end) == "_", at(end + 1) == "0" {
                    end += 2
                } else {
                    break
                }
            }
            position = end
            return .integer(0)
        }
        let end = digitRun(from: start)!
        let text = string(start..<end).replacingAll("_", with: "")
        guard let value = Int(text) else { throw fail("integer literal \(text) is too large", at: start) }
        position = end
        return .integer(value)
    }

    /// A quoted string literal, decoded the way Python's `unicode-escape` codec decodes it.
    private mutating func lexString() throws(TemplateError) -> String {
        let quote = source[position]
        let start = position
        var index = position + 1
        while index < source.count, source[index] != quote {
            index += source[index] == "\\" ? 2 : 1
        }
        guard index < source.count else { throw unexpectedCharacter(at: start) }
        position = index + 1
        return try decodeEscapes(start + 1..<index)
    }

    private func decodeEscapes(_ range: Range<Int>) throws(TemplateError) -> String {
        var result = String.UnicodeScalarView()
        var index = range.lowerBound
        func hex(_ count: Int) throws(TemplateError) -> Unicode.Scalar {
            var value: UInt32 = 0
            for offset in 0..<count {
                guard index + 1 + offset < range.upperBound,
                    let digit = Int(String(source[index + 1 + offset]), radix: 16)
                else {
                    throw fail("truncated \\\(source[index])\(String(repeating: "X", count: count)) escape", at: index)
                }
                value = value * 16 + UInt32(digit)
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw fail("illegal Unicode character in string escape", at: index)
            }
            index += count
            return scalar
        }
        while index < range.upperBound {
            let scalar = source[index]
            guard scalar == "\\", index + 1 < range.upperBound else {
                result.append(scalar)
                index += 1
                continue
            }
            index += 1
            let escape = source[index]
            switch escape {
            case "\\": result.append("\\")
            case "'": result.append("'")
            case "\"": result.append("\"")
            case "a": result.append("\u{07}")
            case "b": result.append("\u{08}")
            case "f": result.append("\u{0C}")
            case "n": result.append("\n")
            case "r": result.append("\r")
            case "t": result.append("\t")
            case "v": result.append("\u{0B}")
            case "\n": break
            case "x": result.append(try hex(2))
            case "u": result.append(try hex(4))
            case "U": result.append(try hex(8))
            case "0"..."7":
                var value = escape.value - 0x30
                var digits = 1
                while digits < 3, index + 1 < range.upperBound, ("0"..."7").contains(source[index + 1]) {
                    index += 1
                    value = value * 8 + source[index].value - 0x30
                    digits += 1
                }
                result.append(Unicode.Scalar(value)!)
            default:
                result.append("\\")
                result.append(escape)
            }
            index += 1
        }
        return String(result)
    }
}
