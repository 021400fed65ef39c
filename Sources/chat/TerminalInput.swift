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
/// prompt is an ``Event/interrupt``. Without catching (input that is not a terminal), Ctrl-C ends
/// the process as usual.
///
/// **Typing ahead.** When standard input and output are both a terminal, the terminal's own echo
/// and line editing are turned off for the session (it keeps sending Ctrl-C as SIGINT), and this
/// type echoes and edits the line itself (Backspace, Ctrl-U, Ctrl-W; Ctrl-D on an empty line ends
/// input), but only while the prompt is shown. What is typed while an answer is written is
/// therefore not echoed into the answer: it is kept, and the next prompt shows it. A line that was
/// ended with Enter meanwhile is shown after its prompt, as if typed there, and sent as that turn;
/// an unfinished line is shown after the prompt, pre-filled, to be finished (or erased) and sent
/// with Enter. The terminal's settings come back when the session ends, when the process ends on a
/// closed output, on SIGTERM or SIGHUP, and while Ctrl-Z has it stopped.
final class TerminalInput: @unchecked Sendable {
    /// What came from the person at the terminal.
    enum Event: Sendable, Equatable {
        /// A line, without its newline.
        case line(String)
        /// Ctrl-C at the prompt.
        case interrupt
        /// The end of input (Ctrl-D at an empty prompt).
        case end
    }

    /// Whether this reads keys and echoes them itself (standard input and output are a terminal).
    let editing: Bool
    private var signalSources: [any DispatchSourceSignal] = []
    /// The terminal's editing characters, read from its settings (in editing mode).
    private var keys = TerminalSettings.Keys(erase: 0x7f, kill: 0x15, wordErase: 0x17, endOfFile: 0x04)

    private let lock = NSLock()
    // Guarded by `lock`: the reading thread, the signal handlers and the session's task share them.
    /// Events that came while nobody waited (lines typed ahead, the end of input).
    private var queue: [Event] = []
    /// The session waiting for the next event, at the prompt.
    private var waiter: CheckedContinuation<Event, Never>?
    /// Whether what is typed is echoed: the prompt is shown and waits (editing mode only).
    private var echoing = false
    /// The line being typed, not yet ended with Enter (editing mode only).
    private var typed: [UInt8] = []
    /// Where an escape sequence (an arrow key, say) being skipped is.
    private var escape = EscapeState.none
    /// Set while an answer runs, read by the signal handler.
    private var cancelRunning: (@Sendable () -> Void)?

    private enum EscapeState {
        case none, started, sequence
    }

    /// Starts reading standard input; with `catchInterrupts`, Ctrl-C no longer ends the process;
    /// with `editing`, the terminal's echo and line editing are turned off and done here instead.
    init(catchInterrupts: Bool, editing: Bool) {
        var editing = editing
        if editing {
            if let settings = TerminalSettings.shared.enterCharacterMode() {
                keys = settings
            } else {
                editing = false
            }
        }
        self.editing = editing
        // Reading blocks: it runs on a thread of its own, never on Swift's cooperative pool.
        if editing {
            Thread { [self] in readKeys() }.start()
            for number in [SIGTERM, SIGHUP, SIGTSTP] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { Self.leaveTerminal(for: number) }
                source.resume()
                signalSources.append(source)
            }
        } else {
            Thread { [self] in
                while let line = readLine() { lock.withLock { deliver(.line(line)) } }
                lock.withLock { deliver(.end) }
            }.start()
        }
        guard catchInterrupts else { return }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in self?.interrupted() }
        source.resume()
        signalSources.append(source)
    }

    deinit {
        for source in signalSources { source.cancel() }
    }

    /// Gives the terminal back the settings it had before the session (when they were changed).
    static func restoreTerminal() {
        TerminalSettings.shared.restore()
    }

    /// Gives the terminal back its settings and lets `signal` do what it does by default: end the
    /// process (SIGTERM, SIGHUP), or stop it (SIGTSTP, Ctrl-Z), in which case the session's settings
    /// come back when it is continued.
    private static func leaveTerminal(for number: Int32) {
        let settings = TerminalSettings.shared
        settings.suspend()
        // Dispatch's threads block signals: this one takes it, with the default action, at once.
        var only = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, number)
        signal(number, SIG_DFL)
        pthread_sigmask(SIG_UNBLOCK, &only, nil)
        raise(number)
        // Continued (after a stop).
        pthread_sigmask(SIG_BLOCK, &only, nil)
        signal(number, SIG_IGN)
        settings.resume()
    }

    /// Ends the session's use of the terminal: its settings come back.
    func close() {
        Self.restoreTerminal()
    }

    /// Shows `prompt` (when given) and returns the next event. A line typed ahead is shown after
    /// the prompt and returned at once; an unfinished one is shown after the prompt, to be finished.
    func next(prompt: String?) async -> Event {
        await withCheckedContinuation { continuation in
            lock.withLock {
                if !queue.isEmpty {
                    let event = queue.removeFirst()
                    if let prompt {
                        if editing, case .line(let text) = event {
                            Console.write(prompt + Self.shown(text) + "\n")
                        } else {
                            Console.write(prompt)
                        }
                    }
                    continuation.resume(returning: event)
                    return
                }
                if let prompt {
                    Console.write(prompt + (editing ? Self.shown(String(decoding: typed, as: UTF8.self)) : ""))
                }
                echoing = editing
                waiter = continuation
            }
        }
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
        lock.withLock {
            if let cancel = cancelRunning {
                cancelRunning = nil
                cancel()
                return
            }
            // At the prompt, Ctrl-C drops the line being typed, as in a shell.
            typed = []
            deliver(.interrupt)
        }
    }

    /// Hands an event to the waiting session, or keeps it for the next prompt. Called with `lock` held.
    private func deliver(_ event: Event) {
        if let waiter {
            self.waiter = nil
            echoing = false
            waiter.resume(returning: event)
        } else {
            queue.append(event)
        }
    }

    // MARK: - Editing

    /// Reads keys until the input ends (the terminal is gone).
    private func readKeys() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            lock.withLock { type(buffer[0..<count]) }
        }
        lock.withLock { deliver(.end) }
    }

    /// Applies typed bytes to the line, echoing them while the prompt waits. Called with `lock` held.
    private func type(_ bytes: ArraySlice<UInt8>) {
        var echo: [UInt8] = []
        for byte in bytes {
            switch escape {
            case .started:
                escape = byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O") ? .sequence : .none
                continue
            case .sequence:
                if (0x40...0x7e).contains(byte) { escape = .none }
                continue
            case .none:
                break
            }
            switch byte {
            case 0x1b:
                escape = .started
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                let line = String(decoding: typed, as: UTF8.self)
                typed = []
                if echoing { echo += Array("\n".utf8) }
                flush(&echo)
                deliver(.line(line))
            case keys.erase, 0x7f, 0x08:
                erase(count: 1, echo: &echo)
            case keys.kill:
                erase(count: .max, echo: &echo)
            case keys.wordErase:
                let text = String(decoding: typed, as: UTF8.self)
                let kept = text.reversed().drop(while: \.isWhitespace).drop(while: { !$0.isWhitespace }).count
                erase(count: text.count - kept, echo: &echo)
            case keys.endOfFile:
                if typed.isEmpty {
                    flush(&echo)
                    deliver(.end)
                }
            case UInt8(ascii: "\t"):
                typed.append(byte)
                if echoing { echo.append(UInt8(ascii: " ")) }
            case ..<0x20:
                break
            default:
                typed.append(byte)
                if echoing { echo.append(byte) }
            }
        }
        flush(&echo)
    }

    /// Erases up to `count` characters from the end of the line (and from the screen while echoing).
    private func erase(count: Int, echo: inout [UInt8]) {
        var text = String(decoding: typed, as: UTF8.self)
        var columns = 0
        for _ in 0..<count {
            guard let last = text.popLast() else { break }
            columns += Self.columns(last)
        }
        typed = Array(text.utf8)
        if echoing {
            for _ in 0..<columns { echo += [0x08, UInt8(ascii: " "), 0x08] }
        }
    }

    private func flush(_ echo: inout [UInt8]) {
        guard !echo.isEmpty else { return }
        Console.write(String(decoding: echo, as: UTF8.self))
        echo = []
    }

    /// A line as echoed: a tab shows as one space (so that erasing it takes one column).
    private static func shown(_ text: String) -> String {
        text.replacingOccurrences(of: "\t", with: " ")
    }

    /// The columns a character takes on a terminal: 2 for East Asian wide characters and most
    /// emoji, else 1.
    static func columns(_ character: Character) -> Int {
        guard let value = character.unicodeScalars.first?.value else { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }
}

/// The terminal's settings before the session changed them, to give them back.
final class TerminalSettings: @unchecked Sendable {
    static let shared = TerminalSettings()

    /// The editing characters the terminal was set up with.
    struct Keys {
        var erase: UInt8
        var kill: UInt8
        var wordErase: UInt8
        var endOfFile: UInt8
    }

    private let lock = NSLock()
    // Guarded by `lock`: the settings before the session and the session's, while it lasts.
    private var saved: termios?
    private var session: termios?

    /// Turns off standard input's echo and line editing (keeping Ctrl-C as SIGINT) and returns the
    /// editing characters; nil when standard input's settings cannot be changed.
    func enterCharacterMode() -> Keys? {
        lock.withLock {
            var original = termios()
            guard tcgetattr(STDIN_FILENO, &original) == 0 else { return nil }
            var changed = original
            changed.c_lflag &= ~tcflag_t(ICANON | ECHO | ECHONL | IEXTEN)
            let keys = withUnsafeMutableBytes(of: &changed.c_cc) { characters in
                characters[Int(VMIN)] = 1
                characters[Int(VTIME)] = 0
                // A disabled character (0) keeps the usual one.
                func key(_ index: Int32, _ usual: UInt8) -> UInt8 {
                    characters[Int(index)] == 0 ? usual : characters[Int(index)]
                }
                return Keys(
                    erase: key(VERASE, 0x7f), kill: key(VKILL, 0x15), wordErase: key(VWERASE, 0x17),
                    endOfFile: key(VEOF, 0x04))
            }
            // TCSANOW: what was typed already stays to be read.
            guard tcsetattr(STDIN_FILENO, TCSANOW, &changed) == 0 else { return nil }
            saved = original
            session = changed
            return keys
        }
    }

    /// Gives the terminal back its settings for good (the session is over).
    func restore() {
        lock.withLock {
            guard var original = saved else { return }
            tcsetattr(STDIN_FILENO, TCSANOW, &original)
            saved = nil
            session = nil
        }
    }

    /// Gives the terminal back its settings for a while (the process is about to stop).
    func suspend() {
        lock.withLock {
            guard var original = saved else { return }
            tcsetattr(STDIN_FILENO, TCSANOW, &original)
        }
    }

    /// Sets the session's settings again (the process was continued), unless the session is over.
    func resume() {
        lock.withLock {
            guard var settings = session else { return }
            tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        }
    }
}
