import AsyncHTTPClient
import ChatCompletionsAPI
import ChatCompletionsServer
import ChatInference
import Foundation
import LlamaInference
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

/// The samples of a Prometheus text exposition, keyed `name{label="value",…}` with labels sorted.
struct PrometheusSamples {
    var values: [String: Double] = [:]
    /// The metric families, from their `# TYPE` lines.
    var families: Set<String> = []

    init(_ text: String) {
        for line in text.split(separator: "\n") where line.hasPrefix("# TYPE ") {
            if let name = line.split(separator: " ").dropFirst(2).first { families.insert(String(name)) }
        }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else {
                values[String(series)] = value
                continue
            }
            let labels = series[series.index(after: brace)..<series.index(before: series.endIndex)]
                .split(separator: ",").sorted().joined(separator: ",")
            values["\(series[..<brace]){\(labels)}"] = value
        }
    }

    /// The sample of `name` with exactly these labels (in any order), or nil.
    subscript(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let key = labels.map { "\($0.key)=\"\($0.value)\"" }.sorted().joined(separator: ",")
        return values[labels.isEmpty ? name : "\(name){\(key)}"]
    }
}

@Suite("GET /metrics: vLLM's metrics and HTTP counts, matching what the responses said")
struct MetricsTests {
    static let model = LiveServer.defaultModel

    func scrape(_ server: LiveServer) async throws -> PrometheusSamples {
        let result = try await TestHTTP.get("\(server.baseURL)/metrics")
        #expect(result.status == 200)
        #expect(result.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        return PrometheusSamples(result.text)
    }

    @Test("token counters, finish reasons and histograms add up to the responses' usage")
    func countersMatchUsage() async throws {
        // A server of its own, so no other test's traffic is counted.
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 4))
        defer { Task { await server.stop() } }
        let long = "Tell me a long story about a lighthouse keeper and the sea, with many details."
        var usages: [CompletionUsage] = []
        var reasons: [String: Int] = [:]
        // Plain: one cut by length, one that may stop, one with two choices; the repeat of the
        // first prompt reads most of it from the prefix cache.
        for extra: JSONObject in [
            ["max_tokens": 3], ["max_tokens": 40, "seed": 1], ["max_tokens": 4, "n": 2, "seed": 2], ["max_tokens": 3],
        ] {
            let completion = try await server.completion(body(long, extra))
            usages.append(try #require(completion.usage))
            for choice in completion.choices { reasons[choice.finishReason!.rawValue, default: 0] += 1 }
        }
        // Streamed, with usage in the last chunk.
        let chunks = try await server.chunks(
            body("Say hello.", ["max_tokens": 5, "stream_options": ["include_usage": true]]))
        usages.append(try #require(chunks.last?.usage))
        for chunk in chunks {
            for choice in chunk.choices { if let r = choice.finishReason { reasons[r.rawValue, default: 0] += 1 } }
        }
        // Refused before any work: counted by HTTP status only.
        try expectError(try await server.chat(body("Hi", ["temperature": 5])), status: 400)
        _ = try await TestHTTP.get("\(server.baseURL)/no/such/route")
        try await server.waitUntilIdle()

        let prompt = usages.reduce(0) { $0 + $1.promptTokens }
        let completion = usages.reduce(0) { $0 + $1.completionTokens }
        let cached = usages.reduce(0) { $0 + ($1.promptTokensDetails?.cachedTokens ?? 0) }
        #expect(cached > 0, "the repeated prompt should have been read from the prefix cache")
        let samples = try await scrape(server)
        let m = ["model_name": Self.model]
        #expect(samples["vllm:prompt_tokens_total", m] == Double(prompt))
        #expect(samples["vllm:generation_tokens_total", m] == Double(completion))
        #expect(samples["vllm:prefix_cache_queries_total", m] == Double(prompt))
        #expect(samples["vllm:prefix_cache_hits_total", m] == Double(cached))
        for (reason, count) in reasons {
            #expect(
                samples["vllm:request_success_total", m.merging(["finished_reason": reason]) { $1 }] == Double(count),
                "finished_reason \(reason)")
        }
        #expect(samples["vllm:request_success_total", m.merging(["finished_reason": "abort"]) { $1 }] == 0)
        let requests = Double(usages.count)
        for histogram in [
            "vllm:time_to_first_token_seconds", "vllm:e2e_request_latency_seconds", "vllm:request_queue_time_seconds",
            "vllm:request_prompt_tokens", "vllm:request_generation_tokens",
        ] {
            #expect(samples["\(histogram)_count", m] == requests, "\(histogram)_count")
            #expect(samples["\(histogram)_bucket", m.merging(["le": "+Inf"]) { $1 }] == requests, "\(histogram)")
        }
        #expect(samples["vllm:request_prompt_tokens_sum", m] == Double(prompt))
        #expect(samples["vllm:request_generation_tokens_sum", m] == Double(completion))
        #expect((samples["vllm:inter_token_latency_seconds_count", m] ?? 0) > 0)
        #expect(samples["vllm:num_requests_running", m] == 0)
        #expect(samples["vllm:num_requests_waiting", m] == 0)
        #expect(samples["vllm:kv_cache_usage_perc", m] == 0)
        let chat = ["route": "/v1/chat/completions", "method": "POST"]
        #expect(samples["http_requests_total", chat.merging(["status": "200"]) { $1 }] == requests)
        #expect(samples["http_requests_total", chat.merging(["status": "400"]) { $1 }] == 1)
        #expect(
            samples["http_requests_total", ["route": "unmatched", "method": "GET", "status": "404"]] == 1)
        #expect(samples["http_request_duration_seconds_count", chat] == requests + 1)
    }

    @Test("a fresh server exports every family a completion produces, at zero, labelled with the default model")
    func everyFamilyFromStart() async throws {
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 2))
        defer { Task { await server.stop() } }
        // The first scrape, before any completion (and before any other HTTP request).
        let fresh = try await scrape(server)
        _ = try await server.completion(body("Say hello.", ["max_tokens": 3]))
        _ = try await server.chunks(body("Say hi.", ["max_tokens": 3]))
        try await server.waitUntilIdle()
        let after = try await scrape(server)

        // The list comes from what a completion produces, so it follows the metrics the server records.
        #expect(after.families.contains("vllm:time_to_first_token_seconds"))
        let missing = after.families.subtracting(fresh.families)
        #expect(missing.isEmpty, "families missing from a fresh server: \(missing.sorted())")
        // Each series the completions wrote for the default model or the chat route (every bucket of
        // every histogram included) is there from the start.
        let written = after.values.keys.filter {
            $0.contains("model_name=\"\(Self.model)\"") || $0.contains("route=\"/v1/chat/completions\"")
        }
        #expect(written.count > 50)
        let absent = written.filter { fresh.values[$0] == nil }.sorted()
        #expect(absent.isEmpty, "series missing from a fresh server: \(absent)")
        // And nothing has happened yet: every figure is zero.
        let nonzero = fresh.values.filter { $0.value != 0 }
        #expect(nonzero.isEmpty, "a fresh server reports \(nonzero)")
        for reason in ["stop", "length", "tool_calls", "abort"] {
            #expect(fresh["vllm:request_success_total", ["model_name": Self.model, "finished_reason": reason]] == 0)
        }
    }

    @Test("load gauges show a running request and the KV cells it holds; a dropped stream counts as abort")
    func gaugesDuringARequest() async throws {
        let server = try await LiveServer.start(engine: LiveServer.configuration(parallel: 2))
        defer { Task { await server.stop() } }
        let m = ["model_name": Self.model]
        do {
            let request = try ChatCompletionRequest(
                // Far longer than the checks below take on a busy machine (the stream is dropped
                // after them, which ends the job).
                jsonBytes: body("Count to one thousand.", ["max_tokens": 1800, "ignore_eos": true]).serialized())
            let events = try await server.engine.generate(try GenerationRequest(request, id: "chatcmpl-gauge"))
            var iterator = events.makeAsyncIterator()
            _ = try await iterator.next()
            var load: ModelLoad?
            let running = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < running {
                load = await server.engine.status().models.first { $0.model == Self.model }
                if load?.runningRequests == 1 { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(load?.runningRequests == 1)
            #expect((load?.cacheUsage ?? 0) > 0)
            let samples = try await scrape(server)
            #expect(samples["vllm:num_requests_running", m] == 1)
            #expect((samples["vllm:kv_cache_usage_perc", m] ?? 0) > 0)
            #expect(samples["vllm:num_requests_waiting", m] == 0)
            _ = try await iterator.next()
        }  // dropping the stream cancels the job
        try await server.waitUntilIdle()
        // Through HTTP: a stream whose client hangs up a few chunks in.
        var request = HTTPClientRequest(url: "\(server.baseURL)/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(
            ByteBuffer(
                bytes: body("Write a very long essay.", ["max_tokens": 1500, "ignore_eos": true, "stream": true])
                    .serialized()))
        let response = try await TestHTTP.client.execute(request, timeout: .seconds(120))
        var received = 0
        for try await buffer in response.body {
            received += buffer.readableBytes
            if received > 2000 { break }
        }
        try await server.waitUntilIdle()
        let abort = m.merging(["finished_reason": "abort"]) { $1 }
        var aborted: Double?
        let counted = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < counted {
            aborted = try await scrape(server)["vllm:request_success_total", abort]
            if (aborted ?? 0) > 0 { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(aborted == 1)
    }
}
