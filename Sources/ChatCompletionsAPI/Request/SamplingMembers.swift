/// The members that choose tokens, shared by chat and text completions with the same names, ranges
/// and meaning: validated by one set of rules (``ChatCompletionRequest/validate(limits:)``,
/// ``TextCompletionRequest/validate(limits:)``) and turned into an engine's sampling by one function.
/// `nil` is a member the request left out.
public protocol SamplingMembers {
    /// 0…2; 0 picks the most likely token.
    var temperature: Double? { get }
    /// 0…1, nucleus sampling.
    var topP: Double? { get }
    /// ≥ 0; 0 turns it off (a provider extension).
    var topK: Int? { get }
    /// 0…1 (a provider extension).
    var minP: Double? { get }
    /// −2…2.
    var frequencyPenalty: Double? { get }
    /// −2…2.
    var presencePenalty: Double? { get }
    /// > 0; 1 means none (a provider extension).
    var repetitionPenalty: Double? { get }
    /// Token ids (as strings) to biases −100…100.
    var logitBias: [String: Double]? { get }
    /// The draw's seed.
    var seed: Int? { get }
    /// Keep generating past end-of-sequence tokens (a provider extension).
    var ignoreEOS: Bool? { get }
    /// Up to ``ValidationLimits/maxStopSequences`` non-empty sequences.
    var stop: StopSequences? { get }
    /// Choices, 1…``ValidationLimits/maxN``.
    var n: Int? { get }
}

extension ChatCompletionRequest: SamplingMembers {}
