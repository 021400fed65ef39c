import ChatCompletionsAPI
import Foundation

/// How a model family writes tool calls in its output. Most carry calls as JSON objects
/// `{"name": …, "<argumentsKey>": {…}}` and differ in what surrounds them; the ``Family/named``
/// families write the name between markers and the arguments' JSON after it.
package struct ToolCallSyntax: Sendable, Hashable {
    /// The families this server knows.
    package enum Family: String, Sendable, Hashable {
        /// Hermes, Qwen 2.5/3 and this server's generic format: `<tool_call>\n{…}\n</tool_call>` per call.
        case hermes
        /// Llama 3.x: the whole reply is `{"name": …, "parameters": {…}}`; one call per turn.
        case llama3
        /// Mistral: `[TOOL_CALLS][{…}, {…}]`.
        case mistral
        /// Families that write the function's name outside the arguments' JSON, between markers
        /// (``NamedCallMarkers``): DeepSeek R1 and V3.1+, Kimi K2, Mistral's `[TOOL_CALLS]name[ARGS]{…}`.
        case named
    }

    package var family: Family
    /// The markers of a ``Family/named`` syntax.
    package var markers: NamedCallMarkers?

    package init(family: Family) { self.family = family }

    package init(markers: NamedCallMarkers) {
        family = .named
        self.markers = markers
    }

    /// Text that opens the call region (empty for Llama 3, whose calls are bare JSON).
    var opening: String {
        switch family {
        case .hermes: return "<tool_call>"
        case .llama3: return ""
        case .mistral: return "[TOOL_CALLS]"
        case .named: return markers.map { $0.sectionOpen.isEmpty ? $0.callOpen : $0.sectionOpen } ?? ""
        }
    }

    /// Text that closes each call (Hermes only).
    var closing: String { family == .hermes ? "</tool_call>" : "" }

    /// The member holding the arguments.
    var argumentsKey: String { family == .llama3 ? "parameters" : "arguments" }

    /// Whether one turn may hold several calls.
    var supportsParallelCalls: Bool { family != .llama3 }

    /// Picks the syntax a chat template was written for, from the markers in its source; nil when
    /// the template has no tool syntax this server knows.
    package static func detect(templateSource source: String) -> ToolCallSyntax? {
        if let markers = NamedCallMarkers.known.first(where: { $0.matches(source) }) {
            return ToolCallSyntax(markers: markers)
        }
        if source.contains("<tool_call>") { return ToolCallSyntax(family: .hermes) }
        if source.contains("[TOOL_CALLS]") && !source.contains("[ARGS]") { return ToolCallSyntax(family: .mistral) }
        if source.contains("<|start_header_id|>") && source.contains("\"parameters\"") {
            return ToolCallSyntax(family: .llama3)
        }
        return nil
    }

    /// One call written the way this family writes it (for rendering earlier assistant turns).
    package func render(name: String, arguments: String) -> String {
        let object = "{\"name\": \(JSONValue.string(name).jsonString()), \"\(argumentsKey)\": \(arguments)}"
        switch family {
        case .hermes: return "<tool_call>\n\(object)\n</tool_call>"
        case .llama3: return object
        case .mistral: return "[TOOL_CALLS][\(object)]"
        case .named:
            guard let markers else { return object }
            return markers.sectionOpen + markers.call(name: name, index: 0, arguments: arguments) + markers.sectionClose
        }
    }
}

/// How a family that writes the function's name outside the arguments lays out its calls:
/// `sectionOpen (callOpen NAME separator {arguments} callClose)+ sectionClose`.
package struct NamedCallMarkers: Sendable, Hashable {
    /// Opens the calls of a turn (empty: each call stands alone).
    package var sectionOpen: String
    /// Opens one call.
    package var callOpen: String
    /// Written before the name (Kimi's `functions.`).
    package var namePrefix = ""
    /// Whether the name is followed by `:N`, the call's number in the turn (Kimi).
    package var numbered = false
    /// Between the name and the arguments.
    package var separator: String
    /// Closes one call (leading whitespace before it is allowed when parsing).
    package var callClose: String
    /// Closes the calls of a turn.
    package var sectionClose: String
    /// A text only this family's templates contain.
    var signature: [String]

    func matches(_ source: String) -> Bool { signature.allSatisfy { source.contains($0) } }

    /// One call as the family writes it.
    func call(name: String, index: Int, arguments: String) -> String {
        callOpen + namePrefix + name + (numbered ? ":\(index)" : "") + separator + arguments + callClose
    }

    /// The function name in what stands between the call's opening and the separator.
    func name(from raw: Substring) -> String {
        var name = raw.trimmingCharacters(in: .whitespacesAndNewlines)[...]
        if !namePrefix.isEmpty, name.hasPrefix(namePrefix) { name = name.dropFirst(namePrefix.count) }
        if numbered, let colon = name.lastIndex(of: ":"), name[name.index(after: colon)...].allSatisfy(\.isNumber) {
            name = name[..<colon]
        }
        return String(name)
    }

    /// DeepSeek R1 (and its distills): `<｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME` and the
    /// arguments in a JSON code fence.
    package static let deepSeekR1 = NamedCallMarkers(
        sectionOpen: "<｜tool▁calls▁begin｜>", callOpen: "<｜tool▁call▁begin｜>function<｜tool▁sep｜>",
        separator: "\n```json\n", callClose: "\n```<｜tool▁call▁end｜>", sectionClose: "<｜tool▁calls▁end｜>",
        signature: ["<｜tool▁sep｜>", "```json"])
    /// DeepSeek V3.1 and later: `<｜tool▁call▁begin｜>NAME<｜tool▁sep｜>{…}<｜tool▁call▁end｜>`.
    package static let deepSeekV31 = NamedCallMarkers(
        sectionOpen: "<｜tool▁calls▁begin｜>", callOpen: "<｜tool▁call▁begin｜>", separator: "<｜tool▁sep｜>",
        callClose: "<｜tool▁call▁end｜>", sectionClose: "<｜tool▁calls▁end｜>", signature: ["<｜tool▁sep｜>"])
    /// Kimi K2: `<|tool_call_begin|>functions.NAME:N<|tool_call_argument_begin|>{…}<|tool_call_end|>`.
    package static let kimiK2 = NamedCallMarkers(
        sectionOpen: "<|tool_calls_section_begin|>", callOpen: "<|tool_call_begin|>", namePrefix: "functions.",
        numbered: true, separator: "<|tool_call_argument_begin|>", callClose: "<|tool_call_end|>",
        sectionClose: "<|tool_calls_section_end|>", signature: ["<|tool_call_argument_begin|>"])
    /// Mistral's newer format (Devstral, Magistral, Ministral 3, Small 3.2): `[TOOL_CALLS]NAME[ARGS]{…}`.
    package static let mistralArgs = NamedCallMarkers(
        sectionOpen: "", callOpen: "[TOOL_CALLS]", separator: "[ARGS]", callClose: "", sectionClose: "",
        signature: ["[TOOL_CALLS]", "[ARGS]"])

    /// Most specific first.
    static let known: [NamedCallMarkers] = [deepSeekR1, deepSeekV31, kimiK2, mistralArgs]
}
