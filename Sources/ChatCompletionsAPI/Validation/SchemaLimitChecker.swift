/// Walks one JSON Schema and finds the first ``SchemaLimits`` bound it breaks.
///
/// The walk is one pass over the document, linear in its size, and interprets only the keywords
/// that hold subschemas or that the limits are about; everything else (unknown keywords, wrong
/// types) is left to whoever uses the schema. Totals (properties, enum values, characters) are
/// counted over the whole schema and reported with the place where they went over; nesting and
/// repetition counts are reported where they first break the bound.
package struct SchemaLimitChecker {
    let limits: SchemaLimits
    /// The request path of the schema (`response_format.json_schema.schema`).
    let root: String

    private var properties = 0
    private var propertiesOver: String?
    private var enumValues = 0
    private var enumValuesOver: String?
    private var characters = 0
    private var charactersOver: String?
    private var first: InvalidRequestError?

    /// Keywords with counts that the grammar expands.
    private static let counts = ["minItems", "maxItems", "minLength", "maxLength"]

    init(limits: SchemaLimits, root: String) {
        self.limits = limits
        self.root = root
    }

    /// The first broken bound of `schema`, or `nil`.
    mutating func check(_ schema: JSONValue) -> InvalidRequestError? {
        if let maximum = limits.maxSchemaBytes {
            let size = schema.serialized().count
            if size > maximum {
                return InvalidRequestError(
                    message:
                        "'\(root)' is \(size) bytes of JSON; a schema may be at most \(maximum) bytes. "
                        + "Simplify the schema.",
                    param: root, code: "schema_too_large")
            }
        }
        visit(schema, path: root, level: 0)
        if let first { return first }
        if let place = propertiesOver {
            return InvalidRequestError(
                message:
                    "'\(root)' has \(properties) object properties in total (the limit is crossed at '\(place)'); "
                    + "a schema may have at most \(limits.maxProperties).",
                param: place, code: "schema_too_large")
        }
        if let place = enumValuesOver {
            return InvalidRequestError(
                message:
                    "'\(root)' has \(enumValues) enum values in total (the limit is crossed at '\(place)'); "
                    + "a schema may have at most \(limits.maxEnumValues) across all its enums.",
                param: place, code: "schema_too_large")
        }
        if let place = charactersOver {
            return InvalidRequestError(
                message:
                    "'\(root)' has \(characters) characters of property names, definition names, enum and const "
                    + "values in total (the limit is crossed at '\(place)'); a schema may have at most "
                    + "\(limits.maxStringLength).",
                param: place, code: "schema_too_large")
        }
        return nil
    }

    private mutating func fail(_ path: String, _ message: String, code: String) {
        if first == nil { first = InvalidRequestError(message: message, param: path, code: code) }
    }

    private mutating func visit(_ schema: JSONValue, path: String, level: Int) {
        guard first == nil, case .object(let object) = schema else { return }
        var level = level
        if Self.isContainer(object) {
            level += 1
            if level > limits.maxNesting {
                fail(
                    path,
                    "'\(path)' is an object or array schema nested \(level) levels deep; schemas may nest objects "
                        + "and arrays at most \(limits.maxNesting) levels deep.",
                    code: "schema_too_large")
                return
            }
        }
        if let maximum = limits.maxRepetition {
            for keyword in Self.counts {
                guard let value = object[keyword], let number = value.doubleValue, number > Double(maximum) else {
                    continue
                }
                let place = memberPath(path, keyword)
                fail(
                    place,
                    "'\(place)' is \(value.jsonString()); repetition counts (minItems, maxItems, minLength, "
                        + "maxLength) may be at most \(maximum).",
                    code: "invalid_value")
            }
            if case .string(let pattern)? = object["pattern"], let count = Self.largestCount(in: pattern),
                count > maximum
            {
                let place = memberPath(path, "pattern")
                fail(
                    place,
                    "'\(place)' repeats something \(count == Int.max ? "too many" : String(count)) times; "
                        + "counts in {m,n} may be at most \(maximum).",
                    code: "invalid_value")
            }
        }
        for (keyword, place, subschema) in JSONSchemaKeywords.subschemas(of: object) {
            let location: String
            switch place {
            case .value: location = memberPath(path, keyword)
            case .index(let index): location = indexPath(memberPath(path, keyword), index)
            case .name(let name):
                location = memberPath(memberPath(path, keyword), name)
                if keyword == "properties" {
                    properties += 1
                    if properties > limits.maxProperties, propertiesOver == nil { propertiesOver = location }
                }
                if keyword == "properties" || JSONSchemaKeywords.definitions.contains(keyword) {
                    addCharacters(name.unicodeScalars.count, at: location)
                }
            }
            visit(subschema, path: location, level: level)
        }
        if case .array(let values)? = object["enum"] { checkEnum(values, at: memberPath(path, "enum")) }
        if let value = object["const"] { addCharacters(Self.length(of: value), at: memberPath(path, "const")) }
    }

    private mutating func checkEnum(_ values: [JSONValue], at place: String) {
        enumValues += values.count
        if enumValues > limits.maxEnumValues, enumValuesOver == nil { enumValuesOver = place }
        var stringLength = 0
        for value in values {
            let length = Self.length(of: value)
            if case .string = value { stringLength += length }
            addCharacters(length, at: place)
        }
        if values.count > limits.largeEnumThreshold, stringLength > limits.maxLargeEnumLength {
            fail(
                place,
                "'\(place)' has \(values.count) values whose strings total \(stringLength) characters; an enum of "
                    + "more than \(limits.largeEnumThreshold) values may total at most "
                    + "\(limits.maxLargeEnumLength) characters.",
                code: "schema_too_large")
        }
    }

    private mutating func addCharacters(_ count: Int, at place: String) {
        characters += count
        if characters > limits.maxStringLength, charactersOver == nil { charactersOver = place }
    }

    /// Characters a name or value counts for: a string's code points, any other value's JSON text.
    private static func length(of value: JSONValue) -> Int {
        if case .string(let text) = value { return text.unicodeScalars.count }
        return value.serialized().count
    }

    /// Whether a schema describes objects or arrays (and so is one level of nesting).
    private static func isContainer(_ object: JSONObject) -> Bool {
        let containerTypes: Set<String> = ["object", "array"]
        switch object["type"] {
        case .string(let type)? where containerTypes.contains(type): return true
        case .array(let types)? where types.contains(where: { $0.stringValue.map(containerTypes.contains) == true }):
            return true
        default:
            return ["properties", "items", "prefixItems", "additionalProperties", "patternProperties"].contains {
                object[$0]?.objectValue != nil || object[$0]?.arrayValue != nil
            }
        }
    }

    /// The largest number in the `{m}`, `{m,}` and `{m,n}` quantifiers of a regular expression
    /// (`Int.max` for one too long to read), or `nil` when it has none. Braces inside a character
    /// class or after a backslash, and braces that do not form a quantifier, are literals.
    package static func largestCount(in pattern: String) -> Int? {
        let scalars = Array(pattern.unicodeScalars)
        var largest: Int?
        var index = 0
        var inClass = false
        func number(at start: Int) -> (value: Int, end: Int)? {
            var end = start
            var value = 0
            while end < scalars.count, ("0"..."9").contains(scalars[end]) {
                let digit = Int(scalars[end].value) - 48
                value = value > Int.max / 20 ? Int.max / 2 : value * 10 + digit
                end += 1
            }
            return end > start ? (value, end) : nil
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" {
                index += 2
                continue
            }
            if inClass {
                if scalar == "]" { inClass = false }
                index += 1
                continue
            }
            if scalar == "[" {
                inClass = true
                index += 1
                if index < scalars.count, scalars[index] == "^" { index += 1 }
                if index < scalars.count, scalars[index] == "]" { index += 1 }
                continue
            }
            guard scalar == "{", let low = number(at: index + 1) else {
                index += 1
                continue
            }
            var end = low.end
            var high: Int?
            if end < scalars.count, scalars[end] == "," {
                end += 1
                if let parsed = number(at: end) {
                    high = parsed.value
                    end = parsed.end
                }
            }
            guard end < scalars.count, scalars[end] == "}" else {
                index += 1
                continue
            }
            let count = max(low.value, high ?? 0)
            largest = max(largest ?? 0, count >= Int.max / 2 ? Int.max : count)
            index = end + 1
        }
        return largest
    }
}
