import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a run of the `chat` binary produced.
struct ProcessResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `chat` command as a subprocess.
enum ChatProcess {
    /// The binary: `$CHAT_BINARY`, else `chat` beside the test bundle (`.build/<config>/chat`).
    static var binary: URL {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            if let path = environment["CHAT_BINARY"] { return URL(fileURLWithPath: path) }
            var candidates: [URL] = []
            let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            candidates.append(runner.deletingLastPathComponent().appendingPathComponent("chat"))
            for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
                candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("chat"))
            }
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            candidates.append(root.appendingPathComponent(".build/debug/chat"))
            candidates.append(root.appendingPathComponent(".build/release/chat"))
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw BinaryMissing(candidates: candidates.map(\.path))
            }
            return found
        }
    }

    struct BinaryMissing: Error, CustomStringConvertible {
        var candidates: [String]
        var description: String {
            "the chat binary was not found (build it with `swift build --build-tests`); looked at "
                + candidates.joined(separator: ", ")
        }
    }

    /// The environment without any of the variables `chat` reads, plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["CHAT_BASE_URL", "CHAT_API_KEY", "OPENAI_API_KEY", "CHAT_MODEL"] { environment[name] = nil }
        return environment.merging(extra) { $1 }
    }

    /// Runs `chat` with these arguments, feeding `input` to its standard input (then closing it).
    static func run(
        _ arguments: [String], input: String = "", environment extra: [String: String] = [:],
        timeout: Duration = .seconds(180)
    ) async throws -> ProcessResult {
        let process = Process()
        process.executableURL = try binary
        process.arguments = arguments
        process.environment = environment(extra)
        let output = Pipe()
        let errors = Pipe()
        let feed = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = feed
        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            exited.continuation.yield(process.terminationStatus)
            exited.continuation.finish()
        }
        try process.run()
        // Blocking reads run on threads of their own, never on Swift's (small) cooperative pool,
        // which the in-process server the binary talks to needs.
        let stdout = readOnThread(output.fileHandleForReading)
        let stderr = readOnThread(errors.fileHandleForReading)
        try feed.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try feed.fileHandleForWriting.close()
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            process.terminate()
        }
        var status: Int32 = -1
        for await value in exited.stream { status = value }
        watchdog.cancel()
        return ProcessResult(status: status, stdout: await stdout.value, stderr: await stderr.value)
    }

    /// Runs `chat` with its standard output a pipe whose reading end is closed once `lines` lines
    /// or `bytes` bytes came (or the output ended), as `chat … | head -n LINES` does; then
    /// `afterClosing` runs (to let the answer go on, so that `chat` writes to the closed pipe). The
    /// result's `stdout` is what was read before closing.
    static func runClosingOutput(
        _ arguments: [String], input: String = "", afterLines lines: Int = .max, orBytes limit: Int = .max,
        afterClosing: @Sendable () -> Void = {}, timeout: Duration = .seconds(180)
    ) async throws -> ProcessResult {
        let process = Process()
        process.executableURL = try binary
        process.arguments = arguments
        process.environment = environment([:])
        let output = Pipe()
        let errors = Pipe()
        let feed = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = feed
        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            exited.continuation.yield(process.terminationStatus)
            exited.continuation.finish()
        }
        try process.run()
        let (firstLines, linesRead) = AsyncStream<String>.makeStream()
        let reading = output.fileHandleForReading
        Thread {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while bytes.count(where: { $0 == UInt8(ascii: "\n") }) < lines && bytes.count < limit {
                let count = read(reading.fileDescriptor, &buffer, min(buffer.count, max(1, limit - bytes.count)))
                if count <= 0 { break }
                bytes += buffer[0..<count]
            }
            try? reading.close()
            linesRead.yield(String(decoding: bytes, as: UTF8.self))
            linesRead.finish()
        }.start()
        let stderr = readOnThread(errors.fileHandleForReading)
        try feed.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try feed.fileHandleForWriting.close()
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            process.terminate()
        }
        var stdout = ""
        for await text in firstLines { stdout = text }
        afterClosing()
        var status: Int32 = -1
        for await value in exited.stream { status = value }
        watchdog.cancel()
        return ProcessResult(status: status, stdout: stdout, stderr: await stderr.value)
    }

    /// Reads a handle to its end on a thread of its own.
    static func readOnThread(_ handle: FileHandle) -> Task<String, Never> {
        let (stream, continuation) = AsyncStream<Data>.makeStream()
        Thread {
            continuation.yield(handle.readDataToEndOfFile())
            continuation.finish()
        }.start()
        return Task {
            var data = Data()
            for await piece in stream { data.append(piece) }
            return String(decoding: data, as: UTF8.self)
        }
    }
}

/// `chat` running on a pseudo-terminal, as a person would use it.
final class TerminalSession: Sendable {
    private let process: Process
    private let master: Int32
    private let transcript: Transcript

    /// Starts `chat` with a terminal as its standard input and output. With `controllingTerminal`,
    /// `chat` runs in a session of its own whose controlling terminal this is (through util-linux's
    /// `setsid --ctty`), so that Ctrl-C typed into it sends SIGINT, as in a real terminal.
    init(_ arguments: [String], environment extra: [String: String] = [:], controllingTerminal: Bool = false) throws {
        let (master, name) = try Self.openTerminal()
        let slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw TerminalUnavailable() }
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        let process = Process()
        if controllingTerminal {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["--ctty", "--wait", try ChatProcess.binary.path] + arguments
        } else {
            process.executableURL = try ChatProcess.binary
            process.arguments = arguments
        }
        process.environment = ChatProcess.environment(extra)
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        try terminal.close()
        self.process = process
        self.master = master
        let transcript = Transcript()
        self.transcript = transcript
        Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(master, &buffer, buffer.count)
                if count <= 0 { break }
                transcript.append(Array(buffer[0..<count]))
            }
        }.start()
    }

    /// Opens a pseudo-terminal: its controlling side and the path of the other side.
    private static func openTerminal() throws -> (Int32, String) {
        #if os(Linux)
            // posix_openpt and friends are not visible through Glibc; the kernel interface is.
            let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            guard master >= 0 else { throw TerminalUnavailable() }
            var unlock: Int32 = 0
            var number: UInt32 = 0
            let setLock: UInt = 0x4004_5431  // TIOCSPTLCK
            let getNumber: UInt = 0x8004_5430  // TIOCGPTN
            guard ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else {
                close(master)
                throw TerminalUnavailable()
            }
            return (master, "/dev/pts/\(number)")
        #else
            let master = posix_openpt(O_RDWR | O_NOCTTY)
            guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
                throw TerminalUnavailable()
            }
            return (master, String(cString: name))
        #endif
    }

    /// Types a line.
    func type(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
    }

    /// Types text as it is, without a newline (keys, as a person types them).
    func press(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
    }

    /// Types a control character: `c` for Ctrl-C, `d` for Ctrl-D.
    func control(_ letter: Character) {
        var byte = UInt8(letter.asciiValue! & 0x1f)
        _ = write(master, &byte, 1)
    }

    /// Whether `chat` is still running.
    var isRunning: Bool { process.isRunning }

    /// Sends SIGTERM to the process started (`chat`, or `setsid` with a controlling terminal).
    func terminate() { process.terminate() }

    /// Whether the terminal echoes what is typed, as its settings stand now.
    var echoes: Bool {
        var settings = termios()
        // On a pseudo-terminal, the controlling side reads the other side's settings.
        guard tcgetattr(master, &settings) == 0 else { return false }
        return settings.c_lflag & tcflag_t(ECHO) != 0
    }

    /// Waits until the output contains `text` `times` times, and returns the output.
    @discardableResult
    func waitFor(_ text: String, times: Int = 1, timeout: Duration = .seconds(120)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let output = transcript.text
            if output.components(separatedBy: text).count - 1 >= times { return output }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TimedOut(waitingFor: text, output: transcript.text)
    }

    /// Waits for the process to end and returns its status.
    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw TimedOut(waitingFor: "exit", output: transcript.text)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    /// Everything the terminal showed so far.
    var output: String { transcript.text }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    struct TerminalUnavailable: Error {}

    struct TimedOut: Error, CustomStringConvertible {
        var waitingFor: String
        var output: String
        var description: String {
            "timed out waiting for \(waitingFor.debugDescription); output so far: \(output.debugDescription)"
        }
    }
}

/// Bytes read from a terminal, shared between the reading thread and the test.
final class Transcript: @unchecked Sendable {
    // Guarded by `lock`: appended to by the reading thread, read by the test's task.
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    func append(_ more: [UInt8]) {
        lock.lock()
        bytes += more
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
