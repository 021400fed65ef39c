public import ChatCompletionsAPI
import Foundation

/// Separates a model's streamed output into content and tool calls, for one choice. Content never
/// contains call syntax; a call is reported as soon as its name is known, then its arguments
/// fragment by fragment as the JSON arrives.
package struct ToolCallParser {
    /// What the parser found in the text fed so far.
    package enum Output: Equatable {
        /// Plain content.
        case content(String)
        /// A call starts: its position among this choice's calls, id and function name.
        case callStarted(index: Int, id: String, name: String)
        /// More of the arguments of call `index` (JSON text).
        case arguments(index: Int, String)
        /// The model's thinking (families whose format carries it, as harmony's analysis channel).
        case reasoning(String)
    }

    private enum State {
        /// Looking for the opening of a call region.
        case content
        /// Inside a call region, between objects.
        case between
        /// Inside a call object.
        case object(ObjectScan)
        /// After a Hermes call object, waiting for its closing tag.
        case closing
        /// Named families: inside the call section, between calls.
        case namedBetween
        /// Named families: reading the function's name, up to the separator.
        case namedName
        /// Named families: inside the arguments' JSON value.
        case namedArguments(JSONExtent)
        /// Named families: after the arguments, before the call's closing marker.
        case namedClosing
    }

    let syntax: ToolCallSyntax
    private var state: State = .content
    private var pending = ""
    private var sawContent = false
    private var makeID: () -> String
    /// Calls reported so far.
    private(set) var callCount = 0
    /// Whitespace dropped before the last call's opening (sent after all if it is no call).
    private var layout = ""
    /// The reader of a family that is not JSON-based (XML elements, harmony messages).
    private var reader: Reader?

    private enum Reader {
        case xml(XMLCallReader)
        case harmony(HarmonyReader)
        case pythonic(PythonicCallReader)
        case gemma(GemmaCallReader)
    }

    /// `tools`: the request's tools, whose parameter types say how the XML families' values read.
    package init(syntax: ToolCallSyntax, tools: [Tool] = [], makeID: @escaping () -> String = ToolCallParser.randomID) {
        self.syntax = syntax
        self.makeID = makeID
        if let xml = syntax.xml {
            reader = .xml(XMLCallReader(markers: xml, kinds: XMLArgumentKind.table(tools), makeID: makeID))
        } else if syntax.family == .harmony {
            reader = .harmony(HarmonyReader(makeID: makeID))
        } else if syntax.family == .pythonic {
            reader = .pythonic(PythonicCallReader(makeID: makeID))
        } else if syntax.family == .gemma {
            reader = .gemma(GemmaCallReader(makeID: makeID))
        } else if let markers = syntax.markers, markers.openedByPrompt {
            state = .namedName
        }
    }

    /// `call_` followed by 24 random letters and digits.
    static func randomID() -> String { RandomIdentifier.make(prefix: "call_") }

    /// Feeds more output text.
    package mutating func feed(_ text: String) -> [Output] {
        switch reader {
        case .xml(var xml)?:
            defer { reader = .xml(xml) }
            return merge(xml.feed(text))
        case .harmony(var harmony)?:
            defer { reader = .harmony(harmony) }
            return merge(harmony.feed(text))
        case .pythonic(var pythonic)?:
            defer { reader = .pythonic(pythonic) }
            return merge(pythonic.feed(text))
        case .gemma(var gemma)?:
            defer { reader = .gemma(gemma) }
            return merge(gemma.feed(text))
        case nil: break
        }
        pending += text
        var outputs: [Output] = []
        while let step = advance(final: false) { outputs += step }
        return merge(outputs)
    }

    /// The output has ended: whatever is held back is settled.
    package mutating func finish() -> [Output] {
        switch reader {
        case .xml(var xml)?:
            defer { reader = .xml(xml) }
            return merge(xml.finish())
        case .harmony(var harmony)?:
            defer { reader = .harmony(harmony) }
            return merge(harmony.finish())
        case .pythonic(var pythonic)?:
            defer { reader = .pythonic(pythonic) }
            return merge(pythonic.finish())
        case .gemma(var gemma)?:
            defer { reader = .gemma(gemma) }
            return merge(gemma.finish())
        case nil: break
        }
        var outputs: [Output] = []
        while let step = advance(final: true) { outputs += step }
        switch state {
        case .content, .closing, .between:
            if case .content = state, !pending.isEmpty { outputs.append(.content(pending)) }
        case .object(let scan):
            // A call cut short (max_tokens): its arguments have been streamed as far as they got;
            // a call whose name never arrived is returned as content rather than lost.
            if scan.callIndex == nil { outputs.append(.content(layout + scan.text + pending)) }
        case .namedBetween, .namedName, .namedArguments, .namedClosing:
            break
        }
        pending = ""
        return merge(outputs)
    }

    /// One step of the state machine; nil when it needs more text.
    private mutating func advance(final: Bool) -> [Output]? {
        if syntax.family == .named, let markers = syntax.markers { return advanceNamed(markers, final: final) }
        switch state {
        case .content:
            return scanContent(final: final)
        case .between:
            guard let first = pending.first else { return nil }
            if first.isWhitespace || first == "," || first == ";" || first == "[" || first == "]" {
                pending.removeFirst()
                return []
            }
            if first == "{" {
                state = .object(ObjectScan())
                return []
            }
            if let close = syntax.list?.close, !close.isEmpty {
                if pending.hasPrefix(close) {
                    pending.removeFirst(close.count)
                    state = .content
                    return []
                }
                if close.hasPrefix(pending) && !final { return nil }
            }
            if !syntax.opening.isEmpty && pending.hasPrefix(syntax.opening) {
                pending.removeFirst(syntax.opening.count)
                return []
            }
            if !syntax.opening.isEmpty && syntax.opening.hasPrefix(pending) && !final { return nil }
            // Anything else ends the call region.
            state = .content
            return []
        case .object(var scan):
            guard !pending.isEmpty else { return nil }
            var outputs: [Output] = []
            let consumed = scan.consume(
                pending, syntax: syntax, outputs: &outputs, nextIndex: callCount, makeID: makeID)
            pending.removeFirst(consumed)
            if scan.callIndex != nil && callCount == scan.callIndex! { callCount += 1 }
            if scan.isComplete {
                if scan.callIndex == nil {
                    // The layout was not the expected one: parse the whole object.
                    outputs += wholeObject(scan.text)
                }
                state = syntax.closing.isEmpty ? .between : .closing
            } else {
                state = .object(scan)
            }
            return outputs
        case .namedBetween, .namedName, .namedArguments, .namedClosing:
            return nil
        case .closing:
            let trimmed = pending.drop { $0.isWhitespace }
            if trimmed.hasPrefix(syntax.closing) {
                pending = String(trimmed.dropFirst(syntax.closing.count))
                state = .content
                return []
            }
            if syntax.closing.hasPrefix(trimmed) {
                // Wait for the rest of the marker; at the end (max_tokens cut it short) it is still
                // the call's markup, not text.
                if !final { return nil }
                pending = ""
                state = .content
                return []
            }
            pending = String(trimmed)
            state = .content
            return []
        }
    }

    /// One step for the families that write the name outside the arguments.
    private mutating func advanceNamed(_ markers: NamedCallMarkers, final: Bool) -> [Output]? {
        let afterCall: State = markers.sectionOpen.isEmpty ? .content : .namedBetween
        switch state {
        case .content, .between, .object, .closing:
            let outputs = scanContent(final: final)
            if case .between = state { state = markers.sectionOpen.isEmpty ? .namedName : .namedBetween }
            return outputs
        case .namedBetween:
            let trimmed = pending.drop { $0.isWhitespace }
            if trimmed.hasPrefix(markers.callOpen) {
                pending = String(trimmed.dropFirst(markers.callOpen.count))
                state = .namedName
                return []
            }
            if trimmed.hasPrefix(markers.sectionClose) && !trimmed.isEmpty {
                pending = String(trimmed.dropFirst(markers.sectionClose.count))
                state = .content
                return []
            }
            if !final && (markers.callOpen.hasPrefix(trimmed) || markers.sectionClose.hasPrefix(trimmed)) {
                return nil
            }
            // Anything else ends the call section.
            pending = String(trimmed)
            state = .content
            return []
        case .namedName:
            if let range = pending.range(of: markers.separator) {
                let name = markers.name(from: pending[..<range.lowerBound])
                pending = String(pending[range.upperBound...])
                if name == markers.contentRecipient {
                    // Functionary's `>>>all`: what follows is text for the user.
                    state = .content
                    return []
                }
                let index = callCount
                callCount += 1
                state = .namedArguments(JSONExtent())
                return [.callStarted(index: index, id: makeID(), name: name)]
            }
            guard final || pending.count > 256 else { return nil }
            // No name after all: what was written is content, not lost.
            let text = layout + markers.callOpen + pending
            pending = ""
            state = .content
            return content(text)
        case .namedArguments(var extent):
            guard !pending.isEmpty else { return nil }
            let (consumed, fragment) = extent.consume(pending)
            pending.removeFirst(consumed)
            state = extent.isComplete ? .namedClosing : .namedArguments(extent)
            return fragment.isEmpty ? [] : [.arguments(index: callCount - 1, fragment)]
        case .namedClosing:
            let close = markers.callClose.drop { $0.isWhitespace }
            let trimmed = pending.drop { $0.isWhitespace }
            if close.isEmpty {
                state = afterCall
                return []
            }
            if trimmed.hasPrefix(close) {
                pending = String(trimmed.dropFirst(close.count))
                state = afterCall
                return []
            }
            if !final && close.hasPrefix(trimmed) { return nil }
            pending = String(trimmed)
            state = afterCall
            return []
        }
    }

    private mutating func scanContent(final: Bool) -> [Output]? {
        guard !pending.isEmpty else { return nil }
        if syntax.family == .llama3 {
            // A Llama 3 call is the whole reply: decide at its first non-space characters.
            if sawContent {
                defer { pending = "" }
                return [.content(pending)]
            }
            var trimmed = pending.drop { $0.isWhitespace }
            let marker = "{\"name\""
            let tag = "<|python_tag|>"
            if !final && tag.hasPrefix(trimmed) && !trimmed.isEmpty { return nil }
            if trimmed.hasPrefix(tag) {
                // Llama 3.1 often opens a call with `<|python_tag|>`: JSON after it, or a built-in
                // tool's Python (`brave_search.call(query="…")`).
                trimmed = trimmed.dropFirst(tag.count).drop { $0.isWhitespace }
                if let first = trimmed.first, first.isLetter {
                    let rest = String(trimmed)
                    guard let end = PythonicCallReader.callEnd(rest) else {
                        if !final { return nil }
                        sawContent = true
                        defer { pending = "" }
                        return [.content(pending)]
                    }
                    guard let (name, arguments) = PythonicCallReader.parseCall(String(rest[..<end])) else {
                        sawContent = true
                        defer { pending = "" }
                        return [.content(pending)]
                    }
                    pending = String(rest[end...])
                    sawContent = true
                    let index = callCount
                    callCount += 1
                    let function = name.hasSuffix(".call") ? String(name.dropLast(".call".count)) : name
                    return [
                        .callStarted(index: index, id: makeID(), name: function), .arguments(index: index, arguments),
                    ]
                }
                if trimmed.isEmpty && !final { return nil }
            }
            if trimmed.hasPrefix(marker) {
                pending = String(trimmed)
                state = .between
                return []
            }
            if marker.hasPrefix(trimmed) && !final { return nil }
            sawContent = true
            defer { pending = "" }
            return [.content(pending)]
        }
        let opening = syntax.opening
        if let range = pending.range(of: opening) {
            // Whitespace before a call (or between calls) is layout, not content.
            let whole = String(pending[..<range.lowerBound])
            let before = whole.trimmingTrailingWhitespace
            layout = String(whole.dropFirst(before.count))
            pending = String(pending[range.upperBound...])
            state = .between
            return content(before)
        }
        let (shown, held) = Self.releasable(pending, opening: opening, final: final)
        pending = held
        return shown.isEmpty ? nil : content(shown)
    }

    /// Splits content text into what can go out now and what is held back: a suffix that could
    /// start `opening`, and whitespace before it (dropped if a call follows, sent if text does).
    static func releasable(_ text: String, opening: String, final: Bool) -> (shown: String, held: String) {
        guard !final else { return (text, "") }
        let kept = ReasoningSplitter.partialSuffix(of: text, prefixing: opening)
        let body = text.dropLast(kept)
        let shown = String(body).trimmingTrailingWhitespace
        return (shown, String(text.dropFirst(shown.count)))
    }

    private mutating func content(_ text: String) -> [Output] {
        guard !text.isEmpty else { return [] }
        sawContent = true
        return [.content(text)]
    }

    private mutating func wholeObject(_ text: String) -> [Output] {
        if syntax.list?.nameIsKey == true, let object = try? JSONValue(parsing: text).objectValue, object.count == 1,
            let name = object.keys.first, let arguments = object[name]
        {
            let index = callCount
            callCount += 1
            return [
                .callStarted(index: index, id: makeID(), name: name), .arguments(index: index, arguments.jsonString()),
            ]
        }
        guard let object = try? JSONValue(parsing: text).objectValue,
            let name = object[syntax.nameKey]?.stringValue ?? object["name"]?.stringValue
        else {
            return [.content(text)]
        }
        let arguments = object[syntax.argumentsKey] ?? object["arguments"] ?? object["parameters"] ?? [:]
        let index = callCount
        callCount += 1
        let argumentText = arguments.stringValue ?? arguments.jsonString()
        return [.callStarted(index: index, id: makeID(), name: name), .arguments(index: index, argumentText)]
    }

    /// Joins neighbouring content pieces and argument fragments of the same call.
    private func merge(_ outputs: [Output]) -> [Output] {
        var merged: [Output] = []
        for output in outputs {
            switch (merged.last, output) {
            case (.content(let a)?, .content(let b)):
                merged[merged.count - 1] = .content(a + b)
            case (.reasoning(let a)?, .reasoning(let b)):
                merged[merged.count - 1] = .reasoning(a + b)
            case (.arguments(let i, let a)?, .arguments(let j, let b)) where i == j:
                merged[merged.count - 1] = .arguments(index: i, a + b)
            case (_, .content(let text)) where text.isEmpty, (_, .arguments(_, let text)) where text.isEmpty,
                (_, .reasoning(let text)) where text.isEmpty:
                continue
            default:
                merged.append(output)
            }
        }
        return merged
    }
}

/// Follows one JSON value character by character, to know where it ends; whitespace before it is
/// skipped.
struct JSONExtent {
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var started = false
    private(set) var isComplete = false

    /// Consumes characters of `input` up to the end of the value; returns how many, and the text of
    /// the value among them.
    mutating func consume(_ input: String) -> (consumed: Int, fragment: String) {
        var consumed = 0
        var fragment = ""
        for character in input {
            consumed += 1
            if !started {
                if character.isWhitespace { continue }
                started = true
            }
            fragment.append(character)
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                    if depth == 0 { isComplete = true }
                }
            } else if character == "\"" {
                inString = true
            } else if character == "{" || character == "[" {
                depth += 1
            } else if character == "}" || character == "]" {
                depth -= 1
                if depth <= 0 { isComplete = true }
            }
            if isComplete { break }
        }
        return (consumed, fragment)
    }
}

/// Scans one call object character by character: finds `"name"` and the arguments member of the
/// expected layout `{"name": "…", "arguments": …}` and streams the arguments as they arrive.
private struct ObjectScan {
    var text = ""
    var depth = 0
    var inString = false
    var escaped = false
    var callIndex: Int?
    var argumentsStart: String.Index?
    var argumentsDepth = 0
    var argumentsBegan = false
    var argumentsIsContainer = false
    var argumentsDone = false
    var isComplete = false

    /// Consumes characters from `input`; returns how many.
    mutating func consume(
        _ input: String, syntax: ToolCallSyntax, outputs: inout [ToolCallParser.Output], nextIndex: Int,
        makeID: () -> String
    ) -> Int {
        var consumed = 0
        var fragment = ""
        for character in input {
            consumed += 1
            text.append(character)
            let depthBefore = depth
            let stringBefore = inString
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
            } else if character == "\"" {
                inString = true
            } else if character == "{" || character == "[" {
                depth += 1
            } else if character == "}" || character == "]" {
                depth -= 1
            }
            if argumentsStart != nil && !argumentsDone {
                if !argumentsBegan {
                    if !character.isWhitespace {
                        argumentsBegan = true
                        argumentsIsContainer = depth > depthBefore
                        fragment.append(character)
                        if !argumentsIsContainer && !inString && (character == "," || character == "}") {
                            // An empty value: nothing to stream.
                            argumentsDone = true
                            fragment.removeLast()
                        }
                    }
                } else if argumentsIsContainer {
                    fragment.append(character)
                    if depth == argumentsDepth && !stringBefore && (character == "}" || character == "]") {
                        argumentsDone = true
                    }
                } else if !stringBefore && !inString && depthBefore == argumentsDepth
                    && (character == "," || character == "}")
                {
                    argumentsDone = true
                } else {
                    fragment.append(character)
                }
            }
            if depth == 0 && !inString {
                isComplete = true
                break
            }
            if callIndex == nil && !inString && depth == 1 {
                recognise(syntax: syntax, outputs: &outputs, nextIndex: nextIndex, makeID: makeID)
            }
        }
        if let index = callIndex, !fragment.isEmpty {
            let trimmed =
                argumentsDone && !argumentsIsContainer
                ? String(fragment.reversed().drop { $0.isWhitespace }.reversed()) : fragment
            outputs.append(.arguments(index: index, trimmed))
        }
        return consumed
    }

    /// Checks whether the text so far is `{"name": "<name>", "<arguments key>":` (any spacing; the
    /// family's name key, and other string or number members before the arguments, allowed).
    private mutating func recognise(
        syntax: ToolCallSyntax, outputs: inout [ToolCallParser.Output], nextIndex: Int, makeID: () -> String
    ) {
        guard text.last == ":" else { return }
        var scanner = Substring(text)
        func skipSpace() { scanner = scanner.drop { $0.isWhitespace } }
        func take(_ literal: String) -> Bool {
            skipSpace()
            guard scanner.hasPrefix(literal) else { return false }
            scanner = scanner.dropFirst(literal.count)
            return true
        }
        /// A string literal's value, or nil.
        func string() -> String? {
            skipSpace()
            guard scanner.first == "\"" else { return nil }
            var end = scanner.index(after: scanner.startIndex)
            var escape = false
            while end < scanner.endIndex {
                let c = scanner[end]
                if escape { escape = false } else if c == "\\" { escape = true } else if c == "\"" { break }
                end = scanner.index(after: end)
            }
            guard end < scanner.endIndex, let value = (try? JSONValue(parsing: String(scanner[...end])))?.stringValue
            else { return nil }
            scanner = scanner[scanner.index(after: end)...]
            return value
        }
        guard take("{") else { return }
        if syntax.list?.nameIsKey == true {
            // `{"NAME": {arguments}}`.
            guard let name = string(), take(":") else { return }
            skipSpace()
            guard scanner.isEmpty else { return }
            callIndex = nextIndex
            argumentsStart = text.endIndex
            argumentsDepth = depth
            outputs.append(.callStarted(index: nextIndex, id: makeID(), name: name))
            return
        }
        var name: String?
        while true {
            guard let key = string(), take(":") else { return }
            skipSpace()
            if key == syntax.argumentsKey || key == "arguments" {
                guard let name, scanner.isEmpty else { return }
                callIndex = nextIndex
                argumentsStart = text.endIndex
                argumentsDepth = depth
                outputs.append(.callStarted(index: nextIndex, id: makeID(), name: name))
                return
            }
            if key == syntax.nameKey || key == "name" {
                guard let value = string() else { return }
                name = value
            } else if string() == nil {
                // Another member (a call number): a number or a string.
                let number = scanner.prefix { $0.isNumber || $0 == "-" || $0 == "." }
                guard !number.isEmpty else { return }
                scanner = scanner.dropFirst(number.count)
            }
            guard take(",") else { return }
        }
    }
}

extension String {
    /// The text without whitespace at its end.
    var trimmingTrailingWhitespace: String {
        guard let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[...last])
    }
}

/// A family's reader that works in steps over the text it holds: each step returns what it settled
/// (possibly nothing), or nil when it needs more text.
protocol StepwiseReader {
    mutating func advance(final: Bool) -> [ToolCallParser.Output]?
}

extension StepwiseReader {
    /// Every step the held text allows.
    mutating func steps(final: Bool) -> [ToolCallParser.Output] {
        var outputs: [ToolCallParser.Output] = []
        while let step = advance(final: final) { outputs += step }
        return outputs
    }
}
