import Foundation

/// The text a tool run showed, collected from its events (which may come on another task).
final class ShownText: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var shown = ""
    private var lineOpen = false

    /// Records text written to the terminal.
    func add(_ text: String) {
        lock.withLock {
            shown += text
            lineOpen = !text.hasSuffix("\n")
        }
    }

    /// All the text shown.
    var text: String { lock.withLock { shown } }

    /// Whether the last text shown left its line open; the caller ends the line, so the next
    /// answer is false until more text comes.
    func endsOpenLine() -> Bool {
        lock.withLock {
            defer { lineOpen = false }
            return lineOpen
        }
    }
}
