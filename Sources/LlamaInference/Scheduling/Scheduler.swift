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
/// Batch invariance. A position's keys, values and logits must not depend on what shares its
/// decode, or a seed would stop reproducing once a prompt comes from the cache or shares a decode
/// with other work. The library is built so that attention takes one kernel whatever the number of
/// tokens (see `scripts/setup.sh`) and ggml's tiled K-quant kernel is off (``LlamaBackend``); with
/// those, a token decoded alone (generated) and the same token read in a prompt leave the same
/// bytes in the cache. So a conversation's next turn reuses its previous answer as it is, and only
/// the new message is read. What the scheduler still keeps, as a margin for weight kernels that may
/// take another path for a lone row: every prompt position is read in a chunk of at least two
/// tokens of its own sequence (llama.cpp would split a prompt mixed into a decode of other
/// sequences' tokens, so each chunk gets its own decode), and a later prompt re-reads at least its
/// last two tokens — unless it is exactly the prompt the sequence last read, whose final logits the
/// sequence kept: then nothing is read. Float weights are not covered.
///
/// The work is in several files: this one holds the queue, the thread's loop and time limits;
/// `Scheduler+Admission.swift` gives jobs their sequences and keeps caches in host memory;
/// `Scheduler+Step.swift` builds and runs each step's decodes and samples. The decisions that need
/// no context are pure and tested on their own: which sequence reads a prompt and where a prefix can
/// be copied from (``SlotPolicy``), how prompts are cut into decodes (``PromptReading``), and what
/// a choice shows of its tokens (``ChoiceText``).
final class Scheduler: @unchecked Sendable {
    // @unchecked: `lock` guards `waiting`, `cancelled`, `stopping`, `coreReservations` and
    // `stepUsesEveryThread`; everything else is touched only by the scheduler thread (the members
    // the other files' extensions use are internal, not private, for that reason only).
    let context: LlamaContext
    let logger: Logger
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

    var slots: [Slot]
    /// Sequences freed so far (orders them, so that a new prompt takes the one freed longest ago).
    private var frees: UInt64 = 0
    var active: [Active] = []
    /// Threads the context decodes with now.
    private var decodeThreads: Int
    let batch: LlamaBatch
    var scratch: [[Float]] = []

    /// Most prompt tokens read per step, over all prompts: running streams wait for each step's
    /// prompt reading, so this bounds the gap between their tokens while prompts arrive.
    let promptStepBudget: Int

    /// Prompt caches of sequences since given to other prompts (nil: none kept).
    let hostCache: HostPromptCache?
    /// Fewest tokens worth keeping in, or restoring from, host memory: shorter prompts are read
    /// again about as fast as their state is copied.
    static let minimumHostCacheTokens = 16

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
            pending.continuation.yield(
                .finished(choice: choice, .timeLimit, completionTokens: 0, reasoningTokens: 0))
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
                var text = choice.text
                let rest = text.flush()
                if !rest.isEmpty { job.continuation.yield(.text(choice: index, rest.text, rest.logprobs)) }
                job.continuation.yield(
                    .finished(
                        choice: index, .timeLimit, completionTokens: choice.generated,
                        reasoningTokens: choice.thinking?.tokens ?? 0))
                // What was decoded stays, for a prompt that starts the same way.
                release(choice.slot, keepCache: true)
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

    func release(_ slot: Int32, keepCache: Bool) {
        free(slot)
        if !keepCache {
            context.removeTokens(sequence: slot)
            slots[Int(slot)].hold([])
        }
    }

    /// Marks a sequence free, noting when.
    func free(_ slot: Int32) {
        frees += 1
        slots[Int(slot)].busy = false
        slots[Int(slot)].freedAt = frees
    }

    // MARK: - State

    struct Pending {
        var number: UInt64
        var job: GenerationJob
        var continuation: AsyncThrowingStream<JobEvent, any Error>.Continuation
        var queuedAt: ContinuousClock.Instant
    }

    struct Active {
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

    struct ChoiceState {
        var slot: Int32
        var sampler: TokenSampler
        var text: ChoiceText
        /// The position of the last token decoded into the slot.
        var position: Int32 = 0
        /// The token sampled last, to decode next step (nil: none yet, or finished).
        var pending: Int32?
        var generated = 0
        var finished = false
        /// Counts thinking tokens and enforces the thinking budget (nil: the model does not think).
        var thinking: ThinkingTracker?
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}
