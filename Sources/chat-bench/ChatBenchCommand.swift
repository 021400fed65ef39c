import ArgumentParser
import AsyncHTTPClient
import ChatCompletionsAPI
import Foundation
import LlamaInference
import NIOCore
import NIOHTTP1

/// `chat-bench`: measures a running OpenAI-compatible server (ours or llama.cpp's own) with
/// streamed requests, and the sampler on its own.
@main
struct ChatBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-bench", abstract: "Benchmark chat servers and the sampler.",
        subcommands: [Serve.self, Sampling.self], defaultSubcommand: Serve.self)
}

/// Streams requests at a server and reports time to first token, single-stream decode speed and
/// aggregate throughput at several concurrency levels.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "server", abstract: "Benchmark a running server.")

    @Option(help: "Base URL of the server (with /v1).") var baseURL = "http://127.0.0.1:8080/v1"
    @Option(help: "Label for the report.") var label = "server"
    @Option(help: "Model id to send.") var model = EngineConfiguration.defaultModelID
    @Option(help: "Tokens to generate per request.") var tokens = 128
    @Option(help: "Concurrency levels to measure.") var concurrency: [Int] = [1, 4, 8]
    @Option(help: "Requests per stream at each level.") var rounds = 2
    @Option(help: "Append a JSON line with the figures to this file.") var output: String?

    func run() async throws {
        var rows: [JSONValue] = []
        _ = try await stream(index: 0, round: 0)  // warm-up (loads caches, first allocations)
        for level in concurrency {
            let start = ContinuousClock.now
            let results = try await withThrowingTaskGroup(of: [StreamResult].self) { group in
                for index in 0..<level {
                    group.addTask {
                        var mine: [StreamResult] = []
                        for round in 0..<rounds { mine.append(try await stream(index: index, round: round)) }
                        return mine
                    }
                }
                var all: [StreamResult] = []
                for try await result in group { all += result }
                return all
            }
            let wall = (ContinuousClock.now - start).seconds
            let total = results.reduce(0) { $0 + $1.tokens }
            let ttft = results.map(\.firstToken).sorted()
            let decode = results.map(\.decodeRate).reduce(0, +) / Double(results.count)
            let row: JSONValue = [
                "label": .string(label), "concurrency": .int(level), "requests": .int(results.count),
                "tokens": .int(total), "aggregate_tokens_per_second": .double(Double(total) / wall),
                "stream_tokens_per_second": .double(decode), "ttft_median_ms": .double(ttft[ttft.count / 2] * 1000),
                "wall_seconds": .double(wall),
            ]
            rows.append(row)
            print(
                String(
                    format:
                        "%@ c=%d: aggregate %.1f tok/s, per stream %.1f tok/s, TTFT median %.0f ms (%d tokens, %.1f s)",
                    label, level, Double(total) / wall, decode, ttft[ttft.count / 2] * 1000, total, wall))
        }
        if let output {
            let line = JSONValue.array(rows).jsonString() + "\n"
            if let handle = FileHandle(forWritingAtPath: output) {
                handle.seekToEndOfFile()
                handle.write(Data(line.utf8))
                handle.closeFile()
            } else {
                try line.write(toFile: output, atomically: true, encoding: .utf8)
            }
        }
    }

    struct StreamResult {
        var tokens: Int
        var firstToken: Double
        var decodeRate: Double
    }

    /// One streamed request; counts content chunks as tokens (both servers send one token per chunk).
    func stream(index: Int, round: Int) async throws -> StreamResult {
        let body: JSONValue = [
            "model": .string(model),
            "messages": [
                ["role": "user", "content": .string("Write a long story about voyage number \(index * 100 + round).")]
            ],
            "max_tokens": .int(tokens), "temperature": 0.8, "top_p": 0.95, "top_k": 40, "min_p": 0.05,
            "seed": .int(index * 1000 + round), "ignore_eos": true, "stream": true,
            "stream_options": ["include_usage": true],
        ]
        var request = HTTPClientRequest(url: baseURL + "/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body.serialized()))
        // One connection per request, for every server alike: llama-server closes kept-alive
        // connections under load, which fails the next request sent on one.
        request.headers.add(name: "connection", value: "close")
        let start = ContinuousClock.now
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(600))
        guard response.status == .ok else {
            let text = try await response.body.collect(upTo: 1 << 20)
            throw ValidationError("server answered \(response.status): \(String(buffer: text))")
        }
        var decoder = ServerSentEventDecoder()
        var count = 0
        var reported: Int?
        var first: ContinuousClock.Instant?
        var last = start
        for try await buffer in response.body {
            for event in decoder.feed(buffer.readableBytesView) where !event.isDone {
                guard let chunk = try? ChatCompletionChunk(jsonString: event.data) else { continue }
                if let usage = chunk.usage { reported = usage.completionTokens }
                guard let content = chunk.choices.first?.delta.content, !content.isEmpty else { continue }
                count += 1
                last = .now
                if first == nil { first = last }
            }
        }
        let firstToken = ((first ?? last) - start).seconds
        let decodeTime = (last - (first ?? last)).seconds
        count = reported ?? count
        return StreamResult(
            tokens: count, firstToken: firstToken, decodeRate: decodeTime > 0 ? Double(count - 1) / decodeTime : 0)
    }
}

/// Times the sampler alone on real logits, against one decode step of 8 sequences.
struct Sampling: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sampling", abstract: "Benchmark the sampler.")

    @Option(help: "GGUF model whose logits to use.") var model: String
    @Option(help: "Sequences decoded together in the reference step.") var sequences = 8
    @Option(help: "CPU threads.") var threads = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        let report = try SamplingBenchmark.run(modelPath: model, sequences: sequences, threads: threads)
        print(report)
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}
