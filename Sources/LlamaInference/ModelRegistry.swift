import ChatInference
import Foundation
import Logging

/// The loaded models: loads a model on first use, keeps at most `maxLoadedModels` (unloading the
/// least recently used one that nothing is using), and remembers files that failed to load until
/// they change. Loading and unloading run on threads of their own, never on Swift's cooperative
/// pool; concurrent requests for a model that is loading wait for the same load.
final class ModelRegistry: @unchecked Sendable {
    // @unchecked: `lock` guards every `var`.
    private let catalog: ModelCatalog
    private let configuration: EngineConfiguration
    private let logger: Logger
    private let beforeLoading: @Sendable (String) async -> Void
    private let lock = NSLock()
    private var resident: [String: Resident] = [:]
    private var loading: [String: Loading] = [:]
    private var failures: [String: (stamp: ModelFile.Stamp, message: String)] = [:]
    private var clock: UInt64 = 0
    private var defaultLoaded = false

    /// A loaded model and who is using it.
    private struct Resident {
        var model: LoadedModel
        var users: Int
        var lastUsed: UInt64
    }

    /// A load in progress and how many requests wait for it.
    private struct Loading {
        var task: Task<LoadedModel, any Error>
        var waiters: Int
    }

    init(
        catalog: ModelCatalog, configuration: EngineConfiguration, logger: Logger,
        beforeLoading: @escaping @Sendable (String) async -> Void = { _ in }
    ) {
        self.catalog = catalog
        self.configuration = configuration
        self.logger = logger
        self.beforeLoading = beforeLoading
    }

    /// Whether the default model has been loaded once (the server is ready).
    var isReady: Bool { lock.withLock { defaultLoaded } }

    /// Loads the default model and marks the registry ready.
    func loadDefault() async throws(EngineError) {
        let model = try await acquire(nil)
        lock.withLock { defaultLoaded = true }
        release(model.id)
    }

    /// The model a request's `model` names (nil: the default), loading it if needed, marked in use
    /// until ``release(_:)``.
    func acquire(_ name: String?) async throws(EngineError) -> LoadedModel {
        guard let file = catalog.resolve(name) else {
            throw EngineError(
                .notFound, "The model '\(name ?? "")' does not exist.",
                about: .model, reason: .modelNotFound)
        }
        enum Next {
            case ready(LoadedModel)
            case wait(Task<LoadedModel, any Error>)
            case failed(String)
        }
        let next = lock.withLock { () -> Next in
            if var entry = resident[file.id] {
                clock += 1
                entry.users += 1
                entry.lastUsed = clock
                resident[file.id] = entry
                return .ready(entry.model)
            }
            if let failure = failures[file.id], failure.stamp == file.stamp { return .failed(failure.message) }
            if var pending = loading[file.id] {
                pending.waiters += 1
                loading[file.id] = pending
                return .wait(pending.task)
            }
            evictIdle(keepingRoomFor: 1)
            let task = startLoad(file)
            loading[file.id] = Loading(task: task, waiters: 1)
            return .wait(task)
        }
        switch next {
        case .ready(let model):
            return model
        case .failed(let message):
            throw loadError(file, message)
        case .wait(let task):
            do {
                return try await task.value
            } catch {
                throw loadError(file, "\(error)")
            }
        }
    }

    /// Marks one use of the model ended; idle models over the limit, or whose file is gone, unload.
    func release(_ id: String) {
        let gone = catalog.resolve(id) == nil
        lock.withLock {
            guard var entry = resident[id] else { return }
            entry.users -= 1
            resident[id] = entry
            if entry.users == 0 && gone && id != catalog.defaultID {
                resident[id] = nil
                unload(entry.model, reason: "its file was removed")
            }
            evictIdle(keepingRoomFor: 0)
        }
    }

    /// The generation defaults in force for a model: its declared values, unless the configuration
    /// says to use OpenAI's.
    func generationDefaults(for id: String) -> GenerationDefaults {
        guard let file = catalog.files()[id] else { return GenerationDefaults() }
        return generationDefaults(of: file)
    }

    /// As ``generationDefaults(for:)``, for a file already looked up.
    private func generationDefaults(of file: ModelFile) -> GenerationDefaults {
        guard configuration.generationDefaults == .model else { return GenerationDefaults() }
        do {
            return try file.declaredDefaults()
        } catch {
            logger.warning("ignoring the generation defaults of \(file.id): \(error)")
            return (try? file.header.get())?.generationDefaults ?? GenerationDefaults()
        }
    }

    /// Every model and adapter on offer, loaded or not, with what their files say.
    func descriptors() -> [ModelDescriptor] {
        let files = catalog.files()
        let (loaded, failed) = lock.withLock { (resident.mapValues(\.model), failures) }
        func descriptor(_ file: ModelFile, id: String, baseModel: String? = nil) -> ModelDescriptor {
            let header = try? file.header.get()
            let context =
                loaded[file.id]?.contextPerSequence
                ?? (configuration.contextSize > 0 ? configuration.contextSize : header?.trainingContextLength)
            let loadError =
                (try? file.header.get()) == nil
                ? "not a usable GGUF file: \((file.header.failure?.description) ?? "")"
                : failed[file.id].flatMap { $0.stamp == file.stamp ? $0.message : nil }
            return ModelDescriptor(
                id: id, created: Int(file.stamp.modified), ownedBy: "local", baseModel: baseModel,
                loaded: loaded[file.id] != nil, contextLength: context,
                metadata: ModelMetadata(
                    fileName: (file.path as NSString).lastPathComponent, fileSize: file.stamp.size,
                    architecture: header?.architecture, quantization: header?.quantization,
                    parameters: header?.parameterCount, hasChatTemplate: header?.hasChatTemplate ?? false,
                    generationDefaults: generationDefaults(of: file), loadError: loadError))
        }
        // The default first: clients and gateways that take one model per server take the first.
        let ordered = files.values.sorted {
            ($0.id == catalog.defaultID ? 0 : 1, $0.id) < ($1.id == catalog.defaultID ? 0 : 1, $1.id)
        }
        var result = ordered.map { descriptor($0, id: $0.id) }
        if let defaultFile = files[catalog.defaultID] {
            if let alias = catalog.alias { result.append(descriptor(defaultFile, id: alias)) }
            for name in catalog.adapters.keys.sorted() {
                result.append(descriptor(defaultFile, id: name, baseModel: catalog.defaultID))
            }
        }
        return result
    }

    /// The models loaded now.
    func loadedModels() -> [LoadedModel] { lock.withLock { resident.values.map(\.model) } }

    /// Stops every scheduler (running jobs finish) and waits for their threads to end.
    func shutdown() async {
        let models = lock.withLock { resident.values.map(\.model) }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                for model in models { model.scheduler.shutdown() }
                for model in models { model.scheduler.waitUntilStopped() }
                continuation.resume()
            }.start()
        }
    }

    // MARK: - Loading and unloading

    /// Starts loading `file` on a thread of its own; the task registers the model when done. Call
    /// with the lock held.
    private func startLoad(_ file: ModelFile) -> Task<LoadedModel, any Error> {
        let configuration = configuration
        let logger = logger
        let adapters = file.id == catalog.defaultID ? catalog.adapters : [:]
        let defaultID = catalog.defaultID
        let beforeLoading = beforeLoading
        return Task { [weak self] in
            await beforeLoading(file.id)
            let result: Result<LoadedModel, any Error> = await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(
                        returning: Result {
                            if case .failure(let failure) = file.header {
                                throw LlamaError("gguf header", failure.description)
                            }
                            return try LoadedModel(
                                id: file.id, path: file.path, configuration: configuration, adapterPaths: adapters,
                                chatTemplate: file.id == defaultID ? configuration.chatTemplate : nil, logger: logger)
                        })
                }
                thread.name = "model-loader"
                thread.start()
            }
            self?.finishLoad(file, result)
            return try result.get()
        }
    }

    /// Registers a finished load (the waiters become its users) or remembers its failure.
    private func finishLoad(_ file: ModelFile, _ result: Result<LoadedModel, any Error>) {
        lock.withLock {
            let waiters = loading[file.id]?.waiters ?? 0
            loading[file.id] = nil
            switch result {
            case .success(let model):
                clock += 1
                resident[file.id] = Resident(model: model, users: waiters, lastUsed: clock)
                failures[file.id] = nil
                evictIdle(keepingRoomFor: 0)
            case .failure(let error):
                let message = (error as? LlamaError)?.message ?? "\(error)"
                failures[file.id] = (file.stamp, message)
                logger.error("loading \(file.id) from \(file.path) failed: \(message)")
            }
        }
    }

    /// Unloads least recently used idle models until `room` more fit under the limit. Call with the
    /// lock held.
    private func evictIdle(keepingRoomFor room: Int) {
        let limit = max(1, configuration.maxLoadedModels)
        while resident.count + loading.count + room > limit {
            guard
                let victim = resident.filter({ $0.value.users == 0 }).min(by: { $0.value.lastUsed < $1.value.lastUsed })
            else { return }
            resident[victim.key] = nil
            unload(victim.value.model, reason: "at most \(limit) models stay loaded (--max-loaded-models)")
        }
    }

    /// Stops a model's scheduler and frees it once its thread has ended.
    private func unload(_ model: LoadedModel, reason: String) {
        logger.info("unloading \(model.id): \(reason)")
        let thread = Thread {
            model.scheduler.shutdown()
            model.scheduler.waitUntilStopped()
        }
        thread.name = "model-unloader"
        thread.start()
    }

    private func loadError(_ file: ModelFile, _ message: String) -> EngineError {
        EngineError(
            .unavailable,
            "The model '\(file.id)' could not be loaded from \((file.path as NSString).lastPathComponent): \(message)",
            about: .model, reason: .modelLoadFailed)
    }
}

extension Result {
    /// The error, if this is a failure.
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
