import ChatCompletionsAPI
import Foundation
import JSONSchemaGrammar

/// Gemma 4's calls: `<|tool_call>call:get_weather{city:<|"|>Paris<|"|>,days:3}<tool_call|>`, one
/// block per call. Keys are bare, strings sit between `<|"|>` marks (no escapes), other values are
/// JSON's (numbers, `true`, `false`, `null`, lists, nested `{key:value}` objects).
enum GemmaCalls {
    static let open = "<|tool_call>"
    static let close = "<tool_call|>"
    /// What follows the opening marker, before the function's name.
    static let namePrefix = "call:"
    /// Gemma's string quote.
    static let quote = "<|\"|>"

    static func matches(templateSource source: String) -> Bool { source.contains(open + namePrefix) }

    /// Calls as Gemma writes them (its template's spelling: keys in order, strings between quote marks).
    static func render(_ calls: [(name: String, arguments: String)]) -> String {
        calls.map { call in
            let arguments = (try? JSONValue(parsing: call.arguments).objectValue) ?? [:]
            return open + namePrefix + call.name + write(.object(arguments)) + close
        }.joined()
    }

    /// One value in Gemma's spelling as its template writes a call's arguments: keys bare and sorted.
    static func write(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return quote + text + quote
        case .array(let elements): return "[" + elements.map(write).joined(separator: ",") + "]"
        case .object(let members):
            let written = members.sorted { $0.key < $1.key }.map { $0.key + ":" + write($0.value) }
            return "{" + written.joined(separator: ",") + "}"
        default: return value.jsonString()
        }
    }

    /// The grammar rule of one call of `tool`: its name, then the arguments as bare keys in the
    /// order of the schema's properties (required ones, then the optional ones the model writes).
    /// A plain string argument is written between Gemma's quote marks, as its template writes them;
    /// any other value as the schema's JSON (a constrained string in JSON's quotes, which the
    /// reader takes as well).
    static func callRule(
        _ tool: Tool, index: Int, into builder: inout GrammarBuilder
    ) throws(SchemaConversionError) -> String {
        let strict = tool.function.strict ?? false
        let arguments = try PythonicCalls.keywordArguments(tool, separator: ",", assignment: ":") {
            (property, position) throws(SchemaConversionError) in
            isPlainString(property)
                ? builder.addRule("gemma-string", quotedString)
                : try builder.addSchema(property, name: "gemma-arg-\(index)-\(position)", strict: strict)
        }
        return GrammarBuilder.literal(open + namePrefix + tool.function.name + "{") + " " + arguments + " "
            + GrammarBuilder.literal("}" + close)
    }

    /// Gemma's string in GBNF: any text without `<|` between two quote marks.
    static let quotedString =
        GrammarBuilder.literal(quote) + " ( [^<] | " + GrammarBuilder.literal("<") + " [^|] )* "
        + GrammarBuilder.literal(quote)

    /// A schema that asks for any string (it may describe it, not constrain it).
    static func isPlainString(_ schema: JSONValue) -> Bool {
        guard let object = schema.objectValue, object["type"] == "string" else { return false }
        return Set(object.keys).isSubset(of: ["type", "description", "title", "examples", "default"])
    }

    /// The grammar of a turn's calls, each one of `call`'s alternatives.
    static func callsRule(_ call: String, many: Bool, maximum: Int) -> String {
        many ? "\(call) (\(call)){0,\(maximum - 1)}" : call
    }

    /// `name{key:value,…}` as the function's name and its arguments as a JSON object.
    static func parseCall(_ text: String) -> (String, String)? {
        guard let brace = text.firstIndex(of: "{") else { return nil }
        let name = text[..<brace].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace }) else { return nil }
        var scanner = PythonLiteralScanner(String(text[brace...]))
        guard case .object(let arguments)? = scanner.value(), scanner.atEnd else { return nil }
        return (name, PythonicCallReader.argumentsText(arguments))
    }
}

/// Reads Gemma 4's calls as they stream: content until `<|tool_call>`, then each call whole when
/// its `<tool_call|>` arrives (a call that does not read is returned as content, markers and all).
struct GemmaCallReader: StepwiseReader {
    private let makeID: () -> String
    private var inCall = false
    private var pending = ""
    private var layout = ""
    private(set) var callCount = 0

    init(makeID: @escaping () -> String) { self.makeID = makeID }

    mutating func feed(_ text: String) -> [ToolCallParser.Output] {
        pending += text
        return steps(final: false)
    }

    mutating func finish() -> [ToolCallParser.Output] {
        var outputs = steps(final: true)
        if !pending.isEmpty {
            // A call cut short (max_tokens) is returned as the text it is.
            outputs.append(.content(inCall ? layout + GemmaCalls.open + pending : pending))
        }
        pending = ""
        inCall = false
        return outputs
    }

    mutating func advance(final: Bool) -> [ToolCallParser.Output]? {
        guard !pending.isEmpty else { return nil }
        if !inCall {
            if let range = pending.range(of: GemmaCalls.open) {
                let whole = String(pending[..<range.lowerBound])
                let before = whole.trimmingTrailingWhitespace
                layout = String(whole.dropFirst(before.count))
                pending = String(pending[range.upperBound...])
                inCall = true
                return before.isEmpty ? [] : [.content(before)]
            }
            let (shown, held) = ToolCallParser.releasable(pending, opening: GemmaCalls.open, final: final)
            pending = held
            // Whitespace left after the calls at the end of the reply is layout, not content.
            if callCount > 0, shown.allSatisfy(\.isWhitespace) { return shown.isEmpty ? nil : [] }
            return shown.isEmpty ? nil : [.content(shown)]
        }
        guard let end = pending.range(of: GemmaCalls.close) else {
            if pending.count > 65_536 {
                inCall = false
                let text = layout + GemmaCalls.open + pending
                pending = ""
                return [.content(text)]
            }
            return nil
        }
        let text = String(pending[..<end.lowerBound])
        pending = String(pending[end.upperBound...])
        inCall = false
        guard text.hasPrefix(GemmaCalls.namePrefix),
            let (name, arguments) = GemmaCalls.parseCall(String(text.dropFirst(GemmaCalls.namePrefix.count)))
        else {
            return [.content(layout + GemmaCalls.open + text + GemmaCalls.close)]
        }
        let index = callCount
        callCount += 1
        return [.callStarted(index: index, id: makeID(), name: name), .arguments(index: index, arguments)]
    }
}
