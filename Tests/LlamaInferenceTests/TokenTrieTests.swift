import Foundation
import LlamaInference
import Testing

@Suite("Token trie")
struct TokenTrieTests {
    @Test("a prefix-closed test finds exactly the tokens a one-by-one test finds, shared texts included")
    func matchesBruteForce() {
        let texts = ["a", "ab", "abc", "abd", "b", "ba", "", "\u{0}x", "abc", "c", "cab", "xyz", "x"]
        let pieces = texts.map { Array($0.utf8) }
        let trie = TokenTrie(pieces: pieces) { $0 == 6 }  // token 6 (empty text) ends generation
        // Allowed texts: prefixes of "abcab" or "cab" (closed under prefixes, like a grammar).
        func allows(_ token: Int32) -> Bool {
            if token == 6 { return true }
            let text = texts[Int(token)]
            return !text.isEmpty && ("abcab".hasPrefix(text) || "cab".hasPrefix(text))
        }
        var tested = 0
        let found = trie.allowed {
            tested += 1
            return allows($0)
        }
        let expected = (0..<Int32(texts.count)).filter { allows($0) && !texts[Int($0)].hasPrefix("\u{0}") }
        #expect(found.sorted() == expected)
        // "abd", "ba", "xyz" are never tested: their prefixes were, or their node was skipped.
        #expect(tested < texts.count)
    }

    @Test("on the real vocabulary, a JSON grammar's allowed tokens equal llama.cpp's own filter")
    func realVocabulary() throws {
        let model = try ModelFixture.model()
        let grammar = try GrammarConstraint(
            model: model, grammar: #"root ::= "{" [ \t\n]* "\"" [a-z]+ "\"" [ \t\n]* ":" [ \t\n]* [0-9]+ "}""#)
        for token in try model.tokenize(#"{ "key""#, addSpecial: false, parseSpecial: false) {
            grammar.accept(token)
        }
        let viaTrie = Set(grammar.allowedTokens())
        // After `{ "key"` only whitespace, `"` continuations and `:` may follow: check a sample of the
        // vocabulary one by one against the trie's answer.
        #expect(!viaTrie.isEmpty)
        #expect(viaTrie.count < 5000)
        var checked = 0
        for token in stride(from: Int32(0), to: Int32(model.vocabularySize), by: 7) {
            #expect(grammar.allows(token) == viaTrie.contains(token), "token \(token)")
            checked += 1
        }
        for token in viaTrie { #expect(grammar.allows(token)) }
        #expect(checked > 30000)
        #expect(model.tokenTrie.nodeCount > model.vocabularySize)
    }
}
