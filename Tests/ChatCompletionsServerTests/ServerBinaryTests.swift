import ChatCompletionsAPI
import Foundation
import TestSupport
import Testing

@Suite("The chat-server binary: API key file, alias, graceful shutdown on SIGTERM")
struct ServerBinaryTests {
    /// A file of keys as an operator writes one: blank lines and stray spaces included.
    private static func keyFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)").path
        try "sk-first\n\n  sk-second  \n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(
        "keys from --api-key-file and the --alias work; SIGTERM refuses new work with 503, lets running work finish, exits 0"
    )
    func drainsOnSIGTERM() async throws {
        let server = try await ServerProcess.start([
            "--api-key-file", try Self.keyFile(), "--alias", "house-model", "--parallel", "2", "--ctx-size", "2048",
            // Far more grace than the stream below needs even on a loaded machine (a loaded CI run
            // once took over 120 s for 600 tokens), so the test sees the drain, not the grace ending.
            "--shutdown-grace-seconds", "600",
        ])
        let url = "\(server.baseURL)/v1/chat/completions"
        let key = [("authorization", "Bearer sk-second")]
        let quick = body("Hi", ["max_tokens": 2], model: "house-model")
        try expectError(try await TestHTTP.post(url, json: quick), status: 401, code: "missing_api_key")
        try expectError(
            try await TestHTTP.post(url, json: quick, headers: [("authorization", "Bearer sk-third")]), status: 401,
            code: "invalid_api_key")
        let answered = try await TestHTTP.post(url, json: quick, headers: key)
        #expect(answered.status == 200, "\(answered.text)")
        #expect(try ChatCompletion(jsonBytes: answered.body).model == "house-model")

        // A stream of 300 tokens (seconds of work) is running when SIGTERM comes.
        let long = body("Tell a long story.", ["max_tokens": 300, "ignore_eos": true, "stream": true])
        let running = Task { try await TestHTTP.post(url, json: long, headers: key) }
        while try await TestHTTP.get("\(server.baseURL)/health").json["sequences_busy"]?.intValue != 1 {
            try await Task.sleep(for: .milliseconds(25))
        }
        server.terminate()
        var health = try await TestHTTP.get("\(server.baseURL)/health")
        let deadline = ContinuousClock.now + .seconds(60)
        while health.status != 503 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(25))
            health = try await TestHTTP.get("\(server.baseURL)/health")
        }
        #expect(health.status == 503)
        #expect(try health.json["status"]?.stringValue == "shutting_down")
        let refused = try await TestHTTP.post(url, json: quick, headers: key)
        try expectError(refused, status: 503, code: "server_shutting_down", type: "server_error")

        let finished = try await running.value
        #expect(finished.status == 200)
        #expect(finished.events.last?.isDone == true, "\(finished.text.suffix(300))")
        let chunks = try finished.events.dropLast().map { try ChatCompletionChunk(jsonString: $0.data) }
        #expect(chunks.flatMap(\.choices).compactMap(\.finishReason) == [.length])
        #expect(await server.waitForExit(timeout: .seconds(60)) == 0, "log: \(server.logText.suffix(2000))")
    }

    @Test("when --shutdown-grace-seconds runs out, running work is cancelled with 503 and the server exits 0")
    func graceRunsOut() async throws {
        let server = try await ServerProcess.start(["--ctx-size", "2048", "--shutdown-grace-seconds", "1"])
        // 1800 tokens: far longer than the one-second grace.
        let long = body("Write a very long essay.", ["max_tokens": 1800, "ignore_eos": true])
        let running = Task { try await TestHTTP.post("\(server.baseURL)/v1/chat/completions", json: long) }
        while try await TestHTTP.get("\(server.baseURL)/health").json["sequences_busy"]?.intValue != 1 {
            try await Task.sleep(for: .milliseconds(25))
        }
        server.terminate()
        let result = try await running.value
        try expectError(result, status: 503, code: "server_shutting_down", type: "server_error")
        #expect(await server.waitForExit(timeout: .seconds(60)) == 0, "log: \(server.logText.suffix(2000))")
        #expect(server.logText.contains("cancelled: server shutting down"))
    }
}
