/// The kind of a tool, of a tool call or of a named tool choice.
public struct ToolType: OpenStringEnum {
    /// The wire spelling, e.g. `function`.
    public var rawValue: String

    /// The kind with this wire spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A function whose arguments are a JSON object described by a JSON Schema.
    public static let function: ToolType = "function"
    /// A custom tool whose input is free text, optionally constrained by a grammar.
    public static let custom: ToolType = "custom"
}
