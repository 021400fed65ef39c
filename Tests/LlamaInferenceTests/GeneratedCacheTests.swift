import LlamaInference
import Testing

/// Batch invariance lets a conversation's next turn reuse its previous answer from the cache only
/// if a generated token (decoded alone, one a decode) leaves in the cache exactly the keys and
/// values a prompt read of the same tokens leaves. This holds when every product computes each
/// output the same way whatever the batch's shape: llama.cpp built without llamafile's kernels
/// (which take over attention from two tokens of a sequence on) and with ggml's tiled K-quant kernel
/// off (`LlamaBackend`). Compared here as the bytes of the sequences' serialized caches.
@Suite("Generated tokens in the cache")
struct GeneratedCacheTests {
    @Test(
        "an answer decoded one token at a time leaves the cache bytes and final logits of the same tokens read as a prompt",
        arguments: ModelFixture.installed)
    func generatedEqualsRead(file: String) throws {
        let model = try ModelFixture.model(file)
        LlamaBackend.requireBatchInvariantKernels()
        let prompt = try model.tokenize(
            "The lighthouse keeper wrote in her log every night: the wind, the ships, the colour of the sea.",
            addSpecial: true, parseSpecial: false)
        let answer = try model.tokenize(
            " Tonight the fog came in early, and the horn sounded until the fishing boats were home.",
            addSpecial: false, parseSpecial: false)
        let whole = prompt + answer
        let batch = LlamaBatch(capacity: 256)

        /// A fresh context holding `whole` in its one sequence, decoded in the given pieces: its
        /// serialized cache and the logits of the last position. (One context each, since the
        /// serialized cache names its sequence.)
        func cache(pieces: [Range<Int>]) throws -> (state: [UInt8], logits: [Float]) {
            let context = try LlamaContext(model: model, contextPerSequence: 256, sequences: 1, threads: 2)
            var logits: [Float] = []
            for piece in pieces {
                batch.clear()
                var last: Int32 = 0
                for position in piece {
                    last = batch.append(
                        token: whole[position], position: Int32(position), sequence: 0,
                        wantsLogits: position == piece.upperBound - 1)
                }
                #expect(try context.decode(batch))
                logits = Array(context.logits(at: last))
            }
            return (try #require(context.sequenceState(0)), logits)
        }
        // The prompt read, then the answer decoded one token at a time, as generated.
        let generated = try cache(pieces: [0..<prompt.count] + (prompt.count..<whole.count).map { $0..<$0 + 1 })
        // Everything read as one prompt; and read in chunks of five.
        let read = try cache(pieces: [0..<whole.count])
        let chunked = try cache(
            pieces: stride(from: 0, to: whole.count, by: 5).map { $0..<min($0 + 5, whole.count) })
        // Compared as booleans: a failed comparison of two large arrays would have the test library
        // compute their difference, which takes minutes.
        #expect(generated.state.count == read.state.count)
        let sameAsRead = generated.state == read.state
        #expect(sameAsRead, "\(file): generated keys and values differ from a prompt read's")
        let chunksSameAsRead = chunked.state == read.state
        #expect(chunksSameAsRead, "\(file): chunks of five differ from one read")
        let sameLogits = generated.logits == read.logits
        #expect(sameLogits, "\(file): final logits differ")
        let sameChunkedLogits = chunked.logits == read.logits
        #expect(sameChunkedLogits, "\(file): final logits of the chunked read differ")
        // The check the server makes at load (it warns when a build fails it).
        #expect(LlamaContext.generatedTokensMatchReads(model: model))
    }
}
