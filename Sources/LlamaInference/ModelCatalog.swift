import ChatInference
import Foundation
import Logging

/// The models and adapters on offer: every `.gguf` in the models directory (id = file name without
/// `.gguf`), the default model (which may live elsewhere), its alias, and the adapters in the LoRA
/// directory (which apply to the default model).
struct ModelCatalog: Sendable {
    struct Entry: Sendable, Hashable {
        var id: String
        var path: String
        var created: Int
    }

    let defaultEntry: Entry
    let entries: [String: Entry]
    let alias: String?
    let adapters: [String: String]

    init(configuration: EngineConfiguration) throws(EngineError) {
        let files = FileManager.default
        var entries: [String: Entry] = [:]
        for path in ModelCatalog.ggufFiles(in: configuration.modelsDirectory) {
            let entry = ModelCatalog.entry(path)
            entries[entry.id] = entry
        }
        let requested = configuration.defaultModel
        var defaultEntry: Entry
        if files.fileExists(atPath: requested), requested.hasSuffix(".gguf") || requested.contains("/") {
            defaultEntry = ModelCatalog.entry(requested)
        } else if let entry = entries[requested] ?? entries[(requested as NSString).deletingPathExtension] {
            defaultEntry = entry
        } else {
            throw EngineError(
                .notFound,
                "No model '\(requested)': not a file, and not among the models in \(configuration.modelsDirectory) (\(entries.keys.sorted().joined(separator: ", "))). Run `make setup` to fetch the default model."
            )
        }
        entries[defaultEntry.id] = defaultEntry
        self.defaultEntry = defaultEntry
        self.entries = entries
        self.alias = configuration.alias
        var adapters: [String: String] = [:]
        if let directory = configuration.loraDirectory {
            for path in ModelCatalog.ggufFiles(in: directory) { adapters[ModelCatalog.entry(path).id] = path }
        }
        self.adapters = adapters
    }

    /// The entry a request's `model` names (its id or the alias); nil means the default.
    func resolve(_ name: String?) -> Entry? {
        guard let name else { return defaultEntry }
        if name == alias { return defaultEntry }
        return entries[name]
    }

    private static func ggufFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".gguf") }.sorted().map {
            (directory as NSString).appendingPathComponent($0)
        }
    }

    private static func entry(_ path: String) -> Entry {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let created = (attributes?[.modificationDate] as? Date).map { Int($0.timeIntervalSince1970) } ?? 0
        return Entry(id: name, path: path, created: created)
    }
}

/// Loaded models, loading others on first use. Loading runs on its own thread, never on Swift's
/// cooperative pool; concurrent requests for a model that is loading wait for the same load.
final class ModelRegistry: @unchecked Sendable {
    // @unchecked: `lock` guards `loaded` and `loading`.
    private let catalog: ModelCatalog
    private let configuration: EngineConfiguration
    private let logger: Logger
    private let lock = NSLock()
    private var loaded: [String: LoadedModel] = [:]
    private var loading: [String: Task<LoadedModel, any Error>] = [:]

    init(catalog: ModelCatalog, configuration: EngineConfiguration, logger: Logger) {
        self.catalog = catalog
        self.configuration = configuration
        self.logger = logger
    }

    /// Loads the default model on the calling thread (start-up).
    func loadDefaultNow() throws(LlamaError) {
        let entry = catalog.defaultEntry
        let model = try LoadedModel(
            id: entry.id, path: entry.path, configuration: configuration, adapterPaths: catalog.adapters,
            logger: logger)
        lock.withLock { loaded[entry.id] = model }
    }

    /// The loaded model a request's `model` names, loading it if needed.
    func model(for name: String?) async throws(EngineError) -> LoadedModel {
        guard let entry = catalog.resolve(name) else {
            throw EngineError(
                .notFound, "The model '\(name ?? "")' does not exist; GET /v1/models lists the models on offer.",
                param: "model", code: "model_not_found")
        }
        let (ready, pending) = lock.withLock { () -> (LoadedModel?, Task<LoadedModel, any Error>?) in
            if let model = loaded[entry.id] { return (model, nil) }
            if let task = loading[entry.id] { return (nil, task) }
            let configuration = configuration
            let logger = logger
            let task = Task<LoadedModel, any Error> {
                try await withCheckedThrowingContinuation { continuation in
                    let thread = Thread {
                        do {
                            continuation.resume(
                                returning: try LoadedModel(
                                    id: entry.id, path: entry.path, configuration: configuration, adapterPaths: [:],
                                    logger: logger))
                        } catch {
                            continuation.resume(throwing: error)
                        }
                    }
                    thread.name = "model-loader"
                    thread.start()
                }
            }
            loading[entry.id] = task
            return (nil, task)
        }
        if let ready { return ready }
        do {
            let model = try await pending!.value
            lock.withLock {
                loaded[entry.id] = model
                loading[entry.id] = nil
            }
            return model
        } catch {
            lock.withLock { loading[entry.id] = nil }
            logger.error("loading \(entry.id) failed: \(error)")
            throw EngineError(.internal, "The model '\(entry.id)' could not be loaded.")
        }
    }

    /// Every model and adapter, loaded or not.
    func descriptors() async -> [ModelDescriptor] {
        let loadedIDs = lock.withLock { Set(loaded.keys) }
        var result: [ModelDescriptor] = catalog.entries.values.sorted { $0.id < $1.id }.map {
            ModelDescriptor(id: $0.id, created: $0.created, ownedBy: "local", loaded: loadedIDs.contains($0.id))
        }
        if let alias = catalog.alias {
            result.append(
                ModelDescriptor(
                    id: alias, created: catalog.defaultEntry.created, ownedBy: "local",
                    baseModel: nil, loaded: loadedIDs.contains(catalog.defaultEntry.id)))
        }
        for name in catalog.adapters.keys.sorted() {
            result.append(
                ModelDescriptor(
                    id: name, created: catalog.defaultEntry.created, ownedBy: "local",
                    baseModel: catalog.defaultEntry.id,
                    loaded: loadedIDs.contains(catalog.defaultEntry.id)))
        }
        return result
    }

    /// The models loaded now.
    func loadedModels() -> [LoadedModel] { lock.withLock { Array(loaded.values) } }

    /// Shuts every scheduler down (running jobs finish).
    func shutdown() async {
        for model in lock.withLock({ Array(loaded.values) }) { model.scheduler.shutdown() }
    }
}
