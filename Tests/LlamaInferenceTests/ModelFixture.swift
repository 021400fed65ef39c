import Foundation
import LlamaInference
import Testing

/// The default model, loaded once for the unit tests that need a real vocabulary.
enum ModelFixture {
    static let path: String = {
        let directory =
            ProcessInfo.processInfo.environment["CHAT_MODELS_DIR"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache/swift-chat-completions/models")
        return (directory as NSString).appendingPathComponent("gemma-3-270m-q4_k_m.gguf")
    }()

    private static let loaded = Result { try LlamaModel(path: path) }

    /// The model (fails the test with a hint when the set-up has not run).
    static func model() throws -> LlamaModel {
        do {
            return try loaded.get()
        } catch {
            Issue.record("the default model is missing at \(path); run `make setup` (\(error))")
            throw error
        }
    }
}
