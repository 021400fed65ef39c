import ArgumentParser
import Foundation
import LlamaInference

/// `chat-bench`: the sampler's own benchmark. (Servers are measured by `scripts/bench.py`, which
/// drives ours and llama.cpp's over HTTP alike.)
@main
struct ChatBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-bench", abstract: "Benchmark the sampler.", subcommands: [Sampling.self],
        defaultSubcommand: Sampling.self)
}

/// Times the sampler alone on real logits, against one decode step of 8 sequences.
struct Sampling: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sampling", abstract: "Benchmark the sampler.")

    @Option(help: "GGUF model whose logits to use.") var model: String
    @Option(help: "Sequences decoded together in the reference step.") var sequences = 8
    @Option(help: "CPU threads.") var threads = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        let report = try SamplingBenchmark.run(modelPath: model, sequences: sequences, threads: threads)
        print(report)
    }
}
