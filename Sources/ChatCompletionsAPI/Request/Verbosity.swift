/// How long and detailed the model's answer should be.
public struct Verbosity: OpenStringEnum {
    /// The wire spelling, e.g. `medium`.
    public var rawValue: String

    /// The verbosity with this wire spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Short answers.
    public static let low: Verbosity = "low"
    /// The usual length.
    public static let medium: Verbosity = "medium"
    /// Long, detailed answers.
    public static let high: Verbosity = "high"
}
