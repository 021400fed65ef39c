/// Sampling values a model's authors recommend, used for the fields a request leaves out. Every
/// member is optional: nil means the model declares nothing, and OpenAI's default applies.
public struct GenerationDefaults: Sendable, Hashable {
    /// Temperature.
    public var temperature: Double?
    /// Nucleus sampling mass.
    public var topP: Double?
    /// Top-k cut-off.
    public var topK: Int?
    /// Min-p cut-off.
    public var minP: Double?
    /// CTRL-style repetition penalty.
    public var repetitionPenalty: Double?
    /// OpenAI-style presence penalty.
    public var presencePenalty: Double?
    /// OpenAI-style frequency penalty.
    public var frequencyPenalty: Double?
    /// Completion length when the request sets no `max_tokens`.
    public var maxTokens: Int?

    public init(
        temperature: Double? = nil, topP: Double? = nil, topK: Int? = nil, minP: Double? = nil,
        repetitionPenalty: Double? = nil, presencePenalty: Double? = nil, frequencyPenalty: Double? = nil,
        maxTokens: Int? = nil
    ) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.presencePenalty = presencePenalty
        self.frequencyPenalty = frequencyPenalty
        self.maxTokens = maxTokens
    }

    /// Whether the model declares no value at all.
    public var isEmpty: Bool { self == GenerationDefaults() }

    /// These defaults, with every value `other` declares taking precedence.
    public func overridden(by other: GenerationDefaults) -> GenerationDefaults {
        GenerationDefaults(
            temperature: other.temperature ?? temperature, topP: other.topP ?? topP, topK: other.topK ?? topK,
            minP: other.minP ?? minP, repetitionPenalty: other.repetitionPenalty ?? repetitionPenalty,
            presencePenalty: other.presencePenalty ?? presencePenalty,
            frequencyPenalty: other.frequencyPenalty ?? frequencyPenalty, maxTokens: other.maxTokens ?? maxTokens)
    }
}
