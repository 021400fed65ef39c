import ChatCompletionsAPI
import Foundation
import JSONSchemaGrammar

/// How a family that writes each argument as an element lays out its calls, as its template
/// renders them: `sectionOpen (callOpen NAME nameClose (parameterOpen KEY keyClose VALUE valueClose)*
/// callClose)+ sectionClose`. A string argument is written as raw text, any other as JSON.
/// Reading is lenient about whitespace around the markers; grammars and rendering use them exactly.
package struct XMLCallMarkers: Sendable, Hashable {
    package var sectionOpen: String
    /// Opens one call, before its name (empty: the name follows the section's opening, as GLM's).
    package var callOpen: String
    /// Ends the name.
    package var nameClose: String
    package var parameterOpen: String
    /// Ends the key and opens the value.
    package var keyClose: String
    package var valueClose: String
    /// Closes one call (empty: the section's closing closes it).
    package var callClose: String
    package var sectionClose: String
    /// Whether one section holds several calls (MiniMax); otherwise each call has its own section.
    package var callsShareSection = false
    /// For DeepSeek's DSML: the key is followed by an attribute saying whether the value is raw
    /// text (`string="true"`) or JSON, and ``keyClose`` is used for strings, this for the others.
    package var jsonKeyClose: String?
    /// Texts only this family's templates contain.
    var signature: [String]

    func matches(_ source: String) -> Bool { signature.allSatisfy { source.contains($0) } }

    /// Qwen3-Coder, Qwen3.5 and Nemotron 3: `<tool_call>\n<function=NAME>\n<parameter=KEY>\nVALUE\n</parameter>\n</function>\n</tool_call>`.
    package static let qwen3Coder = XMLCallMarkers(
        sectionOpen: "<tool_call>\n", callOpen: "<function=", nameClose: ">\n", parameterOpen: "<parameter=",
        keyClose: ">\n", valueClose: "\n</parameter>\n", callClose: "</function>\n", sectionClose: "</tool_call>",
        signature: ["<function=", "<parameter="])
    /// Seed-OSS: `<seed:tool_call>\n<function=NAME>\n<parameter=KEY>VALUE</parameter>\n</function>\n</seed:tool_call>`.
    package static let seedOSS = XMLCallMarkers(
        sectionOpen: "<seed:tool_call>\n", callOpen: "<function=", nameClose: ">\n", parameterOpen: "<parameter=",
        keyClose: ">", valueClose: "</parameter>\n", callClose: "</function>\n", sectionClose: "</seed:tool_call>",
        signature: ["<seed:tool_call>"])
    /// GLM 4.5 and later: `<tool_call>NAME\n<arg_key>KEY</arg_key>\n<arg_value>VALUE</arg_value>\n</tool_call>`.
    package static let glm = XMLCallMarkers(
        sectionOpen: "<tool_call>", callOpen: "", nameClose: "\n", parameterOpen: "<arg_key>",
        keyClose: "</arg_key>\n<arg_value>", valueClose: "</arg_value>\n", callClose: "", sectionClose: "</tool_call>",
        signature: ["<arg_key>", "<arg_value>"])
    /// MiniMax M2: `<minimax:tool_call>\n<invoke name="NAME">\n<parameter name="KEY">VALUE</parameter>\n</invoke>\n</minimax:tool_call>`.
    package static let miniMax = XMLCallMarkers(
        sectionOpen: "<minimax:tool_call>\n", callOpen: "<invoke name=\"", nameClose: "\">\n",
        parameterOpen: "<parameter name=\"", keyClose: "\">", valueClose: "</parameter>\n", callClose: "</invoke>\n",
        sectionClose: "</minimax:tool_call>", callsShareSection: true, signature: ["<minimax:tool_call>"])

    /// DeepSeek V3.2's DSML: `<｜DSML｜function_calls>\n<｜DSML｜invoke name="NAME">\n<｜DSML｜parameter
    /// name="KEY" string="true|false">VALUE</｜DSML｜parameter>\n…</｜DSML｜invoke>\n</｜DSML｜function_calls>`.
    package static let dsmlV32 = dsml(block: "function_calls")
    /// DeepSeek V4's DSML: the same in a `tool_calls` block.
    package static let dsmlV4 = dsml(block: "tool_calls")

    private static func dsml(block: String) -> XMLCallMarkers {
        let token = "｜DSML｜"
        return XMLCallMarkers(
            sectionOpen: "<\(token)\(block)>\n", callOpen: "<\(token)invoke name=\"", nameClose: "\">\n",
            parameterOpen: "<\(token)parameter name=\"", keyClose: "\" string=\"true\">",
            valueClose: "</\(token)parameter>\n", callClose: "</\(token)invoke>\n", sectionClose: "</\(token)\(block)>",
            callsShareSection: true, jsonKeyClose: "\" string=\"false\">", signature: [token, "'\(block)>"])
    }

    /// Most specific first.
    package static let known: [XMLCallMarkers] = [dsmlV32, dsmlV4, seedOSS, miniMax, glm, qwen3Coder]

    /// What ends the key and opens a value of this kind.
    func keyClose(for kind: XMLArgumentKind) -> String {
        kind == .string ? keyClose : jsonKeyClose ?? keyClose
    }

    /// Calls as the family writes them.
    func render(calls: [(name: String, arguments: [(String, JSONValue)])]) -> String {
        func call(_ name: String, _ arguments: [(String, JSONValue)]) -> String {
            var text = callOpen + name + nameClose
            for (key, value) in arguments {
                let kind: XMLArgumentKind = value.stringValue == nil ? .json : .string
                text +=
                    parameterOpen + key + keyClose(for: kind) + (value.stringValue ?? value.jsonString()) + valueClose
            }
            return text + callClose
        }
        if callsShareSection {
            return sectionOpen + calls.map { call($0.name, $0.arguments) }.joined() + sectionClose
        }
        return calls.map { sectionOpen + call($0.name, $0.arguments) + sectionClose }.joined(separator: "\n")
    }

    /// The grammar rule of one call of `tool` (its arguments in the order of the schema's
    /// properties, required ones always, optional ones when the model writes them).
    func callRule(
        _ tool: Tool, index: Int, into builder: inout GrammarBuilder
    ) throws(SchemaConversionError) -> String {
        let schema = tool.function.parameters ?? ["type": "object", "properties": [:]]
        let strict = tool.function.strict ?? false
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        var parts = [GrammarBuilder.literal(callOpen + tool.function.name + nameClose)]
        let valueText = XMLArgumentKind.textRule(closing: valueClose)
        for (position, (key, property)) in (schema["properties"]?.objectValue ?? [:]).enumerated() {
            let value: String
            let kind = XMLArgumentKind(schema: property)
            if kind == .string {
                value = builder.addRule(
                    "xml-text-\(index)-\(position)", XMLArgumentKind.stringRule(property, text: valueText))
            } else {
                value = try builder.addSchema(property, name: "xml-arg-\(index)-\(position)", strict: strict)
            }
            let element =
                GrammarBuilder.literal(parameterOpen + key + keyClose(for: kind)) + " " + value + " "
                + GrammarBuilder.literal(valueClose)
            parts.append(required.contains(key) ? element : "( \(element) )?")
        }
        if !callClose.isEmpty { parts.append(GrammarBuilder.literal(callClose)) }
        return parts.joined(separator: " ")
    }

    /// The grammar of a turn's calls, each one of `alternatives` (rule names).
    func callsRule(_ call: String, many: Bool, maximum: Int) -> String {
        let open = GrammarBuilder.literal(sectionOpen)
        let close = GrammarBuilder.literal(sectionClose)
        if callsShareSection {
            return "\(open) \(call)\(many ? "{1,\(maximum)}" : "") \(close)"
        }
        let single = "\(open) \(call) \(close)"
        return many ? "\(single) (\(GrammarBuilder.literal("\n")) \(single)){0,\(maximum - 1)}" : single
    }
}

/// How an argument's value is written: raw text for string parameters, JSON for the others.
enum XMLArgumentKind: Equatable {
    case string
    case json
    /// No schema says: JSON when it parses, else text.
    case unknown

    init(schema: JSONValue?) {
        guard let schema else {
            self = .unknown
            return
        }
        switch schema["type"] {
        case .string("string")?: self = .string
        case .array(let types)?:
            self = types.contains(.string("string")) ? .string : .json
        case .string?: self = .json
        default:
            if let values = schema["enum"]?.arrayValue, !values.isEmpty, values.allSatisfy({ $0.stringValue != nil }) {
                self = .string
            } else if schema["const"]?.stringValue != nil {
                self = .string
            } else {
                self = .unknown
            }
        }
    }

    /// The kinds of each function's parameters.
    static func table(_ tools: [Tool]) -> [String: [String: XMLArgumentKind]] {
        var table: [String: [String: XMLArgumentKind]] = [:]
        for tool in tools {
            let properties = tool.function.parameters?["properties"]?.objectValue ?? [:]
            table[tool.function.name] = Dictionary(
                properties.map { ($0.key, XMLArgumentKind(schema: $0.value)) }, uniquingKeysWith: { first, _ in first })
        }
        return table
    }

    /// GBNF for raw text that cannot contain the value's closing marker (approximated as its first
    /// two non-space characters together).
    static func textRule(closing: String) -> String {
        ReasoningSyntax(open: "", close: closing.trimmingCharacters(in: .whitespacesAndNewlines)).bodyCharacter
    }

    /// GBNF for a string parameter's raw text: one of its `enum` values, or text within its length bounds.
    static func stringRule(_ schema: JSONValue, text: String) -> String {
        if let values = schema["enum"]?.arrayValue?.compactMap(\.stringValue), !values.isEmpty {
            return values.map(GrammarBuilder.literal).joined(separator: " | ")
        }
        if let value = schema["const"]?.stringValue { return GrammarBuilder.literal(value) }
        let minimum = schema["minLength"]?.intValue ?? 0
        let maximum = schema["maxLength"]?.intValue
        if minimum == 0 && maximum == nil { return "(\(text))*" }
        return "(\(text)){\(minimum),\(maximum.map(String.init) ?? "")}"
    }
}
