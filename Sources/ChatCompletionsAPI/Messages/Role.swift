/// Who wrote a message: the role of a request message or of a response message or delta.
public struct Role: OpenStringEnum {
    /// The wire spelling, e.g. `assistant`.
    public var rawValue: String

    /// The role with this wire spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Instructions from the application (older models; `developer` on newer ones).
    public static let system: Role = "system"
    /// Instructions from the developer that the model should follow whatever the user says.
    public static let developer: Role = "developer"
    /// The end user.
    public static let user: Role = "user"
    /// The model.
    public static let assistant: Role = "assistant"
    /// The result of a tool call.
    public static let tool: Role = "tool"
}
