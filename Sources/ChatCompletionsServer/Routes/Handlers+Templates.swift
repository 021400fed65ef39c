import ChatCompletionsAPI
import ChatInference
import Hummingbird

extension Handlers {
    /// `POST /apply-template` (llama.cpp server's shape): a chat completion request's body in, the
    /// prompt the model's chat template makes of it out, as `{"prompt": …}`, with the same tools,
    /// `reasoning_effort` and `chat_template_kwargs` a completion would give the template.
    func applyTemplate(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let bytes = try await body(request, context)
        let wire = try ChatCompletionRequest(jsonBytes: bytes)
        try wire.validate(limits: configuration.validationLimits)
        let generation = try GenerationRequest(wire, id: RandomIdentifier.make(prefix: "chatcmpl-"))
        let prompt = try await engine.applyTemplate(generation)
        return ChatCompletionsRouter.jsonResponse(["prompt": .string(prompt)])
    }
}
