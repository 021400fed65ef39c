import ChatCompletionsAPI
public import ChatInference
import CoreMetrics
import Foundation
public import Prometheus

/// The server's Prometheus metrics, rendered by `GET /metrics`. The inference metrics carry the
/// names vLLM uses (`vllm:…`, labelled `model_name`) so that dashboards, autoscalers and gateways
/// built for vLLM read them unchanged; HTTP traffic is counted by route, method and status.
///
/// Each instance has its own registry (nothing is bootstrapped globally), so several servers in
/// one process keep separate figures.
///
/// As vLLM does, every family is exported from the first scrape, at zero: the inference families
/// labelled with the default model (the first of the engine's model list), `request_success_total`
/// with each finish reason, and the HTTP families for successful chat completions. Dashboards and
/// alerts on absent series so read a fresh replica as idle, not as missing.
public final class ServerMetrics: Sendable {
    /// Where every metric of this server lives.
    public let registry: PrometheusCollectorRegistry
    /// swift-metrics' view of the same registry, for metrics recorded through that API.
    let factory: PrometheusMetricsFactory
    /// Models whose load gauges have been set, so a model that stops being served drops to zero.
    private let gaugedModels = LockedModelSet()
    /// Models whose families have been put out at zero.
    private let zeroedModels = LockedModelSet()

    /// A server's metrics in a registry of their own.
    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Self.httpDuration] = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
            .seconds(30), .seconds(60), .seconds(120),
        ]
        self.registry = registry
        self.factory = factory
        zeroHTTP(route: "/v1/chat/completions", method: "POST", status: 200)
    }

    /// The Prometheus text exposition of every metric, after reading the engine's current load.
    /// The first scrape also puts out every inference family at zero for the default model.
    public func render(engine: any ChatEngine) async -> [UInt8] {
        if zeroedModels.isEmpty, let model = await engine.models().first?.id {
            zeroFamilies(model: model)
        }
        let status = await engine.status()
        let stale = gaugedModels.replace(with: Set(status.models.map(\.model)))
        for load in status.models {
            gauge(Self.running, load.model).set(to: Double(load.runningRequests))
            gauge(Self.waiting, load.model).set(to: Double(load.waitingRequests))
            gauge(Self.cacheUsage, load.model).set(to: load.cacheUsage)
        }
        for model in stale {
            for name in [Self.running, Self.waiting, Self.cacheUsage] { gauge(name, model).set(to: 0) }
        }
        return registry.emitToBuffer()
    }

    /// Creates every inference family of `model` at zero, once: series that already have figures
    /// keep them (the registry hands back the existing series).
    func zeroFamilies(model: String) {
        guard zeroedModels.insert(model) else { return }
        for family in [Self.promptTokens, Self.generationTokens, Self.cacheQueries, Self.cacheHits] {
            _ = counter(family, model)
        }
        for reason in Self.finishReasons {
            _ = counter(Self.requestSuccess, model, ("finished_reason", reason))
        }
        for family in [
            Self.timeToFirstToken, Self.interTokenLatency, Self.e2eLatency, Self.queueTime, Self.requestPromptTokens,
            Self.requestGenerationTokens,
        ] {
            _ = histogram(family, model)
        }
        for family in [Self.running, Self.waiting, Self.cacheUsage] { _ = gauge(family, model) }
    }

    // MARK: - Inference (recorded by GenerationObservation)

    /// A prompt has been read: its tokens, and how many of them came from the prefix cache.
    func recordPrompt(_ report: PromptReport) {
        let model = report.model
        counter(Self.promptTokens, model).increment(by: Int64(report.promptTokens))
        counter(Self.cacheQueries, model).increment(by: Int64(report.promptTokens))
        counter(Self.cacheHits, model).increment(by: Int64(report.cachedTokens))
        histogram(Self.requestPromptTokens, model).record(Double(report.promptTokens))
    }

    /// The first output of a request, `seconds` after it arrived.
    func recordFirstToken(model: String, seconds: Double) {
        histogram(Self.timeToFirstToken, model).record(seconds)
    }

    /// A choice ended, for `reason` (`stop`, `length`, `tool_calls`, or `abort`), with `tokens` generated.
    func recordFinished(model: String, reason: String, tokens: Int) {
        counter(Self.generationTokens, model).increment(by: Int64(tokens))
        counter(Self.requestSuccess, model, ("finished_reason", reason)).increment()
    }

    /// A request ended: its latency from arrival, its timings, and the tokens each choice generated.
    func recordCompleted(model: String, latency: Double, timings: GenerationTimings, choiceTokens: [Int]) {
        histogram(Self.e2eLatency, model).record(latency)
        histogram(Self.queueTime, model).record(timings.queued)
        histogram(Self.requestGenerationTokens, model).record(Double(choiceTokens.reduce(0, +)))
        // Choices decode side by side, one token each per step: the longest choice counts the
        // steps. The first token comes from reading the prompt, each later one from one step.
        let steps = (choiceTokens.max() ?? 0) - 1
        if steps > 0 {
            let interval = timings.generation / Double(steps)
            let itl = histogram(Self.interTokenLatency, model)
            for _ in 0..<steps { itl.record(interval) }
        }
    }

    // MARK: - HTTP (recorded by HTTPMetricsMiddleware, through swift-metrics)

    /// One answered HTTP request.
    func recordHTTP(route: String, method: String, status: Int, nanoseconds: Int64) {
        CoreMetrics.Counter(
            label: Self.httpRequests, dimensions: [("route", route), ("method", method), ("status", String(status))],
            factory: factory
        ).increment()
        CoreMetrics.Timer(
            label: Self.httpDuration, dimensions: [("route", route), ("method", method)], factory: factory
        ).recordNanoseconds(nanoseconds)
    }

    /// Creates the HTTP series of `route`, `method` and `status` at zero.
    private func zeroHTTP(route: String, method: String, status: Int) {
        _ = CoreMetrics.Counter(
            label: Self.httpRequests, dimensions: [("route", route), ("method", method), ("status", String(status))],
            factory: factory)
        _ = CoreMetrics.Timer(
            label: Self.httpDuration, dimensions: [("route", route), ("method", method)], factory: factory)
    }

    // MARK: - Families

    private func counter(_ family: Family, _ model: String, _ extra: (String, String)...) -> Prometheus.Counter {
        registry.makeCounter(name: family.name, labels: [("model_name", model)] + extra, help: family.help)
    }

    private func gauge(_ family: Family, _ model: String) -> Prometheus.Gauge {
        registry.makeGauge(name: family.name, labels: [("model_name", model)], help: family.help)
    }

    private func histogram(_ family: Family, _ model: String) -> ValueHistogram {
        registry.makeValueHistogram(
            name: family.name, labels: [("model_name", model)], buckets: family.buckets, help: family.help)
    }

    /// A metric's name, its help line and (for a histogram) its buckets.
    struct Family: Sendable {
        var name: String
        var help: String
        var buckets: [Double] = []
    }

    static let running = Family(
        name: "vllm:num_requests_running", help: "Number of requests running (reading the prompt or generating).")
    static let waiting = Family(
        name: "vllm:num_requests_waiting", help: "Number of requests waiting for a free sequence.")
    static let cacheUsage = Family(
        name: "vllm:kv_cache_usage_perc", help: "KV cache usage: share of cells held by running sequences (1 = full).")
    static let promptTokens = Family(name: "vllm:prompt_tokens_total", help: "Number of prompt tokens processed.")
    static let generationTokens = Family(
        name: "vllm:generation_tokens_total", help: "Number of generation tokens processed.")
    static let requestSuccess = Family(
        name: "vllm:request_success_total", help: "Count of finished choices, by finish reason (abort: cut short).")
    static let cacheQueries = Family(
        name: "vllm:prefix_cache_queries_total", help: "Prefix cache queries, in prompt tokens looked up.")
    static let cacheHits = Family(
        name: "vllm:prefix_cache_hits_total", help: "Prefix cache hits, in prompt tokens found in the cache.")
    /// The finish reasons `request_success_total` counts (`abort`: the client left or the engine failed).
    static let finishReasons = ["stop", "length", "tool_calls", "abort"]

    private static let latencyBuckets: [Double] = [
        0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0,
        1920.0, 7680.0,
    ]
    private static let tokenBuckets: [Double] = [
        1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100_000,
    ]
    static let timeToFirstToken = Family(
        name: "vllm:time_to_first_token_seconds", help: "Histogram of time to first token in seconds.",
        buckets: [
            0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0,
            80.0, 160.0, 640.0, 2560.0,
        ])
    static let interTokenLatency = Family(
        name: "vllm:inter_token_latency_seconds",
        help: "Histogram of inter-token latency in seconds (each request's mean decode step, once per step).",
        buckets: [
            0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0,
        ])
    static let e2eLatency = Family(
        name: "vllm:e2e_request_latency_seconds", help: "Histogram of end to end request latency in seconds.",
        buckets: latencyBuckets)
    static let queueTime = Family(
        name: "vllm:request_queue_time_seconds", help: "Histogram of time spent waiting for a sequence, in seconds.",
        buckets: latencyBuckets)
    static let requestPromptTokens = Family(
        name: "vllm:request_prompt_tokens", help: "Number of prompt tokens per request.", buckets: tokenBuckets)
    static let requestGenerationTokens = Family(
        name: "vllm:request_generation_tokens", help: "Number of generation tokens per request.",
        buckets: tokenBuckets)

    static let httpRequests = "http_requests_total"
    static let httpDuration = "http_request_duration_seconds"
}

/// A set of model ids behind a lock: `ServerMetrics` replaces it on each scrape, and scrapes may
/// overlap.
private final class LockedModelSet: @unchecked Sendable {
    // Safe: `models` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var models: Set<String> = []

    /// Whether the set holds no model.
    var isEmpty: Bool { lock.withLock { models.isEmpty } }

    /// Adds `model`; returns whether it was not there before.
    func insert(_ model: String) -> Bool {
        lock.withLock { models.insert(model).inserted }
    }

    /// Stores `current`; returns the ids that were there before and are not in `current`.
    func replace(with current: Set<String>) -> Set<String> {
        lock.withLock {
            let stale = models.subtracting(current)
            models = current
            return stale
        }
    }
}
