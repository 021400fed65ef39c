/// Facts about a model file, for clients and gateways choosing a model.
public struct ModelMetadata: Sendable, Hashable {
    /// The file's name.
    public var fileName: String
    /// The file's size in bytes.
    public var fileSize: Int
    /// The architecture, e.g. `llama` or `gemma3`.
    public var architecture: String?
    /// How the weights are stored, e.g. `Q4_1` or `Q4_K_M`.
    public var quantization: String?
    /// Number of weights.
    public var parameters: Int?
    /// Whether the file carries its own chat template.
    public var hasChatTemplate: Bool
    /// The sampling values that apply when a request leaves them out.
    public var generationDefaults: GenerationDefaults
    /// Why the model could not be loaded, when the last attempt failed.
    public var loadError: String?

    public init(
        fileName: String, fileSize: Int, architecture: String?, quantization: String?, parameters: Int?,
        hasChatTemplate: Bool, generationDefaults: GenerationDefaults, loadError: String? = nil
    ) {
        self.fileName = fileName
        self.fileSize = fileSize
        self.architecture = architecture
        self.quantization = quantization
        self.parameters = parameters
        self.hasChatTemplate = hasChatTemplate
        self.generationDefaults = generationDefaults
        self.loadError = loadError
    }
}
