/// A JSON object read strictly, member by member, for request types decoded by hand (the Responses
/// and Messages requests): every problem is an ``InvalidRequestError`` naming the member's path
/// (`messages[2].content[0].type`), members nobody read can be refused by name, and numbers are
/// read as JSON means them (`2.0` is the integer 2).
public struct JSONFields: Sendable {
    /// The object's members.
    public let object: JSONObject
    /// The object's path in the request ("" for the body itself).
    public let path: String

    /// The object `value` at `path`; anything else is refused as not an object.
    public init(_ value: JSONValue, at path: String = "") throws(InvalidRequestError) {
        guard case .object(let object) = value else {
            throw InvalidRequestError(
                message: path.isEmpty
                    ? "The request body must be a JSON object." : "'\(path)' must be an object, not \(value.typeName).",
                param: path.isEmpty ? nil : path, code: "invalid_type")
        }
        self.object = object
        self.path = path
    }

    /// A request body: JSON text that must parse (a 400 with line and column when it does not) and
    /// be an object.
    public init(requestBody bytes: some Collection<UInt8>) throws(InvalidRequestError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Array(bytes))
        } catch {
            throw InvalidRequestError(error)
        }
        try self.init(value)
    }

    /// Refuses, in the order of their names, members this server knows but does not provide
    /// (`unsupported`: name → why, a sentence), then members it does not know (outside `known`).
    public func refuseMembers(unsupported: [String: String], known: Set<String>) throws(InvalidRequestError) {
        for key in object.keys.sorted() {
            if let why = unsupported[key] {
                throw InvalidRequestError(
                    message: "'\(path(key))' is not supported: \(why)", param: path(key), code: "unsupported_parameter")
            }
        }
        try refuseUnknown(known)
    }

    /// The path of a member.
    public func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Refuses a member not in `known`, naming it.
    public func refuseUnknown(_ known: Set<String>) throws(InvalidRequestError) {
        for key in object.keys.sorted() where !known.contains(key) {
            throw InvalidRequestError(
                message: "Unrecognized request argument supplied: \(path(key)).", param: path(key),
                code: "unknown_parameter")
        }
    }

    /// A member's value; `null` counts as absent.
    public func value(_ key: String) -> JSONValue? {
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    /// Whether the member is there (and not null).
    public func has(_ key: String) -> Bool { value(key) != nil }

    public func string(_ key: String) throws(InvalidRequestError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw typeError(key, "a string", value) }
        return text
    }

    public func requiredString(_ key: String) throws(InvalidRequestError) -> String {
        guard let text = try string(key) else { throw missing(key) }
        return text
    }

    public func bool(_ key: String) throws(InvalidRequestError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw typeError(key, "a boolean", value) }
        return flag
    }

    /// An integer, from a JSON number without a fractional part.
    public func int(_ key: String) throws(InvalidRequestError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue else { throw typeError(key, "an integer", value) }
        return number
    }

    public func requiredInt(_ key: String) throws(InvalidRequestError) -> Int {
        guard let number = try int(key) else { throw missing(key) }
        return number
    }

    public func double(_ key: String) throws(InvalidRequestError) -> Double? {
        guard let value = value(key) else { return nil }
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: throw typeError(key, "a number", value)
        }
    }

    /// A number within `range`.
    public func double(_ key: String, in range: ClosedRange<Double>) throws(InvalidRequestError) -> Double? {
        guard let number = try double(key) else { return nil }
        guard range.contains(number) else {
            throw InvalidRequestError(
                message: "'\(path(key))' must be between \(range.lowerBound) and \(range.upperBound), not \(number).",
                param: path(key), code: "invalid_value")
        }
        return number
    }

    /// An integer of at least `minimum`.
    public func int(_ key: String, atLeast minimum: Int) throws(InvalidRequestError) -> Int? {
        guard let number = try int(key) else { return nil }
        guard number >= minimum else {
            throw InvalidRequestError(
                message: "'\(path(key))' must be at least \(minimum), not \(number).", param: path(key),
                code: "invalid_value")
        }
        return number
    }

    /// An array's elements with their paths.
    public func array(_ key: String) throws(InvalidRequestError) -> [(value: JSONValue, path: String)]? {
        guard let value = value(key) else { return nil }
        guard case .array(let elements) = value else { throw typeError(key, "an array", value) }
        return elements.enumerated().map { ($0.element, "\(path(key))[\($0.offset)]") }
    }

    /// A member that must be an object.
    public func fields(_ key: String) throws(InvalidRequestError) -> JSONFields? {
        guard let value = value(key) else { return nil }
        return try JSONFields(value, at: path(key))
    }

    /// A string member that must be one of `allowed`.
    public func choice(_ key: String, _ allowed: [String]) throws(InvalidRequestError) -> String? {
        guard let text = try string(key) else { return nil }
        guard allowed.contains(text) else {
            throw InvalidRequestError(
                message: "Invalid value for '\(path(key))': '\(text)'. Supported values are: "
                    + allowed.map { "'\($0)'" }.joined(separator: ", ") + ".",
                param: path(key), code: "invalid_value")
        }
        return text
    }

    /// A member is missing.
    public func missing(_ key: String) -> InvalidRequestError {
        InvalidRequestError(
            message: "Missing required parameter: '\(path(key))'.", param: path(key), code: "missing_required_parameter"
        )
    }

    /// A member has the wrong type.
    public func typeError(_ key: String, _ expected: String, _ value: JSONValue) -> InvalidRequestError {
        InvalidRequestError(
            message: "Invalid type for '\(path(key))': expected \(expected), but got \(value.typeName).",
            param: path(key), code: "invalid_type")
    }

    /// A problem with a member's value.
    public func invalid(_ key: String, _ message: String) -> InvalidRequestError {
        InvalidRequestError(message: message, param: path(key), code: "invalid_value")
    }
}
