import Foundation
import LlamaInference
import Testing

/// The installed models, loaded once for the unit tests that need a real vocabulary or weights.
enum ModelFixture {
    /// The two models the set-up installs; their weights take different kernels (Q4_1, Q4_K_M).
    static let installed = ["smollm2-135m-instruct-q4_1.gguf", "gemma-3-270m-q4_k_m.gguf"]

    static func path(of file: String) -> String {
        let directory =
            ProcessInfo.processInfo.environment["CHAT_MODELS_DIR"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache/swift-chat-completions/models")
        return (directory as NSString).appendingPathComponent(file)
    }

    static let path = path(of: "gemma-3-270m-q4_k_m.gguf")

    private static let smollm = Result { try LlamaModel(path: path(of: installed[0])) }

    /// One of ``installed`` by file name.
    static func model(_ file: String) throws -> LlamaModel {
        file == installed[0] ? try loaded(smollm) : try model()
    }

    private static func loaded(_ result: Result<LlamaModel, any Error>) throws -> LlamaModel {
        do {
            return try result.get()
        } catch {
            Issue.record("a model is missing in the models directory; run `make setup` (\(error))")
            throw error
        }
    }

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
