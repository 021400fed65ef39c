import ChatInference
import Foundation
import Logging

/// The models and adapters on offer: every `.gguf` in the models directory (id = file name without
/// `.gguf`), the default model (which may live elsewhere), its alias, and the adapters in the LoRA
/// directory (which apply to the default model). The directory is read again on every look-up, so a
/// file copied in while the server runs is offered at once and a removed one is gone; headers are
/// read once per version of a file.
final class ModelCatalog: @unchecked Sendable {
    // @unchecked: `lock` guards `headers`; everything else is immutable.
    /// The default model's file.
    let defaultPath: String
    /// The default model's id.
    let defaultID: String
    /// Another id the default model answers to.
    let alias: String?
    /// Adapter id → file, for the default model.
    let adapters: [String: String]
    private let directory: String
    private let lock = NSLock()
    private var headers: [String: ModelFile] = [:]

    init(configuration: EngineConfiguration) throws(EngineError) {
        directory = configuration.modelsDirectory
        alias = configuration.alias
        let requested = configuration.defaultModel
        let inDirectory = ModelCatalog.ggufFiles(in: directory)
        if FileManager.default.fileExists(atPath: requested), requested.hasSuffix(".gguf") || requested.contains("/") {
            defaultPath = requested
        } else if let path = inDirectory.first(where: {
            ModelCatalog.id(of: $0) == requested
                || ModelCatalog.id(of: $0) == (requested as NSString).deletingPathExtension
        }) {
            defaultPath = path
        } else {
            throw EngineError(
                .notFound,
                "No model '\(requested)': not a file, and not among the models in \(directory) (\(inDirectory.map(ModelCatalog.id(of:)).joined(separator: ", "))). Run `make setup` to fetch the default model."
            )
        }
        defaultID = ModelCatalog.id(of: defaultPath)
        var adapters: [String: String] = [:]
        if let loraDirectory = configuration.loraDirectory {
            for path in ModelCatalog.ggufFiles(in: loraDirectory) { adapters[ModelCatalog.id(of: path)] = path }
        }
        self.adapters = adapters
    }

    /// Every model on offer now, by id: the directory's files and the default model.
    func files() -> [String: ModelFile] {
        var paths = ModelCatalog.ggufFiles(in: directory)
        if !paths.contains(defaultPath) { paths.append(defaultPath) }
        var result: [String: ModelFile] = [:]
        lock.withLock {
            for path in paths {
                guard let stamp = ModelFile.stamp(path) else { continue }
                if let known = headers[path], known.stamp == stamp {
                    result[known.id] = known
                } else {
                    let file = ModelFile(path: path, stamp: stamp)
                    headers[path] = file
                    result[file.id] = file
                }
            }
            headers = headers.filter { paths.contains($0.key) }
        }
        return result
    }

    /// The model file a request's `model` names (its id or the alias; nil means the default), if it
    /// exists now.
    func resolve(_ name: String?) -> ModelFile? {
        let id = (name == nil || name == alias) ? defaultID : name!
        return files()[id]
    }

    private static func ggufFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".gguf") }.sorted().map {
            (directory as NSString).appendingPathComponent($0)
        }
    }

    static func id(of path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}
