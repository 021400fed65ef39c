import JSONCore

/// Short plain-words renderings of values and counts, for messages.
enum Describe {
    /// "a string", "an integer", "null", … as a value's kind (1.0 is "a number").
    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The article-led name of a schema type: "an integer", "null".
    static func name(of type: InstanceType) -> String {
        switch type {
        case .null: return "null"
        case .boolean: return "a boolean"
        case .object: return "an object"
        case .array: return "an array"
        case .number: return "a number"
        case .string: return "a string"
        case .integer: return "an integer"
        }
    }

    /// `value` as compact JSON, shortened to about `limit` characters.
    static func value(_ value: JSONValue, limit: Int = 60) -> String {
        let text = value.jsonString()
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "…"
    }

    /// "1 item", "3 items"; "1 property", "2 properties".
    static func count(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(number) \(number == 1 ? singular : (plural ?? singular + "s"))"
    }

    /// "a", "a or b", "a, b or c" (with `conjunction` "or").
    static func list(_ items: [String], conjunction: String) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}
