import ChatCompletionsAPI
import Foundation
import JSONSchemaGrammar

/// LFM2's calls, written as Python: `<|tool_call_start|>[get_weather(city='Paris', days=3),
/// now()]<|tool_call_end|>`. Arguments are keyword arguments whose values are Python literals
/// (strings in either quote, `True`/`False`/`None`, lists, dicts) or JSON ones.
enum PythonicCalls {
    static let open = "<|tool_call_start|>"
    static let close = "<|tool_call_end|>"

    /// Whether a chat template is LFM2's (some of its templates leave the call markers to the model
    /// and only show the tool list).
    static func matches(templateSource source: String) -> Bool {
        source.contains(open) || source.contains("<|tool_list_start|>") || source.contains("List of tools: ")
    }

    /// Calls as LFM2 writes them (arguments: JSON objects).
    static func render(_ calls: [(name: String, arguments: String)]) -> String {
        let written = calls.map { call in
            let arguments = (try? JSONValue(parsing: call.arguments).objectValue) ?? [:]
            return call.name + "(" + arguments.map { "\($0.key)=\($0.value.jsonString())" }.joined(separator: ", ")
                + ")"
        }
        return open + "[" + written.joined(separator: ", ") + "]" + close
    }

    /// The grammar rule of one call of `tool`: keyword arguments in the order of the schema's
    /// properties (required ones first, then the optional ones the model writes), values as JSON.
    static func callRule(
        _ tool: Tool, index: Int, into builder: inout GrammarBuilder
    ) throws(SchemaConversionError) -> String {
        let strict = tool.function.strict ?? false
        let arguments = try keywordArguments(tool, separator: ", ") {
            (property, position) throws(SchemaConversionError) in
            try builder.addSchema(property, name: "py-arg-\(index)-\(position)", strict: strict)
        }
        return GrammarBuilder.literal(tool.function.name + "(") + " " + arguments + " " + GrammarBuilder.literal(")")
    }

    /// The grammar of a call's keyword arguments (`key=value` here, Gemma's `key:value`), in the
    /// order of the schema's properties: the required ones always, then the optional ones the
    /// model writes. `value` makes the rule of a property's value from its schema and position.
    static func keywordArguments(
        _ tool: Tool, separator: String, assignment: String = "=",
        value: (_ property: JSONValue, _ position: Int) throws(SchemaConversionError) -> String
    ) throws(SchemaConversionError) -> String {
        let schema = tool.function.parameters ?? ["type": "object", "properties": [:]]
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        var mandatory: [String] = []
        var optional: [String] = []
        for (position, (key, property)) in (schema["properties"]?.objectValue ?? [:]).enumerated() {
            let element = GrammarBuilder.literal(key + assignment) + " " + (try value(property, position))
            if required.contains(key) { mandatory.append(element) } else { optional.append(element) }
        }
        let comma = GrammarBuilder.literal(separator)
        if mandatory.isEmpty, let first = optional.first {
            return "( \(first) " + optional.dropFirst().map { "( \(comma) \($0) )?" }.joined(separator: " ") + " )?"
        }
        return mandatory.joined(separator: " \(comma) ") + optional.map { " ( \(comma) \($0) )?" }.joined()
    }

    /// The grammar of a turn's calls, each one of `call`'s alternatives.
    static func callsRule(_ call: String, many: Bool, maximum: Int) -> String {
        let more = many ? " (\(GrammarBuilder.literal(", ")) \(call)){0,\(maximum - 1)}" : ""
        return GrammarBuilder.literal(open + "[") + " " + call + more + " " + GrammarBuilder.literal("]" + close)
    }
}

/// Reads LFM2's calls as they stream: content until the opening, then each call whole when its
/// closing parenthesis arrives (a call whose Python does not read is returned as content).
struct PythonicCallReader: StepwiseReader {
    private enum State {
        case content
        /// Inside the list, between calls.
        case list
        /// Inside one call, up to its closing parenthesis.
        case call
        /// After the list's `]`, before the closing marker.
        case closing
    }

    private let makeID: () -> String
    private var state = State.content
    private var pending = ""
    private var layout = ""
    private(set) var callCount = 0

    init(makeID: @escaping () -> String) { self.makeID = makeID }

    mutating func feed(_ text: String) -> [ToolCallParser.Output] {
        pending += text
        return steps(final: false)
    }

    mutating func finish() -> [ToolCallParser.Output] {
        var outputs = steps(final: true)
        if !pending.isEmpty {
            // What is left is content (the text of a call cut short, too: it has no arguments yet).
            switch state {
            case .content, .call: outputs.append(.content(pending))
            case .list, .closing: break
            }
        }
        pending = ""
        return outputs
    }

    mutating func advance(final: Bool) -> [ToolCallParser.Output]? {
        guard !pending.isEmpty else { return nil }
        switch state {
        case .content:
            if let range = pending.range(of: PythonicCalls.open) {
                let whole = String(pending[..<range.lowerBound])
                let before = whole.trimmingTrailingWhitespace
                layout = String(whole.dropFirst(before.count))
                pending = String(pending[range.upperBound...])
                state = .list
                return before.isEmpty ? [] : [.content(before)]
            }
            let (shown, held) = ToolCallParser.releasable(pending, opening: PythonicCalls.open, final: final)
            pending = held
            return shown.isEmpty ? nil : [.content(shown)]
        case .list:
            let first = pending.first!
            if first.isWhitespace || first == "," || first == "[" {
                pending.removeFirst()
                return []
            }
            if first == "]" {
                pending.removeFirst()
                state = .closing
                return []
            }
            state = .call
            return []
        case .call:
            guard let end = Self.callEnd(pending) else {
                if final || pending.count > 65_536 {
                    state = .content
                    let text = layout + PythonicCalls.open + pending
                    pending = ""
                    return [.content(text)]
                }
                return nil
            }
            let text = String(pending[..<end])
            pending = String(pending[end...])
            state = .list
            guard let (name, arguments) = Self.parseCall(text) else {
                state = .content
                return [.content(text)]
            }
            let index = callCount
            callCount += 1
            return [.callStarted(index: index, id: makeID(), name: name), .arguments(index: index, arguments)]
        case .closing:
            let trimmed = pending.drop { $0.isWhitespace }
            if trimmed.hasPrefix(PythonicCalls.close) {
                pending = String(trimmed.dropFirst(PythonicCalls.close.count))
                state = .content
                return []
            }
            if PythonicCalls.close.hasPrefix(trimmed) && !final { return nil }
            state = .content
            return []
        }
    }

    /// Where a call ends: just after its closing parenthesis at depth zero, outside strings.
    static func callEnd(_ text: String) -> String.Index? {
        var depth = 0
        var quote: Character?
        var escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == open {
                    quote = nil
                }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if "([{".contains(character) {
                depth += 1
            } else if ")]}".contains(character) {
                depth -= 1
                if depth == 0 && character == ")" { return text.index(after: index) }
                if depth < 0 { return nil }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// `name(key=value, …)` as the function's name and its arguments as a JSON object.
    static func parseCall(_ text: String) -> (String, String)? {
        var scanner = PythonLiteralScanner(text)
        let name = scanner.identifier(allowingDots: true)
        guard !name.isEmpty, scanner.take("(") else { return nil }
        var arguments = JSONObject()
        while !scanner.take(")") {
            if !arguments.isEmpty { guard scanner.take(",") else { return nil } }
            if scanner.take(")") { break }
            let key = scanner.identifier(allowingDots: false)
            guard !key.isEmpty, scanner.take("="), let value = scanner.value() else { return nil }
            arguments[key] = value
        }
        guard scanner.atEnd else { return nil }
        return (name, argumentsText(arguments))
    }

    /// Arguments as the other families' readers write them: `{"key": value, …}`.
    static func argumentsText(_ arguments: JSONObject) -> String {
        let members = arguments.map { JSONValue.string($0.key).jsonString() + ": " + $0.value.jsonString() }
        return "{" + members.joined(separator: ", ") + "}"
    }
}

/// Reads Python literals (and JSON's, and Gemma 4's: strings between `<|"|>` marks, bare keys)
/// into JSON values.
struct PythonLiteralScanner {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) { characters = Array(text) }

    var atEnd: Bool {
        mutating get {
            skipSpace()
            return position == characters.count
        }
    }

    private mutating func skipSpace() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    mutating func take(_ character: Character) -> Bool {
        skipSpace()
        guard position < characters.count, characters[position] == character else { return false }
        position += 1
        return true
    }

    mutating func identifier(allowingDots: Bool) -> String {
        skipSpace()
        var text = ""
        while position < characters.count {
            let character = characters[position]
            guard
                character.isLetter || character.isNumber || character == "_" || (allowingDots && character == ".")
                    || (allowingDots && character == "-")
            else { break }
            text.append(character)
            position += 1
        }
        return text
    }

    mutating func value() -> JSONValue? {
        skipSpace()
        guard position < characters.count else { return nil }
        let character = characters[position]
        if let gemma = gemmaString() { return gemma }
        switch character {
        case "'", "\"": return string(quote: character)
        case "[", "(":
            position += 1
            let close: Character = character == "[" ? "]" : ")"
            var elements: [JSONValue] = []
            while !take(close) {
                if !elements.isEmpty {
                    guard take(",") else { return nil }
                    if take(close) { break }
                }
                guard let element = value() else { return nil }
                elements.append(element)
            }
            return .array(elements)
        case "{":
            position += 1
            var object = JSONObject()
            while !take("}") {
                if !object.isEmpty {
                    guard take(",") else { return nil }
                    if take("}") { break }
                }
                guard let key = key(), take(":"), let member = value() else { return nil }
                object[key] = member
            }
            return .object(object)
        default:
            let word = identifier(allowingDots: true)
            switch word {
            case "True", "true": return .bool(true)
            case "False", "false": return .bool(false)
            case "None", "null": return .null
            default:
                var number = word
                if number.isEmpty, character == "-" || character == "+" {
                    position += 1
                    number = String(character) + identifier(allowingDots: true)
                }
                if let integer = Int(number) { return .int(integer) }
                if let double = Double(number), double.isFinite { return .double(double) }
                return nil
            }
        }
    }

    /// An object's key: a string, or a bare word (Gemma writes its keys so).
    private mutating func key() -> String? {
        let start = position
        if case .string(let key)? = value() { return key }
        position = start
        skipSpace()
        var text = ""
        while position < characters.count, !":,{}[]".contains(characters[position]),
            !characters[position].isWhitespace
        {
            text.append(characters[position])
            position += 1
        }
        return text.isEmpty ? nil : text
    }

    /// Gemma's string: everything up to the next `<|"|>` as it is (no escapes).
    private mutating func gemmaString() -> JSONValue? {
        let mark = Array(GemmaCalls.quote)
        func markAt(_ index: Int) -> Bool {
            index + mark.count <= characters.count && Array(characters[index..<index + mark.count]) == mark
        }
        guard markAt(position) else { return nil }
        var end = position + mark.count
        while end < characters.count, !markAt(end) { end += 1 }
        guard end < characters.count else { return nil }
        let text = String(characters[(position + mark.count)..<end])
        position = end + mark.count
        return .string(text)
    }

    private mutating func string(quote: Character) -> JSONValue? {
        position += 1
        var text = ""
        while position < characters.count {
            let character = characters[position]
            position += 1
            if character == quote { return .string(text) }
            guard character == "\\" else {
                text.append(character)
                continue
            }
            guard position < characters.count else { return nil }
            let escape = characters[position]
            position += 1
            switch escape {
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "r": text.append("\r")
            case "u":
                guard position + 4 <= characters.count,
                    let code = UInt32(String(characters[position..<position + 4]), radix: 16),
                    let scalar = Unicode.Scalar(code)
                else { return nil }
                position += 4
                text.unicodeScalars.append(scalar)
            default: text.append(escape)
            }
        }
        return nil
    }
}
