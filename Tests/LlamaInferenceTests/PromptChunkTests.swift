import Testing

@testable import LlamaInference

/// Batch invariance needs every prompt position read in a chunk of at least two tokens (see
/// `Scheduler`): a lone token takes another attention kernel and rounds differently.
@Suite("Prompt chunks")
struct PromptChunkTests {
    @Test("a prompt that fits is read whole")
    func fits() {
        #expect(Scheduler.chunkLength(remaining: 100, room: 512) == 100)
        #expect(Scheduler.chunkLength(remaining: 512, room: 512) == 512)
        #expect(Scheduler.chunkLength(remaining: 1, room: 8) == 1)  // a one-token prompt, always alone
    }

    @Test("a chunk never leaves a lone last token")
    func noLoneTail() {
        #expect(Scheduler.chunkLength(remaining: 513, room: 512) == 511)
        #expect(Scheduler.chunkLength(remaining: 514, room: 512) == 512)
        #expect(Scheduler.chunkLength(remaining: 3, room: 2) == nil)  // 2 + 1 would strand a token; 1 + 2 too
        #expect(Scheduler.chunkLength(remaining: 10, room: 1) == nil)
    }

    /// With room for three tokens or more a prompt always makes progress (with room for only two, a
    /// three-token rest waits for a step with more room: generating sequences finish).
    @Test("every split of a prompt into chunks keeps each chunk at two tokens or more")
    func everySplit() {
        for total in 2...40 {
            for room in 3...12 {
                var remaining = total
                var guardSteps = 0
                while remaining > 0 && guardSteps < 100 {
                    guardSteps += 1
                    guard let count = Scheduler.chunkLength(remaining: remaining, room: room) else { continue }
                    #expect(count >= 2, "total \(total), room \(room)")
                    #expect(count <= room)
                    remaining -= count
                }
                #expect(remaining == 0, "total \(total), room \(room)")
            }
        }
    }
}
