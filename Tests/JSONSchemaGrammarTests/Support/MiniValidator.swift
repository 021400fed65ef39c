import Foundation
import JSONCore

/// A small JSON Schema validator for the keywords the sampling tests use, independent of the
/// converter: type, enum, const, properties, required, additionalProperties, items, prefixItems,
/// counts, lengths, numeric bounds, pattern, anyOf, oneOf, allOf and local $ref. Returns the
/// first violation found, or `nil`.
struct MiniValidator {
    let root: JSONValue

    func violation(_ value: JSONValue, _ schema: JSONValue, at path: String = "") -> String? {
        guard case .object(let s) = schema else { return schema == .bool(false) ? "\(path): false schema" : nil }
        if let reference = s["$ref"]?.stringValue {
            var target = root
            for token in reference.dropFirst(2).split(separator: "/") { target = target[String(token)] ?? .null }
            if let problem = violation(value, target, at: path) { return problem }
        }
        if let types = s["type"] {
            let names = types.arrayValue?.compactMap(\.stringValue) ?? [types.stringValue!]
            let actual = value.typeName
            let ok =
                names.contains(actual) || (actual == "integer" && names.contains("number"))
                || (actual == "number" && names.contains("integer") && value.intValue != nil)
            if !ok { return "\(path): \(actual) is not \(names)" }
        }
        if let options = s["enum"]?.arrayValue, !options.contains(where: { same($0, value) }) {
            return "\(path): not in enum"
        }
        if let constant = s["const"], !same(constant, value) { return "\(path): not the const" }
        for keyword in ["anyOf", "oneOf"] {
            if let branches = s[keyword]?.arrayValue,
                !branches.contains(where: { violation(value, $0, at: path) == nil })
            {
                return "\(path): no \(keyword) branch matches"
            }
        }
        for part in s["allOf"]?.arrayValue ?? [] {
            if let problem = violation(value, part, at: path) { return problem }
        }
        switch value {
        case .object(let object):
            let properties = s["properties"]?.objectValue ?? [:]
            for name in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !object.contains(name) {
                return "\(path): missing \(name)"
            }
            for (key, member) in object {
                if let property = properties[key] {
                    if let problem = violation(member, property, at: "\(path)/\(key)") { return problem }
                } else if let additional = s["additionalProperties"] {
                    if let problem = violation(member, additional, at: "\(path)/\(key)") { return problem }
                }
            }
        case .array(let elements):
            if let minimum = s["minItems"]?.intValue, elements.count < minimum { return "\(path): too few items" }
            if let maximum = s["maxItems"]?.intValue, elements.count > maximum { return "\(path): too many items" }
            let prefix = s["prefixItems"]?.arrayValue ?? []
            for (index, element) in elements.enumerated() {
                let itemSchema = index < prefix.count ? prefix[index] : s["items"]
                if let itemSchema, let problem = violation(element, itemSchema, at: "\(path)/\(index)") {
                    return problem
                }
            }
        case .string(let text):
            let length = text.unicodeScalars.count
            if let minimum = s["minLength"]?.intValue, length < minimum { return "\(path): too short" }
            if let maximum = s["maxLength"]?.intValue, length > maximum { return "\(path): too long" }
            if let pattern = s["pattern"]?.stringValue {
                let expression = try! NSRegularExpression(pattern: pattern.replacingOccurrences(of: "$", with: "\\z"))
                if expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                    return "\(path): \(text.debugDescription) does not match \(pattern)"
                }
            }
        case .int, .double:
            let number = value.doubleValue!
            if let bound = s["minimum"]?.doubleValue, number < bound { return "\(path): below minimum" }
            if let bound = s["maximum"]?.doubleValue, number > bound { return "\(path): above maximum" }
            if let bound = s["exclusiveMinimum"]?.doubleValue, number <= bound { return "\(path): not above minimum" }
            if let bound = s["exclusiveMaximum"]?.doubleValue, number >= bound { return "\(path): not below maximum" }
        default: break
        }
        return nil
    }

    private func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }
}
