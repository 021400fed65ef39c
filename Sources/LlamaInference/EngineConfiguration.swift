import Foundation

/// How a ``LlamaEngine`` runs: which models, how much context, how many sequences at once.
public struct EngineConfiguration: Sendable, Hashable {
    /// The id of the model the set-up installs and the server serves unless told otherwise
    /// (SmolLM2-135M-Instruct, Q4_1): a small instruct model, so it answers, calls tools and
    /// finishes structured output.
    public static let defaultModelID = "smollm2-135m-instruct-q4_1"

    /// Directory whose `.gguf` files are the models on offer (each loaded on first use).
    public var modelsDirectory: String
    /// The model loaded at start: a path to a GGUF file, or a model id in `modelsDirectory`.
    public var defaultModel: String
    /// Another id the default model answers to.
    public var alias: String?
    /// Tokens of context each sequence may use (prompt plus completion); 0 means the model's own.
    public var contextSize: Int
    /// Sequences decoded together (each choice of each request is one).
    public var parallel: Int
    /// CPU threads for decoding.
    public var threads: Int
    /// Requests that may wait for a free sequence before new ones get 429.
    public var queueLimit: Int
    /// Directory of GGUF LoRA adapters for the default model, chosen per request with `peft`.
    public var loraDirectory: String?
    /// JSONL file receiving the prompts of requests that ask for it with `log_prompt`.
    public var promptLogPath: String?
    /// Compute every sequence exactly as if it ran alone, so a seed reproduces whatever else runs
    /// (ggml's batch-invariant kernels; costs some single-stream speed). On by default.
    public var batchInvariant: Bool
    /// Models kept loaded at once; loading another unloads the least recently used idle one.
    public var maxLoadedModels: Int
    /// Where sampling values a request leaves out come from.
    public var generationDefaults: GenerationDefaultsSource
    /// Bytes of host memory each loaded model may keep prompt caches in once their sequences are
    /// reused (0: none); see ``defaultPromptCacheBytes``.
    public var promptCacheBytes: Int
    /// Most prompt tokens read in one scheduler step, over all prompts being read: smaller keeps
    /// running streams' tokens coming more evenly while prompts arrive, larger reads long prompts
    /// sooner.
    public var promptStepBudget: Int
    /// A Jinja chat template used for the default model instead of the one its file carries
    /// (`--chat-template-file`), for models whose template is missing or broken.
    public var chatTemplate: String?
    /// Whether models' thinking is split from their answers.
    public var reasoningFormat: ReasoningFormat

    /// What happens to a reasoning model's thinking.
    public enum ReasoningFormat: String, Sendable, Hashable, CaseIterable {
        /// Split into `reasoning_content` by the markers the model's template uses.
        case auto
        /// Left in the content as the model wrote it.
        case none
    }

    /// The default host-memory prompt cache per model: an eighth of this machine's memory, at most
    /// 8 GiB (llama-server's default), at least 256 MiB.
    public static var defaultPromptCacheBytes: Int {
        let eighth = Int(clamping: ProcessInfo.processInfo.physicalMemory / 8)
        return min(max(eighth, 256 << 20), 8 << 30)
    }

    /// Where the sampling values a request leaves out come from.
    public enum GenerationDefaultsSource: String, Sendable, Hashable, CaseIterable {
        /// The model's own recommendations (GGUF `general.sampling.*`, a sidecar JSON), else OpenAI's.
        case model
        /// OpenAI's defaults always (temperature 1, top_p 1, no penalties).
        case openai
    }

    public init(
        modelsDirectory: String, defaultModel: String, alias: String? = nil, contextSize: Int = 4096,
        parallel: Int = 4, threads: Int, queueLimit: Int = 64, loraDirectory: String? = nil,
        promptLogPath: String? = nil, batchInvariant: Bool = true, maxLoadedModels: Int = 2,
        generationDefaults: GenerationDefaultsSource = .model, promptCacheBytes: Int? = nil,
        promptStepBudget: Int = 512, chatTemplate: String? = nil, reasoningFormat: ReasoningFormat = .auto
    ) {
        self.modelsDirectory = modelsDirectory
        self.defaultModel = defaultModel
        self.alias = alias
        self.contextSize = contextSize
        self.parallel = parallel
        self.threads = threads
        self.queueLimit = queueLimit
        self.loraDirectory = loraDirectory
        self.promptLogPath = promptLogPath
        self.batchInvariant = batchInvariant
        self.maxLoadedModels = maxLoadedModels
        self.generationDefaults = generationDefaults
        self.promptCacheBytes = promptCacheBytes ?? Self.defaultPromptCacheBytes
        self.promptStepBudget = promptStepBudget
        self.chatTemplate = chatTemplate
        self.reasoningFormat = reasoningFormat
    }
}
