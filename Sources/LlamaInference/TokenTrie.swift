/// The vocabulary's token texts as a byte trie, stored flat in depth-first order, so that a grammar
/// can find every token it allows without testing the whole vocabulary one token at a time.
///
/// A grammar's acceptance is closed under prefixes: when it rejects a text, it rejects every text
/// that starts with it. So a walk tests the token at each node and skips the node's whole subtree
/// when that token is rejected. At a structural position of a JSON grammar (262,144 tokens, a
/// handful allowed) that is a few hundred tests instead of a quarter of a million.
package struct TokenTrie: Sendable {
    /// Per node, in depth-first order (node 0 is the empty root): the index just past its subtree.
    private let subtreeEnd: [Int32]
    /// Per node: where its tokens (those whose text is exactly the node's path) start in `tokens`,
    /// and how many there are (0 for a node that only leads to longer texts).
    private let tokenStart: [Int32]
    private let tokenCount: [Int32]
    private let tokens: [Int32]
    /// End-of-generation tokens: a grammar allows them by its state, not by their text.
    private let endOfGeneration: [Int32]

    /// Builds the trie from each token's text (`pieces[token]`). Tokens with an empty text (or one
    /// starting with a NUL byte) are left out: llama.cpp's grammars never allow them.
    package init(pieces: [[UInt8]], isEndOfGeneration: (Int32) -> Bool) {
        var endOfGeneration: [Int32] = []
        var order: [Int32] = []
        for (token, piece) in pieces.enumerated() {
            if isEndOfGeneration(Int32(token)) {
                endOfGeneration.append(Int32(token))
            } else if let first = piece.first, first != 0 {
                order.append(Int32(token))
            }
        }
        order.sort { pieces[Int($0)].lexicographicallyPrecedes(pieces[Int($1)]) }
        var subtreeEnd: [Int32] = [0]
        var tokenStart: [Int32] = [0]
        var tokenCount: [Int32] = [0]
        var tokens: [Int32] = []
        // path[d] is the node for the first d + 1 bytes of the previous text.
        var path: [Int] = []
        var previous: [UInt8] = []
        for token in order {
            let piece = pieces[Int(token)]
            var shared = 0
            while shared < min(piece.count, previous.count) && piece[shared] == previous[shared] { shared += 1 }
            while path.count > shared { subtreeEnd[path.removeLast()] = Int32(subtreeEnd.count) }
            for _ in shared..<piece.count {
                path.append(subtreeEnd.count)
                subtreeEnd.append(0)
                tokenStart.append(Int32(tokens.count))
                tokenCount.append(0)
            }
            // Sorted order puts equal texts side by side, so a node's tokens are contiguous.
            tokenCount[path[piece.count - 1]] += 1
            tokens.append(token)
            previous = piece
        }
        while let node = path.popLast() { subtreeEnd[node] = Int32(subtreeEnd.count) }
        subtreeEnd[0] = Int32(subtreeEnd.count)
        self.subtreeEnd = subtreeEnd
        self.tokenStart = tokenStart
        self.tokenCount = tokenCount
        self.tokens = tokens
        self.endOfGeneration = endOfGeneration
    }

    /// Every token `allows` accepts, testing one token per visited node (and each end-of-generation
    /// token). Exact when `allows` is closed under prefixes, as grammar acceptance is.
    package func allowed(by allows: (Int32) -> Bool) -> [Int32] {
        var result = endOfGeneration.filter(allows)
        var node = 1
        while node < subtreeEnd.count {
            let count = Int(tokenCount[node])
            guard count > 0 else {
                node += 1  // no token ends here: look at the longer texts below
                continue
            }
            let start = Int(tokenStart[node])
            if allows(tokens[start]) {
                result.append(contentsOf: tokens[start..<start + count])
                node += 1
            } else {
                node = Int(subtreeEnd[node])
            }
        }
        return result
    }

    /// Number of nodes (for tests and diagnostics).
    package var nodeCount: Int { subtreeEnd.count }
}
