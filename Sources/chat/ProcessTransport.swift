import Foundation
import Logging
import MCP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Model Context Protocol's stdio transport to a server that this process starts: a shell runs
/// the command, JSON-RPC messages go to its standard input and come from its standard output, one
/// per line; its standard error passes through to ours.
///
/// Ctrl-C (SIGINT from the terminal) does not reach the server, so stopping an answer does not stop
/// it; it ends when its input is closed.
actor ProcessTransport: Transport {
    nonisolated let logger: Logger
    /// The command, as given.
    let command: String
    private let process = Process()
    private let toServer = Pipe()
    private let fromServer = Pipe()
    private let messages: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private var started = false
    private let ended: AsyncStream<Void>
    private let endedContinuation: AsyncStream<Void>.Continuation
    /// Whether the server's output has ended (it exited, or closed it).
    private(set) var isClosed = false

    /// A transport that will run `command` with `/bin/sh -c` when it connects.
    init(command: String, logger: Logger = Logger(label: "chat.mcp", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.command = command
        self.logger = logger
        (messages, continuation) = AsyncThrowingStream.makeStream()
        (ended, endedContinuation) = AsyncStream.makeStream()
    }

    /// Returns once the server's output has ended. (One caller at a time.)
    func waitUntilClosed() async {
        for await _ in ended {}
        isClosed = true
    }

    /// Starts the server and reads its messages on a thread of its own.
    func connect() async throws {
        guard !started else { return }
        // A write to a server that has exited must fail with EPIPE, not end this process.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // Ctrl-C must not reach the server. Foundation on Linux starts the child in a process group
        // of its own, which the terminal does not signal; where it does not, the ignored SIGINT
        // (ignored signals stay ignored across exec) keeps the server and what it starts running.
        process.arguments = ["-c", "trap '' INT\n" + command]
        process.standardInput = toServer
        process.standardOutput = fromServer
        do {
            try process.run()
        } catch {
            throw MCPError.transportError(error)
        }
        started = true
        let descriptor = fromServer.fileHandleForReading.fileDescriptor
        let continuation = continuation
        let endedContinuation = endedContinuation
        Thread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(descriptor, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                pending += buffer[0..<count]
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[..<newline]
                    pending.removeSubrange(...newline)
                    if !line.isEmpty { continuation.yield(Data(line)) }
                }
            }
            // An error, not a plain end: the MCP client's reading loop stops on an error only.
            continuation.finish(throwing: MCPError.connectionClosed)
            endedContinuation.finish()
        }.start()
    }

    /// Closes the server's input, which tells it to exit, and stops it if it has not within a second.
    func disconnect() async {
        guard started else { return }
        started = false
        try? toServer.fileHandleForWriting.close()
        for _ in 0..<20 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { process.terminate() }
        continuation.finish()
    }

    /// Writes one message and its newline.
    func send(_ data: Data) async throws {
        guard started else { throw MCPError.connectionClosed }
        do {
            try toServer.fileHandleForWriting.write(contentsOf: data + Data("\n".utf8))
        } catch {
            throw MCPError.transportError(error)
        }
    }

    /// The server's messages, one per line of its output.
    func receive() -> AsyncThrowingStream<Data, any Error> { messages }
}
