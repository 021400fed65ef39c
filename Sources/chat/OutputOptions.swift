import ArgumentParser

/// How answers are asked for and shown.
struct OutputOptions: ParsableArguments {
    @Flag(name: .customLong("no-stream"), help: "Wait for the whole answer instead of streaming it.")
    var noStream = false

    @Flag(help: "Print the wire JSON: the response body, or each streamed event's data on its own line.")
    var raw = false

    @Flag(help: "Print token usage to standard error after each answer.")
    var usage = false
}
