/// How the next token is chosen, engine-side. Defaults are OpenAI's: temperature 1, top_p 1, no
/// penalties, no bias; `topK` 0 and `minP` 0 are off.
///
/// The order of the transforms is fixed and documented: grammar → logit bias → penalties
/// (repetition, then frequency/presence) → top-k → top-p → min-p → temperature → draw.
public struct SamplingParameters: Sendable, Hashable {
    /// Temperature; 0 means greedy (always the most likely token).
    public var temperature: Double
    /// Nucleus sampling mass, 0…1 (1 keeps everything).
    public var topP: Double
    /// Keep only the k most likely tokens (0 = off).
    public var topK: Int
    /// Keep tokens whose probability is at least `minP` × the top token's (0 = off).
    public var minP: Double
    /// Subtracted from a token's logit once per earlier occurrence in the completion.
    public var frequencyPenalty: Double
    /// Subtracted from a token's logit once if it occurred in the completion.
    public var presencePenalty: Double
    /// CTRL-style multiplicative penalty over prompt and completion tokens (1 = off).
    public var repetitionPenalty: Double
    /// Added to the logits of these token ids.
    public var logitBias: [Int32: Float]
    /// Seed for the draw; nil picks a fresh random seed.
    public var seed: UInt64?
    /// Keep generating past end-of-sequence tokens.
    public var ignoreEOS: Bool

    /// Parameters with OpenAI's defaults.
    public init(
        temperature: Double = 1, topP: Double = 1, topK: Int = 0, minP: Double = 0, frequencyPenalty: Double = 0,
        presencePenalty: Double = 0, repetitionPenalty: Double = 1, logitBias: [Int32: Float] = [:],
        seed: UInt64? = nil, ignoreEOS: Bool = false
    ) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.minP = minP
        self.frequencyPenalty = frequencyPenalty
        self.presencePenalty = presencePenalty
        self.repetitionPenalty = repetitionPenalty
        self.logitBias = logitBias
        self.seed = seed
        self.ignoreEOS = ignoreEOS
    }

    /// Whether the choice is deterministic regardless of the seed.
    public var isGreedy: Bool { temperature == 0 || topK == 1 }

    /// One place where what a request left out is decided: each value the request gave, else the
    /// model's declared default, else OpenAI's (this type's defaults, written once, in `init`).
    public init(_ requested: SamplingRequest, declared: GenerationDefaults) {
        let openAI = SamplingParameters()
        self.init(
            temperature: requested.temperature ?? declared.temperature ?? openAI.temperature,
            topP: requested.topP ?? declared.topP ?? openAI.topP, topK: requested.topK ?? declared.topK ?? openAI.topK,
            minP: requested.minP ?? declared.minP ?? openAI.minP,
            frequencyPenalty: requested.frequencyPenalty ?? declared.frequencyPenalty ?? openAI.frequencyPenalty,
            presencePenalty: requested.presencePenalty ?? declared.presencePenalty ?? openAI.presencePenalty,
            repetitionPenalty: requested.repetitionPenalty ?? declared.repetitionPenalty ?? openAI.repetitionPenalty,
            logitBias: requested.logitBias, seed: requested.seed, ignoreEOS: requested.ignoreEOS)
    }
}

/// The sampling a request asked for, as it asked: `nil` where it left a value out, for the engine
/// to resolve (``SamplingParameters/init(_:declared:)``).
public struct SamplingRequest: Sendable, Hashable {
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var minP: Double?
    public var frequencyPenalty: Double?
    public var presencePenalty: Double?
    public var repetitionPenalty: Double?
    /// Added to the logits of these token ids.
    public var logitBias: [Int32: Float]
    /// Seed for the draw; nil picks a fresh random seed.
    public var seed: UInt64?
    /// Keep generating past end-of-sequence tokens.
    public var ignoreEOS: Bool

    public init(
        temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil, minP: Double? = nil,
        frequencyPenalty: Double? = nil, presencePenalty: Double? = nil, repetitionPenalty: Double? = nil,
        logitBias: [Int32: Float] = [:], seed: UInt64? = nil, ignoreEOS: Bool = false
    ) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.minP = minP
        self.frequencyPenalty = frequencyPenalty
        self.presencePenalty = presencePenalty
        self.repetitionPenalty = repetitionPenalty
        self.logitBias = logitBias
        self.seed = seed
        self.ignoreEOS = ignoreEOS
    }
}
