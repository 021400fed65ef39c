import Foundation
import NIOHTTP1

/// Reading a provider's request to wait: `retry-after-ms` (milliseconds, OpenAI's), `Retry-After`
/// as seconds or as an HTTP date.
enum RetryAfter {
    /// The wait the headers ask for, if they ask for one; a date in the past is no wait.
    static func parse(_ headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        if let text = headers.first(name: "retry-after-ms")?.trimmingCharacters(in: .whitespaces),
            let milliseconds = Double(text), milliseconds.isFinite, milliseconds >= 0
        {
            return .milliseconds(milliseconds)
        }
        guard let text = headers.first(name: "retry-after")?.trimmingCharacters(in: .whitespaces), !text.isEmpty
        else { return nil }
        if let seconds = Double(text) {
            return seconds.isFinite && seconds >= 0 ? .milliseconds(seconds * 1000) : nil
        }
        guard let date = httpDate(text) else { return nil }
        let interval = date.timeIntervalSince(now)
        return interval > 0 ? .milliseconds(interval * 1000) : .zero
    }

    /// An HTTP date in any of the three forms RFC 9110 allows (IMF-fixdate, RFC 850, asctime).
    static func httpDate(_ text: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
