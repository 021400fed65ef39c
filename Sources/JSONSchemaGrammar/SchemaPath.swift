/// A location in a schema document, kept as JSON Pointer reference tokens and written as a
/// fragment (`#/properties/name`).
struct SchemaPath: Hashable, Sendable {
    var tokens: [String]

    /// The whole document.
    static let root = SchemaPath(tokens: [])

    func appending(_ token: String) -> SchemaPath { SchemaPath(tokens: tokens + [token]) }

    func appending(_ index: Int) -> SchemaPath { appending(String(index)) }

    /// The fragment form: `#`, `#/properties/a~1b` (`~` and `/` escaped as JSON Pointer requires).
    var pointer: String {
        var text = "#"
        for token in tokens {
            text += "/"
            for character in token {
                switch character {
                case "~": text += "~0"
                case "/": text += "~1"
                default: text.append(character)
                }
            }
        }
        return text
    }

    /// Parses a local reference (`#`, `#/$defs/x`), percent-decoding and un-escaping its tokens;
    /// `nil` for anything that is not a local JSON Pointer fragment.
    init?(reference: String) {
        guard reference.first == "#" else { return nil }
        guard let decoded = SchemaPath.percentDecoded(reference.dropFirst()) else { return nil }
        if decoded.isEmpty {
            tokens = []
            return
        }
        guard decoded.first == "/" else { return nil }
        tokens = decoded.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { token in
            var result = ""
            var escaped = false
            for character in token {
                if escaped {
                    result.append(character == "1" ? "/" : character == "0" ? "~" : character)
                    escaped = false
                } else if character == "~" {
                    escaped = true
                } else {
                    result.append(character)
                }
            }
            return result
        }
    }

    /// `text` with `%XX` sequences decoded as UTF-8; `nil` when they are malformed.
    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    init(tokens: [String]) { self.tokens = tokens }
}
