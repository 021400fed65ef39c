import Foundation

/// Just enough of the GGUF format (version 3) for tests: read a model's tensor shapes, and write a
/// LoRA adapter file with F32 tensors.
public enum GGUFFile {
    /// A tensor's name and dimensions (ggml order: ne[0] first).
    public struct TensorInfo: Sendable, Hashable {
        public var name: String
        public var shape: [Int]
    }

    /// The tensors a GGUF file declares, read from its header.
    public static func tensors(at path: String) throws -> [TensorInfo] {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        // The header of the default model is well under 16 MB.
        let data = [UInt8](try handle.read(upToCount: 16 << 20) ?? Data())
        var reader = Reader(bytes: data)
        guard reader.bytes(4) == Array("GGUF".utf8) else { throw GGUFError("not a GGUF file: \(path)") }
        _ = reader.u32()  // version
        let tensorCount = Int(reader.u64())
        let kvCount = Int(reader.u64())
        for _ in 0..<kvCount {
            _ = reader.string()
            reader.skipValue(type: reader.u32())
        }
        var tensors: [TensorInfo] = []
        for _ in 0..<tensorCount {
            let name = reader.string()
            let dimensions = Int(reader.u32())
            let shape = (0..<dimensions).map { _ in Int(reader.u64()) }
            _ = reader.u32()  // type
            _ = reader.u64()  // offset
            tensors.append(TensorInfo(name: name, shape: shape))
        }
        return tensors
    }

    /// Writes a LoRA adapter for `architecture`: for each weight, `a` with ne = [in, rank] and `b`
    /// with ne = [rank, out], values row-major in ggml order (ne[0] fastest).
    public static func writeLoRA(
        to path: String, architecture: String, alpha: Float,
        weights: [(name: String, a: (shape: [Int], values: [Float]), b: (shape: [Int], values: [Float]))]
    ) throws {
        var tensors: [(String, [Int], [Float])] = []
        for weight in weights {
            tensors.append((weight.name + ".lora_a", weight.a.shape, weight.a.values))
            tensors.append((weight.name + ".lora_b", weight.b.shape, weight.b.values))
        }
        var out: [UInt8] = Array("GGUF".utf8)
        func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
        func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
        func string(_ text: String) {
            u64(UInt64(text.utf8.count))
            out += Array(text.utf8)
        }
        u32(3)
        u64(UInt64(tensors.count))
        u64(4)
        for (key, value) in [
            ("general.type", "adapter"), ("general.architecture", architecture), ("adapter.type", "lora"),
        ] {
            string(key)
            u32(8)  // string
            string(value)
        }
        string("adapter.lora.alpha")
        u32(6)  // float32
        withUnsafeBytes(of: alpha.bitPattern.littleEndian) { out += $0 }
        var offset: UInt64 = 0
        for (name, shape, values) in tensors {
            string(name)
            u32(UInt32(shape.count))
            for dimension in shape { u64(UInt64(dimension)) }
            u32(0)  // F32
            u64(offset)
            offset += UInt64(values.count * 4)
            offset = (offset + 31) / 32 * 32
        }
        while out.count % 32 != 0 { out.append(0) }
        for (_, _, values) in tensors {
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { out += $0 } }
            while out.count % 32 != 0 { out.append(0) }
        }
        try Data(out).write(to: URL(fileURLWithPath: path))
    }

    struct GGUFError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        mutating func bytes(_ count: Int) -> [UInt8] {
            defer { position += count }
            return Array(bytes[position..<min(position + count, bytes.count)])
        }

        mutating func u32() -> UInt32 {
            var value: UInt32 = 0
            for index in 0..<4 { value |= UInt32(bytes[position + index]) << (8 * index) }
            position += 4
            return value
        }

        mutating func u64() -> UInt64 {
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * index) }
            position += 8
            return value
        }

        mutating func string() -> String {
            let count = Int(u64())
            return String(decoding: bytes(count), as: UTF8.self)
        }

        mutating func skipValue(type: UInt32) {
            switch type {
            case 0, 1, 7: position += 1
            case 2, 3: position += 2
            case 4, 5, 6: position += 4
            case 10, 11, 12: position += 8
            case 8: _ = string()
            case 9:
                let elementType = u32()
                let count = u64()
                for _ in 0..<count { skipValue(type: elementType) }
            default: break
            }
        }
    }
}
