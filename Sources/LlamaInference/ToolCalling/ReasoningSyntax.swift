import Foundation
import JSONSchemaGrammar

/// How a model family marks its thinking in its output: the text between an opening and a closing
/// marker (`<think>…</think>` for Qwen3, DeepSeek R1, GLM, MiniMax, …) is reasoning, the rest is
/// the answer.
package struct ReasoningSyntax: Sendable, Hashable {
    /// The marker that opens the thinking.
    package var open: String
    /// The marker that closes it.
    package var close: String
    /// What is decoded after the closing marker when a thinking budget closes the thinking.
    package var afterClose = "\n\n"
    /// Whether whitespace may stand around the markers (not in harmony's token stream).
    package var spaced = true
    /// Markers around the answer that follow the thinking (Granite 3.3's `<response>…</response>`),
    /// dropped from the content.
    package var answerMarkers: (open: String, close: String)? {
        get { answerOpen.map { ($0, answerClose) } }
        set {
            answerOpen = newValue?.open
            answerClose = newValue?.close ?? ""
        }
    }
    private var answerOpen: String?
    private var answerClose = ""

    package init(open: String, close: String, afterClose: String = "\n\n", spaced: Bool = true) {
        self.open = open
        self.close = close
        self.afterClose = afterClose
        self.spaced = spaced
    }

    /// Granite 3.3: `<think>…</think><response>…</response>`.
    package static let granite: ReasoningSyntax = {
        var syntax = ReasoningSyntax(open: "<think>", close: "</think>")
        syntax.answerMarkers = ("<response>", "</response>")
        return syntax
    }()

    /// gpt-oss's thinking: the harmony `analysis` channel's message, closed by `<|end|>`; a budget
    /// that closes it starts the next message's header.
    package static let harmony = ReasoningSyntax(
        open: HarmonyFormat.channel + "analysis" + HarmonyFormat.message, close: HarmonyFormat.end,
        afterClose: HarmonyFormat.start + "assistant", spaced: false)

    /// The marker pairs this server knows, most specific first.
    static let known: [ReasoningSyntax] = [
        ReasoningSyntax(open: "<seed:think>", close: "</seed:think>"),  // Seed-OSS
        ReasoningSyntax(open: "<|START_THINKING|>", close: "<|END_THINKING|>"),  // Command R7B
        ReasoningSyntax(open: "[THINK]", close: "[/THINK]"),  // Magistral, Ministral 3
        ReasoningSyntax(open: "◁think▷", close: "◁/think▷"),  // Kimi
        ReasoningSyntax(open: "<|channel>thought", close: "<channel|>"),  // Gemma 4
        ReasoningSyntax(open: "<mm:think>", close: "</mm:think>"),  // MiniMax M3
        ReasoningSyntax(open: "<|inner_prefix|>", close: "<|inner_suffix|>"),  // Apertus
        ReasoningSyntax(open: "<think>", close: "</think>"),  // Qwen3, DeepSeek R1, GLM, MiniMax, SmolLM3, …
    ]

    /// The markers a chat template was written for (nil: the template shows no thinking markers).
    package static func detect(templateSource source: String) -> ReasoningSyntax? {
        if HarmonyFormat.matches(templateSource: source) { return .harmony }
        if source.contains("<think></think>") && source.contains("<response></response>") { return .granite }
        return known.first { source.contains($0.open) || source.contains($0.close) }
    }

    /// Whether a rendered prompt already opened the thinking (DeepSeek R1's and QwQ's templates end
    /// the generation prompt with `<think>\n`), so the output starts inside it.
    package func opensThinking(_ prompt: String) -> Bool { Self.trimmedEnd(prompt).hasSuffix(open) }

    /// Whether the prompt ends with the thinking closed (an empty thinking block the template writes
    /// when thinking is off, as Gemma 4's and Qwen3's do): the answer follows, with no thinking.
    package func closesThinking(_ prompt: String) -> Bool { Self.trimmedEnd(prompt).hasSuffix(close) }

    private static func trimmedEnd(_ prompt: String) -> Substring {
        var end = prompt.endIndex
        while end > prompt.startIndex, prompt[prompt.index(before: end)].isWhitespace {
            end = prompt.index(before: end)
        }
        return prompt[..<end]
    }

    /// GBNF for any text that does not contain the closing marker's first two characters together
    /// (an approximation of "anything but the closing marker" that a grammar can state cheaply).
    var bodyRule: String { "( \(bodyCharacter) )*" }

    /// GBNF for one step of ``bodyRule``: a character other than the closing marker's first, or
    /// that character followed by one other than its second.
    var bodyCharacter: String {
        let scalars = Array(close.unicodeScalars)
        guard let first = scalars.first else { return "[^\\n]" }
        guard scalars.count >= 2 else { return "[^\(Self.classEscape(first))]" }
        let notFirst = "[^\(Self.classEscape(first))]"
        let notSecond = "[^\(Self.classEscape(scalars[1]))]"
        return "\(notFirst) | \(GrammarBuilder.literal(String(first))) \(notSecond)"
    }

    /// A code point written as an escape inside a GBNF character class.
    private static func classEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return scalar.value <= 0xFFFF
            ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// A regular expression (ECMAScript, as llama.cpp's lazy grammars use) matching `text` literally.
    static func escapeRegex(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\^$.|?*+()[]{}/".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}

/// Where a choice's output starts relative to the model's thinking.
package enum ThinkingStart: Sendable, Hashable {
    /// The prompt opened the thinking: the output starts inside it.
    case inside(ReasoningSyntax)
    /// The model may open its thinking with its first words, or answer at once.
    case optional(ReasoningSyntax)

    package var syntax: ReasoningSyntax {
        switch self {
        case .inside(let syntax), .optional(let syntax): return syntax
        }
    }

    package var startsInside: Bool {
        if case .inside = self { return true }
        return false
    }

    /// `spec` made to wait for the thinking to end: the answer's grammar applies only after the
    /// closing marker. Inside thinking, the grammar is lazy, switched on by the closing marker; when
    /// thinking is optional, the grammar allows a leading thinking block. A lazy grammar (tool calls
    /// under `auto`) is left as it is: it switches on only when a call starts.
    package func wrapping(_ spec: GrammarSpec) -> GrammarSpec {
        guard !spec.isLazy else { return spec }
        let syntax = self.syntax
        // Whitespace around the markers is bounded: a weak model otherwise fills its budget with it.
        let space = syntax.spaced ? " [ \\t\\n]{0,4}" : ""
        let close = GrammarBuilder.literal(syntax.close) + space
        var wrapped = spec
        var answer = spec.root
        if let markers = syntax.answerMarkers {
            wrapped.text +=
                "\nmarked-answer ::= ( \(GrammarBuilder.literal(markers.open)) )? \(spec.root) ( \(GrammarBuilder.literal(markers.close)) )?\n"
            answer = "marked-answer"
        }
        wrapped.root = "thinking-then-answer"
        switch self {
        case .inside:
            wrapped.text += "\nthinking-then-answer ::= \(close) \(answer)\n"
            wrapped.triggerPatterns = [ReasoningSyntax.escapeRegex(syntax.close)]
        case .optional:
            let open = GrammarBuilder.literal(syntax.open)
            wrapped.text +=
                "\nthinking-then-answer ::= ( \(space) \(open) thinking-body \(close) )? \(answer)\n"
                + "thinking-body ::= \(syntax.bodyRule)\n"
        }
        return wrapped
    }
}

/// Splits one choice's output text into thinking and answer, as it streams: text between the
/// family's markers is reasoning; the markers and the whitespace after the closing one are dropped.
/// Thinking opens only at the very start of the output (or before it, in the prompt).
package struct ReasoningSplitter {
    package enum Piece: Equatable {
        case reasoning(String)
        case answer(String)
    }

    private enum State {
        /// At the start of the output: it may open the thinking.
        case start
        /// Inside the thinking.
        case thinking
        /// Just after the closing marker: leading whitespace is dropped.
        case afterThinking
        /// In the answer.
        case answer
    }

    private let syntax: ReasoningSyntax
    private var state: State
    private var pending = ""

    package init(_ start: ThinkingStart) {
        syntax = start.syntax
        state = start.startsInside ? .thinking : .start
    }

    /// Pieces for more output text (text that may be part of a marker is held back).
    package mutating func feed(_ text: String) -> [Piece] {
        pending += text
        var pieces: [Piece] = []
        while true {
            switch state {
            case .start:
                let trimmed = pending.drop { $0.isWhitespace }
                if trimmed.hasPrefix(syntax.open) {
                    pending = String(trimmed.dropFirst(syntax.open.count))
                    state = .thinking
                } else if trimmed.isEmpty || syntax.open.hasPrefix(trimmed) {
                    return pieces
                } else {
                    state = syntax.answerMarkers == nil ? .answer : .afterThinking
                }
            case .thinking:
                if let range = pending.range(of: syntax.close) {
                    let before = String(pending[..<range.lowerBound])
                    if !before.isEmpty { pieces.append(.reasoning(before)) }
                    pending = String(pending[range.upperBound...])
                    state = .afterThinking
                } else {
                    let kept = Self.partialSuffix(of: pending, prefixing: syntax.close)
                    let shown = String(pending.dropLast(kept))
                    if !shown.isEmpty { pieces.append(.reasoning(shown)) }
                    pending = String(pending.suffix(kept))
                    return pieces
                }
            case .afterThinking:
                pending = String(pending.drop { $0.isWhitespace })
                if pending.isEmpty { return pieces }
                if let markers = syntax.answerMarkers {
                    if pending.hasPrefix(markers.open) {
                        pending.removeFirst(markers.open.count)
                    } else if markers.open.hasPrefix(pending) {
                        return pieces
                    }
                }
                state = .answer
            case .answer:
                if let close = syntax.answerMarkers?.close {
                    // The answer's closing marker is dropped; what could start it waits.
                    if let range = pending.range(of: close) {
                        pending.removeSubrange(range)
                    }
                    let kept = Self.partialSuffix(of: pending, prefixing: close)
                    let shown = String(pending.dropLast(kept))
                    if !shown.isEmpty { pieces.append(.answer(shown)) }
                    pending = String(pending.suffix(kept))
                    return pieces
                }
                if !pending.isEmpty { pieces.append(.answer(pending)) }
                pending = ""
                return pieces
            }
        }
    }

    /// The output ended: what was held back goes out (unfinished thinking stays reasoning).
    package mutating func finish() -> [Piece] {
        defer { pending = "" }
        guard !pending.isEmpty else { return [] }
        switch state {
        case .thinking: return [.reasoning(pending)]
        case .afterThinking: return []
        case .start, .answer: return [.answer(pending)]
        }
    }

    /// How many characters at the end of `text` could begin `marker`.
    static func partialSuffix(of text: String, prefixing marker: String) -> Int {
        guard marker.count > 1 else { return 0 }
        let characters = Array(text.suffix(marker.count - 1))
        for length in stride(from: characters.count, to: 0, by: -1)
        where marker.hasPrefix(String(characters.suffix(length))) {
            return length
        }
        return 0
    }
}

/// Counts a choice's thinking tokens on the scheduler thread, and closes the thinking when its
/// budget is spent: the closing marker's tokens are then decoded instead of sampled ones.
package struct ThinkingTracker {
    private enum State {
        case start
        case thinking
        case done
    }

    private let syntax: ReasoningSyntax
    private let budget: Int?
    private let closeTokens: [Int32]
    private var state: State
    private var text = ""
    private var forced: [Int32] = []
    private var abandoned = false
    /// Tokens generated inside the thinking (markers included).
    package private(set) var tokens = 0
    /// Tokens generated before it was known whether the output opens thinking.
    private var undecided = 0

    /// `closeTokens`: the closing marker (and the line break after it) as tokens, decoded when the
    /// `budget` of thinking tokens is spent (nil: no budget).
    package init(_ start: ThinkingStart, budget: Int?, closeTokens: [Int32]) {
        syntax = start.syntax
        self.budget = budget
        self.closeTokens = closeTokens
        state = start.startsInside ? .thinking : .start
    }

    /// The token to decode next instead of sampling one (nil: sample).
    package mutating func forcedToken() -> Int32? {
        if forced.isEmpty, !abandoned, state == .thinking, let budget, tokens >= budget, !closeTokens.isEmpty {
            forced = closeTokens
            state = .done
            tokens += closeTokens.count
        }
        return forced.isEmpty ? nil : forced.removeFirst()
    }

    /// Stops closing the thinking (the grammar would not take the marker).
    package mutating func abandonForcing() {
        tokens -= forced.count + 1
        forced = []
        state = .thinking
        abandoned = true
    }

    /// Takes the text of the token just generated (forced ones included).
    package mutating func observe(_ piece: String, forced wasForced: Bool) {
        guard !wasForced else { return }
        switch state {
        case .start:
            text += piece
            undecided += 1
            let trimmed = text.drop { $0.isWhitespace }
            if trimmed.hasPrefix(syntax.open) {
                state = .thinking
                tokens += undecided
                text = String(trimmed.dropFirst(syntax.open.count))
                if text.contains(syntax.close) { state = .done }
            } else if !(trimmed.isEmpty || syntax.open.hasPrefix(trimmed)) {
                state = .done
            }
        case .thinking:
            tokens += 1
            text += piece
            if text.contains(syntax.close) {
                state = .done
            } else {
                text = String(text.suffix(syntax.close.count))
            }
        case .done:
            break
        }
    }
}
