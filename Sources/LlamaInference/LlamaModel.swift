internal import CLlama
import Foundation

/// A loaded GGUF model: weights and vocabulary. Owns its `llama_model`, freed on deinit (after every
/// context made from it, which hold a strong reference to it).
package final class LlamaModel: @unchecked Sendable {
    // @unchecked: the pointer is only read after loading; llama.cpp's vocabulary and metadata
    // accessors used here are read-only and thread-safe, and decoding goes through LlamaContext.
    let pointer: OpaquePointer
    let vocab: OpaquePointer
    /// The file it was loaded from.
    let path: String
    /// Number of tokens in the vocabulary.
    package let vocabularySize: Int
    private let pieces: [[UInt8]]
    /// The token texts as a trie, for grammars to find the tokens they allow.
    package let tokenTrie: TokenTrie

    /// Loads the model at `path`, reporting progress from 0 to 1.
    package init(path: String, batchInvariant: Bool = true, progress: ((Double) -> Void)? = nil) throws(LlamaError) {
        LlamaBackend.ensureInitialised()
        guard FileManager.default.fileExists(atPath: path) else {
            throw LlamaError("llama_model_load_from_file", "no model file at \(path)")
        }
        var params = llama_model_default_params()
        params.n_gpu_layers = 0
        // Repacked weights switch kernels with the number of tokens in a batch, which changes the
        // rounding of a sequence's logits with whatever else is batched alongside it. Without them
        // every output element is one dot product, the same in any batch: seeds reproduce under load.
        // (Measured with Q4_K, the only repacked type among the installed models on x86: groups of
        // four rows take a GEMM kernel, the rest a GEMV one, and DeterminismTests' greedy probe,
        // read beside three streams, gave its first token a logprob of -0.4734 against -0.4145
        // read alone.)
        params.use_extra_bufts = !batchInvariant
        final class ProgressBox: @unchecked Sendable {  // immutable after init
            let report: ((Double) -> Void)?
            init(_ report: ((Double) -> Void)?) { self.report = report }
        }
        let box = ProgressBox(progress)
        let unmanaged = Unmanaged.passRetained(box)
        defer { unmanaged.release() }
        params.progress_callback = { value, user in
            if let user { Unmanaged<ProgressBox>.fromOpaque(user).takeUnretainedValue().report?(Double(value)) }
            return true
        }
        params.progress_callback_user_data = unmanaged.toOpaque()
        let (loaded, reason) = LlamaBackend.capturingFirstError { () throws(LlamaError) in
            try checkLlama(
                llama_model_load_from_file(path, params), "llama_model_load_from_file",
                "could not load \(path) (not a GGUF model, or an architecture this llama.cpp does not know)")
        }
        switch loaded {
        case .success(let model): pointer = model
        case .failure(let error):
            // llama.cpp's own reason, e.g. "llama_model_load: error loading model: tensor … data is not
            // within the file bounds", without its function prefixes.
            guard let reason else { throw error }
            let words = reason.components(separatedBy: ": ").drop {
                $0.hasPrefix("llama_") || $0 == "error loading model"
            }
            throw LlamaError("llama_model_load_from_file", words.joined(separator: ": "))
        }
        vocab = llama_model_get_vocab(pointer)
        self.path = path
        vocabularySize = Int(llama_vocab_n_tokens(vocab))
        // Token pieces are looked up for every generated token: cache them once.
        var table: [[UInt8]] = []
        table.reserveCapacity(vocabularySize)
        var buffer = [CChar](repeating: 0, count: 256)
        for token in 0..<Int32(vocabularySize) {
            table.append(LlamaModel.piece(vocab, token, special: true, buffer: &buffer))
        }
        pieces = table
        let vocab = vocab
        tokenTrie = TokenTrie(pieces: table) { llama_vocab_is_eog(vocab, $0) }
    }

    deinit { llama_model_free(pointer) }

    private static func piece(_ vocab: OpaquePointer, _ token: Int32, special: Bool, buffer: inout [CChar]) -> [UInt8] {
        var count = llama_token_to_piece(vocab, token, &buffer, Int32(buffer.count), 0, special)
        if count < 0 {
            buffer = [CChar](repeating: 0, count: Int(-count))
            count = llama_token_to_piece(vocab, token, &buffer, Int32(buffer.count), 0, special)
        }
        return buffer.prefix(Int(max(count, 0))).map { UInt8(bitPattern: $0) }
    }

    /// The bytes a token stands for (special tokens rendered as their text).
    func piece(_ token: Int32) -> [UInt8] { pieces[Int(token)] }

    /// Whether the token is control/special (e.g. `<end_of_turn>`), never shown as content.
    func isControl(_ token: Int32) -> Bool { llama_vocab_is_control(vocab, token) }

    /// Whether the token ends a generation (end of sequence or end of turn).
    func isEndOfGeneration(_ token: Int32) -> Bool { llama_vocab_is_eog(vocab, token) }

    /// The beginning-of-sequence token, if the model has one.
    var beginningOfSequence: Int32? {
        let token = llama_vocab_bos(vocab)
        return token < 0 ? nil : token
    }

    /// The end-of-sequence token, if the model has one.
    var endOfSequence: Int32? {
        let token = llama_vocab_eos(vocab)
        return token < 0 ? nil : token
    }

    /// Whether tokenizing with special handling prepends a BOS token.
    var addsBeginningOfSequence: Bool { llama_vocab_get_add_bos(vocab) }

    /// Tokenizes UTF-8 text. `addSpecial` adds BOS (if the model wants one); `parseSpecial` turns
    /// special-token text such as `<start_of_turn>` into the special tokens.
    package func tokenize(_ text: String, addSpecial: Bool, parseSpecial: Bool) throws(LlamaError) -> [Int32] {
        let utf8 = Array(text.utf8)
        var tokens = [Int32](repeating: 0, count: utf8.count + 8)
        var count = utf8.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                llama_tokenize(
                    vocab, chars.baseAddress, Int32(chars.count), &tokens, Int32(tokens.count), addSpecial, parseSpecial
                )
            }
        }
        if count < 0, count != Int32.min {
            tokens = [Int32](repeating: 0, count: Int(-count))
            count = utf8.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    llama_tokenize(
                        vocab, chars.baseAddress, Int32(chars.count), &tokens, Int32(tokens.count), addSpecial,
                        parseSpecial)
                }
            }
        }
        try checkLlama(count, "llama_tokenize") { _ in "the text is too long to tokenize" }
        return Array(tokens.prefix(Int(count)))
    }

    /// The text of tokens, special tokens included.
    package func detokenize(_ tokens: [Int32]) -> String {
        var bytes: [UInt8] = []
        for token in tokens where token >= 0 && Int(token) < vocabularySize { bytes += pieces[Int(token)] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A metadata value from the GGUF file, as text.
    func metadata(_ key: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 512)
        var count = llama_model_meta_val_str(pointer, key, &buffer, buffer.count)
        if count < 0 { return nil }
        if Int(count) >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(count) + 1)
            count = llama_model_meta_val_str(pointer, key, &buffer, buffer.count)
        }
        return String(decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether the weight matrices are stored as floats (an F32, F16 or BF16 file). llamafile's kernels
    /// multiply float matrices by one token with a different summation order than by several.
    var hasFloatWeights: Bool { ["0", "1", "32"].contains(metadata("general.file_type") ?? "") }

    /// The model's own chat template (Jinja source), if its metadata carries one.
    package var chatTemplate: String? {
        guard let text = llama_model_chat_template(pointer, nil) else { return nil }
        return String(cString: text)
    }

    /// The context length the model was trained with.
    package var trainingContextLength: Int { Int(llama_model_n_ctx_train(pointer)) }

    /// Sliding-window attention size (0 when the model has none).
    var slidingWindow: Int { Int(llama_model_n_swa(pointer)) }

    /// llama.cpp's short description, e.g. "gemma3 270M Q4_K - Medium".
    var summary: String {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = llama_model_desc(pointer, &buffer, buffer.count)
        return String(decoding: buffer.prefix(Int(max(count, 0))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The architecture name from metadata, e.g. "gemma3".
    package var architecture: String? { metadata("general.architecture") }
}
