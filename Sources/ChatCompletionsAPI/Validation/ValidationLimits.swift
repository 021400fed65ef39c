/// The provider-dependent limits ``ChatCompletionRequest/validate(limits:)`` checks against.
public struct ValidationLimits: Sendable, Hashable {
    /// The most choices (`n`) a request may ask for; `nil` for no limit.
    public var maxN: Int?
    /// The most alternatives per token (`top_logprobs`, and `prompt_logprobs` as a count).
    public var maxTopLogprobs: Int
    /// The most stop sequences.
    public var maxStopSequences: Int
    /// The most tools.
    public var maxTools: Int
    /// The most `metadata` pairs.
    public var maxMetadataPairs: Int
    /// The longest `metadata` key, in characters.
    public var maxMetadataKeyLength: Int
    /// The longest `metadata` value, in characters.
    public var maxMetadataValueLength: Int
    /// The longest `safety_identifier`, in characters.
    public var maxSafetyIdentifierLength: Int
    /// Bounds on `response_format`'s schema and each function tool's `parameters`.
    public var schemas: SchemaLimits

    /// Limits; the defaults are OpenAI's.
    public init(
        maxN: Int? = 128, maxTopLogprobs: Int = 20, maxStopSequences: Int = 4, maxTools: Int = 128,
        maxMetadataPairs: Int = 16, maxMetadataKeyLength: Int = 64, maxMetadataValueLength: Int = 512,
        maxSafetyIdentifierLength: Int = 64, schemas: SchemaLimits = .openAI
    ) {
        self.maxN = maxN
        self.maxTopLogprobs = maxTopLogprobs
        self.maxStopSequences = maxStopSequences
        self.maxTools = maxTools
        self.maxMetadataPairs = maxMetadataPairs
        self.maxMetadataKeyLength = maxMetadataKeyLength
        self.maxMetadataValueLength = maxMetadataValueLength
        self.maxSafetyIdentifierLength = maxSafetyIdentifierLength
        self.schemas = schemas
    }

    /// OpenAI's limits, from its schema: `n` up to 128, `top_logprobs` up to 20, four stop
    /// sequences, 128 tools, 16 metadata pairs (keys up to 64 characters, values up to 512), a
    /// safety identifier up to 64 characters, and its structured-output limits on schemas
    /// (``SchemaLimits/openAI``).
    public static let openAI = ValidationLimits()

    /// OxyAPI's limits: OpenAI's, but `n` at most 2 and `top_logprobs` at most 5.
    public static let oxyAPI = ValidationLimits(maxN: 2, maxTopLogprobs: 5)
}

extension ValidationLimits {
    /// What this project's server enforces: OpenAI's limits, with ``SchemaLimits/chatServer`` on
    /// schemas (bounded repetition counts and schema sizes on top of OpenAI's).
    public static let chatServer = ValidationLimits(schemas: .chatServer)
}
