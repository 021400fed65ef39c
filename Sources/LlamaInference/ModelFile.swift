public import ChatInference
import Foundation
import JSONCore

/// One GGUF file in the catalog: where it is, when it changed, and what its header says.
package struct ModelFile: Sendable, Hashable {
    /// The id clients ask for: the file name without `.gguf`.
    var id: String
    /// The file's path.
    var path: String
    /// Size and modification time; a changed stamp means a changed file.
    package var stamp: Stamp
    /// The parsed header, or why it could not be read.
    var header: Result<GGUFHeader, GGUFHeader.Failure>

    /// What identifies a version of a file.
    package struct Stamp: Sendable, Hashable {
        package var size: Int
        var modified: Double
    }

    /// The stamp of the file at `path`, or nil when there is none.
    package static func stamp(_ path: String) -> Stamp? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return Stamp(size: size, modified: modified)
    }

    /// Reads the file's header.
    package init(path: String, stamp: Stamp) {
        self.id = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        self.path = path
        self.stamp = stamp
        self.header = Result { () throws(GGUFHeader.Failure) in try GGUFHeader(path: path) }
    }

    /// The sidecar with generation defaults: `<id>.json` beside the file (or `<file>.gguf.json`), in
    /// the keys of a Hugging Face `generation_config.json`.
    var sidecarPaths: [String] {
        let directory = (path as NSString).deletingLastPathComponent
        return [(directory as NSString).appendingPathComponent("\(id).json"), path + ".json"]
    }

    /// The generation defaults the model declares: its GGUF `general.sampling.*` values, overridden by
    /// the sidecar's. Throws when a sidecar exists but cannot be read.
    package func declaredDefaults() throws(GenerationDefaultsError) -> GenerationDefaults {
        var defaults = (try? header.get())?.generationDefaults ?? GenerationDefaults()
        for sidecar in sidecarPaths where FileManager.default.fileExists(atPath: sidecar) {
            defaults = defaults.overridden(by: try ModelFile.readSidecar(sidecar))
            break
        }
        return defaults
    }

    /// Reads a `generation_config.json`-style file.
    static func readSidecar(_ path: String) throws(GenerationDefaultsError) -> GenerationDefaults {
        guard let data = FileManager.default.contents(atPath: path),
            let object = (try? JSONValue(parsing: Array(data)))?.objectValue
        else {
            throw GenerationDefaultsError(path: path, reason: "not a JSON object")
        }
        func number(_ key: String) throws(GenerationDefaultsError) -> Double? {
            guard let value = object[key], value != .null else { return nil }
            guard let number = value.doubleValue else {
                throw GenerationDefaultsError(path: path, reason: "'\(key)' is not a number")
            }
            return number
        }
        var defaults = GenerationDefaults(
            temperature: try number("temperature"), topP: try number("top_p"), topK: try number("top_k").map(Int.init),
            minP: try number("min_p"), repetitionPenalty: try number("repetition_penalty"),
            presencePenalty: try number("presence_penalty"), frequencyPenalty: try number("frequency_penalty"),
            maxTokens: try number("max_new_tokens").map(Int.init))
        // Hugging Face's `do_sample: false` means greedy decoding.
        if object["do_sample"]?.boolValue == false { defaults.temperature = 0 }
        return defaults
    }
}

/// A sidecar file with generation defaults that cannot be used.
package struct GenerationDefaultsError: Error, Sendable, Hashable, CustomStringConvertible {
    var path: String
    var reason: String
    package var description: String { "\(path): \(reason)" }
}
