import ChatCompletionsClient
import Foundation

/// Writing to the terminal: answers to standard output as they come, problems to standard error.
enum Console {
    /// Writes text to standard output at once (no buffering, so streamed text appears as it comes).
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes a line to standard output.
    static func line(_ text: String = "") { write(text + "\n") }

    /// Writes a line to standard error.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
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
    static var inputIsTerminal: Bool { isatty(FileHandle.standardInput.fileDescriptor) == 1 }
}
