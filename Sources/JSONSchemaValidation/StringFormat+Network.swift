extension StringFormat {
    /// Dotted-quad IPv4 (RFC 2673): four decimal parts 0–255, ASCII digits, no leading zeros.
    static func isIPv4(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(isDigit) else { return false }
            if part.count > 1 && part.first == UInt8(ascii: "0") { return false }
            let value = part.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            guard value <= 255 else { return false }
        }
        return true
    }

    /// IPv6 text forms (RFC 4291 section 2.2): eight groups of 1–4 hex digits, `::` once at most for
    /// a run of zero groups, and optionally a dotted-quad IPv4 address in place of the last two.
    static func isIPv6(_ text: String) -> Bool {
        guard text.utf8.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else {
            return false
        }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return false }
        func groups(_ part: Substring, mayEndInIPv4: Bool) -> Int? {
            if part.isEmpty { return 0 }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            var count = 0
            for (index, piece) in pieces.enumerated() {
                if piece.contains(".") {
                    guard mayEndInIPv4, index == pieces.count - 1, isIPv4(String(piece)) else { return nil }
                    count += 2
                } else {
                    guard (1...4).contains(piece.utf8.count) else { return nil }
                    count += 1
                }
            }
            return count
        }
        if halves.count == 2 {
            guard let head = groups(halves[0], mayEndInIPv4: false),
                let tail = groups(halves[1], mayEndInIPv4: true)
            else { return false }
            return head + tail <= 7
        }
        return groups(halves[0], mayEndInIPv4: true) == 8
    }

    /// A DNS host name (RFC 1123): dot-separated labels of letters, digits and hyphens, 1–63 bytes
    /// each, not starting or ending with a hyphen, 253 bytes in all; a final dot is allowed.
    static func isHostname(_ text: String) -> Bool {
        var name = Substring(text)
        if name.hasSuffix(".") { name = name.dropLast() }
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            let bytes = Array(label.utf8)
            guard (1...63).contains(bytes.count), bytes.allSatisfy({ isAlpha($0) || isDigit($0) || $0 == 45 })
            else { return false }
            if bytes.first == 45 || bytes.last == 45 { return false }
            // "--" in the third and fourth places is reserved for IDNA ("xn--") labels.
            if bytes.count >= 4, bytes[2] == 45, bytes[3] == 45, label.prefix(2).lowercased() != "xn" {
                return false
            }
        }
        return true
    }

    /// An email address (RFC 5321 mailbox): a dot-atom or quoted local part, `@`, and a host name
    /// or an address literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`).
    static func isEmail(_ text: String) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty else { return false }
        if local.hasPrefix("\"") {
            guard local.count >= 2, local.hasSuffix("\"") else { return false }
            var escaped = false
            for byte in local.utf8.dropFirst().dropLast() {
                if escaped {
                    guard byte >= 0x20 && byte < 0x7F else { return false }
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else {
                    guard byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") else { return false }
                }
            }
            if escaped { return false }
        } else {
            let atomExtras = Array("!#$%&'*+-/=?^_`{|}~".utf8)
            for atom in local.split(separator: ".", omittingEmptySubsequences: false) {
                guard !atom.isEmpty,
                    atom.utf8.allSatisfy({ isAlpha($0) || isDigit($0) || atomExtras.contains($0) })
                else { return false }
            }
        }
        if domain.hasPrefix("[") {
            guard domain.hasSuffix("]"), domain.count >= 2 else { return false }
            let literal = domain.dropFirst().dropLast()
            if literal.hasPrefix("IPv6:") { return isIPv6(String(literal.dropFirst(5))) }
            return isIPv4(String(literal))
        }
        return isHostname(String(domain))
    }

    /// A URI (`requireScheme`) or URI reference per RFC 3986: only the characters it allows,
    /// well-formed percent escapes, a valid scheme, and an authority with a sensible host and port.
    static func isURI(_ text: String, requireScheme: Bool) -> Bool {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            guard isComponent(rest[rest.index(after: hash)...], extra: "/?") else { return false }
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            guard isComponent(rest[rest.index(after: question)...], extra: "/?") else { return false }
            rest = rest[..<question]
        }
        let firstColon = rest.firstIndex(of: ":")
        let firstSlash = rest.firstIndex(of: "/")
        if let colon = firstColon, firstSlash.map({ colon < $0 }) ?? true {
            // What precedes the first colon, before any slash, can only be a scheme.
            let scheme = rest[..<colon].utf8
            guard let first = scheme.first, isAlpha(first),
                scheme.allSatisfy({ isAlpha($0) || isDigit($0) || $0 == 43 || $0 == 45 || $0 == 46 })
            else { return false }
            rest = rest[rest.index(after: colon)...]
        } else if requireScheme {
            return false
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            guard isAuthority(rest[..<end]) else { return false }
            rest = rest[end...]
        }
        return isComponent(rest, extra: "/")
    }

    /// `userinfo@host:port`, each part optional but the host.
    private static func isAuthority(_ authority: Substring) -> Bool {
        var rest = authority
        if let at = rest.lastIndex(of: "@") {
            guard isComponent(rest[..<at], extra: ":", allowAt: false) else { return false }
            rest = rest[rest.index(after: at)...]
        }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return false }
            let literal = rest[rest.index(after: rest.startIndex)..<close]
            let isFuture = literal.first == "v" || literal.first == "V"
            guard isFuture ? isComponent(literal.dropFirst(), extra: ":") : isIPv6(String(literal)) else {
                return false
            }
            rest = rest[rest.index(after: close)...]
            if rest.isEmpty { return true }
            guard rest.first == ":" else { return false }
            return rest.dropFirst().utf8.allSatisfy(isDigit)
        }
        if let colon = rest.lastIndex(of: ":") {
            guard rest[rest.index(after: colon)...].utf8.allSatisfy(isDigit) else { return false }
            rest = rest[..<colon]
        }
        return isComponent(rest, extra: "", allowColon: false, allowAt: false)
    }

    /// Whether `part` holds only unreserved characters, sub-delimiters, `%XX` escapes, `:` and `@`
    /// (unless excluded) and the characters in `extra`.
    private static func isComponent(
        _ part: Substring, extra: String, allowColon: Bool = true, allowAt: Bool = true
    ) -> Bool {
        let bytes = Array(part.utf8)
        let extraBytes = Array(extra.utf8)
        let subDelimiters = Array("!$&'()*+,;=".utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, isHexDigit(bytes[index + 1]), isHexDigit(bytes[index + 2]) else {
                    return false
                }
                index += 3
                continue
            }
            let allowed =
                isAlpha(byte) || isDigit(byte) || byte == 45 || byte == 46 || byte == 95 || byte == 126
                || subDelimiters.contains(byte) || extraBytes.contains(byte)
                || (allowColon && byte == UInt8(ascii: ":")) || (allowAt && byte == UInt8(ascii: "@"))
            guard allowed else { return false }
            index += 1
        }
        return true
    }
}
