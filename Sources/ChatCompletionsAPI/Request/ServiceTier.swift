/// The processing tier a request asks for, or that served a response.
public struct ServiceTier: OpenStringEnum {
    /// The wire spelling, e.g. `auto`.
    public var rawValue: String

    /// The tier with this wire spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Whatever the project's settings say.
    public static let auto: ServiceTier = "auto"
    /// Standard pricing and performance.
    public static let `default`: ServiceTier = "default"
    /// Cheaper, slower processing.
    public static let flex: ServiceTier = "flex"
    /// Reserved scale-tier capacity.
    public static let scale: ServiceTier = "scale"
    /// Faster processing at a higher price.
    public static let priority: ServiceTier = "priority"
    /// Low-latency processing.
    public static let fast: ServiceTier = "fast"
}
