import Foundation
import JSONCore

/// The JSONL file that records the prompts of requests that set `log_prompt`: one line each with
/// the request id, time, model and rendered prompt. Nothing else about prompts is ever stored.
final class PromptLog: @unchecked Sendable {
    // @unchecked: `lock` serialises appends.
    private let path: String
    private let lock = NSLock()

    init(path: String) { self.path = path }

    package func append(id: String, model: String, prompt: String) {
        let line: JSONValue = [
            "id": .string(id), "time": .int(Int(Date().timeIntervalSince1970)), "model": .string(model),
            "prompt": .string(prompt),
        ]
        let bytes = line.serialized() + [UInt8(ascii: "\n")]
        lock.withLock {
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            defer { try? handle.close() }
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: Data(bytes))
        }
    }
}
