import ChatInference
import Foundation
import Logging

extension Scheduler {
    /// Gives a job its sequences: the first choice reads the prompt into the free sequence that
    /// holds most of it (``SlotPolicy/readerSlot(for:adapter:in:reuse:weighAdjacency:)``),
    /// or into which host memory restores more of it; the other choices take free sequences that get
    /// a copy once the prompt is read.
    func admit(_ pending: Pending, weighAdjacency: Bool = true) {
        let job = pending.job
        let prompt = job.promptTokens
        let adapter = job.adapter.map { ObjectIdentifier($0) }
        let invariant = context.batchInvariant
        guard
            let (first, held) = SlotPolicy.readerSlot(
                for: prompt, adapter: adapter, in: slots, reuse: job.promptLogprobs == nil,
                weighAdjacency: weighAdjacency)
        else { preconditionFailure("a job was admitted with no free sequence") }
        var reuse = held
        var free = slots.indices.filter { !slots[$0].busy }
        // A prompt kept in host memory that shares more than the chosen sequence is restored into it
        // (what the sequence held is kept in its turn).
        var restored = false
        if let hostCache, job.promptLogprobs == nil,
            let (entry, shared) = hostCache.longestPrefix(
                of: prompt, adapter: adapter, minimum: reuse + Self.minimumHostCacheTokens)
        {
            preserve(first)
            if context.restoreSequence(Int32(first), from: entry.state) {
                slots[first].hold(entry.tokens)
                slots[first].finalLogits = entry.finalLogits.map { (Array(entry.tokens[..<$0.length]), $0.logits) }
                slots[first].adapter = adapter  // the entry was looked up with it
                reuse = shared
                restored = true
                logger.debug("job \(job.id): \(shared) prompt tokens restored from host memory")
            } else {
                slots[first].hold([])
                reuse = 0
            }
        }
        // A sequence holding exactly this prompt with its final logits needs no reading at all.
        // Otherwise at least one token is read to get logits; two when a lone token would round
        // differently.
        var exactHit: [Float]?
        if job.promptLogprobs == nil, slots[first].holdsLogits(for: prompt, adapter: adapter),
            context.removeTokens(sequence: Int32(first), from: Int32(prompt.count))
        {
            exactHit = slots[first].finalLogits?.logits
            slots[first].hold(prompt)
        }
        reuse = exactHit != nil ? prompt.count : min(reuse, prompt.count - (invariant ? 2 : 1))
        if !restored { preserve(first, beyond: reuse) }
        free.removeAll { $0 == first }
        let readerSlot = Int32(first)
        if reuse > 0, context.removeTokens(sequence: readerSlot, from: Int32(reuse)),
            context.maximumPosition(sequence: readerSlot) == Int32(reuse - 1)
        {
            slots[first].hold(Array(prompt[..<reuse]))
        } else {
            reuse = 0
            context.removeTokens(sequence: readerSlot)
            slots[first].hold([])
        }
        slots[first].busy = true
        slots[first].adapter = adapter
        var choiceSlots = [readerSlot]
        for _ in 1..<max(job.choices, 1) {
            let index = SlotPolicy.choiceSlot(among: free, in: slots)
            free.removeAll { $0 == index }
            preserve(index)
            slots[index].busy = true
            slots[index].adapter = adapter
            context.removeTokens(sequence: Int32(index))
            slots[index].hold([])
            choiceSlots.append(Int32(index))
        }
        var choices: [ChoiceState] = []
        for (number, slot) in choiceSlots.enumerated() {
            let grammar = number < job.grammars.count ? job.grammars[number] : nil
            let sampler = TokenSampler(
                parameters: job.sampling, choice: number, seed: job.seed, topLogprobs: job.topLogprobs,
                grammar: grammar, promptTokens: prompt)
            choices.append(
                ChoiceState(
                    slot: slot, sampler: sampler, text: ChoiceText(stops: job.stop, callMarkers: job.callMarkers),
                    thinking: job.thinking.map {
                        ThinkingTracker($0, budget: job.reasoningBudget, closeTokens: job.thinkingCloseTokens)
                    }))
        }
        var state = Active(
            number: pending.number, job: job, continuation: pending.continuation, choices: choices, readPosition: reuse,
            cachedTokens: reuse)
        state.queuedAt = pending.queuedAt
        state.admittedAt = .now
        if job.promptLogprobs != nil { state.promptLogprobs = [] }
        active.append(state)
        if let logits = exactHit {
            // The whole prompt is in the sequence with the logits its last position gave: the first
            // token is sampled from those, as a fresh read would.
            var copy = logits
            copy.withUnsafeMutableBufferPointer { buffer in
                promptOutput(jobIndex: active.count - 1, promptIndex: prompt.count - 1, logits: buffer)
            }
            logger.debug("job \(job.id): the whole prompt was in sequence \(readerSlot): nothing read")
        }
    }

    /// Keeps a free sequence's cache (a prompt and the answer generated after it) in host memory
    /// before it is given to another prompt. Nothing is kept when host memory already holds it.
    /// `beyond`: the prefix the sequence keeps anyway; nothing is saved unless it holds more.
    func preserve(_ index: Int, beyond kept: Int = 0) {
        guard let hostCache else { return }
        let slot = slots[index]
        let tokens = slot.cached
        let keep = tokens.count
        guard keep >= Self.minimumHostCacheTokens && keep > kept else { return }
        guard !hostCache.covers(tokens, adapter: slot.adapter) else { return }
        guard let state = context.sequenceState(slot.id) else { return }
        let logits = slot.finalLogits.flatMap { tokens.starts(with: $0.prompt) ? ($0.prompt.count, $0.logits) : nil }
        hostCache.store(tokens: tokens, adapter: slot.adapter, state: state, finalLogits: logits)
        logger.debug(
            "kept \(keep) tokens of sequence \(slot.id) in host memory (\(hostCache.count) prompts, \(hostCache.size >> 20) MiB)"
        )
    }
}
