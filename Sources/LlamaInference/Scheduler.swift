import ChatInference
import Foundation
import Logging

/// Why the scheduler refused or ended a job.
enum SchedulerError: Error, Sendable, Hashable {
    /// Every sequence is busy and the waiting queue is full.
    case overloaded(queueLimit: Int)
    /// More choices than the context has sequences.
    case tooManyChoices(requested: Int, capacity: Int)
    /// The scheduler is shutting down.
    case shuttingDown
    /// llama.cpp failed while running the job.
    case engine(LlamaError)
}

/// Continuous batching over one llama.cpp context. One dedicated thread owns the context: each step
/// it admits waiting jobs into free sequences, decodes the next token of every generating sequence
/// in a single `llama_decode` (one per LoRA adapter in use), reads chunks of prompts still being read
/// (one decode per chunk), and samples every sequence that produced logits. Finished and cancelled
/// sequences free their slot at once.
///
/// Batch invariance. ggml computes a sequence's attention with one kernel when the sequence has one
/// token in a decode and with another (llamafile's) when it has two or more, and the two round
/// differently. A position's keys, values and logits therefore depend on whether it was computed
/// alone or in a group, and a seed would stop reproducing once a prompt comes from the cache or
/// shares a decode with other work. So when the context is batch-invariant: every prompt position
/// is read in a chunk of at least two tokens of its own sequence (llama.cpp would split a prompt
/// mixed into a decode of other sequences' tokens, so each chunk gets its own decode); generated
/// tokens are always decoded one at a time; and a later prompt reuses from the cache only positions
/// that were read as a prompt, re-reading at least its last two tokens — unless it is exactly the
/// prompt the sequence last read, whose final logits the sequence kept: then nothing is read. (Weights need no care when
/// quantized: llamafile's kernels give the same products for one token as for several for Q8_0 and
/// Q5_0, and K-quants take the one-row kernel, see `LlamaBackend`. Float weights are not covered.)
final class Scheduler: @unchecked Sendable {
    // @unchecked: `lock` guards `waiting`, `cancelled`, `stopping`, `coreReservations` and
    // `stepUsesEveryThread`; everything else is touched only by the scheduler thread.
    private let context: LlamaContext
    private let logger: Logger
    private let queueLimit: Int
    private let lock = NSCondition()
    private var waiting: [Pending] = []
    private var cancelled: Set<UInt64> = []
    private var stopping = false
    private var stopped = false
    private var publishedBusy = 0
    private var publishedRunning = 0
    private var publishedCells = 0
    private var nextJobNumber: UInt64 = 0
    /// Threads now running work that asked decoding to leave it a core (``withCoreReserved(_:)``).
    private var coreReservations = 0
    /// Whether the step now running decodes with every configured thread.
    private var stepUsesEveryThread = false
    private var thread: Thread?

    private var slots: [Slot]
    private var active: [Active] = []
    /// Threads the context decodes with now.
    private var decodeThreads: Int
    private let batch: LlamaBatch
    private var scratch: [[Float]] = []

    /// Tokens of one prompt read per step at most when prompt log-probabilities are wanted (each
    /// such position returns a whole vocabulary of logits).
    private static let promptLogprobChunk = 32

    /// Most prompt tokens read per step, over all prompts: running streams wait for each step's
    /// prompt reading, so this bounds the gap between their tokens while prompts arrive.
    private let promptStepBudget: Int

    /// Prompt caches of sequences since given to other prompts (nil: none kept).
    private let hostCache: HostPromptCache?
    /// Fewest tokens worth keeping in, or restoring from, host memory: shorter prompts are read
    /// again about as fast as their state is copied.
    private static let minimumHostCacheTokens = 16

    init(
        context: LlamaContext, queueLimit: Int, promptCacheBytes: Int = 0, promptStepBudget: Int = 512,
        logger: Logger
    ) {
        self.context = context
        self.decodeThreads = context.threads
        self.promptStepBudget = max(2, promptStepBudget)
        self.logger = logger
        self.queueLimit = queueLimit
        // A sliding-window cache lays the cells of a restored state out differently from a read
        // prompt's (llama.cpp saves only the cells inside the window, and a read reuses cells that
        // fell out of it), which changes how attention sums round: no restores where a seed must
        // reproduce.
        let restoresExactly = !context.batchInvariant || context.model.slidingWindow == 0
        self.hostCache = promptCacheBytes > 0 && restoresExactly ? HostPromptCache(capacity: promptCacheBytes) : nil
        if promptCacheBytes > 0 && !restoresExactly {
            logger.info(
                "host-memory prompt cache off for this model: its sliding-window attention would not restore bit-exactly in batch-invariant mode"
            )
        }
        self.slots = (0..<context.sequenceCapacity).map { Slot(id: Int32($0)) }
        self.batch = LlamaBatch(capacity: context.batchCapacity)
        let thread = Thread { [unowned self] in self.run() }
        thread.name = "llama-scheduler"
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    /// Number of sequences that can run at once.
    var capacity: Int { slots.count }

    /// Queues a job. The stream yields its events; dropping or cancelling the consumer cancels the
    /// job within a step.
    func submit(_ job: GenerationJob) throws(SchedulerError) -> AsyncThrowingStream<JobEvent, any Error> {
        guard job.choices <= slots.count else {
            throw .tooManyChoices(requested: job.choices, capacity: slots.count)
        }
        let (stream, continuation) = AsyncThrowingStream<JobEvent, any Error>.makeStream()
        lock.lock()
        defer { lock.unlock() }
        if stopping { throw .shuttingDown }
        if waiting.count >= queueLimit { throw .overloaded(queueLimit: queueLimit) }
        nextJobNumber += 1
        let number = nextJobNumber
        let pending = Pending(number: number, job: job, continuation: continuation, queuedAt: .now)
        let position = waiting.firstIndex { $0.job.priority < job.priority } ?? waiting.count
        waiting.insert(pending, at: position)
        lock.broadcast()
        continuation.onTermination = { [weak self] termination in
            if case .cancelled = termination { self?.cancel(number) }
        }
        return stream
    }

    /// Runs `body` on the calling thread once decoding has left it a core, and decodes with one
    /// thread fewer until it returns (decoding keeps one thread at least). For heavy CPU work beside
    /// decoding, such as compiling a large grammar: llama.cpp's decoding threads meet at a barrier
    /// after every operation, so a thread that loses its core to other work holds the others up,
    /// and a 10 ms step was measured lasting as long as a 200 ms compilation beside it. Waits for
    /// at most the step now running. Results do not change with the thread count.
    func withCoreReserved<Result, Failure>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        lock.withLock {
            coreReservations += 1
            while stepUsesEveryThread && context.threads > 1 { lock.wait() }
        }
        defer { lock.withLock { coreReservations -= 1 } }
        return try body()
    }

    /// Stops the job with this number at the next step.
    private func cancel(_ number: UInt64) {
        lock.withLock {
            cancelled.insert(number)
            lock.broadcast()
        }
    }

    /// Busy sequences, sequences in all, jobs waiting, jobs running, and KV cells held by busy
    /// sequences out of all cells, as of the last step.
    var load: (busy: Int, capacity: Int, queued: Int, running: Int, cellsUsed: Int, cellsTotal: Int) {
        lock.withLock {
            (
                publishedBusy, slots.count, waiting.count, publishedRunning, publishedCells,
                slots.count * context.contextPerSequence
            )
        }
    }

    /// Finishes running jobs, refuses new ones, and ends the thread.
    func shutdown() {
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
    }

    /// Blocks the calling thread until the scheduler's thread has ended (after ``shutdown()``).
    func waitUntilStopped() {
        lock.withLock {
            while !stopped { lock.wait() }
        }
    }

    // MARK: - The loop

    private func run() {
        while true {
            var everyThread = true
            let (admitted, expired, cancelledNow, stop) = lock.withLock {
                () -> ([Pending], [Pending], Set<UInt64>, Bool) in
                // Nothing waits while the thread sleeps, so no deadline can pass unseen.
                while waiting.isEmpty && active.isEmpty && cancelled.isEmpty && !stopping { lock.wait() }
                let cancelledNow = cancelled
                cancelled.removeAll()
                var admitted: [Pending] = []
                var expired: [Pending] = []
                var free = slots.count { !$0.busy }
                let now = ContinuousClock.now
                waiting.removeAll { pending in
                    if cancelledNow.contains(pending.number) {
                        pending.continuation.finish()
                        return true
                    }
                    if let deadline = pending.job.deadline, deadline <= now {
                        expired.append(pending)
                        return true
                    }
                    return false
                }
                while let first = waiting.first, first.job.choices <= free {
                    free -= first.job.choices
                    admitted.append(waiting.removeFirst())
                }
                stepUsesEveryThread = coreReservations == 0
                everyThread = stepUsesEveryThread
                return (admitted, expired, cancelledNow, stopping && waiting.isEmpty)
            }
            let threads = everyThread ? context.threads : max(1, context.threads - 1)
            if threads != decodeThreads {
                context.setThreads(threads)
                decodeThreads = threads
                logger.debug(
                    "decoding with \(threads) thread(s)\(everyThread ? "" : " while other work has a core")")
            }
            for number in cancelledNow { drop(number) }
            for pending in expired { expireWaiting(pending) }
            expireActive()
            // When this pass takes every free sequence, no sequence stays idle between busy ones, so
            // each job simply takes the sequence sharing most of its prompt.
            let choicesAdmitted = admitted.reduce(0) { $0 + max($1.job.choices, 1) }
            let fillsAll = choicesAdmitted >= slots.count { !$0.busy }
            for pending in admitted { admit(pending, weighAdjacency: !fillsAll) }
            if !active.isEmpty { step() }
            let busy = slots.count { $0.busy }
            let cells = slots.reduce(0) { $0 + ($1.busy ? $1.cached.count : 0) }
            let running = active.count
            lock.withLock {
                publishedBusy = busy
                publishedRunning = running
                publishedCells = cells
                if stepUsesEveryThread {
                    stepUsesEveryThread = false
                    lock.broadcast()
                }
            }
            if active.isEmpty && stop {
                lock.withLock {
                    stopped = true
                    lock.broadcast()
                }
                return
            }
        }
    }

    private func drop(_ number: UInt64) {
        guard let index = active.firstIndex(where: { $0.number == number }) else { return }
        let job = active.remove(at: index)
        for choice in job.choices { release(choice.slot, keepCache: false) }
        job.continuation.finish()
        logger.debug("job \(job.job.id) cancelled by its client")
    }

    // MARK: - Time limits

    /// Ends a job whose deadline passed before it got a sequence: its prompt is reported unread
    /// and every choice ends with ``TokenFinish/timeLimit`` and no tokens.
    private func expireWaiting(_ pending: Pending) {
        let job = pending.job
        pending.continuation.yield(
            .prefilled(promptTokens: job.promptTokens.count, cachedTokens: 0, promptLogprobs: nil))
        for choice in 0..<job.choices {
            pending.continuation.yield(.finished(choice: choice, .timeLimit, completionTokens: 0))
        }
        let queued = (ContinuousClock.now - pending.queuedAt).seconds
        pending.continuation.yield(
            .completed(JobTimings(queued: queued, prefill: 0, generation: 0, generatedTokens: 0)))
        pending.continuation.finish()
        logger.info("job \(job.id) reached its time limit while waiting for a sequence: finished with 'length'")
    }

    /// Ends the running jobs whose deadline has passed: what each unfinished choice holds back
    /// (a partial stop sequence, an incomplete UTF-8 character) is released, the choice ends with
    /// ``TokenFinish/timeLimit``, and its sequence is freed.
    private func expireActive() {
        let now = ContinuousClock.now
        active.removeAll { job in
            guard let deadline = job.job.deadline, deadline <= now else { return false }
            if !job.prefilled {
                job.continuation.yield(
                    .prefilled(
                        promptTokens: job.job.promptTokens.count, cachedTokens: job.cachedTokens,
                        promptLogprobs: job.promptLogprobs))
            }
            var generated = 0
            for (index, choice) in job.choices.enumerated() {
                generated += choice.generated
                guard !choice.finished else { continue }
                var choice = choice
                var released = choice.stop.flush()
                if var calls = choice.calls {
                    switch calls.append(released) {
                    case .release(let bytes), .stop(let bytes): released = bytes
                    }
                    released += calls.flush()
                }
                let text = choice.utf8.append(released) + choice.utf8.flush()
                let carried = choice.logprobQueue.map(\.data)
                if !text.isEmpty || !carried.isEmpty { job.continuation.yield(.text(choice: index, text, carried)) }
                job.continuation.yield(.finished(choice: index, .timeLimit, completionTokens: choice.generated))
                // The cache may hold a sampled token not yet decoded: drop it rather than reuse it.
                release(choice.slot, keepCache: false)
            }
            let end = ContinuousClock.now
            job.continuation.yield(
                .completed(
                    JobTimings(
                        queued: (job.admittedAt - job.queuedAt).seconds,
                        prefill: ((job.prefilledAt ?? end) - job.admittedAt).seconds,
                        generation: (end - (job.prefilledAt ?? end)).seconds, generatedTokens: generated)))
            job.continuation.finish()
            logger.info(
                "job \(job.job.id) reached its time limit after \(generated) tokens: unfinished choices end with 'length'"
            )
            return true
        }
    }

    private func release(_ slot: Int32, keepCache: Bool) {
        slots[Int(slot)].busy = false
        if !keepCache {
            context.removeTokens(sequence: slot)
            slots[Int(slot)].holdPrompt([])
        }
    }

    // MARK: - Admission

    private func admit(_ pending: Pending, weighAdjacency: Bool = true) {
        let job = pending.job
        let prompt = job.promptTokens
        var free = slots.indices.filter { !slots[$0].busy }
        // The first choice reads the prompt. It takes the free slot whose cache shares the longest
        // prefix, favouring slots next to busy ones: llama.cpp runs a decode once per run of
        // consecutive sequence ids, so a slot that starts a new run makes every step of the job (and
        // of its neighbours) read the weights once more, which soon costs more than re-reading a
        // prompt prefix.
        var reuse = 0
        var first = free[0]
        var bestScore = -1
        let adapter = job.adapter.map { ObjectIdentifier($0) }
        let invariant = context.batchInvariant
        for index in free {
            var shared = 0
            if job.promptLogprobs == nil && slots[index].adapter == adapter {
                let reusable = invariant ? slots[index].promptCount : slots[index].cached.count
                shared = Self.commonPrefix(slots[index].cached.prefix(reusable), prompt)
            }
            let score = shared + (weighAdjacency && extendsBusyRun(index) ? Self.adjacencyBonus : 0)
            if score > bestScore {
                bestScore = score
                reuse = shared
                first = index
            }
        }
        // A prompt kept in host memory that shares more than the chosen sequence is restored into it
        // (what the sequence held is kept in its turn).
        var restored = false
        if let hostCache, job.promptLogprobs == nil,
            let (entry, shared) = hostCache.longestPrefix(
                of: prompt, adapter: adapter, minimum: reuse + Self.minimumHostCacheTokens)
        {
            preserve(first)
            if context.restoreSequence(Int32(first), from: entry.state) {
                slots[first].holdPrompt(entry.tokens)
                slots[first].finalLogits = entry.finalLogits.map { (entry.tokens, $0) }
                slots[first].adapter = adapter  // the entry was looked up with it
                reuse = shared
                restored = true
                logger.debug("job \(job.id): \(shared) prompt tokens restored from host memory")
            } else {
                slots[first].holdPrompt([])
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
            slots[first].holdPrompt(prompt)
        }
        reuse = exactHit != nil ? prompt.count : min(reuse, prompt.count - (invariant ? 2 : 1))
        if !restored { preserve(first, beyond: reuse) }
        free.removeAll { $0 == first }
        let readerSlot = Int32(first)
        if reuse > 0, context.removeTokens(sequence: readerSlot, from: Int32(reuse)),
            context.maximumPosition(sequence: readerSlot) == Int32(reuse - 1)
        {
            slots[first].holdPrompt(Array(prompt[..<reuse]))
        } else {
            reuse = 0
            context.removeTokens(sequence: readerSlot)
            slots[first].holdPrompt([])
        }
        slots[first].busy = true
        slots[first].adapter = adapter
        var choiceSlots = [readerSlot]
        for _ in 1..<max(job.choices, 1) {
            let index = free.first(where: extendsBusyRun) ?? free[0]
            free.removeAll { $0 == index }
            preserve(index)
            slots[index].busy = true
            slots[index].adapter = adapter
            context.removeTokens(sequence: Int32(index))
            slots[index].holdPrompt([])
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
                    slot: slot, sampler: sampler, stop: StopMatcher(stops: job.stop),
                    calls: job.callMarkers.map { RepeatedCallGuard(start: $0.start, end: $0.end) }))
        }
        var state = Active(
            number: pending.number, job: job, continuation: pending.continuation, choices: choices, readPosition: reuse,
            cachedTokens: reuse)
        state.queuedAt = pending.queuedAt
        state.admittedAt = .now
        if job.promptLogprobs != nil { state.promptLogprobs = [] }
        active.append(state)
        if let logits = exactHit {
            // The whole prompt is in the sequence, read as a prompt, with the logits its last
            // position gave: the first token is sampled from those, as a fresh read would.
            var copy = logits
            copy.withUnsafeMutableBufferPointer { buffer in
                promptOutput(jobIndex: active.count - 1, promptIndex: prompt.count - 1, logits: buffer)
            }
            logger.debug("job \(job.id): the whole prompt was in sequence \(readerSlot): nothing read")
        }
    }

    /// Keeps a free sequence's reusable cache in host memory before it is given to another prompt:
    /// in batch-invariant mode only the positions read as a prompt (the rest are dropped from the
    /// sequence first), else everything decoded. Nothing is kept when host memory already holds it.
    /// `beyond`: the prefix the sequence keeps anyway; nothing is saved unless it holds more.
    private func preserve(_ index: Int, beyond kept: Int = 0) {
        guard let hostCache else { return }
        let slot = slots[index]
        let keep = context.batchInvariant ? slot.promptCount : slot.cached.count
        guard keep >= Self.minimumHostCacheTokens && keep > kept else { return }
        let tokens = Array(slot.cached.prefix(keep))
        guard !hostCache.covers(tokens, adapter: slot.adapter) else { return }
        if keep < slot.cached.count {
            guard context.removeTokens(sequence: slot.id, from: Int32(keep)) else { return }
            slots[index].holdPrompt(tokens)
        }
        guard let state = context.sequenceState(slot.id) else { return }
        let logits = slot.finalLogits.flatMap { $0.prompt == tokens ? $0.logits : nil }
        hostCache.store(tokens: tokens, adapter: slot.adapter, state: state, finalLogits: logits)
        logger.debug(
            "kept \(keep) prompt tokens of sequence \(slot.id) in host memory (\(hostCache.count) prompts, \(hostCache.size >> 20) MiB)"
        )
    }

    /// Prompt tokens a slot next to a busy one is worth (see `admit`).
    private static let adjacencyBonus = 256

    /// Whether taking this slot keeps the busy slots in as few runs of consecutive ids as before.
    private func extendsBusyRun(_ index: Int) -> Bool {
        if !slots.contains(where: \.busy) { return true }
        return (index > 0 && slots[index - 1].busy) || (index + 1 < slots.count && slots[index + 1].busy)
    }

    private static func commonPrefix(_ a: ArraySlice<Int32>, _ b: [Int32]) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }

    /// How many of a prompt's `remaining` tokens to read in one decode with room for `room`: all that
    /// fit, but never leaving a lone last token, and never a lone token unless the whole prompt is one
    /// (see the type's note on batch invariance). Nil: wait for a step with more room.
    static func chunkLength(remaining: Int, room: Int) -> Int? {
        if remaining <= room { return remaining }
        let count = remaining - room == 1 ? room - 1 : room
        return count >= 2 ? count : nil
    }

    // MARK: - One step

    private func step() {
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
    private enum Output {
        case generate(job: Int, choice: Int)
        case prompt(job: Int, promptIndex: Int)
    }

    private func decode(_ members: [Int]) throws(LlamaError) {
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
        var outputs: [(Int32, Output)] = []
        for entry in generating.sorted(by: { $0.slot < $1.slot }) {
            let choice = active[entry.job].choices[entry.choice]
            let index = batch.append(
                token: choice.pending!, position: choice.position, sequence: entry.slot, wantsLogits: true)
            outputs.append((index, .generate(job: entry.job, choice: entry.choice)))
        }
        var room = min(batch.capacity - batch.count, promptStepBudget)
        try run(outputs)
        // Short remainders of several prompts (a cached prompt's last tokens, a copied prefix's
        // tail) share one decode when they have the same length: each sequence's piece stays its
        // own run of at least two tokens, so every position is computed as if read alone, and the
        // weights are read once instead of once per prompt.
        var shortReads: [Int: [Int]] = [:]
        for jobIndex in members where !active[jobIndex].prefilled && active[jobIndex].job.promptLogprobs == nil {
            let remaining = active[jobIndex].job.promptTokens.count - active[jobIndex].readPosition
            if remaining >= (context.batchInvariant ? 2 : 1) && remaining <= Self.shortRead {
                shortReads[remaining, default: []].append(jobIndex)
            }
        }
        for (length, group) in shortReads.sorted(by: { $0.key < $1.key })
        where group.count > 1 && length * group.count <= room {
            batch.clear()
            outputs = []
            for jobIndex in group.sorted(by: { active[$0].choices[0].slot < active[$1].choices[0].slot }) {
                let prompt = active[jobIndex].job.promptTokens
                let slot = active[jobIndex].choices[0].slot
                for position in active[jobIndex].readPosition..<prompt.count {
                    let isLast = position == prompt.count - 1
                    let index = batch.append(
                        token: prompt[position], position: Int32(position), sequence: slot, wantsLogits: isLast)
                    if isLast { outputs.append((index, .prompt(job: jobIndex, promptIndex: position))) }
                }
                slots[Int(slot)].holdPrompt(prompt)
                active[jobIndex].readPosition = prompt.count
            }
            room -= length * group.count
            try run(outputs)
            logger.debug("\(group.count) prompt remainders of \(length) tokens read in one decode")
        }
        // Then one chunk of each prompt still being read, in arrival order, while the step has room.
        // A prompt that starts like one another sequence has read (or is reading) takes a copy of
        // that sequence's cache instead of reading the shared part itself.
        for jobIndex in members where !active[jobIndex].prefilled {
            if active[jobIndex].job.promptLogprobs == nil {
                switch prefixSource(for: jobIndex, among: members) {
                case .wait: continue
                case .copy(let donor, let length): adoptPrefix(jobIndex, from: donor, length: length)
                case .none: break
                }
            }
            let job = active[jobIndex]
            let prompt = job.job.promptTokens
            let slot = job.choices[0].slot
            let limit = job.promptLogprobs == nil ? room : min(room, Self.promptLogprobChunk)
            guard let count = Self.chunkLength(remaining: prompt.count - job.readPosition, room: limit) else { break }
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
            slots[Int(slot)].holdPrompt(Array(prompt[..<end]))
            active[jobIndex].readPosition = end
            room -= count
            try run(outputs)
        }
    }

    // MARK: - Prefixes shared across requests

    /// Prompt remainders this short are read together with others of the same length.
    private static let shortRead = 8

    /// Shared prefixes shorter than this are read rather than copied: copying a sequence moves its
    /// whole cache buffer, which costs about as much as reading a few dozen tokens.
    private static let minimumSharedPrefix = 32

    private enum PrefixSource {
        /// Read the prompt.
        case none
        /// An earlier job is reading a prompt that starts like this one: wait for it, then copy.
        case wait
        /// Copy this busy sequence's cache and keep its first `length` positions.
        case copy(donor: Int32, length: Int)
    }

    /// Where a job still reading its prompt should take its next tokens from. Only positions a
    /// donor read as a prompt are taken in batch-invariant mode (like a cached prefix, see the type's
    /// note), and at least the last two prompt tokens are still read.
    private func prefixSource(for jobIndex: Int, among members: [Int]) -> PrefixSource {
        let job = active[jobIndex]
        let prompt = job.job.promptTokens
        let usable = prompt.count - (context.batchInvariant ? 2 : 1)
        let floor = job.readPosition + Self.minimumSharedPrefix
        guard usable >= floor else { return .none }
        var best: (donor: Int32, length: Int)?
        var awaited = 0
        for other in members where other != jobIndex {
            let donor = active[other]
            let slot = slots[Int(donor.choices[0].slot)]
            let reusable = context.batchInvariant ? slot.promptCount : slot.cached.count
            let now = min(Self.commonPrefix(slot.cached.prefix(reusable), prompt), usable)
            if now > (best?.length ?? 0) { best = (slot.id, now) }
            if !donor.prefilled && other < jobIndex {
                awaited = max(awaited, min(Self.commonPrefix(donor.job.promptTokens[...], prompt), usable))
            }
        }
        if awaited >= floor && awaited > (best?.length ?? 0) { return .wait }
        if let best, best.length >= floor { return .copy(donor: best.donor, length: best.length) }
        return .none
    }

    /// Gives a job's reading sequence a copy of `donor`'s cache, cut to its first `length` positions
    /// (all shared with the job's prompt); the job reads on from there.
    private func adoptPrefix(_ jobIndex: Int, from donor: Int32, length: Int) {
        let slot = active[jobIndex].choices[0].slot
        let prompt = active[jobIndex].job.promptTokens
        context.copySequence(donor, to: slot)
        if context.removeTokens(sequence: slot, from: Int32(length)),
            context.maximumPosition(sequence: slot) == Int32(length - 1)
        {
            active[jobIndex].cachedTokens += length - active[jobIndex].readPosition
            active[jobIndex].readPosition = length
            slots[Int(slot)].holdPrompt(Array(prompt[..<length]))
            logger.debug("job \(active[jobIndex].job.id): \(length) prompt tokens copied from sequence \(donor)")
        } else {
            context.removeTokens(sequence: slot)
            slots[Int(slot)].holdPrompt([])
            active[jobIndex].cachedTokens = 0
            active[jobIndex].readPosition = 0
        }
    }

    /// Decodes the batch and hands each requested position's logits on.
    private func run(_ outputs: [(Int32, Output)]) throws(LlamaError) {
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

    private func promptOutput(jobIndex: Int, promptIndex: Int, logits: UnsafeMutableBufferPointer<Float>) {
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
                slots[Int(choice.slot)].holdPrompt(cachedPrompt)
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

    private func sampleAndEmit(jobIndex: Int, choiceIndex: Int, logits: UnsafeMutableBufferPointer<Float>) {
        let model = context.model
        var choice = active[jobIndex].choices[choiceIndex]
        let job = active[jobIndex].job
        let (token, logprob) = choice.sampler.sample(logits)
        choice.generated += 1
        choice.pending = nil
        var finish: TokenFinish?
        var released: [UInt8] = []
        if model.isEndOfGeneration(token) && !job.sampling.ignoreEOS {
            finish = .endOfGeneration
            released = choice.stop.flush()
        } else {
            let piece = model.piece(token)
            if let logprob { choice.logprobQueue.append((choice.rawBytes, logprob)) }
            choice.rawBytes += piece.count
            switch choice.stop.append(piece) {
            case .release(let bytes): released = bytes
            case .stop(let bytes):
                released = bytes
                finish = .stopSequence
            }
            if finish == nil && choice.generated >= job.maxTokens {
                finish = .length
                released += choice.stop.flush()
            }
        }
        if var calls = choice.calls {
            switch calls.append(released) {
            case .release(let bytes): released = bytes
            case .stop(let bytes):
                released = bytes
                finish = .stopSequence
            }
            if finish != nil { released += calls.flush() }
            choice.calls = calls
        }
        var text = choice.utf8.append(released)
        if finish != nil { text += choice.utf8.flush() }
        // Log-probabilities travel with the text of their tokens: release those whose first byte is out.
        let contentEnd =
            choice.stop.released - (finish == nil ? choice.utf8.pendingCount + (choice.calls?.heldCount ?? 0) : 0)
        var carried: [TokenLogprobData] = []
        while let first = choice.logprobQueue.first, first.start < contentEnd {
            carried.append(first.data)
            choice.logprobQueue.removeFirst()
        }
        if !text.isEmpty || !carried.isEmpty {
            active[jobIndex].continuation.yield(.text(choice: choiceIndex, text, carried))
        }
        if let finish {
            choice.finished = true
            active[jobIndex].continuation.yield(
                .finished(choice: choiceIndex, finish, completionTokens: choice.generated))
            // Keep the cache of what was decoded (prompt + all but the last token) for prefix reuse.
            slots[Int(choice.slot)].busy = false
        } else {
            choice.pending = token
            choice.position += 1
            slots[Int(choice.slot)].cached.append(token)
        }
        active[jobIndex].choices[choiceIndex] = choice
    }

    // MARK: - State

    private struct Pending {
        var number: UInt64
        var job: GenerationJob
        var continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation
        var queuedAt: ContinuousClock.Instant
    }

    private struct Slot {
        var id: Int32
        var busy = false
        /// Tokens whose keys and values are in this sequence's cache, in order from position 0.
        var cached: [Int32] = []
        /// How many of `cached` were read as a prompt; the rest were generated, one token a decode.
        private(set) var promptCount = 0
        /// The LoRA adapter those keys and values were computed with (nil: none). A cached prefix
        /// is only reused by a job with the same adapter, since an adapter changes every layer's keys.
        var adapter: ObjectIdentifier?
        /// The logits at the last position of the last prompt read into this sequence, and that
        /// prompt: a request with exactly that prompt, still held as read, samples its first token
        /// from them and reads nothing.
        var finalLogits: (prompt: [Int32], logits: [Float])?

        /// Whether the cache still holds exactly `prompt`, read as a prompt, with its final logits.
        func holdsLogits(for prompt: [Int32], adapter: ObjectIdentifier?) -> Bool {
            guard let finalLogits, self.adapter == adapter, finalLogits.prompt == prompt,
                promptCount >= prompt.count
            else { return false }
            return cached.prefix(prompt.count).elementsEqual(prompt)
        }

        /// Records that the cache now holds exactly `tokens`, all read as a prompt.
        mutating func holdPrompt(_ tokens: [Int32]) {
            cached = tokens
            promptCount = tokens.count
        }
    }

    private struct Active {
        var number: UInt64
        var job: GenerationJob
        var continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation
        var choices: [ChoiceState]
        var readPosition: Int
        var cachedTokens: Int
        var prefilled = false
        var promptLogprobs: [TokenLogprobData]?
        var queuedAt: ContinuousClock.Instant = .now
        var admittedAt: ContinuousClock.Instant = .now
        var prefilledAt: ContinuousClock.Instant?
    }

    private struct ChoiceState {
        var slot: Int32
        var sampler: TokenSampler
        var stop: StopMatcher
        var calls: RepeatedCallGuard?
        var utf8 = UTF8Assembler()
        var position: Int32 = 0
        var pending: Int32?
        var generated = 0
        var finished = false
        var rawBytes = 0
        var logprobQueue: [(start: Int, data: TokenLogprobData)] = []
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}
