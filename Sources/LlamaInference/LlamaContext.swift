internal import CLlama

/// An inference context over a model: the KV cache for up to `sequenceCapacity` sequences and the
/// logits of the last decode. Owns its `llama_context`; keeps its model alive. Used by one thread at
/// a time (the scheduler's).
package final class LlamaContext {
    let model: LlamaModel
    let pointer: OpaquePointer
    /// Sequences that can live in the cache at once (llama.cpp's `n_seq_max`).
    let sequenceCapacity: Int
    /// Tokens of context each sequence may use.
    let contextPerSequence: Int
    /// Most tokens one `decode` call may carry.
    let batchCapacity: Int
    /// Whether a sequence's logits must not depend on what else shares its decodes (see `Scheduler`).
    let batchInvariant: Bool
    /// CPU threads decodes use when nothing else needs a core (see ``setThreads(_:)``).
    let threads: Int

    /// Creates a context with `contextPerSequence` tokens for each of `sequences` sequences.
    package init(
        model: LlamaModel, contextPerSequence: Int, sequences: Int, threads: Int, batchSize: Int = 512,
        batchInvariant: Bool = true
    ) throws(LlamaError) {
        var params = llama_context_default_params()
        params.n_seq_max = UInt32(sequences)
        params.n_ctx = UInt32(contextPerSequence * sequences)
        params.n_batch = UInt32(batchSize)
        params.n_ubatch = UInt32(min(batchSize, 512))
        params.n_threads = Int32(threads)
        params.n_threads_batch = Int32(threads)
        params.kv_unified = false  // one cache stream per sequence: attention cost follows each sequence's own length
        params.no_perf = true
        if batchInvariant {
            // ggml's flash attention splits one query's keys across threads only when it is alone in
            // its batch: results would differ with the batch's make-up.
            params.flash_attn_type = LLAMA_FLASH_ATTN_TYPE_DISABLED
        }
        // Outputs per decode: one per generating sequence, plus prompt positions when a request asks for
        // prompt log-likelihood (the scheduler feeds those in chunks of at most 32).
        params.n_outputs_max = UInt32(sequences + 64)
        params.n_outputs_max_per_seq = 0
        self.pointer = try checkLlama(
            llama_init_from_model(model.pointer, params), "llama_init_from_model",
            "could not create a context of \(contextPerSequence) tokens × \(sequences) sequences (out of memory?)")
        self.model = model
        self.sequenceCapacity = sequences
        self.contextPerSequence = Int(llama_n_ctx_seq(pointer))
        self.batchCapacity = Int(llama_n_batch(pointer))
        self.batchInvariant = batchInvariant
        self.threads = threads
    }

    /// Sets the CPU threads of the next decodes. Results do not depend on it: every matrix product
    /// computes each output in one thread, and flash attention, which splits one query's keys across
    /// threads, is off in batch-invariant mode.
    func setThreads(_ count: Int) {
        llama_set_n_threads(pointer, Int32(count), Int32(count))
    }

    deinit { llama_free(pointer) }

    /// Runs the model over a batch. Returns false when the cache has no room for it (llama.cpp's
    /// status 1), so the caller can shed work; throws on real failures.
    package func decode(_ batch: LlamaBatch) throws(LlamaError) -> Bool {
        let status = llama_decode(pointer, batch.raw)
        if status == 1 { return false }
        try checkLlama(status, "llama_decode", nonZeroFails: true) { code in
            code == 2 ? "aborted" : "failed with status \(code)"
        }
        return true
    }

    /// The logits for the `index`-th output of the last decode (batch position with logits on).
    package func logits(at index: Int32) -> UnsafeMutableBufferPointer<Float> {
        let base = llama_get_logits_ith(pointer, index)!
        return UnsafeMutableBufferPointer(start: base, count: model.vocabularySize)
    }

    /// Drops positions `from..<to` (to = nil: to the end) of a sequence from the cache.
    @discardableResult
    func removeTokens(sequence: Int32, from start: Int32 = 0, to end: Int32? = nil) -> Bool {
        llama_memory_seq_rm(llama_get_memory(pointer), sequence, start, end ?? -1)
    }

    /// Makes `target` share (or copy) `source`'s cached tokens.
    func copySequence(_ source: Int32, to target: Int32) {
        llama_memory_seq_cp(llama_get_memory(pointer), source, target, -1, -1)
    }

    /// The smallest position still cached for a sequence (-1 when empty).
    func minimumPosition(sequence: Int32) -> Int32 { llama_memory_seq_pos_min(llama_get_memory(pointer), sequence) }

    /// The largest position cached for a sequence (-1 when empty).
    func maximumPosition(sequence: Int32) -> Int32 { llama_memory_seq_pos_max(llama_get_memory(pointer), sequence) }

    /// The serialized cache of one sequence (`llama_state_seq_get_data`), or nil if llama.cpp could
    /// not write it.
    package func sequenceState(_ sequence: Int32) -> [UInt8]? {
        let size = llama_state_seq_get_size(pointer, sequence)
        guard size > 0 else { return nil }
        var state = [UInt8](repeating: 0, count: size)
        let written = state.withUnsafeMutableBufferPointer {
            llama_state_seq_get_data(pointer, $0.baseAddress, size, sequence)
        }
        return written == size ? state : nil
    }

    /// Whether this llama.cpp build leaves the same cache bytes for tokens decoded one at a time
    /// (as generated) as for the same tokens read together (as a prompt): checked on two small
    /// contexts of `model` with a few tokens. The project's build makes it so (`scripts/setup.sh`);
    /// another build may not, and then a conversation's next turn, which reuses the previous answer
    /// from the cache, is not computed bit for bit as a fresh read would be.
    package static func generatedTokensMatchReads(model: LlamaModel) -> Bool {
        let tokens = (0..<8).map { Int32(($0 * 37 + 11) % max(model.vocabularySize, 1)) }
        func state(alone: Int) -> [UInt8]? {
            guard let context = try? LlamaContext(model: model, contextPerSequence: 64, sequences: 1, threads: 1)
            else { return nil }
            let batch = LlamaBatch(capacity: tokens.count)
            let read = tokens.count - alone
            for piece in [0..<read] + (read..<tokens.count).map({ $0..<$0 + 1 }) {
                batch.clear()
                for position in piece {
                    _ = batch.append(
                        token: tokens[position], position: Int32(position), sequence: 0,
                        wantsLogits: position == piece.upperBound - 1)
                }
                guard (try? context.decode(batch)) == true else { return nil }
            }
            return context.sequenceState(0)
        }
        guard let read = state(alone: 0), let generated = state(alone: 4) else { return false }
        return read == generated
    }

    /// Replaces a sequence's cache with a state from ``sequenceState(_:)``; false (and the sequence
    /// left empty) when llama.cpp cannot place it.
    func restoreSequence(_ sequence: Int32, from state: [UInt8]) -> Bool {
        removeTokens(sequence: sequence)
        let read = state.withUnsafeBufferPointer {
            llama_state_seq_set_data(pointer, $0.baseAddress, state.count, sequence)
        }
        if read == state.count { return true }
        removeTokens(sequence: sequence)
        return false
    }

    /// Applies exactly these LoRA adapters (with scales) to subsequent decodes.
    func setAdapters(_ adapters: [(LlamaAdapter, Float)]) throws(LlamaError) {
        var pointers: [OpaquePointer?] = adapters.map { $0.0.pointer }
        var scales = adapters.map(\.1)
        let status = pointers.withUnsafeMutableBufferPointer { p in
            scales.withUnsafeMutableBufferPointer { s in
                llama_set_adapters_lora(pointer, p.baseAddress, p.count, s.baseAddress)
            }
        }
        try checkLlama(status, "llama_set_adapters_lora", nonZeroFails: true)
    }
}

/// A reusable token batch for `llama_decode`. Owns its `llama_batch`.
package final class LlamaBatch {
    private(set) var raw: llama_batch
    let capacity: Int

    package init(capacity: Int) {
        self.capacity = capacity
        raw = llama_batch_init(Int32(capacity), 0, 1)
    }

    deinit { llama_batch_free(raw) }

    var count: Int { Int(raw.n_tokens) }

    package func clear() { raw.n_tokens = 0 }

    /// Appends a token of `sequence` at `position`; returns its index in the batch.
    @discardableResult
    package func append(token: Int32, position: Int32, sequence: Int32, wantsLogits: Bool) -> Int32 {
        let index = Int(raw.n_tokens)
        precondition(index < capacity, "batch overflow")
        raw.token[index] = token
        raw.pos[index] = position
        raw.n_seq_id[index] = 1
        raw.seq_id[index]![0] = sequence
        raw.logits[index] = wantsLogits ? 1 : 0
        raw.n_tokens += 1
        return Int32(index)
    }
}
