import LlamaInference
import Testing

/// What a choice shows of its tokens, with no model: stop sequences, tool-call repeats, UTF-8 and
/// log-probabilities released with their text.
@Suite("Choice text")
struct ChoiceTextTests {
    /// Feeds `pieces` as tokens 0, 1, 2, ... (each with a log-probability); returns the emissions.
    static func feed(
        _ pieces: [String], stops: [String] = [], markers: (start: String, end: String)? = nil, limit: Int = .max
    ) -> [ChoiceText.Emission] {
        var text = ChoiceText(stops: stops, callMarkers: markers)
        var emissions: [ChoiceText.Emission] = []
        for (number, piece) in pieces.enumerated() {
            let emission = text.accept(
                Array(piece.utf8), logprob: TokenLogprobData(token: Int32(number), logprob: -1),
                reachesLimit: number + 1 == limit)
            emissions.append(emission)
            if emission.finish != nil { break }
        }
        return emissions
    }

    static func tokens(_ emissions: [ChoiceText.Emission]) -> [Int32] { emissions.flatMap(\.logprobs).map(\.token) }

    @Test("a stop sequence split over tokens ends the choice; its tokens' log-probabilities are never shown")
    func stopAcrossTokens() {
        let emissions = Self.feed(["Hel", "lo ST", "OP and more"], stops: ["STOP"])
        #expect(emissions.map(\.text) == ["Hel", "lo ", ""])
        #expect(emissions.last?.finish == .stopSequence("STOP"))
        // Token 1 starts before the stop ("lo "): shown. Token 2 begins inside it: never shown.
        #expect(Self.tokens(emissions) == [0, 1])
        #expect(emissions[1].logprobs.map(\.token) == [1])
    }

    @Test("text that only looked like a stop sequence is shown when it turns out not to be")
    func falseStart() {
        let emissions = Self.feed(["a ST", "ar"], stops: ["STOP"])
        #expect(emissions.map(\.text) == ["a ", "STar"])
        #expect(emissions.allSatisfy { $0.finish == nil })
        #expect(emissions.map { $0.logprobs.map(\.token) } == [[0], [1]])
    }

    @Test("a character split over tokens comes out whole, with both tokens' log-probabilities")
    func splitCharacter() {
        let bytes = Array("é".utf8)
        var text = ChoiceText(stops: [], callMarkers: nil)
        let first = text.accept([bytes[0]], logprob: TokenLogprobData(token: 7, logprob: -1), reachesLimit: false)
        #expect(first.isEmpty)
        let second = text.accept([bytes[1]], logprob: TokenLogprobData(token: 8, logprob: -2), reachesLimit: false)
        #expect(second.text == "é")
        #expect(second.logprobs.map(\.token) == [7, 8])
    }

    @Test("the last token max_tokens allows ends the choice with length and shows what was held")
    func limit() {
        let emissions = Self.feed(["one ", "two ST", "never"], stops: ["STOP"], limit: 2)
        #expect(emissions.count == 2)
        #expect(emissions.last?.finish == .length)
        #expect(emissions.map(\.text).joined() == "one two ST")
        #expect(Self.tokens(emissions) == [0, 1])
    }

    @Test("the end of the turn shows what was held and reports no token of its own")
    func endOfTurn() {
        var text = ChoiceText(stops: ["STOP"], callMarkers: nil)
        let held = text.accept(
            Array("fine S".utf8), logprob: TokenLogprobData(token: 1, logprob: -1), reachesLimit: false)
        #expect(held.text == "fine ")
        let end = text.accept(nil, logprob: TokenLogprobData(token: 2, logprob: -1), reachesLimit: false)
        #expect(end.finish == .endOfGeneration)
        #expect(end.text == "S")
        #expect(end.logprobs.isEmpty)
    }

    @Test("a repeated tool call ends the choice before it, with its tokens' log-probabilities held back")
    func repeatedCall() {
        let call = "<tool_call>{\"name\": \"f\"}</tool_call>"
        let emissions = Self.feed(
            [call, "\n", "<tool_call>{\"name\"", ": \"f\"}</tool_call>", "after"],
            markers: ("<tool_call>", "</tool_call>"))
        #expect(emissions.last?.finish == .stopSequence(nil))
        #expect(emissions.map(\.text).joined() == call + "\n")
        #expect(Self.tokens(emissions) == [0, 1])
    }

    @Test("a time limit shows everything held, with every log-probability not yet released")
    func flush() {
        var text = ChoiceText(stops: ["STOP"], callMarkers: nil)
        let shown = text.accept(
            Array("x ST".utf8), logprob: TokenLogprobData(token: 3, logprob: -1), reachesLimit: false)
        #expect(shown.text == "x ")
        #expect(shown.logprobs.map(\.token) == [3])
        let held = text.accept(Array("O".utf8), logprob: TokenLogprobData(token: 4, logprob: -1), reachesLimit: false)
        #expect(held.isEmpty)
        let rest = text.flush()
        #expect(rest.text == "STO")
        #expect(rest.logprobs.map(\.token) == [4])
        #expect(rest.finish == nil)
    }
}
