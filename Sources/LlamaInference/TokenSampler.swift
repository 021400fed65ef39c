public import ChatInference
import Foundation

/// The log-probability of one token and, optionally, the most likely alternatives at its position,
/// all from the model's raw distribution (before bias, penalties, truncation and temperature).
package struct TokenLogprobData: Sendable {
    package var token: Int32
    package var logprob: Float
    package var alternatives: [(token: Int32, logprob: Float)]

    package init(token: Int32, logprob: Float, alternatives: [(token: Int32, logprob: Float)] = []) {
        self.token = token
        self.logprob = logprob
        self.alternatives = alternatives
    }
}

/// Chooses tokens for one sequence. Works on the logits buffer in place and touches the whole
/// vocabulary as few times as possible (the default model has 262,144 tokens):
///
/// - bias and penalties change only the logits of the tokens concerned;
/// - greedy decoding is one SIMD pass (argmax);
/// - without truncation, drawing is three SIMD passes (maximum, exponentials and their sum, scan);
/// - top-k, top-p and min-p first reduce the vocabulary to a short candidate list (top-p sorts only
///   the tokens near the top, widening the window until it holds the requested mass);
/// - a grammar is checked against the drawn token first and applied to the candidates only when it
///   rejects it (the same distribution as filtering first when no truncation is active).
///
/// Order: grammar → logit bias → penalties (repetition, then frequency/presence) → top-k → top-p →
/// min-p → temperature → draw. A logit bias of −100 or below bans a token outright.
package final class TokenSampler {
    let parameters: SamplingParameters
    let topLogprobs: Int?
    package var grammar: GrammarConstraint?
    private var random: RandomSource
    private var completionCounts: [Int32: Int32] = [:]
    private var seen: Set<Int32> = []
    private var candidates: [Int32] = []
    private var weights: [Float] = []
    private var savedRaw: [(Int32, Float)] = []

    /// A sampler for choice `choice`; `promptTokens` feed the repetition penalty.
    package init(
        parameters: SamplingParameters, choice: Int, seed: UInt64, topLogprobs: Int?, grammar: GrammarConstraint?,
        promptTokens: [Int32]
    ) {
        self.parameters = parameters
        self.topLogprobs = topLogprobs
        self.grammar = grammar
        self.random = RandomSource(seed: seed, stream: UInt64(choice))
        if parameters.repetitionPenalty != 1 { seen = Set(promptTokens) }
    }

    /// Picks the next token from `logits` (modified in place) and records it.
    package func sample(_ logits: UnsafeMutableBufferPointer<Float>) -> (token: Int32, logprob: TokenLogprobData?) {
        let raw = topLogprobs.map { Self.rawStatistics(UnsafeBufferPointer(logits), top: $0) }
        applyBiasAndPenalties(logits)
        let view = UnsafeBufferPointer(logits)
        let token = parameters.isGreedy ? greedy(view) : draw(view)
        var logprob: TokenLogprobData?
        if let raw {
            let rawLogit = savedRaw.first { $0.0 == token }?.1 ?? logits[Int(token)]
            logprob = TokenLogprobData(token: token, logprob: rawLogit - raw.logSumExp, alternatives: raw.top)
        }
        accept(token)
        return (token, logprob)
    }

    /// Records a token as generated (grammar state, penalty counts).
    package func accept(_ token: Int32) {
        grammar?.accept(token)
        completionCounts[token, default: 0] += 1
        if parameters.repetitionPenalty != 1 { seen.insert(token) }
    }

    // MARK: - Raw distribution

    static func rawStatistics(
        _ logits: UnsafeBufferPointer<Float>, top: Int
    )
        -> (logSumExp: Float, top: [(token: Int32, logprob: Float)])
    {
        let logSumExp = VocabularyKernels.logSumExp(logits)
        let best = topIndices(logits, count: top)
        return (logSumExp, best.map { ($0, logits[Int($0)] - logSumExp) })
    }

    // MARK: - Sparse transforms

    private func applyBiasAndPenalties(_ logits: UnsafeMutableBufferPointer<Float>) {
        savedRaw.removeAll(keepingCapacity: true)
        let vocabulary = logits.count
        func save(_ token: Int32) {
            if topLogprobs != nil, !savedRaw.contains(where: { $0.0 == token }) {
                savedRaw.append((token, logits[Int(token)]))
            }
        }
        for (token, bias) in parameters.logitBias where Int(token) < vocabulary {
            save(token)
            logits[Int(token)] = bias <= -100 ? -.infinity : logits[Int(token)] + bias
        }
        let repetition = Float(parameters.repetitionPenalty)
        if repetition != 1 {
            for token in seen where Int(token) < vocabulary {
                save(token)
                let value = logits[Int(token)]
                logits[Int(token)] = value > 0 ? value / repetition : value * repetition
            }
        }
        let frequency = Float(parameters.frequencyPenalty)
        let presence = Float(parameters.presencePenalty)
        if frequency != 0 || presence != 0 {
            for (token, count) in completionCounts where Int(token) < vocabulary {
                save(token)
                logits[Int(token)] -= Float(count) * frequency + presence
            }
        }
    }

    // MARK: - Greedy

    private func greedy(_ logits: UnsafeBufferPointer<Float>) -> Int32 {
        let best = Int32(VocabularyKernels.argmax(logits))
        guard let grammar, !grammar.allows(best) else { return best }
        restrictToGrammar(logits, grammar: grammar, maximum: logits[Int(best)], firstOnly: true)
        return candidates.max { logits[Int($0)] < logits[Int($1)] } ?? best
    }

    /// Fills `candidates` with the tokens the grammar allows that could matter. Tokens are tested
    /// one by one in falling order of logit, in widening windows below the maximum, until the
    /// window reaches ``grammarCutoff`` below the best allowed token (greedy decoding stops at the
    /// first allowed one). After ``grammarScanLimit`` tests, what was found is kept (the rest lies
    /// below every tested token); when nothing was found, the token trie gives every allowed token.
    private func restrictToGrammar(
        _ logits: UnsafeBufferPointer<Float>, grammar: GrammarConstraint, maximum: Float, firstOnly: Bool = false
    ) {
        let cutoff = Self.grammarCutoff * max(1, Float(parameters.temperature))
        var allowed: [Int32] = []
        var bestAllowed: Float?
        var upper = Float.infinity
        var window: Float = 2
        var scanned = 0
        scan: while true {
            let lower = maximum - window
            gather(logits, above: lower, below: upper)
            candidates.sort { logits[Int($0)] > logits[Int($1)] }
            for token in candidates {
                if let best = bestAllowed, logits[Int(token)] < best - cutoff { break scan }
                scanned += 1
                if grammar.allows(token) {
                    allowed.append(token)
                    if firstOnly { break scan }
                    if bestAllowed == nil { bestAllowed = logits[Int(token)] }
                }
                if scanned >= Self.grammarScanLimit { break scan }
            }
            if let best = bestAllowed, lower < best - cutoff { break }
            if lower == -.infinity { break }
            upper = lower
            window = window > 256 ? .infinity : window * 2
        }
        if allowed.isEmpty {
            allowed = grammar.allowedTokens().filter { logits[Int($0)] > -.infinity }
        }
        candidates = allowed
    }

    /// Allowed tokens this far below the best allowed one are left out when a grammar rejected the
    /// first draw (their share is negligible: e⁻¹⁶ ≈ 1e-7 each).
    static let grammarCutoff: Float = 16
    /// Tokens tested one by one before the token trie takes over (when none of them was allowed).
    static let grammarScanLimit = 256

    // MARK: - Stochastic

    private func draw(_ logits: UnsafeBufferPointer<Float>) -> Int32 {
        let maximum = VocabularyKernels.maximum(logits)
        var token: Int32
        if truncates(logits.count) {
            selectAll(logits)  // candidates = whole vocabulary, truncated below
            truncate(logits, maximum: maximum, fromWholeVocabulary: true)
            token = drawFromCandidates(logits)
        } else {
            token = drawFromWholeVocabulary(logits, maximum: maximum)
        }
        if let grammar, !grammar.allows(token) {
            restrictToGrammar(logits, grammar: grammar, maximum: maximum)
            guard !candidates.isEmpty else { return token }
            let allowedMaximum = candidates.map { logits[Int($0)] }.max()!
            truncate(logits, maximum: allowedMaximum, fromWholeVocabulary: false)
            token = drawFromCandidates(logits)
        }
        return token
    }

    private func truncates(_ vocabulary: Int) -> Bool {
        (parameters.topK > 0 && parameters.topK < vocabulary) || parameters.topP < 1 || parameters.minP > 0
    }

    private func selectAll(_ logits: UnsafeBufferPointer<Float>) { candidates.removeAll(keepingCapacity: true) }

    /// Applies top-k, top-p and min-p. With `fromWholeVocabulary` the candidates are built from the
    /// logits directly; otherwise the current `candidates` are narrowed.
    private func truncate(_ logits: UnsafeBufferPointer<Float>, maximum: Float, fromWholeVocabulary: Bool) {
        let minimum: Float = parameters.minP > 0 ? maximum + Float(log(parameters.minP)) : -.infinity
        if fromWholeVocabulary {
            if parameters.topK > 0 && parameters.topK < logits.count {
                candidates = Self.topIndices(logits, count: parameters.topK)
                candidates.removeAll { logits[Int($0)] < minimum }
                applyTopP(logits, maximum: maximum, total: nil)
            } else if parameters.topP < 1 {
                nucleus(logits, maximum: maximum, floor: minimum)
            } else {
                gather(logits, above: minimum)
            }
        } else {
            candidates.sort { logits[Int($0)] > logits[Int($1)] }
            if parameters.topK > 0 && candidates.count > parameters.topK {
                candidates.removeLast(candidates.count - parameters.topK)
            }
            candidates.removeAll { logits[Int($0)] < minimum }
            applyTopP(logits, maximum: maximum, total: nil)
        }
    }

    /// Top-p over the whole vocabulary without sorting it: sort only the tokens within a window of
    /// the maximum, widening the window until the sorted ones hold the requested mass.
    private func nucleus(_ logits: UnsafeBufferPointer<Float>, maximum: Float, floor: Float) {
        let total = VocabularyKernels.exponentialSum(logits, shift: maximum)
        var window: Float = 4
        while true {
            let lowest = max(floor, maximum - window)
            gather(logits, above: lowest)
            candidates.sort { logits[Int($0)] > logits[Int($1)] }
            if applyTopP(logits, maximum: maximum, total: total) || lowest == floor || window > 200 { return }
            window *= 2
        }
    }

    /// Cuts the sorted candidates after the smallest prefix holding `top_p` of the mass (`total`,
    /// or the candidates' own mass). Returns whether the prefix reached the mass.
    @discardableResult
    private func applyTopP(_ logits: UnsafeBufferPointer<Float>, maximum: Float, total: Float?) -> Bool {
        guard parameters.topP < 1, !candidates.isEmpty else { return true }
        var mass: Float = 0
        if total == nil {
            candidates.sort { logits[Int($0)] > logits[Int($1)] }
            for token in candidates { mass += Foundation.exp(logits[Int(token)] - maximum) }
        }
        let target = Float(parameters.topP) * (total ?? mass)
        var running: Float = 0
        for (index, token) in candidates.enumerated() {
            running += Foundation.exp(logits[Int(token)] - maximum)
            if running >= target {
                candidates.removeLast(candidates.count - index - 1)
                return true
            }
        }
        return false
    }

    private func drawFromCandidates(_ logits: UnsafeBufferPointer<Float>) -> Int32 {
        let target = random.unit()
        guard candidates.count > 1 else { return candidates.first ?? Int32(VocabularyKernels.argmax(logits)) }
        let maximum = candidates.map { logits[Int($0)] }.max()!
        let inverse = 1 / Float(parameters.temperature)
        weights.removeAll(keepingCapacity: true)
        var total: Float = 0
        for token in candidates {
            let weight = Foundation.exp((logits[Int(token)] - maximum) * inverse)
            weights.append(weight)
            total += weight
        }
        let goal = Float(target) * total
        var running: Float = 0
        for (index, weight) in weights.enumerated() {
            running += weight
            if running > goal { return candidates[index] }
        }
        return candidates[candidates.count - 1]
    }

    private func drawFromWholeVocabulary(_ logits: UnsafeBufferPointer<Float>, maximum: Float) -> Int32 {
        let target = random.unit()
        if weights.count != logits.count { weights = [Float](repeating: 0, count: logits.count) }
        return weights.withUnsafeMutableBufferPointer { terms in
            let total = VocabularyKernels.exponentialSum(
                logits, shift: maximum, scale: 1 / Float(parameters.temperature), terms: terms.baseAddress)
            let goal = Float(target) * total
            var running: Float = 0
            for index in 0..<terms.count {
                running += terms[index]
                if running > goal { return Int32(index) }
            }
            return Int32(VocabularyKernels.argmax(logits))
        }
    }

    // MARK: - Whole-vocabulary helpers

    private func gather(_ logits: UnsafeBufferPointer<Float>, above threshold: Float, below ceiling: Float = .infinity)
    {
        candidates.removeAll(keepingCapacity: true)
        VocabularyKernels.forEachIndex(in: logits, from: max(threshold, -.greatestFiniteMagnitude), below: ceiling) {
            candidates.append(Int32($0))
        }
    }

    /// The `count` indices with the largest logits, best first.
    static func topIndices(_ logits: UnsafeBufferPointer<Float>, count: Int) -> [Int32] {
        guard count > 0 else { return [] }
        // A small sorted buffer: nearly every logit fails the first comparison.
        var best: [(Float, Int32)] = []
        best.reserveCapacity(count + 1)
        var floor = -Float.infinity
        func consider(_ index: Int) {
            let value = logits[index]
            if best.count == count && value <= floor { return }
            var position = best.count
            while position > 0 && best[position - 1].0 < value { position -= 1 }
            best.insert((value, Int32(index)), at: position)
            if best.count > count { best.removeLast() }
            if best.count == count { floor = best[count - 1].0 }
        }
        // Until the buffer is full every value counts; then only those above its floor (the
        // kernel skips eight at a time).
        let head = min(count, logits.count)
        for index in 0..<head { consider(index) }
        VocabularyKernels.forEachIndex(in: logits, startingAt: head, above: { floor }, body: consider)
        return best.map(\.1)
    }
}
