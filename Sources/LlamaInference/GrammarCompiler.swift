import ChatCompletionsAPI
import ChatInference
import Dispatch

/// Works out what a request asks of the output and compiles its grammar, before the job reaches
/// the scheduler: the JSON Schema conversion and llama.cpp's grammar parsing never run on the
/// scheduler's decode thread (where they would stall every stream) nor on Swift's cooperative pool.
///
/// Compilations run one at a time on one dedicated serial queue, so however many heavy schemas
/// arrive together they take at most one core from decoding. Their size is bounded before they get
/// here (``ChatCompletionsAPI/SchemaLimits``), which bounds each compilation's time and memory.
enum GrammarCompiler {
    private static let queue = DispatchQueue(label: "llama-grammar-compiler", qos: .userInitiated)

    /// A request's constraints with one compiled grammar per choice (none when unconstrained).
    struct Compiled: Sendable {
        var constraints: OutputConstraints
        var grammars: [GrammarConstraint]
        /// Seconds the compilation took (not counting the wait for the queue).
        var seconds: Double
    }

    /// The constraints of `request` for a model of this `format`, with its grammar compiled
    /// against `model`'s vocabulary once per choice.
    static func compile(
        _ request: GenerationRequest, format: ChatFormat, model: LlamaModel
    ) async throws(EngineError) -> Compiled {
        let result: Result<Compiled, EngineError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(
                    returning: Result { () throws(EngineError) in
                        try compileNow(request, format: format, model: model)
                    })
            }
        }
        return try result.get()
    }

    private static func compileNow(
        _ request: GenerationRequest, format: ChatFormat, model: LlamaModel
    ) throws(EngineError) -> Compiled {
        let start = ContinuousClock.now
        let constraints = try OutputConstraints(request, format: format)
        var grammars: [GrammarConstraint] = []
        if let spec = constraints.grammar {
            do {
                let first = try GrammarConstraint(
                    model: model, grammar: spec.text, triggerPatterns: spec.triggerPatterns,
                    triggerTokens: spec.triggerTokens)
                grammars.append(first)
                for _ in 1..<max(request.choices, 1) { grammars.append(try first.copy()) }
            } catch {
                // Our converter's grammars parse; what llama.cpp's parser refuses is a schema whose
                // repetition counts, times the size of what they repeat, pass its fixed bound.
                let param = request.tools.isEmpty || request.effectiveToolChoice == .none ? "response_format" : "tools"
                throw EngineError(
                    .invalidRequest,
                    "The JSON Schema is too complex for the grammar engine: its repetition counts (minItems, maxItems, minLength, maxLength, {m,n} in patterns) times the size of what they repeat pass llama.cpp's bound. Use smaller counts or simpler repeated items.",
                    param: param, code: "schema_too_complex")
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Compiled(constraints: constraints, grammars: grammars, seconds: seconds)
    }
}
