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

    /// The parameters a model may declare defaults for.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case temperature, topP, topK, minP, repetitionPenalty, presencePenalty, frequencyPenalty
    }

    /// These parameters with `defaults` filling the fields in `omitted` (those a request left out).
    public func applying(_ defaults: GenerationDefaults, to omitted: Set<Field>) -> SamplingParameters {
        var result = self
        for field in omitted {
            switch field {
            case .temperature: result.temperature = defaults.temperature ?? temperature
            case .topP: result.topP = defaults.topP ?? topP
            case .topK: result.topK = defaults.topK ?? topK
            case .minP: result.minP = defaults.minP ?? minP
            case .repetitionPenalty: result.repetitionPenalty = defaults.repetitionPenalty ?? repetitionPenalty
            case .presencePenalty: result.presencePenalty = defaults.presencePenalty ?? presencePenalty
            case .frequencyPenalty: result.frequencyPenalty = defaults.frequencyPenalty ?? frequencyPenalty
            }
        }
        return result
    }
}
