import LlamaInference
import Testing

@Suite struct ReasoningSplitterTests {
    static let think = ReasoningSyntax(open: "<think>", close: "</think>")

    /// Feeds `pieces` one after another and joins what comes out, by kind.
    static func split(_ start: ThinkingStart, _ pieces: [String]) -> (reasoning: String, answer: String) {
        var splitter = ReasoningSplitter(start)
        var reasoning = ""
        var answer = ""
        for piece in pieces.map({ splitter.feed($0) }).joined() + splitter.finish() {
            switch piece {
            case .reasoning(let text): reasoning += text
            case .answer(let text): answer += text
            }
        }
        return (reasoning, answer)
    }

    @Test("thinking opened by the model is split off, whatever the chunking", arguments: [1, 2, 3, 5, 100])
    func optionalThinking(_ size: Int) {
        let text = "\n<think>\nIt is salty.\n</think>\n\nYes, it is."
        let pieces = stride(from: 0, to: text.count, by: size).map {
            String(Array(text)[$0..<min(text.count, $0 + size)])
        }
        let (reasoning, answer) = Self.split(.optional(Self.think), pieces)
        #expect(reasoning == "\nIt is salty.\n")
        #expect(answer == "Yes, it is.")
    }

    @Test(
        "Granite 3.3's <response> markers around the answer are dropped, whatever the chunking", arguments: [1, 3, 100])
    func graniteAnswer(_ size: Int) {
        for text in ["<think>Salt.</think>\n<response>Yes, it is.</response>", "<response>Yes, it is.</response>"] {
            let pieces = stride(from: 0, to: text.count, by: size).map {
                String(Array(text)[$0..<min(text.count, $0 + size)])
            }
            let (reasoning, answer) = Self.split(.optional(.granite), pieces)
            #expect(reasoning == (text.hasPrefix("<think>") ? "Salt." : ""))
            #expect(answer == "Yes, it is.", "\(text)")
        }
    }

    @Test("an answer that does not open thinking is all answer, even when it mentions the marker later")
    func noThinking() {
        let (reasoning, answer) = Self.split(.optional(Self.think), ["Yes", ", <think> is a tag", "</think>"])
        #expect(reasoning == "")
        #expect(answer == "Yes, <think> is a tag</think>")
        // A start that could still become the marker is held until it cannot.
        let (_, held) = Self.split(.optional(Self.think), ["<th", "ere"])
        #expect(held == "<there")
    }

    @Test("thinking opened by the prompt starts inside; unfinished thinking stays reasoning")
    func insideThinking() {
        let closed = Self.split(.inside(Self.think), ["Let me see", "</th", "ink>", "{\"a\": 1}"])
        #expect(closed.reasoning == "Let me see")
        #expect(closed.answer == "{\"a\": 1}")
        let open = Self.split(.inside(Self.think), ["Still thinking </", "thin"])
        #expect(open.reasoning == "Still thinking </thin")
        #expect(open.answer == "")
    }

    @Test("families' markers are found in their templates")
    func detection() {
        #expect(ReasoningSyntax.detect(templateSource: "{{ '<think>\\n' }}") == Self.think)
        #expect(ReasoningSyntax.detect(templateSource: "[THINK]{{ x }}[/THINK]")?.close == "[/THINK]")
        #expect(ReasoningSyntax.detect(templateSource: "<seed:think>")?.open == "<seed:think>")
        #expect(ReasoningSyntax.detect(templateSource: "<|im_start|>assistant") == nil)
        #expect(Self.think.opensThinking("<|im_start|>assistant\n<think>\n"))
        #expect(!Self.think.opensThinking("<|im_start|>assistant\n<think>\n\n</think>\n\n"))
        // An empty thinking block at the prompt's end is the template turning thinking off.
        #expect(Self.think.closesThinking("<|im_start|>assistant\n<think>\n\n</think>\n\n"))
        #expect(!Self.think.closesThinking("<|im_start|>assistant\n"))
        let gemma = ReasoningSyntax.detect(templateSource: "{{ '<|channel>thought\\n' }}{{ '<channel|>' }}")
        #expect(gemma?.closesThinking("<|turn>model\n<|channel>thought\n<channel|>") == true)
    }

    @Test("the tracker counts thinking tokens and closes the thinking when the budget is spent")
    func budget() {
        var tracker = ThinkingTracker(.optional(Self.think), budget: 3, closeTokens: [90, 91])
        var forced: [Int32] = []
        for piece in ["<", "think>", "a", "b", "c", "d"] {
            if let token = tracker.forcedToken() {
                forced.append(token)
                tracker.observe("", forced: true)
                continue
            }
            tracker.observe(piece, forced: false)
        }
        while let token = tracker.forcedToken() { forced.append(token) }
        #expect(forced == [90, 91])
        // "<", "think>" and "a" are thinking; then the two forced tokens close it.
        #expect(tracker.tokens == 5)

        var unbounded = ThinkingTracker(.inside(Self.think), budget: nil, closeTokens: [90])
        for piece in ["x", "y", "</think>", "answer", "more"] {
            #expect(unbounded.forcedToken() == nil)
            unbounded.observe(piece, forced: false)
        }
        #expect(unbounded.tokens == 3)
    }
}
