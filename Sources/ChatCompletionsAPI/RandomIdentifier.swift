/// Identifiers in OpenAI's style: a prefix (`chatcmpl-`, `call_`) and 24 random letters and digits.
public enum RandomIdentifier {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// A new identifier with this prefix.
    public static func make(prefix: String) -> String {
        prefix + String((0..<24).map { _ in alphabet.randomElement()! })
    }
}
