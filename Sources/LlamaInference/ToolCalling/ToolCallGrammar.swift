public import ChatCompletionsAPI
public import ChatInference
public import JSONSchemaGrammar

/// Builds the grammar that constrains tool calls (and, optionally, the content alternative) for a
/// request, in a family's syntax.
package struct ToolCallGrammar {
    /// Most calls one turn may hold when parallel calls are allowed: small models otherwise repeat
    /// calls until they run out of tokens.
    static let maximumParallelCalls = 8

    /// What the grammar must allow.
    package enum Mode: Equatable {
        /// Calls are optional: unconstrained until the call syntax starts (a lazy grammar).
        case auto
        /// At least one call, nothing else.
        case required
        /// Exactly one call of this function.
        case named(String)
    }

    let syntax: ToolCallSyntax

    package init(syntax: ToolCallSyntax) { self.syntax = syntax }

    /// The grammar for calls to `tools` under `mode`. `parallel` false allows one call at most.
    /// `contentGrammar` (a response_format grammar's builder and root) is offered as the alternative
    /// to calls under `auto`, which then makes the grammar eager rather than lazy.
    package func grammar(
        tools: [Tool], mode: Mode, parallel: Bool, content: (inout GrammarBuilder) throws -> String? = { _ in nil }
    ) throws(EngineError) -> GrammarSpec {
        try build(tools: tools, mode: mode, parallel: parallel, content: content).grammar
    }

    /// The grammar, and the keywords of non-strict functions' `parameters` it does not enforce, each
    /// with its place (`tools[i].function.parameters/...`) and why.
    package func build(
        tools: [Tool], mode: Mode, parallel: Bool, content: (inout GrammarBuilder) throws -> String? = { _ in nil }
    ) throws(EngineError) -> (grammar: GrammarSpec, unenforced: [UnenforcedKeyword]) {
        var builder = GrammarBuilder()
        var unenforced: [UnenforcedKeyword] = []
        var alternatives: [String] = []
        let chosen: [(Int, Tool)]
        if case .named(let name) = mode {
            chosen = tools.enumerated().filter { $0.element.function.name == name }
        } else {
            chosen = Array(tools.enumerated())
        }
        for (index, tool) in chosen {
            let schema = tool.function.parameters ?? ["type": "object", "properties": [:]]
            let strict = tool.function.strict ?? false
            let arguments: String
            let dropped = builder.droppedKeywords.count
            do {
                arguments = try builder.addSchema(schema, name: "args-\(index)", strict: strict)
                unenforced += builder.droppedKeywords[dropped...].map { keyword in
                    UnenforcedKeyword(keyword: keyword.keyword, tool: index, path: keyword.path, reason: keyword.reason)
                }
            } catch {
                throw Self.unenforceable(error, tool: index)
            }
            if let xml = syntax.xml {
                do {
                    alternatives.append(try xml.callRule(tool, index: index, into: &builder))
                } catch {
                    throw Self.unenforceable(error, tool: index)
                }
                continue
            }
            if syntax.family == .harmony {
                alternatives.append(HarmonyFormat.callRule(name: tool.function.name, arguments: arguments))
                continue
            }
            if syntax.family == .pythonic || syntax.family == .gemma {
                do {
                    alternatives.append(
                        try syntax.family == .gemma
                            ? GemmaCalls.callRule(tool, index: index, into: &builder)
                            : PythonicCalls.callRule(tool, index: index, into: &builder))
                } catch {
                    throw Self.unenforceable(error, tool: index)
                }
                continue
            }
            if syntax.list?.nameIsKey == true {
                let head = "{" + JSONValue.string(tool.function.name).jsonString() + ": "
                alternatives.append(GrammarBuilder.literal(head) + " " + arguments + " " + GrammarBuilder.literal("}"))
                continue
            }
            if let markers = syntax.markers {
                // The name between the markers, then the arguments' JSON.
                var number = markers.numbered ? " " + GrammarBuilder.literal(":") + " [0-9]{1,2}" : ""
                if let callID = markers.callID { number += " " + GrammarBuilder.literal(callID) + " [a-zA-Z0-9]{9}" }
                alternatives.append(
                    GrammarBuilder.literal(markers.namePrefix + tool.function.name) + number + " "
                        + GrammarBuilder.literal(markers.separator) + " " + arguments)
                continue
            }
            let id = syntax.list?.idKey.map { "\"\($0)\": \"\(index)\", " } ?? ""
            let head =
                "{\(id)\"\(syntax.nameKey)\": \(JSONValue.string(tool.function.name).jsonString()), \"\(syntax.argumentsKey)\": "
            alternatives.append(GrammarBuilder.literal(head) + " " + arguments + " " + GrammarBuilder.literal("}"))
        }
        let object = builder.addRule("call-object", alternatives.joined(separator: " | "))
        let calls: String
        let many = parallel && syntax.supportsParallelCalls && mode != .named("") && !isNamed(mode)
        switch syntax.family {
        case .hermes:
            let single = builder.addRule(
                "call",
                GrammarBuilder.literal("<tool_call>\n") + " " + object + " " + GrammarBuilder.literal("\n</tool_call>"))
            let more = "(\(GrammarBuilder.literal("\n")) \(single)){0,\(Self.maximumParallelCalls - 1)}"
            calls = builder.addRule("calls", many ? "\(single) \(more)" : single)
        case .llama3:
            calls = builder.addRule("calls", object)
        case .list:
            let markers = syntax.list ?? .mistral
            let list =
                many
                ? "\(object) (\(GrammarBuilder.literal(", ")) \(object)){0,\(Self.maximumParallelCalls - 1)}" : object
            calls = builder.addRule(
                "calls",
                GrammarBuilder.literal(markers.open + "[") + " " + list + " "
                    + GrammarBuilder.literal("]" + markers.close))
        case .xml:
            let markers = syntax.xml ?? .qwen3Coder
            calls = builder.addRule(
                "calls", markers.callsRule(object, many: many, maximum: Self.maximumParallelCalls))
        case .harmony:
            calls = builder.addRule("calls", object)
        case .pythonic:
            calls = builder.addRule(
                "calls", PythonicCalls.callsRule(object, many: many, maximum: Self.maximumParallelCalls))
        case .gemma:
            calls = builder.addRule(
                "calls", GemmaCalls.callsRule(object, many: many, maximum: Self.maximumParallelCalls))
        case .named:
            let markers = syntax.markers ?? NamedCallMarkers.mistralArgs
            let close = markers.callClose.isEmpty ? "" : " " + GrammarBuilder.literal(markers.callClose)
            let body = object + close
            let single = builder.addRule("call", GrammarBuilder.literal(markers.callOpen) + " " + body)
            // A prompt that ends with the call's opening (Functionary v3.2) leaves it out of the first call.
            let first = markers.openedByPrompt && mode != .auto ? builder.addRule("first-call", body) : single
            let list = many ? "\(first) (\(single)){0,\(Self.maximumParallelCalls - 1)}" : first
            calls = builder.addRule(
                "calls",
                markers.sectionOpen.isEmpty
                    ? list
                    : GrammarBuilder.literal(markers.sectionOpen) + " " + list + " "
                        + GrammarBuilder.literal(markers.sectionClose))
        }
        if mode == .auto {
            let contentRule: String?
            do {
                contentRule = try content(&builder)
            } catch let error as EngineError {
                throw error
            } catch {
                throw EngineError(.internal, "\(error)")
            }
            if var contentRule {
                if syntax.family == .harmony {
                    contentRule = builder.addRule("answer", HarmonyFormat.answerRule(contentRule))
                }
                let reply = builder.addRule("reply", "\(calls) | \(contentRule)")
                return (GrammarSpec(text: builder.render(root: reply)), unenforced)
            }
            return (GrammarSpec(text: builder.render(root: calls), triggerPatterns: [triggerPattern]), unenforced)
        }
        return (GrammarSpec(text: builder.render(root: calls)), unenforced)
    }

    /// The 400 for a tool whose parameters' schema cannot become a grammar.
    private static func unenforceable(_ error: SchemaConversionError, tool index: Int) -> EngineError {
        EngineError(
            .invalidRequest,
            "The parameters of tool \(index) cannot be enforced: \(error.message) (at \(error.path)).",
            about: .toolParameters(index), reason: .invalidSchema)
    }

    private func isNamed(_ mode: Mode) -> Bool {
        if case .named = mode { return true }
        return false
    }

    /// The regular expression that switches a lazy grammar on (llama.cpp feeds the grammar from
    /// the first capture group, or from the match).
    var triggerPattern: String {
        switch syntax.family {
        case .hermes: return "<tool_call>"
        case .llama3: return #"^\s*(\{"name")[\s\S]*$"#
        case .list, .named, .xml, .pythonic, .gemma: return ReasoningSyntax.escapeRegex(syntax.opening)
        case .harmony: return ReasoningSyntax.escapeRegex(HarmonyFormat.channel + "commentary to=functions.")
        }
    }
}
