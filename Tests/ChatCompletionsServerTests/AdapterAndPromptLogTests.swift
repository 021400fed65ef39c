import ChatCompletionsAPI
import ChatCompletionsServer
import Foundation
import Logging
import TestSupport
import Testing

@Suite("LoRA adapters (peft) and the prompt log")
struct AdapterAndPromptLogTests {
    /// Writes two rank-1 adapters on the last attention output projection of the default model: one
    /// whose B is zero (no effect at all), one with a large B (changes every logit).
    static func writeAdapters(in directory: String) throws {
        let modelPath = (LiveServer.modelsDirectory as NSString).appendingPathComponent(
            "\(LiveServer.defaultModel).gguf")
        let tensors = try GGUFFile.tensors(at: modelPath)
        let target = try #require(
            tensors.filter { $0.name.hasSuffix(".attn_output.weight") }.max {
                Int($0.name.split(separator: ".")[1])! < Int($1.name.split(separator: ".")[1])!
            })
        let inputs = target.shape[0]
        let outputs = target.shape[1]
        // A fixed A, so that the test is the same on every run.
        let a = (0..<inputs).map { index in Float(sin(Double(index) * 0.7)) }
        let strong = (0..<outputs).map { index in Float(index % 7 == 0 ? 6 : -3) }
        try GGUFFile.writeLoRA(
            to: (directory as NSString).appendingPathComponent("strong.gguf"), architecture: "llama", alpha: 1,
            weights: [(target.name, (shape: [inputs, 1], values: a), (shape: [1, outputs], values: strong))])
        try GGUFFile.writeLoRA(
            to: (directory as NSString).appendingPathComponent("zero.gguf"), architecture: "llama", alpha: 1,
            weights: [
                (
                    target.name, (shape: [inputs, 1], values: a),
                    (shape: [1, outputs], values: Array(repeating: 0, count: outputs))
                )
            ])
    }

    static func temporaryDirectory() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("chat-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("an adapter changes outputs only for requests that name it, also concurrently")
    func adapters() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.writeAdapters(in: directory)
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 4, loraDirectory: directory))
        // Gemma 3 normalises every block's output, so even a strong adapter may leave the greedy text
        // unchanged; the log probabilities of the chosen tokens always show whether it was applied.
        let request = body(
            "Tell me about the stars.", ["max_tokens": 16, "temperature": 0, "ignore_eos": true, "logprobs": true])
        func with(_ peft: String?) -> JSONValue {
            var object = request.objectValue!
            if let peft { object["peft"] = .string(peft) }
            return .object(object)
        }
        func output(_ peft: String?) async throws -> (model: String, tokens: [String]) {
            let completion = try await server.completion(with(peft))
            let tokens = try #require(completion.choices[0].logprobs?.content).map { "\($0.token) \($0.logprob)" }
            return (completion.model, tokens)
        }
        let base = try await output(nil)
        let zero = try await output("zero")
        let strong = try await output("strong")
        #expect(zero.tokens == base.tokens)
        #expect(strong.tokens != base.tokens)
        #expect(strong.model == "strong")
        // Concurrently, each request gets exactly its own adapter's output.
        let mixed = try await withThrowingTaskGroup(of: (String?, [String]).self) { group in
            for round in 0..<6 {
                let peft: String? = round % 2 == 0 ? nil : "strong"
                group.addTask { (peft, try await output(peft).tokens) }
            }
            var results: [(String?, [String])] = []
            for try await result in group { results.append(result) }
            return results
        }
        for (peft, tokens) in mixed {
            #expect(tokens == (peft == nil ? base.tokens : strong.tokens))
        }
        // Adapters are listed with their base model; an unknown one is a 404 naming it.
        let models = try ModelList(jsonBytes: try await TestHTTP.get("\(server.baseURL)/v1/models").body)
        #expect(
            models.data.contains {
                $0.id == "strong" && $0.additionalFields["parent"] == .string(LiveServer.defaultModel)
            })
        let unknown = try await server.chat(with("missing"))
        try expectError(unknown, status: 404, param: "peft", code: "adapter_not_found")
        #expect(try ErrorResponse(jsonBytes: unknown.body).error.message.contains("missing"))
        await server.stop()
    }

    @Test("the prompt log holds exactly the requests that asked for it")
    func promptLog() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let logPath = (directory as NSString).appendingPathComponent("prompts.jsonl")
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 2, promptLogPath: logPath))
        var logged: [String] = []
        for index in 0..<4 {
            let wants = index % 2 == 0
            let result = try await server.chat(
                body("Secret number \(index)", ["max_tokens": 1, "log_prompt": .bool(wants)]))
            #expect(result.status == 200)
            if wants { logged.append(try #require(result.json["id"]?.stringValue)) }
        }
        _ = try await server.chat(body("Unlogged", ["max_tokens": 1]))
        await server.stop()
        let lines = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n")
        let entries = try lines.map { try JSONValue(parsing: String($0)) }
        #expect(entries.compactMap { $0["id"]?.stringValue } == logged)
        for (entry, index) in zip(entries, [0, 2]) {
            #expect(entry["prompt"]?.stringValue?.contains("Secret number \(index)") == true)
            #expect(entry["model"] == .string(LiveServer.defaultModel))
            #expect(entry["time"]?.intValue != nil)
        }
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(log.contains("Unlogged") == false)
    }

    @Test("without a prompt log configured, log_prompt is accepted and the log says the prompt is not stored")
    func promptLogOff() async throws {
        let captured = CapturedLines()
        var logger = Logger(label: "chat-server", factory: captured.handler)
        logger.logLevel = .info
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 1), logger: logger)
        let asked = try await server.completion(body("Hi", ["max_tokens": 1, "log_prompt": true]))
        _ = try await server.completion(body("Hi", ["max_tokens": 1]))
        await server.stop()
        let notices = try captured.objects().compactMap { $0["message"]?.stringValue }
            .filter { $0.contains("log_prompt asked for, but no prompt log is configured") }
        #expect(notices.count == 1, "\(notices)")
        #expect(notices.first?.hasPrefix(asked.id) == true)
    }
}
