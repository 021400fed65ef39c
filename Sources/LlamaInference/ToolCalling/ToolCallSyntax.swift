import ChatCompletionsAPI
import Foundation

/// How a model family writes tool calls in its output. Most carry calls as JSON objects
/// `{"name": …, "<argumentsKey>": {…}}` and differ in what surrounds them; the ``Family/named``
/// families write the name between markers and the arguments' JSON after it, the ``Family/xml``
/// families write each argument as an XML-like element, and gpt-oss writes harmony messages.
///
/// A new family is one value here (its markers, detected from its template) — see ARCHITECTURE.md.
package struct ToolCallSyntax: Sendable, Hashable {
    /// The families this server knows.
    package enum Family: String, Sendable, Hashable {
        /// Hermes, Qwen 2.5/3 and this server's generic format: `<tool_call>\n{…}\n</tool_call>` per call.
        case hermes
        /// Llama 3.x: the whole reply is `{"name": …, "parameters": {…}}`; one call per turn.
        case llama3
        /// A JSON list of call objects after a marker (``ListCallMarkers``): Mistral Nemo's
        /// `[TOOL_CALLS][{…}]`, Granite's `<|tool_call|>[…]`, FireFunction's ` functools[…]`,
        /// Command R7B's `<|START_ACTION|>[…]<|END_ACTION|>`.
        case list
        /// Families that write the function's name outside the arguments' JSON, between markers
        /// (``NamedCallMarkers``): DeepSeek R1 and V3.1+, Kimi K2, Mistral's `[TOOL_CALLS]name[ARGS]{…}`,
        /// Functionary v3.1's `<function=name>{…}</function>`.
        case named
        /// Families that write each argument as an element (``XMLCallMarkers``): Qwen3-Coder and
        /// Nemotron 3, Seed-OSS, GLM 4.5+, MiniMax M2.
        case xml
        /// gpt-oss's harmony format: messages on channels (`analysis` is thinking, `final` the
        /// answer); a call is a `commentary` message addressed `to=functions.NAME` with JSON arguments.
        case harmony
        /// LFM2's Python calls: `<|tool_call_start|>[name(key='value')]<|tool_call_end|>` (``PythonicCalls``).
        case pythonic
        /// Gemma 4's calls: `<|tool_call>call:name{key:<|"|>value<|"|>}<tool_call|>` (``GemmaCalls``).
        case gemma
    }

    package var family: Family
    /// The markers of a ``Family/named`` syntax.
    package var markers: NamedCallMarkers?
    /// The markers of a ``Family/list`` syntax.
    package var list: ListCallMarkers?
    /// The markers of a ``Family/xml`` syntax.
    package var xml: XMLCallMarkers?

    package init(family: Family) {
        self.family = family
        if family == .list { list = .mistral }
    }

    package init(markers: NamedCallMarkers) {
        family = .named
        self.markers = markers
    }

    package init(list: ListCallMarkers) {
        family = .list
        self.list = list
    }

    package init(xml: XMLCallMarkers) {
        family = .xml
        self.xml = xml
    }

    /// gpt-oss's harmony format.
    package static let harmony = ToolCallSyntax(family: .harmony)
    /// LFM2's Python calls.
    package static let pythonic = ToolCallSyntax(family: .pythonic)
    /// Gemma 4's calls.
    package static let gemma = ToolCallSyntax(family: .gemma)

    /// Text that opens the call region (empty for Llama 3, whose calls are bare JSON).
    var opening: String {
        switch family {
        case .hermes: return "<tool_call>"
        case .llama3: return ""
        case .list: return list?.open ?? ""
        case .named: return markers.map { $0.sectionOpen.isEmpty ? $0.callOpen : $0.sectionOpen } ?? ""
        case .xml: return xml?.sectionOpen.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        case .harmony: return HarmonyFormat.channel
        case .pythonic: return PythonicCalls.open
        case .gemma: return GemmaCalls.open
        }
    }

    /// Text that closes each call (Hermes only).
    var closing: String { family == .hermes ? "</tool_call>" : "" }

    /// The member holding the function's name.
    var nameKey: String { list?.nameKey ?? "name" }

    /// The member holding the arguments.
    var argumentsKey: String {
        if let list { return list.argumentsKey }
        return family == .llama3 ? "parameters" : "arguments"
    }

    /// How long a call id must be, when the family's templates accept only ids of letters and
    /// digits of one length (Mistral's nine); nil: any id.
    package var callIDLength: Int? { list == .mistral || markers == .mistralCallID ? 9 : nil }

    /// A new call id for this family.
    func makeCallID() -> String {
        callIDLength.map { RandomIdentifier.make(prefix: "", length: $0) } ?? ToolCallParser.randomID()
    }

    /// Whether one turn may hold several calls.
    var supportsParallelCalls: Bool { family != .llama3 && family != .harmony && list?.single != true }

    /// Picks the syntax a chat template was written for, from the markers in its source; nil when
    /// the template has no tool syntax this server knows.
    package static func detect(templateSource source: String) -> ToolCallSyntax? {
        if HarmonyFormat.matches(templateSource: source) { return .harmony }
        if GemmaCalls.matches(templateSource: source) { return .gemma }
        if let xml = XMLCallMarkers.known.first(where: { $0.matches(source) }) { return ToolCallSyntax(xml: xml) }
        if let markers = NamedCallMarkers.known.first(where: { $0.matches(source) }) {
            return ToolCallSyntax(markers: markers)
        }
        if let list = ListCallMarkers.known.first(where: { $0.matches(source) }) { return ToolCallSyntax(list: list) }
        if PythonicCalls.matches(templateSource: source) { return .pythonic }
        if source.contains("<tool_call>") { return ToolCallSyntax(family: .hermes) }
        if source.contains("<|start_header_id|>") && source.contains("\"parameters\"") {
            return ToolCallSyntax(family: .llama3)
        }
        return nil
    }

    /// One call written the way this family writes it (for rendering earlier assistant turns).
    package func render(name: String, arguments: String) -> String {
        let id = list?.idKey.map { "\"\($0)\": \"0\", " } ?? ""
        var object = "{\(id)\"\(nameKey)\": \(JSONValue.string(name).jsonString()), \"\(argumentsKey)\": \(arguments)}"
        if list?.nameIsKey == true { object = "{\(JSONValue.string(name).jsonString()): \(arguments)}" }
        switch family {
        case .hermes: return "<tool_call>\n\(object)\n</tool_call>"
        case .llama3: return object
        case .list:
            guard let list else { return object }
            return list.write([object])
        case .named:
            guard let markers else { return object }
            return markers.sectionOpen + markers.call(name: name, index: 0, arguments: arguments) + markers.sectionClose
        case .xml:
            guard let xml else { return object }
            let values = (try? JSONValue(parsing: arguments).objectValue) ?? [:]
            return xml.render(calls: [(name, values.map { ($0.key, $0.value) })])
        case .harmony:
            return HarmonyFormat.call(name: name, arguments: arguments)
        case .pythonic:
            return PythonicCalls.render([(name, arguments)])
        case .gemma:
            return GemmaCalls.render([(name, arguments)])
        }
    }
}

/// How a family that writes a JSON list of call objects lays it out: `open [ {…}, {…} ] close`,
/// each object naming the function in `nameKey` and holding the arguments in `argumentsKey`.
package struct ListCallMarkers: Sendable, Hashable {
    /// Opens the list (the `[` follows it).
    package var open: String
    /// Written after the list's `]` (empty: nothing).
    package var close = ""
    /// The member holding the function's name.
    package var nameKey = "name"
    /// The member holding the arguments.
    package var argumentsKey = "arguments"
    /// A member written before the name holding the call's number as a string (Command R7B's `tool_call_id`).
    package var idKey: String?
    /// Whether each object is `{"NAME": {arguments}}` (Apertus) rather than name and arguments members.
    package var nameIsKey = false
    /// Whether the calls are a JSON list (`[{…}, {…}]`); otherwise objects one per line (MiniMax M1),
    /// or a single object (GigaChat).
    package var bracketed = true
    /// Whether a turn holds one call at most.
    package var single = false
    /// Texts only this family's templates contain.
    var signature: [String]

    func matches(_ source: String) -> Bool { signature.allSatisfy { source.contains($0) } }

    /// Mistral Nemo and earlier: `[TOOL_CALLS][{"name": …, "arguments": {…}}]`.
    package static let mistral = ListCallMarkers(open: "[TOOL_CALLS]", signature: ["[TOOL_CALLS]"])
    /// IBM Granite 3.x and 4.x: `<|tool_call|>[{"name": …, "arguments": {…}}]`.
    package static let granite = ListCallMarkers(open: "<|tool_call|>", signature: ["<|tool_call|>"])
    /// FireFunction v2: ` functools[{"name": …, "arguments": {…}}]`.
    package static let fireFunction = ListCallMarkers(open: " functools", signature: ["functools["])
    /// Command R7B: `<|START_ACTION|>[{"tool_call_id": "0", "tool_name": …, "parameters": {…}}]<|END_ACTION|>`.
    package static let commandR7B = ListCallMarkers(
        open: "<|START_ACTION|>", close: "<|END_ACTION|>", nameKey: "tool_name", argumentsKey: "parameters",
        idKey: "tool_call_id", signature: ["<|START_ACTION|>", "tool_call_id"])

    /// Nemotron Nano v2: `<TOOLCALL>[{"name": …, "arguments": {…}}]</TOOLCALL>`.
    package static let nemotronV2 = ListCallMarkers(open: "<TOOLCALL>", close: "</TOOLCALL>", signature: ["<TOOLCALL>"])
    /// Apriel 1.5 and 1.6: `<tool_calls>[{"name": …, "arguments": {…}}]</tool_calls>`.
    package static let apriel = ListCallMarkers(
        open: "<tool_calls>", close: "</tool_calls>", signature: ["<tool_calls>[", "[BEGIN FINAL RESPONSE]"])

    /// Apertus: `<|tools_prefix|>[{"NAME": {…}}]<|tools_suffix|>`.
    package static let apertus = ListCallMarkers(
        open: "<|tools_prefix|>", close: "<|tools_suffix|>", nameIsKey: true, signature: ["<|tools_prefix|>"])

    /// MiniMax M1: `<tool_calls>\n{"name": …, "arguments": {…}}\n{…}\n</tool_calls>`.
    package static let miniMaxM1 = ListCallMarkers(
        open: "<tool_calls>", close: "</tool_calls>", bracketed: false,
        signature: ["<tool_calls>", "<beginning_of_sentence>"])
    /// GigaChat 3.1: `<|function_call|>{"name": …, "arguments": {…}}`, one call a turn.
    package static let gigaChat = ListCallMarkers(
        open: "<|function_call|>", bracketed: false, single: true, signature: ["<|function_call|>"])

    /// Most specific first.
    package static let known: [ListCallMarkers] = [
        commandR7B, granite, fireFunction, nemotronV2, apriel, apertus, miniMaxM1, gigaChat, mistral,
    ]

    /// A turn's calls as the family writes them, from call objects.
    func write(_ objects: [String]) -> String {
        guard bracketed else {
            return close.isEmpty
                ? open + objects.joined(separator: "\n") : open + "\n" + objects.joined(separator: "\n") + "\n" + close
        }
        return open + "[" + objects.joined(separator: ", ") + "]" + close
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
    /// Written after the name before a nine-character call id (Mistral Small 3.2's `[CALL_ID]`).
    package var callID: String?
    /// Between the name and the arguments.
    package var separator: String
    /// Closes one call (leading whitespace before it is allowed when parsing).
    package var callClose: String
    /// Closes the calls of a turn.
    package var sectionClose: String
    /// A name that is no function but the start of plain text (Functionary's `all`).
    package var contentRecipient: String?
    /// Whether the generation prompt ends with the first call's opening (Functionary v3.2's `>>>`).
    package var openedByPrompt = false
    /// A text only this family's templates contain.
    var signature: [String]

    func matches(_ source: String) -> Bool { signature.allSatisfy { source.contains($0) } }

    /// One call as the family writes it.
    func call(name: String, index: Int, arguments: String) -> String {
        let id = callID.map { $0 + String(format: "call%05d", index) } ?? ""
        return callOpen + namePrefix + name + (numbered ? ":\(index)" : "") + id + separator + arguments + callClose
    }

    /// The function name in what stands between the call's opening and the separator.
    func name(from raw: Substring) -> String {
        var name = raw.trimmingCharacters(in: .whitespacesAndNewlines)[...]
        if let callID, let range = name.range(of: callID) { name = name[..<range.lowerBound] }
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

    /// Mistral Small 3.2: `[TOOL_CALLS]NAME[CALL_ID]ID[ARGS]{…}`, a nine-character id per call.
    package static let mistralCallID = NamedCallMarkers(
        sectionOpen: "", callOpen: "[TOOL_CALLS]", callID: "[CALL_ID]", separator: "[ARGS]", callClose: "",
        sectionClose: "", signature: ["[TOOL_CALLS]", "[CALL_ID]", "[ARGS]"])
    /// Functionary v3.1 (Llama 3.1 based): `<function=NAME>{…}</function>`.
    package static let functionaryV31 = NamedCallMarkers(
        sectionOpen: "", callOpen: "<function=", separator: ">", callClose: "</function>", sectionClose: "",
        signature: ["<function=", "</function>"])
    /// Functionary v3.2: `>>>NAME\n{…}` (`>>>all\n` starts plain text, read as content).
    package static let functionaryV32 = NamedCallMarkers(
        sectionOpen: "", callOpen: ">>>", separator: "\n", callClose: "", sectionClose: "", contentRecipient: "all",
        openedByPrompt: true, signature: [">>>all"])

    /// Most specific first.
    package static let known: [NamedCallMarkers] = [
        deepSeekR1, deepSeekV31, kimiK2, mistralCallID, mistralArgs, functionaryV31, functionaryV32,
    ]
}
