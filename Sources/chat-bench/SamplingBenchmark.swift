import ChatInference
import Foundation
import LlamaInference

/// Measures the sampler on real logits of a model, next to the time of one decode step with
/// `sequences` sequences, so the share of sampling in a step can be reported. Uses the engine's
/// internals through `package` access; not part of any library.
enum SamplingBenchmark {
    /// Runs the measurement and returns a printable report.
    static func run(modelPath: String, sequences: Int, threads: Int) throws -> String {
        LlamaBackend.requireBatchInvariantKernels()  // as the server runs by default
        let model = try LlamaModel(path: modelPath)
        let context = try LlamaContext(model: model, contextPerSequence: 512, sequences: sequences, threads: threads)
        // Plain text: the logits only need to be a real model's, whatever its chat template.
        let prompt = try model.tokenize(
            "Here is a story about a lighthouse keeper who", addSpecial: true, parseSpecial: false)
        let batch = LlamaBatch(capacity: max(prompt.count * sequences, sequences))
        for sequence in 0..<sequences {
            for (position, token) in prompt.enumerated() {
                batch.append(
                    token: token, position: Int32(position), sequence: Int32(sequence),
                    wantsLogits: position == prompt.count - 1)
            }
        }
        _ = try context.decode(batch)
        // Decode steps: one greedy token per sequence per step.
        var position = Int32(prompt.count)
        var next = [Int32](repeating: 0, count: sequences)
        for sequence in 0..<sequences {
            let logits = context.logits(at: Int32((sequence + 1) * prompt.count - 1))
            next[sequence] = Int32(VocabularyKernels.argmax(UnsafeBufferPointer(logits)))
        }
        let steps = 16
        var decodeSeconds = 0.0
        var saved: [Float] = []
        for step in 0..<steps {
            batch.clear()
            for sequence in 0..<sequences {
                batch.append(token: next[sequence], position: position, sequence: Int32(sequence), wantsLogits: true)
            }
            let start = ContinuousClock.now
            _ = try context.decode(batch)
            if step > 0 { decodeSeconds += (ContinuousClock.now - start).seconds }
            for sequence in 0..<sequences {
                let logits = context.logits(at: Int32(sequence))
                next[sequence] = Int32(VocabularyKernels.argmax(UnsafeBufferPointer(logits)))
                if step == steps - 1 && sequence == 0 { saved = Array(logits) }
            }
            position += 1
        }
        let stepTime = decodeSeconds / Double(steps - 1)
        let bias = Dictionary(uniqueKeysWithValues: (0..<10).map { (Int32($0 * 997), Float(2)) })
        let configurations: [(String, SamplingParameters, Int?)] = [
            ("greedy (temperature 0)", SamplingParameters(temperature: 0), nil),
            ("OpenAI defaults (temperature 1, top_p 1)", SamplingParameters(), nil),
            (
                "llama-server defaults (top_k 40, top_p 0.95, min_p 0.05, temp 0.8)",
                SamplingParameters(temperature: 0.8, topP: 0.95, topK: 40, minP: 0.05), nil
            ),
            ("top_p 0.9 alone", SamplingParameters(topP: 0.9), nil),
            (
                "every filter + penalties + bias + top_logprobs 5",
                SamplingParameters(
                    temperature: 0.8, topP: 0.9, topK: 50, minP: 0.05, frequencyPenalty: 0.5, presencePenalty: 0.3,
                    repetitionPenalty: 1.1, logitBias: bias), 5
            ),
        ]
        var lines = [
            String(
                format: "decode step, %d sequences: %.2f ms (%d-token vocabulary)", sequences, stepTime * 1000,
                model.vocabularySize)
        ]
        let history = (0..<200).map { Int32($0 * 31 % model.vocabularySize) }
        for (name, parameters, top) in configurations {
            let sampler = TokenSampler(
                parameters: parameters, choice: 0, seed: 42, topLogprobs: top, grammar: nil, promptTokens: history)
            for token in history.prefix(50) { sampler.accept(token) }
            var scratch = saved
            let rounds = 200
            var total = 0.0
            for _ in 0..<rounds {
                scratch.withUnsafeMutableBufferPointer { copy in
                    _ = copy.initialize(from: saved)
                    let start = ContinuousClock.now
                    _ = sampler.sample(copy)
                    total += (ContinuousClock.now - start).seconds
                }
            }
            let perToken = total / Double(rounds)
            lines.append(
                String(
                    format: "%@: %.3f ms per token; × %d sequences = %.1f%% of a decode step", name, perToken * 1000,
                    sequences, perToken * Double(sequences) / stepTime * 100))
        }
        return lines.joined(separator: "\n")
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}
