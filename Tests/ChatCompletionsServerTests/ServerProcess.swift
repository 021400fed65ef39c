import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The built `chat-server` binary running as a subprocess on a free port, its standard output and
/// log kept in temporary files.
final class ServerProcess: Sendable {
    let baseURL: String
    private let process: Process
    private let exited: AsyncStream<Int32>
    private let output: URL
    private let log: URL

    /// The binary: `$CHAT_SERVER_BINARY`, else `chat-server` beside the test bundle.
    static var binary: URL {
        get throws {
            if let path = ProcessInfo.processInfo.environment["CHAT_SERVER_BINARY"] {
                return URL(fileURLWithPath: path)
            }
            var candidates: [URL] = []
            let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            candidates.append(runner.deletingLastPathComponent().appendingPathComponent("chat-server"))
            for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
                candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("chat-server"))
            }
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw Missing(description: "chat-server not built; looked at \(candidates.map(\.path))")
            }
            return found
        }
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    private init(baseURL: String, process: Process, exited: AsyncStream<Int32>, output: URL, log: URL) {
        self.baseURL = baseURL
        self.process = process
        self.exited = exited
        self.output = output
        self.log = log
    }

    /// Starts `chat-server --port 0 --models-dir <the test models> <arguments>` and waits until it
    /// listens and `/health` says the default model is loaded.
    static func start(_ arguments: [String]) async throws -> ServerProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "chat-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("stdout")
        let log = directory.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = try binary
        process.arguments = ["--port", "0", "--models-dir", LiveServer.modelsDirectory] + arguments
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: log)
        let (exited, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            continuation.yield(process.terminationStatus)
            continuation.finish()
        }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(120)
        var baseURL: String?
        while baseURL == nil && ContinuousClock.now < deadline && process.isRunning {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on http://") {
                let rest = text[range.upperBound...]
                if let end = rest.range(of: "/v1\n") { baseURL = "http://" + rest[..<end.lowerBound] }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard let baseURL else {
            process.terminate()
            throw Missing(
                description: "chat-server did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
        let server = ServerProcess(baseURL: baseURL, process: process, exited: exited, output: output, log: log)
        while ContinuousClock.now < deadline {
            if let health = try? await TestHTTP.get("\(baseURL)/health"), health.status == 200 { return server }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw Missing(description: "chat-server never became ready: \(server.logText)")
    }

    /// What it logged so far.
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM.
    func terminate() { process.terminate() }

    /// Waits for the process to exit (killing it after `timeout`); its exit status, or nil when it
    /// ended by a signal (it had to be killed, or did not handle SIGTERM).
    func waitForExit(timeout: Duration) async -> Int32? {
        let process = process
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            kill(process.processIdentifier, SIGKILL)
        }
        var status: Int32 = -1
        for await value in exited { status = value }
        watchdog.cancel()
        return process.terminationReason == .exit ? status : nil
    }
}
