import LlamaInference
import Testing

@Suite("Prompt caches in host memory")
struct HostPromptCacheTests {
    static func state(_ bytes: Int) -> [UInt8] { [UInt8](repeating: 7, count: bytes) }

    @Test("the entry sharing the longest prefix is found, only with the same adapter and past the minimum")
    func longestPrefix() {
        let cache = HostPromptCache(capacity: 1000)
        cache.store(tokens: [1, 2, 3, 4], adapter: nil, state: Self.state(10))
        cache.store(tokens: [1, 2, 9, 9, 9], adapter: nil, state: Self.state(10))
        #expect(cache.longestPrefix(of: [1, 2, 3, 4, 5], adapter: nil, minimum: 1)?.shared == 4)
        #expect(cache.longestPrefix(of: [1, 2, 9, 9, 1], adapter: nil, minimum: 1)?.entry.tokens == [1, 2, 9, 9, 9])
        #expect(cache.longestPrefix(of: [1, 2, 3, 4, 5], adapter: nil, minimum: 5) == nil)
        #expect(cache.longestPrefix(of: [5, 6], adapter: nil, minimum: 1) == nil)
        let adapter = ObjectIdentifier(HostPromptCache.self)
        #expect(cache.longestPrefix(of: [1, 2, 3, 4], adapter: adapter, minimum: 1) == nil)
    }

    @Test("a longer prompt replaces the entries it starts with; a covered one is not stored twice")
    func dominance() {
        let cache = HostPromptCache(capacity: 1000)
        cache.store(tokens: [1, 2], adapter: nil, state: Self.state(10))
        cache.store(tokens: [1, 2, 3], adapter: nil, state: Self.state(20))
        #expect(cache.count == 1 && cache.size == 20)
        cache.store(tokens: [1, 2], adapter: nil, state: Self.state(10))
        #expect(cache.count == 1 && cache.size == 20)
        #expect(cache.covers([1, 2], adapter: nil))
        #expect(!cache.covers([1, 2, 3, 4], adapter: nil))
    }

    @Test("the least recently used entries go first when the bytes run out; an oversized state is not kept")
    func eviction() {
        let cache = HostPromptCache(capacity: 100)
        cache.store(tokens: [1], adapter: nil, state: Self.state(40))
        cache.store(tokens: [2], adapter: nil, state: Self.state(40))
        _ = cache.longestPrefix(of: [1], adapter: nil, minimum: 1)  // [1] is now the most recent
        cache.store(tokens: [3], adapter: nil, state: Self.state(40))
        #expect(cache.size <= 100)
        #expect(cache.covers([1], adapter: nil))
        #expect(!cache.covers([2], adapter: nil))
        #expect(cache.covers([3], adapter: nil))
        cache.store(tokens: [4], adapter: nil, state: Self.state(101))
        #expect(!cache.covers([4], adapter: nil) && cache.count == 2)
    }
}
