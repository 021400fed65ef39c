import Foundation
import JSONCore

/// Reads the calls of an ``XMLCallMarkers`` family as they stream, into the parser's outputs: a
/// call starts when its name is complete, its arguments go out as a JSON object built member by
/// member — a string argument's text as it arrives, any other value when its element closes.
struct XMLCallReader: StepwiseReader {
    private enum State {
        case content
        /// Inside a section, where a call or the section's end may come.
        case section
        case name
        /// Inside a call, where an argument or the call's end may come.
        case arguments
        case key
        case value(key: String, kind: XMLArgumentKind, started: Bool)
        /// After a call that has its own section: the section's end.
        case sectionEnd
    }

    private let markers: XMLCallMarkers
    private let kinds: [String: [String: XMLArgumentKind]]
    private let makeID: () -> String
    private var state = State.content
    private var pending = ""
    private var sawContent = false
    private var function = ""
    private var members = 0
    /// Whitespace dropped before the last call's opening (sent after all if it is no call).
    private var layout = ""
    private(set) var callCount = 0

    init(markers: XMLCallMarkers, kinds: [String: [String: XMLArgumentKind]], makeID: @escaping () -> String) {
        self.markers = markers
        self.kinds = kinds
        self.makeID = makeID
    }

    mutating func feed(_ text: String) -> [ToolCallParser.Output] {
        pending += text
        return steps(final: false)
    }

    mutating func finish() -> [ToolCallParser.Output] {
        var outputs = steps(final: true)
        switch state {
        case .content:
            if !pending.isEmpty { outputs.append(.content(pending)) }
        case .value(let key, let kind, let started):
            // Cut short (max_tokens): the arguments go as far as they got.
            if !pending.isEmpty { outputs += valueText(pending, key: key, kind: kind, started: started, last: false) }
        default:
            break
        }
        pending = ""
        return outputs
    }

    private var opening: String { markers.sectionOpen.trimmingCharacters(in: .whitespacesAndNewlines) }

    mutating func advance(final: Bool) -> [ToolCallParser.Output]? {
        switch state {
        case .content:
            guard !pending.isEmpty else { return nil }
            if let range = pending.range(of: opening) {
                // Whitespace before a call is layout, not content.
                let whole = String(pending[..<range.lowerBound])
                let before = whole.trimmingTrailingWhitespace
                layout = String(whole.dropFirst(before.count))
                pending = String(pending[range.upperBound...])
                state = markers.callOpen.isEmpty ? .name : .section
                return content(before)
            }
            let (shown, held) = ToolCallParser.releasable(pending, opening: opening, final: final)
            pending = held
            return shown.isEmpty ? nil : content(shown)
        case .section:
            switch (Self.match(markers.callOpen, in: pending), Self.match(markers.sectionClose, in: pending)) {
            case (.matched(let end), _):
                pending = String(pending[end...])
                state = .name
                return []
            case (_, .matched(let end)):
                pending = String(pending[end...])
                state = .content
                return []
            case (.partial, _), (_, .partial):
                if final { return nil }
                return nil
            default:
                // Anything else ends the section.
                state = .content
                return []
            }
        case .name:
            let close = markers.nameClose.trimmingCharacters(in: .whitespacesAndNewlines)
            let trimmed = pending.drop { $0.isWhitespace }
            let end: Range<String.Index>?
            if close.isEmpty {
                // The name ends at a line break or the next marker.
                end = trimmed.firstIndex { $0.isNewline || $0 == "<" }.map { $0..<$0 }
            } else {
                end = trimmed.range(of: close)
            }
            guard let end else {
                guard final || trimmed.count > 256 else { return nil }
                // No name after all: what was written is content, not lost.
                let text = layout + opening + pending
                pending = ""
                state = .content
                return content(text)
            }
            function = String(trimmed[..<end.lowerBound]).trimmingCharacters(in: .whitespaces)
            pending = String(trimmed[end.upperBound...])
            members = 0
            state = .arguments
            let index = callCount
            callCount += 1
            return [.callStarted(index: index, id: makeID(), name: function)]
        case .arguments:
            let callEnd = markers.callClose.isEmpty ? markers.sectionClose : markers.callClose
            switch (Self.match(markers.parameterOpen, in: pending), Self.match(callEnd, in: pending)) {
            case (.matched(let end), _):
                pending = String(pending[end...])
                state = .key
                return []
            case (_, .matched(let end)):
                pending = String(pending[end...])
                state =
                    markers.callClose.isEmpty ? .content : markers.callsShareSection ? .section : .sectionEnd
                return [.arguments(index: callCount - 1, members == 0 ? "{}" : "}")]
            case (.partial, _), (_, .partial):
                if !final { return nil }
                state = .content
                return []
            default:
                // Not this family's layout after all: close the call and read on as content.
                state = .content
                return [.arguments(index: callCount - 1, members == 0 ? "{}" : "}")]
            }
        case .key where markers.jsonKeyClose != nil:
            // `KEY" string="true">`: the key ends at the quote, the attributes at `>`.
            guard let quote = pending.firstIndex(of: "\""), let end = pending[quote...].firstIndex(of: ">") else {
                if final || pending.count > 256 {
                    state = .content
                    return []
                }
                return nil
            }
            let key = String(pending[..<quote]).trimmingCharacters(in: .whitespacesAndNewlines)
            let attributes = pending[quote..<end]
            var kind = kinds[function]?[key] ?? .unknown
            if attributes.contains("string=\"true\"") { kind = .string }
            if attributes.contains("string=\"false\"") && kind == .string { kind = .json }
            pending = String(pending[pending.index(after: end)...])
            state = .value(key: key, kind: kind, started: false)
            return []
        case .key:
            let parts = Self.parts(markers.keyClose)
            guard let first = parts.first, let range = pending.range(of: first) else {
                if final || pending.count > 256 {
                    state = .content
                    return []
                }
                return nil
            }
            let rest = parts.dropFirst().joined(separator: " ")
            var after = pending[range.upperBound...]
            if !rest.isEmpty {
                switch Self.match(rest, in: String(after)) {
                case .matched(let end):
                    let text = String(after)
                    after = text[end...]
                case .partial: if !final { return nil } else { break }
                case .none: break
                }
            }
            let key = String(pending[..<range.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
            pending = String(after)
            state = .value(key: key, kind: kinds[function]?[key] ?? .unknown, started: false)
            return []
        case .value(let key, let kind, let started):
            let close = markers.valueClose.trimmingCharacters(in: .whitespacesAndNewlines)
            var text = pending[...]
            if !started && markers.keyClose.last?.isNewline == true {
                // The layout puts a line break before the value.
                guard !text.isEmpty || final else { return nil }
                if text.first?.isNewline == true { text = text.dropFirst() }
            }
            if let range = text.range(of: close) {
                var value = text[..<range.lowerBound]
                if markers.valueClose.first?.isNewline == true, value.last?.isNewline == true {
                    value = value.dropLast()
                }
                pending = String(text[range.upperBound...])
                state = .arguments
                return valueText(String(value), key: key, kind: kind, started: started, last: true)
            }
            guard kind == .string, !final else {
                pending = String(text)
                if !started { state = .value(key: key, kind: kind, started: false) }
                return nil
            }
            // A string streams as it arrives; what could start the closing marker (and the line
            // break the layout puts before it) waits.
            var kept = ReasoningSplitter.partialSuffix(of: String(text), prefixing: close)
            if markers.valueClose.first?.isNewline == true {
                let before = text.dropLast(kept)
                if before.last?.isNewline == true { kept += 1 }
            }
            let shown = String(text.dropLast(kept))
            pending = String(text.suffix(kept))
            if shown.isEmpty && started { return nil }
            state = .value(key: key, kind: kind, started: true)
            return valueText(shown, key: key, kind: kind, started: started, last: false)
        case .sectionEnd:
            switch Self.match(markers.sectionClose, in: pending) {
            case .matched(let end):
                pending = String(pending[end...])
                state = .content
                return []
            case .partial:
                if final { state = .content }
                return final ? [] : nil
            case .none:
                state = .content
                return []
            }
        }
    }

    /// Argument text for the value of `key` (`last`: the value is complete).
    private mutating func valueText(
        _ raw: String, key: String, kind: XMLArgumentKind, started: Bool, last: Bool
    ) -> [ToolCallParser.Output] {
        var text = ""
        if !started {
            text += (members == 0 ? "{" : ", ") + JSONValue.string(key).jsonString() + ": "
            members += 1
        }
        switch kind {
        case .string:
            let quoted = JSONValue.string(raw).jsonString()
            text += (started ? "" : "\"") + quoted.dropFirst().dropLast() + (last ? "\"" : "")
        case .json, .unknown:
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if let value = try? JSONValue(parsing: trimmed) {
                text += value.jsonString()
            } else {
                text += JSONValue.string(raw).jsonString()
            }
        }
        return [.arguments(index: callCount - 1, text)]
    }

    private mutating func content(_ text: String) -> [ToolCallParser.Output] {
        guard !text.isEmpty else { return [] }
        sawContent = true
        return [.content(text)]
    }

    /// The marker's words (runs of non-space characters).
    private static func parts(_ marker: String) -> [String] {
        marker.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    enum Match {
        case matched(String.Index)
        case partial
        case none
    }

    /// Whether `text` starts with `marker`, whitespace in either matching any whitespace (none included).
    static func match(_ marker: String, in text: String) -> Match {
        let words = parts(marker)
        guard !words.isEmpty else { return .none }
        var index = text.startIndex
        for word in words {
            while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
            for character in word {
                guard index < text.endIndex else { return .partial }
                guard text[index] == character else { return .none }
                index = text.index(after: index)
            }
        }
        return .matched(index)
    }
}
