import Foundation
import Logging

extension Scheduler {
    /// Tokens read per decode while settling: a request arriving meanwhile waits for one decode of
    /// this many tokens at most (about 130 ms for the default model on two cores).
    static let settleChunk = 32

    /// Seconds the server idles before it settles: longer than a client takes to send its next
    /// request after an answer, shorter than a person takes to write one.
    static let settleDelay: TimeInterval = 0.25

    /// Whether some free sequence holds generated tokens that settling would make reusable.
    var hasSettleWork: Bool {
        context.batchInvariant && slots.contains { SlotPolicy.settleStart($0) != nil }
    }

    /// Reads a free sequence's generated tokens again as a prompt, while nothing else runs (batch-
    /// invariant mode only). A generated token's keys and values were computed one token a decode,
    /// which rounds differently from reading it in a prompt, so the next turn of a conversation
    /// would have to read the previous answer again before its first token; settled, the answer is
    /// held as a prompt read in chunks of its own sequence would hold it, bit for bit, and the next
    /// turn reuses it (also from host memory, where the sequence goes if it is given away). Stops
    /// between decodes as soon as `interrupted` says work has arrived; what was settled by then
    /// stays, the rest of the answer is dropped (read again if a next turn needs it, as before).
    func settle(until interrupted: () -> Bool) {
        guard context.batchInvariant, let (index, start) = SlotPolicy.settleTarget(in: slots) else { return }
        let sequence = slots[index].id
        let tokens = slots[index].cached
        // Positions keep their order in the cache only if everything from `start` on is read again.
        guard context.removeTokens(sequence: sequence, from: Int32(start)) else {
            context.removeTokens(sequence: sequence)
            slots[index].holdPrompt([])
            return
        }
        slots[index].holdPrompt(Array(tokens[..<start]))
        do {
            try context.setAdapters([])
        } catch {
            return
        }
        var position = start
        while position < tokens.count, position == start || !interrupted() {
            guard
                let count = PromptReading.chunkLength(
                    remaining: tokens.count - position, room: min(Self.settleChunk, batch.capacity))
            else { break }
            batch.clear()
            for offset in position..<position + count {
                _ = batch.append(token: tokens[offset], position: Int32(offset), sequence: sequence, wantsLogits: false)
            }
            let decoded: Bool
            do { decoded = try context.decode(batch) } catch { decoded = false }
            guard decoded else {
                context.removeTokens(sequence: sequence, from: Int32(position))
                break
            }
            position += count
            slots[index].holdPrompt(Array(tokens[..<position]))
        }
        logger.debug(
            "sequence \(sequence): \(position - start) generated tokens settled\(position < tokens.count ? ", \(tokens.count - position) dropped (work arrived)" : "")"
        )
    }
}
