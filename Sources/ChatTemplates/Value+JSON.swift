/// Python's `json.dumps` for template values, which is what transformers' `tojson` filter calls.
extension Value {
    func pythonJSON(options: JSONOptions) throws(TemplateError) -> String {
        var output = ""
        var path: [ObjectIdentifier] = []
        try writeJSON(into: &output, options: options, level: 0, path: &path)
        return output
    }

    private func writeJSON(
        into output: inout String, options: JSONOptions, level: Int, path: inout [ObjectIdentifier]
    ) throws(TemplateError) {
        switch self.unmarked {
        case .none: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value): output += Value.jsonFloat(value)
        case .string(let value): Value.writeJSONString(value, into: &output, ensureASCII: options.ensureASCII)
        case .list(let storage):
            try Value.enter(ObjectIdentifier(storage), &path)
            defer { path.removeLast() }
            try Value.writeJSONArray(storage.elements, into: &output, options: options, level: level, path: &path)
        case .tuple(let items):
            try Value.writeJSONArray(items, into: &output, options: options, level: level, path: &path)
        case .dict(let storage):
            try Value.enter(ObjectIdentifier(storage), &path)
            defer { path.removeLast() }
            var pairs: [(key: String, value: Value)] = []
            var entries = Array(storage.dict.items)
            if options.sortKeys {
                entries = try Value.sortedEntries(entries)
            }
            for (key, value) in entries {
                let name: String
                switch key.unmarked {
                case .string(let string): name = string
                case .int(let int): name = String(int)
                case .double(let double): name = Value.jsonFloat(double)
                case .bool(let flag): name = flag ? "true" : "false"
                case .none: name = "null"
                default: throw TemplateError("keys must be str, int, float, bool or None, not \(key.typeName)")
                }
                pairs.append((name, value))
            }
            if pairs.isEmpty {
                output += "{}"
                return
            }
            output += "{"
            for (index, pair) in pairs.enumerated() {
                if index > 0 { output += options.itemSeparator }
                Value.newline(&output, options: options, level: level + 1)
                Value.writeJSONString(pair.key, into: &output, ensureASCII: options.ensureASCII)
                output += options.keySeparator
                try pair.value.writeJSON(into: &output, options: options, level: level + 1, path: &path)
            }
            Value.newline(&output, options: options, level: level)
            output += "}"
        default:
            let name =
                switch self {
                case .undefined: "Undefined"
                case .function(let function):
                    if case .macro = function.kind { "Macro" } else { "builtin_function_or_method" }
                default: typeName
                }
            throw TemplateError("Object of type \(name) is not JSON serializable")
        }
    }

    private static func enter(_ identifier: ObjectIdentifier, _ path: inout [ObjectIdentifier]) throws(TemplateError) {
        guard !path.contains(identifier) else { throw TemplateError("Circular reference detected") }
        guard path.count < 500 else {
            throw TemplateError("maximum recursion depth exceeded while encoding a JSON object")
        }
        path.append(identifier)
    }

    private static func sortedEntries(_ entries: [(Value, Value)]) throws(TemplateError) -> [(Value, Value)] {
        let sortedKeys = try Renderer.sorted(entries.map(\.0), reverse: false) { $0 }
        var result: [(Value, Value)] = []
        var remaining = entries
        for key in sortedKeys {
            if let index = remaining.firstIndex(where: { $0.0.pythonEquals(key) }) {
                result.append(remaining.remove(at: index))
            }
        }
        return result
    }

    private static func writeJSONArray(
        _ items: [Value], into output: inout String, options: JSONOptions, level: Int, path: inout [ObjectIdentifier]
    ) throws(TemplateError) {
        if items.isEmpty {
            output += "[]"
            return
        }
        output += "["
        for (index, item) in items.enumerated() {
            if index > 0 { output += options.itemSeparator }
            newline(&output, options: options, level: level + 1)
            try item.writeJSON(into: &output, options: options, level: level + 1, path: &path)
        }
        newline(&output, options: options, level: level)
        output += "]"
    }

    private static func newline(_ output: inout String, options: JSONOptions, level: Int) {
        guard let indent = options.indent else { return }
        output += "\n"
        for _ in 0..<level { output += indent }
    }

    /// `float.__repr__`, with Python's names for the values JSON cannot write.
    private static func jsonFloat(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return PythonFormat.floatRepr(value)
    }

    private static func writeJSONString(_ value: String, into output: inout String, ensureASCII: Bool) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 || (ensureASCII && scalar.value > 0x7E) {
                    if scalar.value > 0xFFFF {
                        let offset = scalar.value - 0x10000
                        output += "\\u" + PythonFormat.hex(0xD800 + (offset >> 10), width: 4)
                        output += "\\u" + PythonFormat.hex(0xDC00 + (offset & 0x3FF), width: 4)
                    } else {
                        output += "\\u" + PythonFormat.hex(scalar.value, width: 4)
                    }
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
