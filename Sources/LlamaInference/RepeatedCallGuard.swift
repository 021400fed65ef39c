/// Ends a turn when a model repeats a tool call it already made in that turn. Small models,
/// allowed several calls, tend to write the same call again and again until `max_tokens` runs out;
/// an identical call asks for the same result, so the turn ends instead: the repeated call is never
/// released, and the choice finishes with its earlier calls (`finish_reason` `tool_calls`).
///
/// Works on the bytes a choice releases, for syntaxes that mark each call with a start and an end
/// (Hermes' `<tool_call>` … `</tool_call>`). After the first call, bytes from the start of each new
/// call are held back until the call ends and is known to be new.
package struct RepeatedCallGuard {
    private let start: [UInt8]
    private let end: [UInt8]
    /// The calls made so far, without whitespace.
    private var calls: Set<[UInt8]> = []
    /// Outside a call: bytes that may begin a start marker. Inside: unused.
    private var pending: [UInt8] = []
    /// The call in progress, from its start marker (nil outside a call).
    private var call: [UInt8]?
    /// Whether the call in progress is released as it comes (the first call is).
    private var streaming = false

    package init(start: String, end: String) {
        self.start = Array(start.utf8)
        self.end = Array(end.utf8)
    }

    /// How many bytes are held back now.
    package var heldCount: Int { pending.count + (streaming ? 0 : call?.count ?? 0) }

    /// What `append` found.
    package enum Outcome: Equatable {
        /// Release these bytes; more may follow.
        case release([UInt8])
        /// A repeated call began: release these bytes (those before it) and end the choice.
        case stop([UInt8])
    }

    /// Adds released bytes.
    package mutating func append(_ bytes: [UInt8]) -> Outcome {
        var input = bytes
        var released: [UInt8] = []
        while !input.isEmpty {
            if var current = call {
                let before = current.count
                current += input
                input = []
                let searchFrom = min(current.count, max(start.count, before - end.count + 1))
                guard let offset = StopMatcher.firstIndex(of: end, in: Array(current[searchFrom...])) else {
                    if streaming { released += current[before...] }
                    call = current
                    continue
                }
                let callEnd = searchFrom + offset + end.count
                let body = current[start.count..<(callEnd - end.count)].filter { !Self.isSpace($0) }
                if streaming {
                    released += current[before..<callEnd]
                } else if calls.contains(body) {
                    call = nil
                    return .stop(released)
                } else {
                    released += current[..<callEnd]
                }
                calls.insert(body)
                input = Array(current[callEnd...])
                call = nil
            } else {
                pending += input
                input = []
                if let callStart = StopMatcher.firstIndex(of: start, in: pending) {
                    released += pending[..<callStart]
                    streaming = calls.isEmpty
                    call = []
                    input = Array(pending[callStart...])
                    pending = []
                } else {
                    let keep = Self.partialSuffix(of: pending, prefixOf: start)
                    released += pending[..<(pending.count - keep)]
                    pending.removeFirst(pending.count - keep)
                }
            }
        }
        return .release(released)
    }

    /// At the end of generation: whatever is held is output after all.
    package mutating func flush() -> [UInt8] {
        defer {
            pending.removeAll()
            call = nil
        }
        return pending + (streaming ? [] : call ?? [])
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    /// The length of the longest suffix of `bytes` that is a proper prefix of `marker`.
    private static func partialSuffix(of bytes: [UInt8], prefixOf marker: [UInt8]) -> Int {
        for length in stride(from: min(marker.count - 1, bytes.count), to: 0, by: -1)
        where bytes[(bytes.count - length)...].elementsEqual(marker[..<length]) {
            return length
        }
        return 0
    }
}
