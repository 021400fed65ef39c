import ChatCompletionsAPI
import ChatInference

/// An engine's events, passed on unchanged while their figures go to ``ServerMetrics``: prompt and
/// cached tokens when the prompt has been read, the first output's latency, each choice's finish
/// reason and tokens, and the request's timings at the end. Choices that never finish (the client
/// went away, the engine failed) count as `abort` once iteration stops.
struct ObservedGeneration: AsyncSequence, Sendable {
    typealias Element = GenerationEvent

    let base: AsyncThrowingStream<GenerationEvent, any Error>
    let metrics: ServerMetrics
    /// The model asked for (the engine's report names the model that answered, once it comes).
    let model: String
    let choices: Int
    /// When the request arrived.
    let arrival: ContinuousClock.Instant

    func makeAsyncIterator() -> Iterator {
        Iterator(
            base: base.makeAsyncIterator(),
            tracker: Tracker(metrics: metrics, model: model, choices: choices, arrival: arrival))
    }

    struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<GenerationEvent, any Error>.AsyncIterator
        let tracker: Tracker

        mutating func next() async throws -> GenerationEvent? {
            guard let event = try await base.next() else { return nil }
            tracker.record(event)
            return event
        }
    }

    /// One request's progress; owned by the one iterator, so it needs no lock. Whatever has not
    /// finished when the iterator goes away is recorded as aborted.
    final class Tracker {
        let metrics: ServerMetrics
        let arrival: ContinuousClock.Instant
        var model: String
        var tokens: [Int: Int] = [:]
        let choices: Int
        var sawOutput = false
        var completed = false

        init(metrics: ServerMetrics, model: String, choices: Int, arrival: ContinuousClock.Instant) {
            self.metrics = metrics
            self.model = model
            self.choices = choices
            self.arrival = arrival
        }

        func record(_ event: GenerationEvent) {
            switch event {
            case .started(let report):
                model = report.model
                metrics.recordPrompt(report)
            case .content, .reasoning, .toolCall:
                output()
            case .finished(let choice, let reason, let count, _, _):
                output()
                tokens[choice] = count
                metrics.recordFinished(model: model, reason: reason.rawValue, tokens: count)
            case .completed(let timings):
                completed = true
                metrics.recordCompleted(
                    model: model, latency: (ContinuousClock.now - arrival).seconds, timings: timings,
                    choiceTokens: (0..<choices).map { tokens[$0] ?? 0 })
            }
        }

        private func output() {
            guard !sawOutput else { return }
            sawOutput = true
            metrics.recordFirstToken(model: model, seconds: (ContinuousClock.now - arrival).seconds)
        }

        deinit {
            guard !completed else { return }
            for choice in 0..<choices where tokens[choice] == nil {
                metrics.recordFinished(model: model, reason: "abort", tokens: 0)
            }
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}
