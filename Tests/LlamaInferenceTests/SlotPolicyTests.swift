import LlamaInference
import Testing

/// Which sequence reads a prompt and where a shared prefix is copied from, with no model.
@Suite("Slot policy")
struct SlotPolicyTests {
    /// Slots 0..<count; `busy` marks some busy; `held` gives some a cache.
    static func slots(_ count: Int, busy: Set<Int> = [], held: [Int: [Int32]] = [:]) -> [Slot] {
        (0..<count).map { index in
            var slot = Slot(id: Int32(index))
            slot.busy = busy.contains(index)
            if let tokens = held[index] { slot.hold(tokens) }
            return slot
        }
    }

    static let prompt: [Int32] = Array(1...40)

    @Test("the free sequence holding the longest prefix reads the prompt, and reuses that prefix")
    func longestPrefix() throws {
        let slots = Self.slots(4, held: [1: Array(1...10), 2: Array(1...30) + [99], 3: [7, 7]])
        let choice = try #require(
            SlotPolicy.readerSlot(
                for: Self.prompt, adapter: nil, in: slots, reuse: true, weighAdjacency: true))
        #expect(choice.index == 2)
        #expect(choice.shared == 30)
    }

    @Test("a busy sequence is never chosen, whatever it holds; none free gives nil")
    func busyNeverChosen() {
        let slots = Self.slots(3, busy: [0], held: [0: Self.prompt])
        let choice = SlotPolicy.readerSlot(
            for: Self.prompt, adapter: nil, in: slots, reuse: true, weighAdjacency: false)
        #expect(choice?.index == 1)
        #expect(choice?.shared == 0)
        #expect(
            SlotPolicy.readerSlot(
                for: Self.prompt, adapter: nil, in: Self.slots(2, busy: [0, 1]), reuse: true,
                weighAdjacency: true) == nil)
    }

    @Test("next to a busy sequence is worth a prefix shorter than the bonus, not a longer one")
    func adjacency() {
        // Slot 0 busy; slot 1 is next to it; slot 3 holds a prefix.
        var slots = Self.slots(4, busy: [0], held: [3: Array(1...20)])
        var choice = SlotPolicy.readerSlot(
            for: Self.prompt, adapter: nil, in: slots, reuse: true, weighAdjacency: true)
        #expect(choice?.index == 1)
        #expect(choice?.shared == 0)
        // Without the weight (every free sequence is being taken anyway) the prefix wins.
        choice = SlotPolicy.readerSlot(
            for: Self.prompt, adapter: nil, in: slots, reuse: true, weighAdjacency: false)
        #expect(choice?.index == 3)
        // A prefix longer than the bonus beats adjacency.
        let long = Array(Int32(1)...Int32(SlotPolicy.adjacencyBonus + 50))
        slots[3].hold(Array(long.prefix(SlotPolicy.adjacencyBonus + 10)))
        choice = SlotPolicy.readerSlot(
            for: long, adapter: nil, in: slots, reuse: true, weighAdjacency: true)
        #expect(choice?.index == 3)
        #expect(choice?.shared == SlotPolicy.adjacencyBonus + 10)
    }

    @Test("a sequence holding exactly the prompt with its kept logits wins over one next to a busy sequence")
    func exactPromptFirst() {
        var slots = Self.slots(4, busy: [0], held: [3: Self.prompt])
        slots[3].finalLogits = (Self.prompt, [0.25])
        let choice = SlotPolicy.readerSlot(
            for: Self.prompt, adapter: nil, in: slots, reuse: true, weighAdjacency: true)
        #expect(choice?.index == 3)
        #expect(choice?.shared == Self.prompt.count)
        // Without the logits it is only a prefix, worth less than the bonus.
        slots[3].finalLogits = nil
        #expect(
            SlotPolicy.readerSlot(
                for: Self.prompt, adapter: nil, in: slots, reuse: true, weighAdjacency: true)?.index
                == 1)
        // Nor when prompt log-probabilities are wanted: those need the prompt read.
        slots[3].finalLogits = (Self.prompt, [0.25])
        #expect(
            SlotPolicy.readerSlot(
                for: Self.prompt, adapter: nil, in: slots, reuse: false, weighAdjacency: true)?.index
                == 1)
    }

    @Test("generated tokens are reused like the prompt before them")
    func generatedTokens() {
        var slots = Self.slots(2, held: [1: Array(1...10)])
        slots[1].cached += Array(11...20)  // generated after the prompt
        let choice = SlotPolicy.readerSlot(
            for: Self.prompt, adapter: nil, in: slots, reuse: true, weighAdjacency: false)
        #expect(choice?.shared == 20)
    }

    @Test("a cache computed with another adapter, or a request wanting prompt log-probabilities, reuses nothing")
    func noReuse() {
        final class Adapter {}
        let adapter = ObjectIdentifier(Adapter.self)
        let slots = Self.slots(2, held: [1: Self.prompt])
        #expect(
            SlotPolicy.readerSlot(
                for: Self.prompt, adapter: adapter, in: slots, reuse: true, weighAdjacency: false)?
                .shared == 0)
        #expect(
            SlotPolicy.readerSlot(
                for: Self.prompt, adapter: nil, in: slots, reuse: false, weighAdjacency: false)?
                .shared == 0)
    }

    @Test("another choice takes a free sequence next to a busy one when there is one")
    func choiceSlot() {
        let slots = Self.slots(6, busy: [3])
        #expect(SlotPolicy.choiceSlot(among: [0, 1, 4, 5], in: slots) == 4)
        #expect(SlotPolicy.choiceSlot(among: [0, 1], in: slots) == 0)
        #expect(SlotPolicy.extendsBusyRun(2, in: slots))
        #expect(!SlotPolicy.extendsBusyRun(0, in: slots))
        #expect(SlotPolicy.extendsBusyRun(0, in: Self.slots(3)))  // nothing busy: any slot does
    }

    @Test("the kept logits serve exactly the prompt they came from, still held as read")
    func keptLogits() {
        var slot = Slot(id: 0)
        slot.hold(Self.prompt)
        slot.finalLogits = (Self.prompt, [0.5])
        #expect(slot.holdsLogits(for: Self.prompt, adapter: nil))
        #expect(!slot.holdsLogits(for: Array(Self.prompt.dropLast()), adapter: nil))
        slot.cached += [41]  // a generated token after it does not matter
        #expect(slot.holdsLogits(for: Self.prompt, adapter: nil))
        slot.hold(Array(Self.prompt.prefix(10)))  // cut back: the prompt is no longer held
        #expect(!slot.holdsLogits(for: Self.prompt, adapter: nil))
    }

    @Test("of free sequences worth the same, the one freed longest ago reads a new prompt")
    func leastRecentlyFreed() {
        // Conversations held in slots 0 and 2 (slot 2 freed last), slot 1 freed first: a prompt
        // sharing nothing takes slot 1, then of 0 and 2 the older, 0.
        var slots = Self.slots(3, held: [0: [90, 91], 1: [80, 81], 2: [70, 71]])
        slots[0].freedAt = 2
        slots[1].freedAt = 1
        slots[2].freedAt = 3
        var choice = SlotPolicy.readerSlot(
            for: Self.prompt, adapter: nil, in: slots, reuse: true, weighAdjacency: false)
        #expect(choice?.index == 1)
        slots[1].busy = true
        choice = SlotPolicy.readerSlot(for: Self.prompt, adapter: nil, in: slots, reuse: true, weighAdjacency: false)
        #expect(choice?.index == 0)
        // A shared prefix still wins over age.
        slots[2].hold(Array(Self.prompt.prefix(5)))
        choice = SlotPolicy.readerSlot(for: Self.prompt, adapter: nil, in: slots, reuse: true, weighAdjacency: false)
        #expect(choice?.index == 2)
        #expect(choice?.shared == 5)
    }

    @Test("a prefix another sequence holds is copied, one still being read is waited for, a short one is read")
    func prefixSource() {
        let prompt = Array(Int32(1)...Int32(100))
        var donor = Slot(id: 5)
        donor.hold(Array(prompt.prefix(60)) + [0, 0])
        #expect(
            SlotPolicy.prefixSource(prompt: prompt, readPosition: 0, invariant: true, others: [(donor, nil)])
                == .copy(donor: 5, length: 60))
        // Already read past what copying would save.
        #expect(
            SlotPolicy.prefixSource(prompt: prompt, readPosition: 40, invariant: true, others: [(donor, nil)])
                == .read)
        // An earlier job reading the whole prompt promises more than the donor holds now: wait for it.
        var reader = Slot(id: 6)
        reader.hold(Array(prompt.prefix(8)))
        #expect(
            SlotPolicy.prefixSource(
                prompt: prompt, readPosition: 0, invariant: true, others: [(donor, nil), (reader, prompt)]) == .wait)
        // Never the last two tokens in invariant mode, the last one otherwise.
        var whole = Slot(id: 7)
        whole.hold(prompt)
        #expect(
            SlotPolicy.prefixSource(prompt: prompt, readPosition: 0, invariant: true, others: [(whole, nil)])
                == .copy(donor: 7, length: 98))
        #expect(
            SlotPolicy.prefixSource(prompt: prompt, readPosition: 0, invariant: false, others: [(whole, nil)])
                == .copy(donor: 7, length: 99))
        // A shared prefix shorter than the minimum is read.
        var short = Slot(id: 8)
        short.hold(Array(prompt.prefix(SlotPolicy.minimumSharedPrefix - 1)))
        #expect(
            SlotPolicy.prefixSource(prompt: prompt, readPosition: 0, invariant: true, others: [(short, nil)]) == .read)
    }
}
