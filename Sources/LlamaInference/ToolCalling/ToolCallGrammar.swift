import ChatCompletionsAPI
import ChatInference
import JSONSchemaGrammar

/// Builds the grammar that constrains tool calls (and, optionally, the content alternative) for a
/// request, in a family's syntax.
package struct ToolCallGrammar {
    /// Most calls one turn may hold when parallel calls are allowed: small models otherwise repeat
    /// calls until they run out of tokens.
    package static let maximumParallelCalls = 8

    /// What the grammar must allow.
    package enum Mode: Equatable {
        /// Calls are optional: unconstrained until the call syntax starts (a lazy grammar).
        case auto
        /// At least one call, nothing else.
        case required
        /// Exactly one call of this function.
        case named(String)
    }

    package let syntax: ToolCallSyntax

    package init(syntax: ToolCallSyntax) { self.syntax = syntax }

    /// The grammar for calls to `tools` under `mode`. `parallel` false allows one call at most.
    /// `contentGrammar` (a response_format grammar's builder and root) is offered as the alternative
    /// to calls under `auto`, which then makes the grammar eager rather than lazy.
    package func grammar(
        tools: [Tool], mode: Mode, parallel: Bool, content: (inout GrammarBuilder) throws -> String? = { _ in nil }
    ) throws(EngineError) -> GrammarSpec {
        var builder = GrammarBuilder()
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
            do {
                arguments = try builder.addSchema(schema, name: "args-\(index)", strict: strict)
            } catch {
                throw EngineError(
                    .invalidRequest,
                    "tools[\(index)].function.parameters cannot be enforced: \(error.message) (at \(error.path)).",
                    param: "tools[\(index)].function.parameters", reason: .invalidSchema)
            }
            let head = "{\"name\": \(JSONValue.string(tool.function.name).jsonString()), \"\(syntax.argumentsKey)\": "
            alternatives.append(GrammarBuilder.literal(head) + " " + arguments + " " + GrammarBuilder.literal("}"))
        }
        let object = builder.addRule("call-object", alternatives.joined(separator: " | "))
        let single: String
        let calls: String
        let many = parallel && syntax.supportsParallelCalls && mode != .named("") && !isNamed(mode)
        switch syntax.family {
        case .hermes:
            single = builder.addRule(
                "call",
                GrammarBuilder.literal("<tool_call>\n") + " " + object + " " + GrammarBuilder.literal("\n</tool_call>"))
            let more = "(\(GrammarBuilder.literal("\n")) \(single)){0,\(Self.maximumParallelCalls - 1)}"
            calls = builder.addRule("calls", many ? "\(single) \(more)" : single)
        case .llama3:
            single = object
            calls = builder.addRule("calls", object)
        case .mistral:
            single = object
            let list =
                many
                ? "\(object) (\(GrammarBuilder.literal(", ")) \(object)){0,\(Self.maximumParallelCalls - 1)}" : object
            calls = builder.addRule(
                "calls", GrammarBuilder.literal("[TOOL_CALLS][") + " " + list + " " + GrammarBuilder.literal("]"))
        }
        _ = single
        if mode == .auto {
            let contentRule: String?
            do {
                contentRule = try content(&builder)
            } catch let error as EngineError {
                throw error
            } catch {
                throw EngineError(.internal, "\(error)")
            }
            if let contentRule {
                return GrammarSpec(text: builder.render(root: builder.addRule("reply", "\(calls) | \(contentRule)")))
            }
            return GrammarSpec(text: builder.render(root: calls), triggerPatterns: [triggerPattern])
        }
        return GrammarSpec(text: builder.render(root: calls))
    }

    private func isNamed(_ mode: Mode) -> Bool {
        if case .named = mode { return true }
        return false
    }

    /// The regular expression that switches a lazy grammar on (llama.cpp feeds the grammar from
    /// the first capture group, or from the match).
    package var triggerPattern: String {
        switch syntax.family {
        case .hermes: return "<tool_call>"
        case .llama3: return #"^\s*(\{"name")[\s\S]*$"#
        case .mistral: return #"\[TOOL_CALLS\]"#
        }
    }
}
