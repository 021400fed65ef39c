import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard input for an interactive session: lines read on a thread of their own, and Ctrl-C
/// (SIGINT) caught instead of ending the process.
///
/// Ctrl-C while an answer runs (``interruptible(_:)``) cancels that answer's task; Ctrl-C at the
/// prompt is an ``Event/interrupt`` among the lines. Without catching (input that is not a
/// terminal), Ctrl-C ends the process as usual.
final class TerminalInput: @unchecked Sendable {
    /// What came from the person at the terminal.
    enum Event: Sendable {
        /// A line, without its newline.
        case line(String)
        /// Ctrl-C at the prompt.
        case interrupt
        /// The end of input (Ctrl-D at an empty prompt).
        case end
    }

    /// Lines, interrupts at the prompt, and the end.
    let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private var signalSource: (any DispatchSourceSignal)?
    // Guarded by `lock`: set while an answer runs, read by the signal handler on another queue.
    private let lock = NSLock()
    private var cancelRunning: (@Sendable () -> Void)?

    /// Starts reading standard input; with `catchInterrupts`, Ctrl-C no longer ends the process.
    init(catchInterrupts: Bool) {
        (events, continuation) = AsyncStream.makeStream()
        let continuation = continuation
        // readLine blocks: it runs on a thread of its own, never on Swift's cooperative pool.
        Thread {
            while let line = readLine() { continuation.yield(.line(line)) }
            continuation.yield(.end)
            continuation.finish()
        }.start()
        guard catchInterrupts else { return }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in self?.interrupted() }
        source.resume()
        signalSource = source
    }

    deinit {
        signalSource?.cancel()
    }

    /// Runs `body` in a task of its own that Ctrl-C cancels, and waits for it.
    func interruptible<Value: Sendable>(
        _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let task = Task { try await body() }
        lock.withLock { cancelRunning = { task.cancel() } }
        defer { lock.withLock { cancelRunning = nil } }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    private func interrupted() {
        let cancel = lock.withLock {
            defer { cancelRunning = nil }
            return cancelRunning
        }
        if let cancel {
            cancel()
        } else {
            continuation.yield(.interrupt)
        }
    }
}
