public import Foundation
public import NIOHTTP1

/// When and how long to wait before sending a failed request again.
///
/// A request is tried again after a connection failure or timeout, and after a response whose
/// status is in ``retryableStatuses`` (by default 408, 409, 429 and every 5xx), at most
/// ``maxRetries`` times. A provider's `x-should-retry: true|false` header overrides the status rule.
/// The wait is the provider's `Retry-After` (or `retry-after-ms`) when it sends one, else an
/// exponential backoff from ``initialBackoff``, doubled each time up to ``maxBackoff``, shortened
/// at random by up to ``jitter`` of itself so that many clients do not retry in step. When the
/// provider asks for a wait longer than ``maxRetryAfter``, the client gives up at once and the error
/// carries the wait in ``ChatClientError/retryAfter``. A stream is never retried once it has
/// started: retries happen only before the response's status line arrives.
public struct RetryPolicy: Sendable, Hashable {
    /// How many times a request may be sent again after the first try.
    public var maxRetries: Int
    /// The wait before the first retry, when the provider does not say.
    public var initialBackoff: Duration
    /// The longest computed wait.
    public var maxBackoff: Duration
    /// The fraction (0…1) of each computed wait that may be taken off at random.
    public var jitter: Double
    /// The longest wait the client accepts from `Retry-After`; beyond it, it gives up.
    public var maxRetryAfter: Duration
    /// The statuses worth trying again.
    public var retryableStatuses: Set<Int>

    /// A policy; the defaults are those of OpenAI's own SDKs: two retries, 0.5 s doubling up to 8 s,
    /// a quarter of jitter, `Retry-After` honoured up to a minute.
    public init(
        maxRetries: Int = 2, initialBackoff: Duration = .milliseconds(500), maxBackoff: Duration = .seconds(8),
        jitter: Double = 0.25, maxRetryAfter: Duration = .seconds(60),
        retryableStatuses: Set<Int> = Set([408, 409, 429]).union(500...599)
    ) {
        self.maxRetries = max(0, maxRetries)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.jitter = min(max(jitter, 0), 1)
        self.maxRetryAfter = maxRetryAfter
        self.retryableStatuses = retryableStatuses
    }

    /// The default policy.
    public static let `default` = RetryPolicy()

    /// Never retry.
    public static let none = RetryPolicy(maxRetries: 0)

    /// The computed wait before retry number `retry` (1 for the first), before jitter.
    public func backoff(beforeRetry retry: Int) -> Duration {
        var delay = initialBackoff
        for _ in 1..<max(1, retry) {
            delay = delay * 2
            if delay >= maxBackoff { return maxBackoff }
        }
        return min(delay, maxBackoff)
    }

    /// The wait before retry number `retry`, with jitter drawn from `generator`.
    public func delay(beforeRetry retry: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let base = backoff(beforeRetry: retry)
        guard jitter > 0 else { return base }
        return base * (1 - Double.random(in: 0...jitter, using: &generator))
    }

    /// The wait a response's headers ask for: `retry-after-ms` (milliseconds), else `Retry-After`
    /// as seconds or as an HTTP date (a date in the past is no wait); `nil` when they ask for none.
    public static func retryAfter(in headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        RetryAfter.parse(headers, now: now)
    }

    /// Whether a response with this status is worth sending again.
    public func isRetryable(status: Int) -> Bool { retryableStatuses.contains(status) }
}
