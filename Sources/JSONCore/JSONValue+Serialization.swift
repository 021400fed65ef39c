extension JSONValue {
    /// How ``serialized(_:)`` lays out its text.
    public struct SerializationOptions: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Newlines and two-space indentation.
        public static let prettyPrinted = SerializationOptions(rawValue: 1)
        /// Object members sorted by name instead of kept in order.
        public static let sortedKeys = SerializationOptions(rawValue: 2)
    }

    /// This value as compact JSON text (UTF-8 bytes). Non-finite doubles, which JSON cannot carry,
    /// are written as `null`.
    public func serialized(_ options: SerializationOptions = []) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        write(into: &output, options: options, indent: 0)
        return output
    }

    /// This value as JSON text.
    public func jsonString(_ options: SerializationOptions = []) -> String {
        String(decoding: serialized(options), as: UTF8.self)
    }

    private func write(into output: inout [UInt8], options: SerializationOptions, indent: Int) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .double(let value): JSONValue.writeNumber(value, into: &output)
        case .string(let value): JSONValue.writeString(value, into: &output)
        case .array(let elements):
            if elements.isEmpty {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.newline(&output, options: options, indent: indent + 1)
                element.write(into: &output, options: options, indent: indent + 1)
            }
            JSONValue.newline(&output, options: options, indent: indent)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            let keys = options.contains(.sortedKeys) ? object.keys.sorted() : object.keys
            for (index, key) in keys.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.newline(&output, options: options, indent: indent + 1)
                JSONValue.writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                if options.contains(.prettyPrinted) { output.append(UInt8(ascii: " ")) }
                object[key]!.write(into: &output, options: options, indent: indent + 1)
            }
            JSONValue.newline(&output, options: options, indent: indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ output: inout [UInt8], options: SerializationOptions, indent: Int) {
        guard options.contains(.prettyPrinted) else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    /// Writes a double the shortest way that reads back to the same value.
    package static func writeNumber(_ value: Double, into output: inout [UInt8]) {
        guard value.isFinite else {
            output.append(contentsOf: "null".utf8)
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            // Integral values keep a fraction so they read back as numbers, not integers.
            output.append(contentsOf: String(value).utf8)  // e.g. "2.0"
            return
        }
        var text = String(value)  // shortest round-trip form, e.g. "0.1", "1e-05"
        if let e = text.firstIndex(of: "e") {
            // Swift writes "1e-05"; JSON allows it, but drop the zero padding for tidiness.
            let mantissa = text[..<e]
            var exponent = String(text[text.index(after: e)...])
            let sign = exponent.first == "-" ? "-" : ""
            exponent = String(exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" })
            text = "\(mantissa)e\(sign)\(exponent.isEmpty ? "0" : exponent)"
        }
        output.append(contentsOf: text.utf8)
    }

    /// Writes a JSON string literal: quotes, backslashes and control characters escaped, the rest raw UTF-8.
    package static func writeString(_ value: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                    hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
