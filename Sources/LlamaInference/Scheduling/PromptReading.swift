/// How the scheduler cuts prompts into decodes, as arithmetic on token counts. Batch invariance
/// (see ``Scheduler``) needs every prompt position read in a run of at least two tokens of its own
/// sequence, so no cut may leave a lone token.
package enum PromptReading {
    /// Tokens of one prompt read per step at most when prompt log-probabilities are wanted (each
    /// such position returns a whole vocabulary of logits).
    package static let promptLogprobChunk = 32

    /// Prompt remainders this short are read together with others of the same length.
    package static let shortRead = 8

    /// How many of a prompt's `remaining` tokens to read in one decode with room for `room`: all that
    /// fit, but never leaving a lone last token, and never a lone token unless the whole prompt is one.
    /// Nil: wait for a step with more room.
    package static func chunkLength(remaining: Int, room: Int) -> Int? {
        if remaining <= room { return remaining }
        let count = remaining - room == 1 ? room - 1 : room
        return count >= 2 ? count : nil
    }

    /// The order prompts still being read get a step's room in: fewest tokens left first, so that a
    /// short read (the next message of a conversation whose history is cached) finishes in the step
    /// it arrives in instead of waiting behind long prompts; equal ones in arrival (job) order.
    package static func fewestLeftFirst(_ reads: [(job: Int, remaining: Int)]) -> [Int] {
        reads.sorted { $0.remaining != $1.remaining ? $0.remaining < $1.remaining : $0.job < $1.job }.map(\.job)
    }

    /// Which short prompt remainders share a decode. `reads`: each prompt still being read (its
    /// job's index, the sequence reading it, the tokens it has left). Remainders of the same length,
    /// between `minimum` and ``shortRead`` tokens, go together when there are two or more of them and
    /// they fit what is left of `room`, shortest first; each group lists its jobs in sequence order
    /// (llama.cpp runs a decode once per run of consecutive sequence ids). Each sequence's piece
    /// stays its own run of at least two tokens, so every position is computed as if read alone,
    /// while the weights are read once instead of once per prompt.
    package static func sharedShortReads(
        _ reads: [(job: Int, sequence: Int32, remaining: Int)], room: Int, minimum: Int
    ) -> [(length: Int, jobs: [Int])] {
        var byLength: [Int: [(job: Int, sequence: Int32)]] = [:]
        for read in reads where read.remaining >= minimum && read.remaining <= shortRead {
            byLength[read.remaining, default: []].append((read.job, read.sequence))
        }
        var room = room
        var groups: [(length: Int, jobs: [Int])] = []
        for (length, members) in byLength.sorted(by: { $0.key < $1.key })
        where members.count > 1 && length * members.count <= room {
            groups.append((length, members.sorted { $0.sequence < $1.sequence }.map(\.job)))
            room -= length * members.count
        }
        return groups
    }
}
