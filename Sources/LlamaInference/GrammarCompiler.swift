import ChatCompletionsAPI
import ChatInference
import Dispatch

/// Works out what a request asks of the output and compiles its grammar, before the job reaches
/// the scheduler: the JSON Schema conversion and llama.cpp's grammar parsing never run on the
/// scheduler's decode thread (where they would stall every stream) nor on Swift's cooperative pool.
///
/// Compilations run one at a time on one dedicated serial queue, so however many heavy schemas
/// arrive together they take at most one core. A large one first has the model's scheduler decode
/// with one thread fewer while it runs (``Scheduler/withCoreReserved(_:)``), so that the core it
/// takes is not one a decoding thread is waiting on. Their size is bounded before they get here
/// (``ChatCompletionsAPI/SchemaLimits``), which bounds each compilation's time and memory.
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
        _ request: GenerationRequest, format: ChatFormat, thinking: ThinkingStart? = nil, model: LlamaModel,
        scheduler: Scheduler
    ) async throws(EngineError) -> Compiled {
        let heavy = schemaNodes(request) > heavySchemaNodes
        let result: Result<Compiled, EngineError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(
                    returning: Result { () throws(EngineError) in
                        guard heavy else {
                            return try compileNow(request, format: format, thinking: thinking, model: model)
                        }
                        return try scheduler.withCoreReserved { () throws(EngineError) in
                            try compileNow(request, format: format, thinking: thinking, model: model)
                        }
                    })
            }
        }
        return try result.get()
    }

    /// Schemas with more nodes than this reserve a core (smaller ones compile in a few milliseconds,
    /// less than waiting for the decode step that is running).
    static let heavySchemaNodes = 300

    /// Values in the request's response schema and tool parameters, counting every nested value.
    static func schemaNodes(_ request: GenerationRequest) -> Int {
        func count(_ value: JSONValue) -> Int {
            switch value {
            case .array(let items): return 1 + items.reduce(0) { $0 + count($1) }
            case .object(let object): return 1 + object.reduce(0) { $0 + count($1.value) }
            default: return 1
            }
        }
        let schemas = [request.responseFormat?.schema] + request.tools.map { $0.function.parameters }
        return schemas.reduce(0) { $0 + ($1.map(count) ?? 0) }
    }

    private static func compileNow(
        _ request: GenerationRequest, format: ChatFormat, thinking: ThinkingStart?, model: LlamaModel
    ) throws(EngineError) -> Compiled {
        let start = ContinuousClock.now
        let constraints = try OutputConstraints(request, format: format, thinking: thinking)
        var grammars: [GrammarConstraint] = []
        if let spec = constraints.grammar {
            do {
                let first = try GrammarConstraint(
                    model: model, grammar: spec.text, root: spec.root, triggerPatterns: spec.triggerPatterns,
                    triggerTokens: spec.triggerTokens)
                grammars.append(first)
                for _ in 1..<max(request.choices, 1) { grammars.append(try first.copy()) }
            } catch {
                // Our converter's grammars parse; what llama.cpp's parser refuses is a schema whose
                // repetition counts, times the size of what they repeat, pass its fixed bound.
                let subject: EngineError.Subject =
                    request.tools.isEmpty || request.effectiveToolChoice == .none ? .outputFormat : .tools
                throw EngineError(
                    .invalidRequest,
                    "The JSON Schema is too complex for the grammar engine: its repetition counts (minItems, maxItems, minLength, maxLength, {m,n} in patterns) times the size of what they repeat pass llama.cpp's bound. Use smaller counts or simpler repeated items.",
                    about: subject, reason: .schemaTooComplex)
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Compiled(constraints: constraints, grammars: grammars, seconds: seconds)
    }
}
