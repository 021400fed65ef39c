import ChatCompletionsAPI
import Foundation

/// How long and how fast an answer streamed: its tokens (the provider's usage when it reports it,
/// else one per chunk that carried text) and the time from its first text to its last.
struct AnswerPace {
    private var chunks = 0
    private var first: ContinuousClock.Instant?
    private var last: ContinuousClock.Instant?

    /// Counts a chunk of the shown choice.
    mutating func add(_ delta: ChatCompletionDelta) {
        let text = (delta.content ?? "") + (delta.reasoningContent ?? "")
        let arguments = (delta.toolCalls ?? []).map { $0.function?.arguments ?? "" }.joined()
        guard !text.isEmpty || !arguments.isEmpty else { return }
        let now = ContinuousClock.now
        if first == nil { first = now }
        last = now
        chunks += 1
    }

    /// "N tokens, R tok/s" (the rate once two chunks are apart), nil before any text came.
    func summary(usage: CompletionUsage?) -> String? {
        guard let first, let last, chunks > 0 else { return nil }
        let tokens = usage?.completionTokens ?? chunks
        var text = "\(tokens) token\(tokens == 1 ? "" : "s")"
        let seconds = Double((last - first).components.attoseconds) / 1e18 + Double((last - first).components.seconds)
        if chunks > 1, seconds > 0 {
            text += String(format: ", %.1f tok/s", Double(max(tokens - 1, 1)) / seconds)
        }
        return text
    }
}
