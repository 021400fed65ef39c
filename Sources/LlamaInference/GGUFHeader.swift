public import ChatInference
import Foundation

/// The metadata and tensor list at the start of a GGUF file, read without loading the weights: what
/// the model list shows for models that are not loaded, and a first check that a file is a model at
/// all. Only scalar and string values are kept; arrays (the vocabulary) are skipped.
package struct GGUFHeader: Sendable, Hashable {
    /// A metadata value this reader keeps.
    enum Value: Sendable, Hashable {
        case int(Int64)
        case float(Double)
        case bool(Bool)
        case string(String)

        var intValue: Int? {
            switch self {
            case .int(let value): return Int(value)
            case .float(let value) where value == value.rounded(): return Int(value)
            default: return nil
            }
        }

        var doubleValue: Double? {
            switch self {
            case .int(let value): return Double(value)
            case .float(let value): return value
            default: return nil
            }
        }
    }

    /// Format version (2 or 3).
    var version: Int
    /// Scalar and string metadata by key.
    var values: [String: Value]
    /// Keys of array values (kept by name only).
    package var arrayKeys: Set<String>
    /// Number of weights over all tensors.
    package var parameterCount: Int
    /// Number of tensors.
    var tensorCount: Int
    /// The storage type of most weights, as ggml numbers them.
    var commonTensorType: Int?

    /// Why a file is not a readable GGUF model.
    package struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        package var description: String
    }

    /// Reads the header of the file at `path`.
    package init(path: String) throws(Failure) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(description: "cannot open \(path)") }
        defer { try? handle.close() }
        var reader = Reader(handle: handle)
        do {
            guard Array(try reader.bytes(4)) == [0x47, 0x47, 0x55, 0x46] else {
                throw Failure(description: "not a GGUF file (it does not start with the GGUF magic bytes)")
            }
            let version = Int(try reader.u32())
            guard version == 2 || version == 3 else {
                throw Failure(description: "GGUF version \(version) is not supported (2 and 3 are)")
            }
            let tensors = try reader.u64()
            let pairs = try reader.u64()
            guard tensors < 1 << 24, pairs < 1 << 24 else {
                throw Failure(description: "the header declares \(tensors) tensors and \(pairs) values: corrupt")
            }
            var values: [String: Value] = [:]
            var arrayKeys: Set<String> = []
            for _ in 0..<pairs {
                let key = try reader.string()
                let type = try reader.u32()
                if type == 9 {
                    try reader.skipArray()
                    arrayKeys.insert(key)
                } else if let value = try reader.value(type: type, keep: true) {
                    values[key] = value
                }
            }
            var parameters = 0
            var weightsByType: [Int: Int] = [:]
            for _ in 0..<tensors {
                _ = try reader.string()
                let dimensions = try reader.u32()
                guard dimensions <= 8 else {
                    throw Failure(description: "a tensor has \(dimensions) dimensions: corrupt")
                }
                var elements = 1
                for _ in 0..<dimensions {
                    let size = try reader.u64()
                    guard size < 1 << 40 else { throw Failure(description: "a tensor dimension of \(size): corrupt") }
                    elements = elements.multipliedReportingOverflow(by: Int(size)).partialValue
                }
                let type = Int(try reader.u32())
                _ = try reader.u64()  // offset into the data section
                parameters += elements
                weightsByType[type, default: 0] += elements
            }
            self.version = version
            self.values = values
            self.arrayKeys = arrayKeys
            self.parameterCount = parameters
            self.tensorCount = Int(tensors)
            self.commonTensorType = weightsByType.max { $0.value < $1.value }?.key
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "cannot read the GGUF header: \(error)")
        }
    }

    /// The architecture, e.g. `llama`.
    package var architecture: String? {
        if case .string(let name)? = values["general.architecture"] { return name }
        return nil
    }

    /// Whether the file carries a chat template.
    package var hasChatTemplate: Bool { values["tokenizer.chat_template"] != nil }

    /// The context length the model was trained with.
    package var trainingContextLength: Int? { architecture.flatMap { values["\($0).context_length"]?.intValue } }

    /// The quantization, from `general.file_type` (llama.cpp's names), else the most common tensor type.
    package var quantization: String? {
        if let fileType = values["general.file_type"]?.intValue, let name = GGUFHeader.fileTypes[fileType] {
            return name
        }
        return commonTensorType.flatMap { GGUFHeader.tensorTypes[$0] }
    }

    /// The sampling values the file recommends (`general.sampling.*`, as llama.cpp writes them).
    package var generationDefaults: GenerationDefaults {
        GenerationDefaults(
            temperature: values["general.sampling.temp"]?.doubleValue,
            topP: values["general.sampling.top_p"]?.doubleValue,
            topK: values["general.sampling.top_k"]?.intValue,
            minP: values["general.sampling.min_p"]?.doubleValue,
            repetitionPenalty: values["general.sampling.penalty_repeat"]?.doubleValue)
    }

    static let fileTypes: [Int: String] = [
        0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K", 11: "Q3_K_S",
        12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K",
        19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL",
        26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0",
        37: "TQ2_0", 38: "MXFP4_MOE",
    ]

    static let tensorTypes: [Int: String] = [
        0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0", 9: "Q8_1", 10: "Q2_K",
        11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K", 30: "BF16",
    ]

    /// Buffered little-endian reads from a file, failing cleanly at its end.
    private struct Reader {
        let handle: FileHandle
        var buffer: [UInt8] = []
        var position = 0

        package init(handle: FileHandle) { self.handle = handle }

        mutating func bytes(_ count: Int) throws(Failure) -> ArraySlice<UInt8> {
            if buffer.count - position < count {
                buffer.removeSubrange(0..<position)
                position = 0
                while buffer.count < count {
                    let more = (try? handle.read(upToCount: max(1 << 20, count - buffer.count))) ?? nil
                    guard let more, !more.isEmpty else {
                        throw Failure(description: "the file ends inside its header (truncated)")
                    }
                    buffer += more
                }
            }
            defer { position += count }
            return buffer[position..<(position + count)]
        }

        mutating func integer<T: FixedWidthInteger>(_: T.Type) throws(Failure) -> T {
            let raw = try bytes(MemoryLayout<T>.size)
            var value: T = 0
            for (shift, byte) in raw.enumerated() { value |= T(truncatingIfNeeded: byte) << (8 * shift) }
            return value
        }

        mutating func u32() throws(Failure) -> UInt32 { try integer(UInt32.self) }
        mutating func u64() throws(Failure) -> UInt64 { try integer(UInt64.self) }

        mutating func string() throws(Failure) -> String {
            let length = try u64()
            guard length < 1 << 28 else { throw Failure(description: "a string of \(length) bytes: corrupt") }
            return String(decoding: try bytes(Int(length)), as: UTF8.self)
        }

        /// Skips an array value (its element type, count and elements).
        mutating func skipArray() throws(Failure) {
            let elementType = try u32()
            let count = try u64()
            let sizes: [UInt32: Int] = [0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8]
            if let size = sizes[elementType] {
                guard count < 1 << 32 else { throw Failure(description: "an array of \(count) values: corrupt") }
                _ = try bytes(Int(count) * size)
            } else {
                for _ in 0..<count { _ = try value(type: elementType, keep: false) }
            }
        }

        /// One value of a GGUF type; nil when `keep` is false or the type is not kept.
        mutating func value(type: UInt32, keep: Bool) throws(Failure) -> Value? {
            switch type {
            case 0: return .int(Int64(try integer(UInt8.self)))
            case 1: return .int(Int64(try integer(Int8.self)))
            case 2: return .int(Int64(try integer(UInt16.self)))
            case 3: return .int(Int64(try integer(Int16.self)))
            case 4: return .int(Int64(try u32()))
            case 5: return .int(Int64(try integer(Int32.self)))
            case 6: return .float(Double(Float(bitPattern: try u32())))
            case 7: return .bool(try integer(UInt8.self) != 0)
            case 8:
                if keep { return .string(try string()) }
                let length = try u64()
                guard length < 1 << 28 else { throw Failure(description: "a string of \(length) bytes: corrupt") }
                _ = try bytes(Int(length))
                return nil
            case 10: return .int(Int64(bitPattern: try u64()))
            case 11: return .int(Int64(bitPattern: try u64()))
            case 12: return .float(Double(bitPattern: try u64()))
            case 9:
                try skipArray()
                return nil
            default: throw Failure(description: "unknown GGUF value type \(type): corrupt")
            }
        }
    }
}
