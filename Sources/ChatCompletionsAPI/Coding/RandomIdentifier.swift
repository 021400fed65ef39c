/// Identifiers in OpenAI's style: a prefix (`chatcmpl-`, `call_`) and 24 random letters and digits.
public enum RandomIdentifier {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// A new identifier with this prefix, followed by `length` letters and digits.
    public static func make(prefix: String, length: Int = 24) -> String {
        prefix + String((0..<length).map { _ in alphabet.randomElement()! })
    }

    /// `id` if it is `length` letters and digits, else `length` letters and digits derived from it
    /// (the same for the same `id`): for formats that accept only such ids (Mistral's nine).
    public static func fitted(_ id: String, length: Int) -> String {
        if id.count == length && id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { return id }
        // FNV-1a, 64 bits, spelled in the alphabet.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        var text = ""
        for _ in 0..<length {
            text.append(alphabet[Int(hash % UInt64(alphabet.count))])
            hash = hash / UInt64(alphabet.count) ^ (hash &* 0x9E37_79B9_7F4A_7C15)
        }
        return text
    }
}
