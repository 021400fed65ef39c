/// The values of `format` that this validator asserts. Any other format name is an annotation only,
/// as the specification allows, and checks nothing.
enum StringFormat: String, Sendable, CaseIterable {
    case date
    case time
    case dateTime = "date-time"
    case duration
    case uuid
    case email
    case hostname
    case ipv4
    case ipv6
    case uri
    case uriReference = "uri-reference"
    case jsonPointer = "json-pointer"
    case regex

    /// Whether `text` is well formed for this format.
    func accepts(_ text: String) -> Bool {
        switch self {
        case .date: return Self.isDate(text)
        case .time: return Self.isTime(text)
        case .dateTime: return Self.isDateTime(text)
        case .duration: return Self.isDuration(text)
        case .uuid: return Self.isUUID(text)
        case .email: return Self.isEmail(text)
        case .hostname: return Self.isHostname(text)
        case .ipv4: return Self.isIPv4(text)
        case .ipv6: return Self.isIPv6(text)
        case .uri: return Self.isURI(text, requireScheme: true)
        case .uriReference: return Self.isURI(text, requireScheme: false)
        case .jsonPointer: return JSONPointer.tokens(text) != nil
        case .regex: return (try? ECMARegex(text)) != nil
        }
    }

    /// A phrase naming this format in messages, such as "an RFC 3339 date-time".
    var phrase: String {
        switch self {
        case .date: return "an RFC 3339 full-date (YYYY-MM-DD)"
        case .time: return "an RFC 3339 full-time (HH:MM:SS with a time zone offset)"
        case .dateTime: return "an RFC 3339 date-time"
        case .duration: return "an ISO 8601 duration"
        case .uuid: return "a UUID"
        case .email: return "an email address"
        case .hostname: return "a host name"
        case .ipv4: return "an IPv4 address"
        case .ipv6: return "an IPv6 address"
        case .uri: return "an absolute URI"
        case .uriReference: return "a URI reference"
        case .jsonPointer: return "a JSON Pointer"
        case .regex: return "a regular expression"
        }
    }

    static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard isHexDigit(byte) else { return false }
            }
        }
        return true
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default: return false
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isAlpha(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
