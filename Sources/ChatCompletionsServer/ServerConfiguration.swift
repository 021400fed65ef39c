/// What the HTTP layer enforces: keys, sizes, and how it names itself.
public struct ServerConfiguration: Sendable, Hashable {
    /// Accepted bearer keys; empty means no authentication.
    public var apiKeys: [String]
    /// Largest request body accepted, in bytes (413 above it).
    public var maxBodySize: Int

    public init(apiKeys: [String] = [], maxBodySize: Int = 8 << 20) {
        self.apiKeys = apiKeys
        self.maxBodySize = maxBodySize
    }
}
