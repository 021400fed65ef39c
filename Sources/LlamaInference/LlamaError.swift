/// A failure inside llama.cpp, naming the C function that reported it.
public struct LlamaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The llama.cpp function that failed.
    public var function: String
    /// What went wrong, in plain words.
    public var message: String

    public var description: String { "\(function): \(message)" }

    init(_ function: String, _ message: String) {
        self.function = function
        self.message = message
    }
}

/// The one place C return codes become Swift errors: `code` below zero (or any non-zero code when
/// `nonZeroFails`) throws an error naming `function`.
@discardableResult
func checkLlama(
    _ code: Int32, _ function: String, nonZeroFails: Bool = false,
    _ meaning: (Int32) -> String = {
        "returned \($0)"
    }
) throws(LlamaError) -> Int32 {
    if code < 0 || (nonZeroFails && code != 0) { throw LlamaError(function, meaning(code)) }
    return code
}

/// Unwraps a pointer a C constructor returned, or throws naming the constructor.
func checkLlama<T>(_ pointer: T?, _ function: String, _ message: String) throws(LlamaError) -> T {
    guard let pointer else { throw LlamaError(function, message) }
    return pointer
}
