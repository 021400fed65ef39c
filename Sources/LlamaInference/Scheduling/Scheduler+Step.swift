import ChatInference
import Foundation
import Logging

extension Scheduler {
    /// One step: every generating sequence decodes its next token, prompts are read within the
    /// step's budget, and each sequence that produced logits is sampled.
    func step() {
        // Sequences with different LoRA adapters cannot share a decode: run one batch per adapter.
        var groups: [ObjectIdentifier?: [Int]] = [:]
        var order: [ObjectIdentifier?] = []
        for (index, job) in active.enumerated() {
            let key = job.job.adapter.map { ObjectIdentifier($0) }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        var failed: [(Int, LlamaError)] = []
        for key in order {
            let members = groups[key]!
            do {
                let adapter = active[members[0]].job.adapter
                try context.setAdapters(adapter.map { [($0, Float(1))] } ?? [])
                try decode(members)
            } catch {
                failed += members.map { ($0, error) }
            }
        }
        for (index, error) in failed.sorted(by: { $0.0 > $1.0 }) {
            let job = active.remove(at: index)
            for choice in job.choices { release(choice.slot, keepCache: false) }
            job.continuation.finish(throwing: SchedulerError.engine(error))
            logger.error("job \(job.job.id) failed: \(error)")
        }
        active.removeAll { job in
            guard job.choices.allSatisfy(\.finished) else { return false }
            let end = ContinuousClock.now
            let timings = JobTimings(
                queued: (job.admittedAt - job.queuedAt).seconds,
                prefill: ((job.prefilledAt ?? end) - job.admittedAt).seconds,
                generation: (end - (job.prefilledAt ?? end)).seconds,
                generatedTokens: job.choices.reduce(0) { $0 + $1.generated })
            job.continuation.yield(.completed(timings))
            job.continuation.finish()
            return true
        }
    }

    /// Where the logits of one batch position go.
    package enum Output {
        case generate(job: Int, choice: Int)
        case prompt(job: Int, promptIndex: Int)
    }

    /// Reads this step's prompt chunks, then decodes every generating sequence's next token. Prompts
    /// go first: a prompt finished in this step has its first token sampled one generation decode
    /// sooner, and that token joins this step's generation decode; the generating sequences' tokens
    /// come at the end of the step either way.
    func decode(_ members: [Int]) throws(LlamaError) {
        var room = min(batch.capacity, promptStepBudget)
        var outputs: [(Int32, Output)] = []
        // Short remainders of several prompts (a cached prompt's last tokens, a copied prefix's
        // tail) share one decode when they have the same length.
        let reads = members.filter { !active[$0].prefilled && active[$0].job.promptLogprobs == nil }.map {
            (
                job: $0, sequence: active[$0].choices[0].slot,
                remaining: active[$0].job.promptTokens.count - active[$0].readPosition
            )
        }
        for (length, group) in PromptReading.sharedShortReads(
            reads, room: room, minimum: context.batchInvariant ? 2 : 1)
        {
            batch.clear()
            outputs = []
            for jobIndex in group {
                let prompt = active[jobIndex].job.promptTokens
                let slot = active[jobIndex].choices[0].slot
                for position in active[jobIndex].readPosition..<prompt.count {
                    let isLast = position == prompt.count - 1
                    let index = batch.append(
                        token: prompt[position], position: Int32(position), sequence: slot, wantsLogits: isLast)
                    if isLast { outputs.append((index, .prompt(job: jobIndex, promptIndex: position))) }
                }
                slots[Int(slot)].hold(prompt)
                active[jobIndex].readPosition = prompt.count
            }
            room -= length * group.count
            try run(outputs)
            logger.debug("\(group.count) prompt remainders of \(length) tokens read in one decode")
        }
        // Then one chunk of each prompt still being read, fewest tokens left first (arrival order
        // among equals), while the step has room: a conversation's next message, a few tokens past
        // its cached history, is not kept waiting behind a long new prompt. A prompt that starts
        // like one another sequence has read (or is reading) takes a copy of that sequence's cache
        // instead of reading the shared part itself.
        let unread = members.filter { !active[$0].prefilled }
        for jobIndex in PromptReading.fewestLeftFirst(
            unread.map { (job: $0, remaining: active[$0].job.promptTokens.count - active[$0].readPosition) })
        {
            if active[jobIndex].job.promptLogprobs == nil {
                let others = members.filter { $0 != jobIndex }.map { other in
                    (
                        slot: slots[Int(active[other].choices[0].slot)],
                        readingEarlier: !active[other].prefilled && other < jobIndex
                            ? active[other].job.promptTokens : nil
                    )
                }
                let source = SlotPolicy.prefixSource(
                    prompt: active[jobIndex].job.promptTokens, readPosition: active[jobIndex].readPosition,
                    invariant: context.batchInvariant, others: others)
                switch source {
                case .wait: continue
                case .copy(let donor, let length): adoptPrefix(jobIndex, from: donor, length: length)
                case .read: break
                }
            }
            let job = active[jobIndex]
            let prompt = job.job.promptTokens
            let slot = job.choices[0].slot
            let limit = job.promptLogprobs == nil ? room : min(room, PromptReading.promptLogprobChunk)
            guard let count = PromptReading.chunkLength(remaining: prompt.count - job.readPosition, room: limit) else {
                break
            }
            let end = job.readPosition + count
            batch.clear()
            outputs = []
            for position in job.readPosition..<end {
                let isLast = position == prompt.count - 1
                let wantsLogits = isLast || job.promptLogprobs != nil
                let index = batch.append(
                    token: prompt[position], position: Int32(position), sequence: slot, wantsLogits: wantsLogits)
                if wantsLogits { outputs.append((index, .prompt(job: jobIndex, promptIndex: position))) }
            }
            slots[Int(slot)].hold(Array(prompt[..<end]))
            active[jobIndex].readPosition = end
            room -= count
            try run(outputs)
        }
        // Generating sequences: one token each, all in one decode, in order of sequence id: llama.cpp
        // splits a decode into one graph run per run of consecutive ids, each reading all the weights.
        var generating: [(slot: Int32, job: Int, choice: Int)] = []
        for jobIndex in members where active[jobIndex].prefilled {
            for (choiceIndex, choice) in active[jobIndex].choices.enumerated()
            where !choice.finished && choice.pending != nil {
                generating.append((choice.slot, jobIndex, choiceIndex))
            }
        }
        batch.clear()
        outputs = []
        for entry in generating.sorted(by: { $0.slot < $1.slot }) {
            let choice = active[entry.job].choices[entry.choice]
            let index = batch.append(
                token: choice.pending!, position: choice.position, sequence: entry.slot, wantsLogits: true)
            outputs.append((index, .generate(job: entry.job, choice: entry.choice)))
            // `cached` lists decoded tokens only: a sampled token joins it with the decode that
            // writes its keys and values (a prompt copying this sequence's cache takes no more than
            // the cache holds). If the decode fails, the job fails and its sequence is emptied.
            slots[Int(entry.slot)].cached.append(choice.pending!)
        }
        try run(outputs)
    }

    /// Gives a job's reading sequence a copy of `donor`'s cache, cut to its first `length` positions
    /// (all shared with the job's prompt); the job reads on from there.
    func adoptPrefix(_ jobIndex: Int, from donor: Int32, length: Int) {
        let slot = active[jobIndex].choices[0].slot
        let prompt = active[jobIndex].job.promptTokens
        context.copySequence(donor, to: slot)
        if context.removeTokens(sequence: slot, from: Int32(length)),
            context.maximumPosition(sequence: slot) == Int32(length - 1)
        {
            active[jobIndex].cachedTokens += length - active[jobIndex].readPosition
            active[jobIndex].readPosition = length
            slots[Int(slot)].hold(Array(prompt[..<length]))
            logger.debug("job \(active[jobIndex].job.id): \(length) prompt tokens copied from sequence \(donor)")
        } else {
            context.removeTokens(sequence: slot)
            slots[Int(slot)].hold([])
            active[jobIndex].cachedTokens = 0
            active[jobIndex].readPosition = 0
        }
    }

    /// Decodes the batch and hands each requested position's logits on.
    func run(_ outputs: [(Int32, Output)]) throws(LlamaError) {
        guard batch.count > 0 else { return }
        guard try context.decode(batch) else {
            throw LlamaError("llama_decode", "no room left in the KV cache for this batch")
        }
        for (index, output) in outputs {
            switch output {
            case .prompt(let jobIndex, let promptIndex):
                promptOutput(jobIndex: jobIndex, promptIndex: promptIndex, logits: context.logits(at: index))
            case .generate(let jobIndex, let choiceIndex):
                let logits = context.logits(at: index)
                sampleAndEmit(jobIndex: jobIndex, choiceIndex: choiceIndex, logits: logits)
            }
        }
    }

    func promptOutput(jobIndex: Int, promptIndex: Int, logits: UnsafeMutableBufferPointer<Float>) {
        let prompt = active[jobIndex].job.promptTokens
        if let top = active[jobIndex].job.promptLogprobs, promptIndex + 1 < prompt.count {
            active[jobIndex].promptLogprobs?.append(
                Self.logprob(of: prompt[promptIndex + 1], in: logits, alternatives: top))
        }
        guard promptIndex == prompt.count - 1 else { return }
        // The prompt is read: every other choice gets a copy of its cache and of the final logits.
        active[jobIndex].prefilled = true
        active[jobIndex].prefilledAt = .now
        let choices = active[jobIndex].choices
        let reader = choices[0].slot
        let cachedPrompt = slots[Int(reader)].cached
        slots[Int(reader)].finalLogits = (prompt, Array(logits))
        scratch = choices.dropFirst().map { _ in Array(logits) }
        for (offset, choice) in choices.enumerated() {
            active[jobIndex].choices[offset].position = Int32(prompt.count - 1)  // the last decoded position
            if offset > 0 {
                context.copySequence(reader, to: choice.slot)
                slots[Int(choice.slot)].hold(cachedPrompt)
            }
        }
        let job = active[jobIndex]
        job.continuation.yield(
            .prefilled(promptTokens: prompt.count, cachedTokens: job.cachedTokens, promptLogprobs: job.promptLogprobs))
        sampleAndEmit(jobIndex: jobIndex, choiceIndex: 0, logits: logits)
        for offset in 1..<choices.count {
            scratch[offset - 1].withUnsafeMutableBufferPointer { copy in
                sampleAndEmit(jobIndex: jobIndex, choiceIndex: offset, logits: copy)
            }
        }
        scratch = []
    }

    static func logprob(
        of token: Int32, in logits: UnsafeMutableBufferPointer<Float>, alternatives: Int
    )
        -> TokenLogprobData
    {
        let (logSumExp, top) = TokenSampler.rawStatistics(UnsafeBufferPointer(logits), top: alternatives)
        return TokenLogprobData(token: token, logprob: logits[Int(token)] - logSumExp, alternatives: top)
    }

    // MARK: - Sampling and output

    func sampleAndEmit(jobIndex: Int, choiceIndex: Int, logits: UnsafeMutableBufferPointer<Float>) {
        let model = context.model
        var choice = active[jobIndex].choices[choiceIndex]
        let job = active[jobIndex].job
        let token: Int32
        let logprob: TokenLogprobData?
        // A thinking budget that is spent closes the thinking: its marker is decoded, not sampled.
        var forced = choice.thinking?.forcedToken()
        if let token = forced, let grammar = choice.sampler.grammar, !grammar.allows(token) {
            // A grammar that cannot take the marker here (a tool call begun inside the thinking)
            // wins: the thinking is left to the model.
            choice.thinking?.abandonForcing()
            forced = nil
        }
        if let forced {
            token = forced
            choice.sampler.accept(forced)
            logprob = job.topLogprobs.map { Self.logprob(of: forced, in: logits, alternatives: $0) }
        } else {
            (token, logprob) = choice.sampler.sample(logits)
        }
        choice.generated += 1
        choice.pending = nil
        let endsTurn = model.isEndOfGeneration(token) && !job.sampling.ignoreEOS
        let piece = endsTurn ? nil : model.piece(token)
        if let piece { choice.thinking?.observe(String(decoding: piece, as: UTF8.self), forced: forced != nil) }
        let emitted = choice.text.accept(piece, logprob: logprob, reachesLimit: choice.generated >= job.maxTokens)
        if !emitted.isEmpty {
            active[jobIndex].continuation.yield(.text(choice: choiceIndex, emitted.text, emitted.logprobs))
        }
        if let finish = emitted.finish {
            choice.finished = true
            active[jobIndex].continuation.yield(
                .finished(
                    choice: choiceIndex, finish, completionTokens: choice.generated,
                    reasoningTokens: choice.thinking?.tokens ?? 0))
            // Keep the cache of what was decoded (prompt + all but the last token) for prefix reuse.
            free(choice.slot)
        } else {
            choice.pending = token  // decoded, and added to the slot's `cached`, in the next generation decode
            choice.position += 1
        }
        active[jobIndex].choices[choiceIndex] = choice
    }
}
