/// A model (or LoRA adapter) an engine can serve.
public struct ModelDescriptor: Sendable, Hashable {
    /// The id clients send as `model` (or `peft` for an adapter).
    public var id: String
    /// Unix time the model file was created.
    public var created: Int
    /// Who provides it.
    public var ownedBy: String
    /// For an adapter, the model it applies to.
    public var baseModel: String?
    /// Whether it is loaded now.
    public var loaded: Bool
    /// Tokens of context each request may use (prompt plus completion), when known.
    public var contextLength: Int?
    /// What the model file says about itself, when it could be read.
    public var metadata: ModelMetadata?

    public init(
        id: String, created: Int, ownedBy: String, baseModel: String? = nil, loaded: Bool, contextLength: Int? = nil,
        metadata: ModelMetadata? = nil
    ) {
        self.id = id
        self.created = created
        self.ownedBy = ownedBy
        self.baseModel = baseModel
        self.loaded = loaded
        self.contextLength = contextLength
        self.metadata = metadata
    }
}
