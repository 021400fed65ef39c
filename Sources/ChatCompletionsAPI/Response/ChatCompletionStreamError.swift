/// Why a chat completion stream could not be read to its end.
public struct ChatCompletionStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Kind: Sendable, Hashable {
        /// The server sent an error event; see ``ChatCompletionStreamError/apiError``.
        case errorEvent
        /// An event's data was neither a chunk, an error nor `[DONE]`.
        case invalidData
        /// The stream ended without `data: [DONE]` (only when that is required).
        case missingDone
    }

    /// What went wrong.
    public var kind: Kind
    /// The server's error, for ``Kind/errorEvent``.
    public var apiError: APIError?
    /// The offending event's data, for ``Kind/invalidData``.
    public var data: String?
    /// What went wrong, in words.
    public var reason: String

    /// A stream error.
    public init(kind: Kind, apiError: APIError? = nil, data: String? = nil, reason: String) {
        self.kind = kind
        self.apiError = apiError
        self.data = data
        self.reason = reason
    }

    public var description: String { reason }
}
