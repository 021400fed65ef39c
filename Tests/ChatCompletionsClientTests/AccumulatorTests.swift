import ChatCompletionsAPI
import ChatCompletionsClient
import Testing

@Suite("Accumulator")
struct AccumulatorTests {
    @Test("two interleaved choices with content, logprobs, tool-call fragments, finish reasons and usage")
    func rich() {
        var accumulator = ChatCompletionAccumulator()
        accumulator.add(contentsOf: Fixtures.richStream)
        #expect(accumulator.completion == Fixtures.richCompletion)
        #expect(accumulator.chunkCount == Fixtures.richStream.count)
        #expect(accumulator.content(ofChoice: 0) == "Hello world")
    }

    @Test("a refusal is joined and the empty content beside it is left out")
    func refusal() {
        var accumulator = ChatCompletionAccumulator()
        accumulator.add(Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(role: .assistant, content: ""))]))
        accumulator.add(Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(refusal: "I can't "))]))
        accumulator.add(Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(refusal: "help with that."))]))
        accumulator.add(Fixtures.chunk([.init(index: 0, delta: ChatCompletionDelta(), finishReason: .stop)]))
        let message = accumulator.completion.choices[0].message
        #expect(message.refusal == "I can't help with that.")
        #expect(message.content == nil)
    }

    @Test("usage on the last content chunk (OctoAI) is kept, and a name repeated in every fragment is not doubled")
    func providerVariants() {
        var accumulator = ChatCompletionAccumulator()
        accumulator.add(
            Fixtures.chunk([
                .init(
                    index: 0,
                    delta: ChatCompletionDelta(toolCalls: [
                        ToolCallDelta(index: 0, id: "c1", function: FunctionCallDelta(name: "lookup", arguments: "{"))
                    ]))
            ]))
        accumulator.add(
            Fixtures.chunk(
                [
                    .init(
                        index: 0,
                        delta: ChatCompletionDelta(toolCalls: [
                            ToolCallDelta(
                                index: 0, id: "c1", function: FunctionCallDelta(name: "lookup", arguments: "}"))
                        ]), finishReason: .toolCalls)
                ], usage: CompletionUsage(promptTokens: 3, completionTokens: 2)))
        let completion = accumulator.completion
        #expect(completion.usage == CompletionUsage(promptTokens: 3, completionTokens: 2))
        #expect(
            completion.choices[0].message.toolCalls == [
                ToolCall(id: "c1", function: FunctionCall(name: "lookup", arguments: "{}"))
            ])
        #expect(completion.choices[0].message.content == nil)
        #expect(completion.choices[0].finishReason == .toolCalls)
    }

    @Test("no chunks make a completion with no choices")
    func empty() {
        let accumulator = ChatCompletionAccumulator()
        #expect(accumulator.completion.choices.isEmpty)
        #expect(accumulator.content() == "")
    }
}
