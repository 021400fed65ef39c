import ChatInference
import Foundation
import Logging

/// A model ready to serve: weights, a context, its scheduler, its prompt format and its adapters.
final class LoadedModel: Sendable {
    let id: String
    let model: LlamaModel
    let scheduler: Scheduler
    let format: ChatFormat
    let adapters: [String: LlamaAdapter]
    let contextPerSequence: Int
    let fingerprint: String

    init(
        id: String, path: String, configuration: EngineConfiguration, adapterPaths: [String: String],
        chatTemplate: String? = nil, logger: Logger
    )
        throws(LlamaError)
    {
        var lastReported = -1
        let start = ContinuousClock.now
        if configuration.batchInvariant { LlamaBackend.requireBatchInvariantKernels() }
        let model = try LlamaModel(path: path, batchInvariant: configuration.batchInvariant) { progress in
            let percent = Int(progress * 100)
            if percent / 25 != lastReported / 25 {
                lastReported = percent
                logger.info("loading \(id): \(percent)%")
            }
        }
        if configuration.batchInvariant && model.hasFloatWeights {
            logger.warning(
                "\(id) has float weights: a decode of one sequence rounds differently from a decode of several, so a seed reproduces only under the same load (quantized models have no such limit)"
            )
        }
        // (Float weights already make one decode differ from another; the build is then not the cause.)
        if configuration.batchInvariant && !model.hasFloatWeights
            && !LlamaContext.generatedTokensMatchReads(model: model)
        {
            logger.warning(
                "this llama.cpp build computes a generated token's keys and values differently from a read one's (build it with scripts/setup.sh): a conversation's next turn is not computed bit for bit as a fresh read of it"
            )
        }
        let contextSize = configuration.contextSize > 0 ? configuration.contextSize : model.trainingContextLength
        let context = try LlamaContext(
            model: model, contextPerSequence: contextSize, sequences: configuration.parallel,
            threads: configuration.threads, batchInvariant: configuration.batchInvariant)
        var adapters: [String: LlamaAdapter] = [:]
        for (name, adapterPath) in adapterPaths.sorted(by: { $0.key < $1.key }) {
            adapters[name] = try LlamaAdapter(model: model, path: adapterPath)
        }
        self.id = id
        self.model = model
        self.adapters = adapters
        self.contextPerSequence = context.contextPerSequence
        self.format = try ChatFormat.make(
            for: model, template: chatTemplate, splitsReasoning: configuration.reasoningFormat == .auto)
        self.scheduler = Scheduler(
            context: context, queueLimit: configuration.queueLimit, promptCacheBytes: configuration.promptCacheBytes,
            promptStepBudget: configuration.promptStepBudget,
            logger: logger)
        self.fingerprint = LoadedModel.fingerprint(
            path: path, contextSize: context.contextPerSequence, parallel: configuration.parallel,
            batchInvariant: configuration.batchInvariant, adapters: adapterPaths)
        let seconds = (ContinuousClock.now - start).seconds
        logger.info(
            "loaded \(id) (\(model.summary), \(model.vocabularySize) tokens, context \(context.contextPerSequence) × \(configuration.parallel) sequences) in \(String(format: "%.1f", seconds)) s"
        )
    }

    /// A short stable digest of what determines outputs: the model file (path, size, modification
    /// time), the llama.cpp build, context settings and adapters.
    static func fingerprint(
        path: String, contextSize: Int, parallel: Int, batchInvariant: Bool, adapters: [String: String]
    ) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        var description =
            "\(path)|\(size)|\(modified)|\(LlamaBackend.version)|ctx=\(contextSize)|np=\(parallel)|invariant=\(batchInvariant)"
        for (name, adapter) in adapters.sorted(by: { $0.key < $1.key }) { description += "|lora:\(name)=\(adapter)" }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in description.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        return "fp_" + String(hash, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
