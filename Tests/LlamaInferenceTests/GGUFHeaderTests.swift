import ChatInference
import Foundation
import LlamaInference
import Testing

@Suite("GGUF headers and declared generation defaults")
struct GGUFHeaderTests {
    /// A small GGUF file: scalar, string and array metadata, and two tensors (no weights needed).
    static func file(temperature: Float = 0.7) -> [UInt8] {
        var out: [UInt8] = Array("GGUF".utf8)
        func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
        func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
        func string(_ text: String) {
            u64(UInt64(text.utf8.count))
            out += Array(text.utf8)
        }
        u32(3)
        u64(2)  // tensors
        u64(6)  // values
        string("general.architecture")
        u32(8)
        string("llama")
        string("general.file_type")
        u32(4)
        u32(3)  // Q4_1
        string("general.sampling.temp")
        u32(6)
        withUnsafeBytes(of: temperature.bitPattern.littleEndian) { out += $0 }
        string("general.sampling.top_k")
        u32(5)
        u32(40)
        string("tokenizer.ggml.tokens")
        u32(9)
        u32(8)
        u64(3)
        for token in ["a", "bb", "ccc"] { string(token) }
        string("llama.context_length")
        u32(4)
        u32(8192)
        for (name, shape) in [("token_embd.weight", [4, 3]), ("output_norm.weight", [4])] {
            string(name)
            u32(UInt32(shape.count))
            for dimension in shape { u64(UInt64(dimension)) }
            u32(3)
            u64(0)
        }
        return out
    }

    static func write(_ bytes: [UInt8], name: String = "model.gguf") throws -> String {
        let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("gguf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("the header gives architecture, quantization, parameters, context and sampling keys")
    func readsHeader() throws {
        let path = try Self.write(Self.file())
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let header = try GGUFHeader(path: path)
        #expect(header.architecture == "llama")
        #expect(header.quantization == "Q4_1")
        #expect(header.parameterCount == 16)
        #expect(header.trainingContextLength == 8192)
        #expect(header.arrayKeys == ["tokenizer.ggml.tokens"])
        #expect(!header.hasChatTemplate)
        #expect(header.generationDefaults == GenerationDefaults(temperature: Double(Float(0.7)), topK: 40))
    }

    @Test("a file that is not a GGUF, or is cut short, is refused with a reason", arguments: [0, 3, 20, 60, 200])
    func refusesBrokenFiles(length: Int) throws {
        let bytes = length == 0 ? Array("plain text, not a model".utf8) : Array(Self.file().prefix(length))
        let path = try Self.write(bytes)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        #expect(throws: GGUFHeader.Failure.self) { try GGUFHeader(path: path) }
    }

    @Test("a sidecar JSON overrides the GGUF's values, in Hugging Face's keys")
    func sidecarOverridesGGUF() throws {
        let path = try Self.write(Self.file())
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let stamp = try #require(ModelFile.stamp(path))
        #expect(
            try ModelFile(path: path, stamp: stamp).declaredDefaults()
                == GenerationDefaults(temperature: Double(Float(0.7)), topK: 40))
        let sidecar = (path as NSString).deletingPathExtension + ".json"
        try Data(#"{"temperature": 0.3, "top_p": 0.8, "repetition_penalty": 1.1, "eos_token_id": 2}"#.utf8).write(
            to: URL(fileURLWithPath: sidecar))
        #expect(
            try ModelFile(path: path, stamp: stamp).declaredDefaults()
                == GenerationDefaults(temperature: 0.3, topP: 0.8, topK: 40, repetitionPenalty: 1.1))
        try Data(#"{"temperature": "hot"}"#.utf8).write(to: URL(fileURLWithPath: sidecar))
        #expect(throws: GenerationDefaultsError.self) { try ModelFile(path: path, stamp: stamp).declaredDefaults() }
    }

    @Test("the real default model's header matches what llama.cpp reads")
    func realModel() throws {
        let model = try ModelFixture.model()
        let header = try GGUFHeader(path: ModelFixture.path)
        #expect(header.architecture == model.architecture)
        #expect(header.trainingContextLength == model.trainingContextLength)
        #expect(header.hasChatTemplate == (model.chatTemplate != nil))
    }
}
