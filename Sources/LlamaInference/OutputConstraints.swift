import ChatCompletionsAPI
import ChatInference
import JSONSchemaGrammar

/// What a request asks of the output, worked out before generation: which tools the prompt shows,
/// which grammar constrains the tokens, and whether tool calls are parsed out of the text.
struct OutputConstraints: Sendable {
    /// Tools rendered into the prompt.
    var promptTools: [Tool] = []
    /// The grammar to enforce, if any.
    package var grammar: GrammarSpec?
    /// The syntax to parse tool calls in, when calls are possible.
    var toolSyntax: ToolCallSyntax?
    /// Keywords of a non-strict response_format schema, or of non-strict functions' parameters, that
    /// the grammar does not enforce, each with its place and why (strict schemas refuse them instead).
    var unenforcedKeywords: [UnenforcedKeyword] = []

    /// The tools a request's prompt shows: all of them, unless `tool_choice` is `none`.
    static func promptTools(_ request: GenerationRequest) -> [Tool] {
        request.effectiveToolChoice == .none ? [] : request.tools
    }

    /// `thinking`: where the output starts relative to the model's thinking; the grammar then
    /// waits for the thinking to end.
    init(_ request: GenerationRequest, format: ChatFormat, thinking: ThinkingStart? = nil) throws(EngineError) {
        try self.init(constraining: request, format: format)
        if let thinking, let spec = grammar { grammar = thinking.wrapping(spec) }
    }

    private init(constraining request: GenerationRequest, format: ChatFormat) throws(EngineError) {
        let contentGrammar = try Self.contentGrammar(
            request.responseFormat, harmony: format.toolSyntax.family == .harmony)
        unenforcedKeywords =
            contentGrammar?.dropped.map {
                UnenforcedKeyword(keyword: $0.keyword, tool: nil, path: $0.path, reason: $0.reason)
            } ?? []
        let choice = request.effectiveToolChoice
        let tools = request.tools
        let mode: ToolCallGrammar.Mode
        switch choice {
        case .none:
            grammar = contentGrammar.map { GrammarSpec(text: $0.text) }
            return
        case .auto where tools.isEmpty:
            // `auto` with nothing to call (the contract allows it) constrains nothing.
            grammar = contentGrammar.map { GrammarSpec(text: $0.text) }
            return
        case .auto: mode = .auto
        case .required: mode = .required
        case .function(let name): mode = .named(name)
        default:
            throw EngineError(.invalidRequest, "This tool choice is not supported here.", about: .toolChoice)
        }
        guard !tools.isEmpty else {
            throw EngineError(
                .invalidRequest, "A tool choice needs tools; none were given.", about: .toolChoice,
                reason: .invalidValue)
        }
        promptTools = tools
        toolSyntax = format.toolSyntax
        let builder = ToolCallGrammar(syntax: format.toolSyntax)
        let built = try builder.build(tools: tools, mode: mode, parallel: request.parallelToolCalls) { grammarBuilder in
            guard let format = request.responseFormat else { return nil }
            return try Self.contentRule(format, into: &grammarBuilder)
        }
        grammar = built.grammar
        unenforcedKeywords += built.unenforced
    }

    /// The grammar a response_format alone asks for.
    /// `harmony`: the answer is written in harmony's final channel, whose header the grammar writes.
    static func contentGrammar(
        _ format: ResponseFormat?, harmony: Bool = false
    ) throws(EngineError) -> (text: String, dropped: [UnsupportedKeyword])? {
        guard let format else { return nil }
        var builder = GrammarBuilder()
        guard var root = try contentRule(format, into: &builder) else { return nil }
        if harmony { root = builder.addRule("answer", HarmonyFormat.answerRule(root)) }
        return (builder.render(root: root), builder.droppedKeywords)
    }

    /// Adds the rule for content obeying `format` (nil for plain text).
    static func contentRule(_ format: ResponseFormat, into builder: inout GrammarBuilder) throws(EngineError) -> String?
    {
        switch format {
        case .text:
            return nil
        case .jsonObject:
            return builder.addJSONObject()
        case .jsonObjectWithSchema(let schema):
            return try schemaRule(schema, strict: false, named: false, into: &builder)
        case .jsonSchema(let definition):
            let schema = definition.schema ?? [:]
            return try schemaRule(schema, strict: definition.strict ?? false, named: true, into: &builder)
        }
    }

    private static func schemaRule(
        _ schema: JSONValue, strict: Bool, named: Bool, into builder: inout GrammarBuilder
    )
        throws(EngineError) -> String
    {
        do {
            return try builder.addSchema(schema, name: "content", strict: strict)
        } catch {
            throw EngineError(
                .invalidRequest,
                "The schema cannot be enforced: \(error.message) (at \(error.path))\(strict ? ". Remove the keyword or set strict to false" : "").",
                about: .outputSchema(named: named), reason: .invalidSchema)
        }
    }
}
