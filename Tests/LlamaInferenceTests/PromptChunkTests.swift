import LlamaInference
import Testing

/// Batch invariance needs every prompt position read in a chunk of at least two tokens (see
/// `Scheduler`): a lone token takes another attention kernel and rounds differently.
@Suite("Prompt chunks")
struct PromptChunkTests {
    @Test("a prompt that fits is read whole")
    func fits() {
        #expect(PromptReading.chunkLength(remaining: 100, room: 512) == 100)
        #expect(PromptReading.chunkLength(remaining: 512, room: 512) == 512)
        #expect(PromptReading.chunkLength(remaining: 1, room: 8) == 1)  // a one-token prompt, always alone
    }

    @Test("a chunk never leaves a lone last token")
    func noLoneTail() {
        #expect(PromptReading.chunkLength(remaining: 513, room: 512) == 511)
        #expect(PromptReading.chunkLength(remaining: 514, room: 512) == 512)
        #expect(PromptReading.chunkLength(remaining: 3, room: 2) == nil)  // 2 + 1 would strand a token; 1 + 2 too
        #expect(PromptReading.chunkLength(remaining: 10, room: 1) == nil)
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
                    guard let count = PromptReading.chunkLength(remaining: remaining, room: room) else { continue }
                    #expect(count >= 2, "total \(total), room \(room)")
                    #expect(count <= room)
                    remaining -= count
                }
                #expect(remaining == 0, "total \(total), room \(room)")
            }
        }
    }
}

@Suite("Short prompt remainders read together")
struct SharedShortReadTests {
    @Test("remainders of the same short length share a decode, in sequence order, shortest first")
    func grouping() {
        let reads: [(job: Int, sequence: Int32, remaining: Int)] = [
            (0, 5, 3), (1, 2, 3), (2, 7, 4), (3, 1, 4), (4, 0, 4), (5, 3, 9), (6, 4, 2),
        ]
        let groups = PromptReading.sharedShortReads(reads, room: 512, minimum: 2)
        #expect(groups.map(\.length) == [3, 4])  // 2 and 9: alone or too long
        #expect(groups.map(\.jobs) == [[1, 0], [4, 3, 2]])
    }

    @Test("groups that do not fit the step's room wait, and lone tokens never share in invariant mode")
    func room() {
        let reads: [(job: Int, sequence: Int32, remaining: Int)] = [(0, 0, 2), (1, 1, 2), (2, 2, 5), (3, 3, 5)]
        #expect(PromptReading.sharedShortReads(reads, room: 9, minimum: 2).map(\.length) == [2])
        #expect(PromptReading.sharedShortReads(reads, room: 14, minimum: 2).map(\.length) == [2, 5])
        let lone: [(job: Int, sequence: Int32, remaining: Int)] = [(0, 0, 1), (1, 1, 1)]
        #expect(PromptReading.sharedShortReads(lone, room: 8, minimum: 2).isEmpty)
        #expect(PromptReading.sharedShortReads(lone, room: 8, minimum: 1).map(\.jobs) == [[0, 1]])
    }

    @Test("prompts get a step's room fewest tokens left first, equal ones in arrival order")
    func fewestLeftFirst() {
        // A long new prompt (job 0), a conversation's next message past its cached history (job 2),
        // and two prompts with equal remainders (jobs 1 and 3).
        let reads: [(job: Int, remaining: Int)] = [(0, 900), (1, 40), (2, 12), (3, 40)]
        #expect(PromptReading.fewestLeftFirst(reads) == [2, 1, 3, 0])
    }
}
