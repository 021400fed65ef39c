/// Arguments a model wrote that the tool cannot take: not JSON, or not fitting its parameters.
public struct ToolArgumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with them.
    public var message: String

    /// An error with this message.
    public init(message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
