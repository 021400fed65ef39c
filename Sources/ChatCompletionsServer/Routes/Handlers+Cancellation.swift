import ChatInference
import HTTPTypes

extension Handlers {
    /// Starts `generation` on the engine with the server's time limit (counted from `arrival`), as a
    /// stream that ends with ``GenerationCancelled`` (and cancels the generation) when the client's
    /// connection closes or the shutdown grace runs out.
    func start(
        _ generation: GenerationRequest, arrival: ContinuousClock.Instant, tiedToClient: Bool = true
    ) async throws(EngineError) -> AsyncThrowingStream<GenerationEvent, any Error> {
        var generation = generation
        if let limit = configuration.maxRequestDuration {
            generation.deadline = min(generation.deadline ?? arrival + limit, arrival + limit)
        }
        let events = try await engine.generate(generation)
        return CancellableGeneration.relay(
            events, client: tiedToClient ? ClientConnection.current : nil, shutdown: shutdown)
    }
}

extension OpenAIError {
    /// What a cancelled completion answers, if anyone still listens: 499 (nginx's "client closed
    /// request", for the access log and the metrics) or 503 when the server is shutting down.
    init(_ cancelled: GenerationCancelled) {
        switch cancelled {
        case .clientGone:
            self.init(
                status: HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request"),
                message: "The client closed the connection before the completion was finished.",
                type: "invalid_request_error", code: "client_closed_request")
        case .shutdown:
            self = .shuttingDown
        }
    }
}
