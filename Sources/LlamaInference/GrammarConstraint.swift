internal import CLlama
import Foundation

/// A GBNF grammar that constrains which tokens may come next, via llama.cpp's grammar engine.
/// Owns its `llama_sampler`. Used by one sequence on the scheduler thread.
///
/// @unchecked Sendable: the sampler is mutable C state with one owner at a time. It is compiled
/// before its job is submitted (see ``GrammarCompiler``), handed to the scheduler inside the job
/// (under the scheduler's lock, which orders the hand-over), and from then on touched only by the
/// scheduler thread.
package final class GrammarConstraint: @unchecked Sendable {
    private let sampler: UnsafeMutablePointer<llama_sampler>
    private let model: LlamaModel

    /// Compiles `grammar`, whose output must match the rule `root`. With `triggerPatterns`/`triggerTokens` the grammar is
    /// lazy: unconstrained until the output matches a pattern (from its first capture group) or a
    /// trigger token appears.
    package init(
        model: LlamaModel, grammar: String, root: String = "root", triggerPatterns: [String] = [],
        triggerTokens: [Int32] = []
    )
        throws(LlamaError)
    {
        self.model = model
        let made: UnsafeMutablePointer<llama_sampler>?
        if triggerPatterns.isEmpty && triggerTokens.isEmpty {
            made = llama_sampler_init_grammar(model.vocab, grammar, root)
        } else {
            let cStrings = triggerPatterns.map { strdup($0) }
            defer { cStrings.forEach { free($0) } }
            var patterns: [UnsafePointer<CChar>?] = cStrings.map { UnsafePointer($0) }
            made = patterns.withUnsafeMutableBufferPointer { patternBuffer in
                triggerTokens.withUnsafeBufferPointer { tokens in
                    llama_sampler_init_grammar_lazy_patterns(
                        model.vocab, grammar, root, patternBuffer.baseAddress, patternBuffer.count,
                        tokens.baseAddress, tokens.count)
                }
            }
        }
        sampler = try checkLlama(made, "llama_sampler_init_grammar", "the grammar does not parse")
    }

    private init(model: LlamaModel, sampler: UnsafeMutablePointer<llama_sampler>) {
        self.model = model
        self.sampler = sampler
    }

    deinit { llama_sampler_free(sampler) }

    /// An independent copy in the same state (a grammar per choice without parsing it again).
    func copy() throws(LlamaError) -> GrammarConstraint {
        let made = try checkLlama(llama_sampler_clone(sampler), "llama_sampler_clone", "could not copy the grammar")
        return GrammarConstraint(model: model, sampler: made)
    }

    /// Whether the grammar allows `token` next.
    package func allows(_ token: Int32) -> Bool {
        var data = llama_token_data(id: token, logit: 0, p: 0)
        return withUnsafeMutablePointer(to: &data) { pointer in
            var array = llama_token_data_array(data: pointer, size: 1, selected: -1, sorted: false)
            llama_sampler_apply(sampler, &array)
            return array.data[0].logit.isFinite
        }
    }

    /// Every token the grammar allows next, found through the model's token trie.
    package func allowedTokens() -> [Int32] { model.tokenTrie.allowed(by: allows) }

    /// Advances the grammar past `token`.
    package func accept(_ token: Int32) { llama_sampler_accept(sampler, token) }
}
