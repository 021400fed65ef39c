/// A string-valued enumeration of the contract that may grow: the known values are static members,
/// and any other string still decodes, round-trips and compares, so that a value a provider added
/// after this code was written (`service_tier: "on_demand"`, `finish_reason: "eos_token"`) never
/// makes a response unreadable.
public protocol OpenStringEnum: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
where RawValue == String {
    /// The value with this wire spelling.
    init(rawValue: String)
}

extension OpenStringEnum {
    /// The value with this wire spelling.
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }

    /// The value with this wire spelling.
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// The wire spelling.
    public var description: String { rawValue }
}
