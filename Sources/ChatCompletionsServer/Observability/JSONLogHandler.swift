import ChatCompletionsAPI
import Foundation
import Hummingbird
public import Logging

/// A log handler that writes one JSON object per line, for log collectors:
/// `{"time","level","label","message","request_id"?,"source","metadata"?}`. `time` is UTC ISO 8601
/// with milliseconds; `request_id` is lifted out of the metadata when the line belongs to a request
/// (see ``RequestIDMiddleware``); the rest of the metadata, including the metadata provider's,
/// stays under `metadata`.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable ([UInt8]) -> Void

    /// A handler for `label` that writes to standard error.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.init(label: label, metadataProvider: metadataProvider, write: Self.standardError)
    }

    /// A handler for `label` that hands each line, newline included, to `write`.
    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable ([UInt8]) -> Void
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var line = JSONObject()
        line["time"] = .string(Date().formatted(Self.timeFormat))
        line["level"] = .string(event.level.rawValue)
        line["label"] = .string(label)
        line["message"] = .string(event.message.description)
        if let id = merged.removeValue(forKey: RequestIDMiddleware<BasicRequestContext>.metadataKey) {
            line["request_id"] = .string(id.description)
        }
        line["source"] = .string(event.source)
        if !merged.isEmpty { line["metadata"] = Self.json(.dictionary(merged)) }
        write(JSONValue.object(line).serialized() + [UInt8(ascii: "\n")])
    }

    private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// A metadata value as JSON: strings stay strings, other values become their descriptions.
    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let string): .string(string)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let members):
            .object(JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) }))
        }
    }

    private static let lock = NSLock()

    /// Writes a whole line at once, so lines of concurrent requests never interleave.
    private static let standardError: @Sendable ([UInt8]) -> Void = { bytes in
        lock.withLock { FileHandle.standardError.write(Data(bytes)) }
    }
}
