import ChatCompletionsClient
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writing to the terminal: answers to standard output as they come, problems to standard error.
///
/// When standard output's reader has gone away (`chat … | head -2`), the write fails with EPIPE
/// (SIGPIPE is ignored, see ``ignoreBrokenPipes()``) and `chat` stops at once, quietly, with
/// status 0, as other command-line tools do: nothing more can be shown, so nothing is left to do.
enum Console {
    /// Makes a write to a closed pipe fail with EPIPE instead of ending the process with SIGPIPE,
    /// so that ``write(_:)`` can end it quietly. Call before anything is written.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes text to standard output at once (no buffering, so streamed text appears as it comes).
    /// When the reader has gone away, the process ends quietly (see ``Console``).
    static func write(_ text: String) {
        if !writeAll(Array(text.utf8), to: STDOUT_FILENO) { exitQuietly() }
    }

    /// Writes a line to standard output.
    static func line(_ text: String = "") { write(text + "\n") }

    /// Whether standard output is a terminal (where a model's thinking is shown, dimmed).
    static let showsThinking = isatty(STDOUT_FILENO) == 1

    /// Writes a model's thinking dimmed, on a terminal only: piped output carries the answer alone.
    static func thinking(_ text: String) {
        guard showsThinking, !text.isEmpty else { return }
        write("\u{1B}[2m" + text + "\u{1B}[0m")
    }

    /// Whether an answer's token count and pace are shown after it: when both standard output
    /// and standard error are terminals (a person reads them; pipes carry the answer alone).
    static let showsStats = showsThinking && isatty(STDERR_FILENO) == 1

    /// Writes an answer's count and pace, dimmed, to standard error (on a terminal only).
    static func stats(_ text: String) {
        guard showsStats else { return }
        note("\u{1B}[2m(" + text + ")\u{1B}[0m")
    }

    /// Writes a line to standard error; a standard error that cannot be written to is ignored.
    static func note(_ text: String) {
        _ = writeAll(Array((text + "\n").utf8), to: STDERR_FILENO)
    }

    /// Reports an error as one line on standard error.
    static func error(_ error: any Error) {
        let text: String
        if let error = error as? ChatClientError {
            text = error.description
        } else {
            text = "\(error)"
        }
        note("chat: " + text.split(whereSeparator: \.isNewline).joined(separator: " "))
    }

    /// Whether standard input is a terminal.
    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Whether standard output is a terminal.
    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Writes every byte, resuming after signals and partial writes; false when the descriptor
    /// cannot take more (EPIPE, or another error).
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBufferPointer { buffer in
                systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return false
            }
            offset += count
        }
        return true
    }

    /// Ends the process at once with status 0, after giving the terminal back its settings: the
    /// reader of standard output has gone, so there is nothing left to show. `_exit` (not `exit`)
    /// so that no exit-time clean-up races the threads still running (the HTTP client's).
    static func exitQuietly() -> Never {
        TerminalInput.restoreTerminal()
        _exit(0)
    }
}

/// write(2), which `Console.write` hides inside `Console`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
