/// One sequence of the context, as the scheduler tracks it.
package struct Slot {
    package var id: Int32
    package var busy = false
    /// When the sequence was last freed, in the scheduler's count of frees (0: never used).
    package var freedAt: UInt64 = 0
    /// Tokens whose keys and values are in this sequence's cache, in order from position 0: a
    /// prompt read, and what was generated after it (a generated token leaves the keys and values a
    /// prompt read of it would, bit for bit: see `LlamaBackend`), all reusable by a later prompt.
    package var cached: [Int32] = []
    /// The LoRA adapter those keys and values were computed with (nil: none). A cached prefix is
    /// only reused by a job with the same adapter, since an adapter changes every layer's keys.
    package var adapter: ObjectIdentifier?
    /// The logits at the last position of the last prompt read into this sequence, and that prompt:
    /// a request with exactly that prompt, still held as read, samples its first token from them
    /// and reads nothing.
    package var finalLogits: (prompt: [Int32], logits: [Float])?

    package init(id: Int32) { self.id = id }

    /// Records that the cache now holds exactly `tokens`.
    package mutating func hold(_ tokens: [Int32]) {
        cached = tokens
    }

    /// Whether the cache still holds `prompt` (perhaps followed by an answer) with its final logits.
    package func holdsLogits(for prompt: [Int32], adapter: ObjectIdentifier?) -> Bool {
        guard let finalLogits, self.adapter == adapter, finalLogits.prompt == prompt, cached.count >= prompt.count
        else { return false }
        return cached.prefix(prompt.count).elementsEqual(prompt)
    }
}

/// Where a prompt is read and what it may reuse: choices over the scheduler's sequences, with no
/// model or context involved.
package enum SlotPolicy {
    /// Prompt tokens a slot next to a busy one is worth when choosing where to read a prompt.
    package static let adjacencyBonus = 256

    /// Shared prefixes shorter than this are read rather than copied from another sequence: copying
    /// moves a sequence's whole cache buffer, which costs about as much as reading a few dozen tokens.
    package static let minimumSharedPrefix = 32

    /// The free slot a new prompt is read into, and how many of the prompt's first tokens its cache
    /// already holds (reusable as they are). The slot sharing the longest prefix wins (of equals, the
    /// one freed longest ago, so that the conversations used last keep their caches); with
    /// `weighAdjacency`, a slot next to a busy one counts ``adjacencyBonus`` tokens more: llama.cpp
    /// runs a decode once per run of consecutive sequence ids, so a slot that starts a new run makes
    /// every step of the job (and of its neighbours) read the weights once more, which soon costs more
    /// than reading a prompt prefix again. A slot holding exactly this prompt with its kept logits
    /// wins whatever its place: the request then reads nothing and answers at once (with the bonus
    /// alone, requests arriving a step apart took each other's slots and read their prompts again).
    /// `reuse` false (prompt log-probabilities are wanted): nothing is reused. Nil when no slot is free.
    package static func readerSlot(
        for prompt: [Int32], adapter: ObjectIdentifier?, in slots: [Slot], reuse: Bool, weighAdjacency: Bool
    ) -> (index: Int, shared: Int)? {
        var best: (index: Int, shared: Int, score: Int)?
        for index in slots.indices where !slots[index].busy {
            var shared = 0
            if reuse && slots[index].adapter == adapter {
                shared = commonPrefix(slots[index].cached, prompt)
            }
            if reuse && slots[index].holdsLogits(for: prompt, adapter: adapter) { return (index, shared) }
            let score = shared + (weighAdjacency && extendsBusyRun(index, in: slots) ? adjacencyBonus : 0)
            guard let current = best, score <= current.score else {
                best = (index, shared, score)
                continue
            }
            if score == current.score && slots[index].freedAt < slots[current.index].freedAt {
                best = (index, shared, score)
            }
        }
        return best.map { ($0.index, $0.shared) }
    }

    /// The free slot, among `free`, for another choice of a job: the first that keeps busy slots in
    /// as few runs as before, else the first.
    package static func choiceSlot(among free: [Int], in slots: [Slot]) -> Int {
        free.first { extendsBusyRun($0, in: slots) } ?? free[0]
    }

    /// Whether taking this slot keeps the busy slots in as few runs of consecutive ids as before.
    package static func extendsBusyRun(_ index: Int, in slots: [Slot]) -> Bool {
        if !slots.contains(where: \.busy) { return true }
        return (index > 0 && slots[index - 1].busy) || (index + 1 < slots.count && slots[index + 1].busy)
    }

    package static func commonPrefix(_ a: some Sequence<Int32>, _ b: some Sequence<Int32>) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }

    /// Where a prompt still being read takes its next tokens from.
    package enum PrefixSource: Equatable {
        /// Read them.
        case read
        /// An earlier job is reading a prompt that starts like this one: wait for it, then copy.
        case wait
        /// Copy this sequence's cache and keep its first `length` positions.
        case copy(donor: Int32, length: Int)
    }

    /// Where a job reading `prompt` (read up to `readPosition`) should take its next tokens from,
    /// given the jobs sharing its step: `others` lists each one's reading sequence and, when that
    /// job is still reading and was admitted earlier, its prompt. At least the prompt's last token
    /// (two in batch-invariant mode) is still read, and prefixes shorter than ``minimumSharedPrefix``
    /// beyond what the job has are read.
    package static func prefixSource(
        prompt: [Int32], readPosition: Int, invariant: Bool, others: [(slot: Slot, readingEarlier: [Int32]?)]
    ) -> PrefixSource {
        let usable = prompt.count - (invariant ? 2 : 1)
        let floor = readPosition + minimumSharedPrefix
        guard usable >= floor else { return .read }
        var best: (donor: Int32, length: Int)?
        var awaited = 0
        for (slot, reading) in others {
            let now = min(commonPrefix(slot.cached, prompt), usable)
            if now > (best?.length ?? 0) { best = (slot.id, now) }
            if let reading { awaited = max(awaited, min(commonPrefix(reading, prompt), usable)) }
        }
        if awaited >= floor && awaited > (best?.length ?? 0) { return .wait }
        if let best, best.length >= floor { return .copy(donor: best.donor, length: best.length) }
        return .read
    }
}
