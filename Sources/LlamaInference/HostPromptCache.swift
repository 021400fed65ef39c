/// Prompt caches kept in host memory after their sequence was handed to another prompt, so a prompt
/// that comes back (a returning conversation, a retry, the same system prompt after its sequences
/// moved on) restores its keys and values instead of reading them again.
///
/// Each entry is one sequence's state as llama.cpp serializes it (`llama_state_seq_get_data`), with
/// the tokens it holds and the LoRA adapter they were computed with. Entries are bounded in bytes and
/// evicted least recently used first; an entry whose tokens start another entry's is dropped, since
/// the longer one serves every prompt the shorter one could. Used by the scheduler's thread only.
package final class HostPromptCache {
    package struct Entry {
        package var tokens: [Int32]
        var adapter: ObjectIdentifier?
        var state: [UInt8]
        /// The logits the last position of a prompt read into the sequence gave, and that prompt's
        /// length (`tokens` start with it; they may go on with the answer generated after it), when the
        /// sequence still had them.
        var finalLogits: (length: Int, logits: [Float])?
        var lastUse: UInt64

        /// Bytes this entry takes.
        package var size: Int { state.count + (finalLogits?.logits.count ?? 0) * MemoryLayout<Float>.size }
    }

    /// Most bytes of state kept.
    let capacity: Int
    /// Bytes of state kept now.
    package private(set) var size = 0
    private var entries: [Entry] = []
    private var uses: UInt64 = 0

    package init(capacity: Int) {
        self.capacity = capacity
    }

    /// Entries kept now.
    package var count: Int { entries.count }

    /// The entry sharing the longest prefix with `prompt` (at least `minimum` tokens), computed with
    /// `adapter`, and how many tokens it shares. Marks it used.
    package func longestPrefix(
        of prompt: [Int32], adapter: ObjectIdentifier?, minimum: Int
    ) -> (entry: Entry, shared: Int)? {
        var best: (index: Int, shared: Int)?
        for (index, entry) in entries.enumerated() where entry.adapter == adapter {
            let shared = zip(entry.tokens, prompt).prefix { $0 == $1 }.count
            if shared >= minimum && shared > (best?.shared ?? 0) { best = (index, shared) }
        }
        guard let best else { return nil }
        uses += 1
        entries[best.index].lastUse = uses
        return (entries[best.index], best.shared)
    }

    /// Keeps `state`, the serialized cache of exactly `tokens`. Nothing happens when an entry already
    /// holds `tokens` or more after them (it is marked used instead) or when the state alone is
    /// larger than the whole cache.
    package func store(
        tokens: [Int32], adapter: ObjectIdentifier?, state: [UInt8], finalLogits: (length: Int, logits: [Float])? = nil
    ) {
        uses += 1
        if let covering = entries.firstIndex(where: { $0.adapter == adapter && $0.tokens.starts(with: tokens) }) {
            entries[covering].lastUse = uses
            return
        }
        let entry = Entry(tokens: tokens, adapter: adapter, state: state, finalLogits: finalLogits, lastUse: uses)
        guard entry.size <= capacity, !state.isEmpty else { return }
        entries.removeAll { entry in
            guard entry.adapter == adapter && tokens.starts(with: entry.tokens) else { return false }
            size -= entry.size
            return true
        }
        while size + entry.size > capacity,
            let oldest = entries.indices.min(by: { entries[$0].lastUse < entries[$1].lastUse })
        {
            size -= entries.remove(at: oldest).size
        }
        entries.append(entry)
        size += entry.size
    }

    /// Whether an entry already holds `tokens` (or more after them), so storing them again is useless.
    package func covers(_ tokens: [Int32], adapter: ObjectIdentifier?) -> Bool {
        entries.contains { $0.adapter == adapter && $0.tokens.starts(with: tokens) }
    }
}
