import ChatCompletionsAPI
import ChatCompletionsServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

/// Log lines handed to a ``JSONLogHandler``, kept for a test to read.
final class CapturedLines: Sendable {
    private let lines = LockedLines()

    var handler: @Sendable (String) -> any LogHandler {
        { [lines] label in JSONLogHandler(label: label) { bytes in lines.append(bytes) } }
    }

    /// Every line so far, as written.
    func raw() -> [[UInt8]] { lines.all() }

    /// Every line so far, parsed.
    func objects() throws -> [JSONValue] { try lines.all().map { try JSONValue(parsing: $0) } }
}

private final class LockedLines: @unchecked Sendable {
    // Safe: `lines` is only touched while `lock` is held.
    private let lock = NSLock()
    private var lines: [[UInt8]] = []
    func append(_ line: [UInt8]) { lock.withLock { lines.append(line) } }
    func all() -> [[UInt8]] { lock.withLock { lines } }
}

@Suite("What operators rely on: JSON logs carrying request ids")
struct OperationsTests {
    @Test("with JSON logs, a request's log lines are JSON objects carrying its request id")
    func jsonLogsCarryRequestID() async throws {
        let server = try await LiveServer.shared
        let captured = CapturedLines()
        var logger = Logger(label: "chat-server", factory: captured.handler)
        logger.logLevel = .info
        let router = ChatCompletionsRouter.build(engine: server.engine, configuration: ServerConfiguration())
        let app = Application(router: router, logger: logger)
        let completionIDs = try await app.test(.router) { client in
            var completionIDs: [String] = []
            for (id, stream) in [("log-1", false), ("log-2", true)] {
                let request = body("Hi", ["max_tokens": 3, "stream": .bool(stream)])
                let completionID = try await client.execute(
                    uri: "/v1/chat/completions", method: .post,
                    headers: [.contentType: "application/json", HTTPField.Name("x-request-id")!: id],
                    body: ByteBuffer(bytes: request.serialized())
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[HTTPField.Name("x-request-id")!] == id)
                    let text = String(buffer: response.body)
                    let completionID = try #require(
                        text.firstRange(of: "chatcmpl-").map { text[$0.lowerBound...].prefix(33) })
                    return String(completionID)
                }
                completionIDs.append(completionID)
            }
            return completionIDs
        }
        let lines = try captured.objects()
        for (index, id) in ["log-1", "log-2"].enumerated() {
            let mine = lines.filter { $0["message"]?.stringValue?.contains(completionIDs[index]) == true }
            #expect(!mine.isEmpty, "no log line mentions \(completionIDs[index]): \(lines)")
            for line in mine {
                #expect(line["request_id"] == .string(id))
                #expect(line["level"] == "info")
                #expect(line["label"] == "chat-server")
                #expect(line["time"]?.stringValue?.hasSuffix("Z") == true)
            }
        }
    }

    @Test("the JSON log handler writes one object per line with metadata and the level")
    func jsonLogLines() throws {
        let captured = CapturedLines()
        var logger = Logger(label: "unit", factory: captured.handler)
        logger[metadataKey: "hb.request.id"] = "r-1"
        logger[metadataKey: "model"] = "m"
        logger.warning("line \"one\"\nwith a newline", metadata: ["tokens": .array(["1", "2"])])
        logger.debug("dropped at the default level")
        let lines = try captured.objects()
        #expect(lines.count == 1)
        #expect(captured.raw().allSatisfy { $0.last == UInt8(ascii: "\n") && $0.filter { $0 == 10 }.count == 1 })
        let line = try #require(lines.first)
        #expect(line["message"] == "line \"one\"\nwith a newline")
        #expect(line["level"] == "warning")
        #expect(line["request_id"] == "r-1")
        #expect(line["metadata"] == ["model": "m", "tokens": ["1", "2"]])
        #expect(line["source"] == "ChatCompletionsServerTests")
    }
}
