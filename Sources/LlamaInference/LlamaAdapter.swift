internal import CLlama

/// A LoRA adapter loaded from a GGUF file for a model. Owns its `llama_adapter_lora`.
final class LlamaAdapter: @unchecked Sendable {
    // @unchecked: immutable after loading; only the scheduler thread applies it to a context.
    let pointer: OpaquePointer
    let model: LlamaModel
    let path: String

    init(model: LlamaModel, path: String) throws(LlamaError) {
        pointer = try checkLlama(
            llama_adapter_lora_init(model.pointer, path), "llama_adapter_lora_init",
            "could not load the LoRA adapter \(path) (not a GGUF LoRA for this model?)")
        self.model = model
        self.path = path
    }

    deinit { llama_adapter_lora_free(pointer) }
}
