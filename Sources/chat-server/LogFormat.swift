import ArgumentParser
import ChatCompletionsServer
import Logging

/// How `chat-server` writes its log lines (to standard error).
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    /// swift-log's plain lines, metadata (such as the request id) as `key=value`.
    case text
    /// One JSON object per line (see ``ChatCompletionsServer/JSONLogHandler``).
    case json

    /// A logger labelled `label` writing in this format.
    func logger(label: String) -> Logger {
        switch self {
        case .text: Logger(label: label)
        case .json: Logger(label: label) { JSONLogHandler(label: $0) }
        }
    }
}
