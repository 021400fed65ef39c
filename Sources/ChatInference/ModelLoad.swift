/// How busy one served model is: what metrics and load-aware gateways read per model.
public struct ModelLoad: Sendable, Hashable {
    /// The model's id.
    public var model: String
    /// Requests generating or reading their prompt now.
    public var runningRequests: Int
    /// Requests waiting for free sequences.
    public var waitingRequests: Int
    /// Share of the model's KV cache cells held by running sequences, 0…1.
    public var cacheUsage: Double

    public init(model: String, runningRequests: Int, waitingRequests: Int, cacheUsage: Double) {
        self.model = model
        self.runningRequests = runningRequests
        self.waitingRequests = waitingRequests
        self.cacheUsage = cacheUsage
    }
}
