/// A kind of output the model may produce (`modalities` in the request).
public struct Modality: OpenStringEnum {
    /// The wire spelling, e.g. `text`.
    public var rawValue: String

    /// The modality with this wire spelling.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Text output.
    public static let text: Modality = "text"
    /// Spoken output; needs the request's `audio` options.
    public static let audio: Modality = "audio"
}
