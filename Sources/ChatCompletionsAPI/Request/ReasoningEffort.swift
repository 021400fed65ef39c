/// How hard a reasoning model should think before answering.
public struct ReasoningEffort: OpenStringEnum {
    /// The wire spelling, e.g. `medium`.
    public var rawValue: String

    /// The effort with this wire spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// No reasoning.
    public static let none: ReasoningEffort = "none"
    /// The least reasoning that still reasons.
    public static let minimal: ReasoningEffort = "minimal"
    /// Little reasoning.
    public static let low: ReasoningEffort = "low"
    /// The usual amount.
    public static let medium: ReasoningEffort = "medium"
    /// More reasoning.
    public static let high: ReasoningEffort = "high"
    /// Even more reasoning.
    public static let xhigh: ReasoningEffort = "xhigh"
    /// As much reasoning as the model allows.
    public static let max: ReasoningEffort = "max"
}
