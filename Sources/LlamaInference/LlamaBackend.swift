internal import CLlama
import Foundation
import Logging

/// Process-wide llama.cpp set-up: the backend is initialised once, and llama.cpp's own log lines go
/// to a swift-log `Logger` (warnings and errors only, unless the logger is at debug level).
package enum LlamaBackend {
    private static let initialised: Void = {
        llama_backend_init()
        llama_log_set({ level, text, _ in LlamaBackend.forward(level: level, text: text) }, nil)
    }()

    private static let lock = NSLock()
    nonisolated(unsafe) private static var logger = Logger(label: "llama.cpp")  // guarded by `lock`
    nonisolated(unsafe) private static var pendingLine = ""  // guarded by `lock`

    /// The llama.cpp build, e.g. "b1234 (abcdef0)".
    static var version: String { llamaVersion }

    private static let llamaVersion: String = {
        ensureInitialised()
        return String(cString: llama_version())
    }()

    /// Initialises llama.cpp once; later calls only replace the logger.
    static func ensureInitialised(logger: Logger? = nil) {
        if let logger {
            lock.withLock { self.logger = logger }
        }
        _ = initialised
    }

    /// Makes every quantized matrix product compute each output element the same way whatever the
    /// number of tokens in a batch. By default ggml hands K-quant products of 8 tokens or more to its
    /// tiled kernel, which rounds differently from the one-row kernel: a sequence's logits would then
    /// depend on how many other sequences share its decode step, and a seed would not reproduce under
    /// load. Turning the tiled kernel off keeps the one-row kernel for every batch (forcing the tiled
    /// kernel instead would also be invariant, but pads a lone row to a 16-row tile: a single stream
    /// ran at 24 instead of 40 tokens/s). Must run before the first decode; process-wide.
    package static func requireBatchInvariantKernels() {
        setenv("GGML_CPU_TILED_MM", "0", 1)
    }

    private static let firstErrorKey = "llama.cpp first error"

    /// Runs `body`, returning what it returns and the first error line llama.cpp logged on this
    /// thread meanwhile (llama.cpp reports why a load failed only in its log).
    static func capturingFirstError<T>(_ body: () throws(LlamaError) -> T) -> (Result<T, LlamaError>, String?) {
        Thread.current.threadDictionary[firstErrorKey] = nil
        defer { Thread.current.threadDictionary[firstErrorKey] = nil }
        let result = Result { () throws(LlamaError) in try body() }
        return (result, Thread.current.threadDictionary[firstErrorKey] as? String)
    }

    private static func forward(level: ggml_log_level, text: UnsafePointer<CChar>?) {
        guard let text else { return }
        let piece = String(cString: text)
        lock.withLock {
            // llama.cpp sends partial lines (GGML_LOG_LEVEL_CONT); assemble whole lines.
            pendingLine += piece
            guard pendingLine.hasSuffix("\n") else { return }
            let line = pendingLine.trimmingCharacters(in: .whitespacesAndNewlines)
            pendingLine = ""
            guard !line.isEmpty else { return }
            switch level {
            case GGML_LOG_LEVEL_ERROR:
                logger.error("\(line)")
                // The first error on this thread says why a call failed (e.g. a model load).
                if Thread.current.threadDictionary[LlamaBackend.firstErrorKey] == nil {
                    Thread.current.threadDictionary[LlamaBackend.firstErrorKey] = line
                }
            case GGML_LOG_LEVEL_WARN: logger.warning("\(line)")
            case GGML_LOG_LEVEL_INFO: logger.debug("\(line)")
            default: logger.trace("\(line)")
            }
        }
    }
}
