import Foundation
import JSONCore
import JSONSchemaGrammar

/// gpt-oss's harmony format. A reply is a run of messages, each
/// `[<|start|>assistant][ to=RECIPIENT]<|channel|>CHANNEL[ to=RECIPIENT][ <|constrain|>json]<|message|>BODY`
/// ended by `<|end|>`, `<|call|>` or `<|return|>` (the last two end the generation, so they are
/// usually not in the text). The `analysis` channel is the model's thinking, `final` its answer,
/// and a `commentary` message addressed `to=functions.NAME` a tool call whose body is the JSON
/// arguments; the generation prompt ends with `<|start|>assistant`.
enum HarmonyFormat {
    static let start = "<|start|>"
    static let channel = "<|channel|>"
    static let message = "<|message|>"
    static let end = "<|end|>"
    static let call = "<|call|>"
    static let returns = "<|return|>"

    /// Whether a chat template writes harmony messages.
    static func matches(templateSource source: String) -> Bool {
        source.contains(channel) && source.contains(start + "assistant")
    }

    /// The header of the answer's message, as the grammar writes it after the thinking.
    static let finalHeader = channel + "final" + message

    /// One call as the template renders it.
    static func call(name: String, arguments: String) -> String {
        start + "assistant to=functions." + name + channel + "commentary json" + message + arguments + call
    }

    /// GBNF: the optional start of a new message before a header.
    static var optionalStart: String { "( " + GrammarBuilder.literal(start + "assistant") + " )?" }

    /// GBNF for one call of `name` with arguments `arguments` (a rule), as gpt-oss writes it after
    /// the generation prompt; the end (`<|call|>`) is the model's end-of-generation token.
    static func callRule(name: String, arguments: String) -> String {
        optionalStart + " "
            + GrammarBuilder.literal(channel + "commentary to=functions." + name + " <|constrain|>json" + message)
            + " " + arguments
    }

    /// GBNF for the answer `content` (a rule) in the final channel.
    static func answerRule(_ content: String) -> String {
        optionalStart + " " + GrammarBuilder.literal(finalHeader) + " " + content
    }
}

/// Reads harmony messages as they stream: thinking, answer text and tool calls, in the parser's
/// outputs. Text outside any message (a model that does not follow the format) is content.
struct HarmonyReader: StepwiseReader {
    private enum State {
        /// Reading a message's header, up to `<|message|>`.
        case header
        /// Inside a message's body.
        case body(Body)
        /// After a message: another may start.
        case between
        /// The output does not follow the format: all of it is content.
        case plain
    }

    private enum Body {
        case reasoning
        case content
        case call(Int)
    }

    private static let terminators = [
        HarmonyFormat.end, HarmonyFormat.call, HarmonyFormat.returns, HarmonyFormat.start,
    ]

    private var state = State.header
    private var pending = ""
    private let makeID: () -> String
    private(set) var callCount = 0

    init(makeID: @escaping () -> String) { self.makeID = makeID }

    mutating func feed(_ text: String, final: Bool = false) -> [ToolCallParser.Output] {
        pending += text
        return steps(final: final)
    }

    mutating func finish() -> [ToolCallParser.Output] {
        var outputs = feed("", final: true)
        if !pending.isEmpty {
            switch state {
            case .body(let body): outputs += emit(pending, body)
            case .plain: outputs.append(.content(pending))
            case .header, .between:
                // A header cut short says nothing yet; text that is no header is content.
                if !pending.hasPrefix(HarmonyFormat.start) && !pending.hasPrefix(HarmonyFormat.channel)
                    && !pending.hasPrefix("to=")
                {
                    outputs.append(.content(pending))
                }
            }
        }
        pending = ""
        return outputs
    }

    mutating func advance(final: Bool) -> [ToolCallParser.Output]? {
        guard !pending.isEmpty else { return nil }
        switch state {
        case .plain:
            defer { pending = "" }
            return [.content(pending)]
        case .between:
            let trimmed = pending.drop { $0.isWhitespace }
            if trimmed.hasPrefix(HarmonyFormat.start) || trimmed.hasPrefix(HarmonyFormat.channel) {
                pending = String(trimmed)
                state = .header
                return []
            }
            if !final && (HarmonyFormat.start.hasPrefix(trimmed) || HarmonyFormat.channel.hasPrefix(trimmed)) {
                return nil
            }
            state = .plain
            return []
        case .header:
            if pending.first?.isWhitespace == true {
                // Whitespace between messages (which the format does not have) is no content.
                pending = String(pending.drop { $0.isWhitespace })
                return []
            }
            guard let range = pending.range(of: HarmonyFormat.message) else {
                let looksLikeHeader =
                    pending.hasPrefix(HarmonyFormat.start) || pending.hasPrefix(HarmonyFormat.channel)
                    || pending.hasPrefix("to=") || HarmonyFormat.channel.hasPrefix(pending)
                    || HarmonyFormat.start.hasPrefix(pending) || "to=".hasPrefix(pending)
                if !looksLikeHeader || pending.count > 512 {
                    state = .plain
                    return []
                }
                return nil
            }
            let header = pending[..<range.lowerBound]
            pending = String(pending[range.upperBound...])
            let (channel, recipient) = Self.parse(header)
            if let recipient, recipient.hasPrefix("functions.") {
                let index = callCount
                callCount += 1
                state = .body(.call(index))
                return [.callStarted(index: index, id: makeID(), name: String(recipient.dropFirst("functions.".count)))]
            }
            state = .body(channel == "analysis" ? .reasoning : .content)
            return []
        case .body(let body):
            if let (range, _) = Self.firstTerminator(in: pending) {
                let text = String(pending[..<range.lowerBound])
                let marker = pending[range]
                pending = String(pending[(marker == HarmonyFormat.start ? range.lowerBound : range.upperBound)...])
                state = .between
                return emit(text, body)
            }
            let kept = Self.terminators.map { ReasoningSplitter.partialSuffix(of: pending, prefixing: $0) }.max() ?? 0
            let shown = String(pending.dropLast(kept))
            pending = String(pending.suffix(kept))
            return shown.isEmpty ? nil : emit(shown, body)
        }
    }

    private func emit(_ text: String, _ body: Body) -> [ToolCallParser.Output] {
        guard !text.isEmpty else { return [] }
        switch body {
        case .reasoning: return [.reasoning(text)]
        case .content: return [.content(text)]
        case .call(let index): return [.arguments(index: index, text)]
        }
    }

    /// The channel and the recipient (`to=…`) a header names.
    static func parse(_ header: Substring) -> (channel: String?, recipient: String?) {
        var channel: String?
        var recipient: String?
        if let range = header.range(of: HarmonyFormat.channel) {
            channel = String(header[range.upperBound...].prefix { !$0.isWhitespace && $0 != "<" })
        }
        if let range = header.range(of: "to=") {
            recipient = String(header[range.upperBound...].prefix { !$0.isWhitespace && $0 != "<" })
        }
        return (channel, recipient)
    }

    private static func firstTerminator(in text: String) -> (Range<String.Index>, String)? {
        terminators.compactMap { marker in text.range(of: marker).map { ($0, marker) } }
            .min { $0.0.lowerBound < $1.0.lowerBound }
    }
}
