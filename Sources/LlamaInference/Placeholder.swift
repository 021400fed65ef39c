// LlamaInference: work in progress; see the issues.
