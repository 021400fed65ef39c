import JSONCore
import JSONSchemaGrammar
import TestSupport
import Testing

/// A grammar text checked by llama.cpp's rules, ready to match inputs.
struct Compiled: CustomStringConvertible {
    let text: String
    let grammar: GBNFGrammar
    let dropped: [UnsupportedKeyword]

    init(text: String, dropped: [UnsupportedKeyword] = []) throws {
        self.text = text
        self.grammar = try GBNFGrammar(text)
        self.dropped = dropped
        for name in grammar.definedNames {
            #expect(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }, "rule name \(name)")
        }
        #expect(text.hasPrefix("root ::= "))
        #expect(text.allSatisfy { $0.isASCII }, "grammar text should be ASCII")
    }

    /// The grammar for a schema written as JSON text.
    init(schema: String, strict: Bool = true) throws {
        let value = try JSONValue(parsing: schema)
        let (text, dropped) = try JSONSchemaGrammar.grammar(forSchema: value, strict: strict)
        try self.init(text: text, dropped: dropped)
    }

    func accepts(_ input: String) -> Bool { GBNFMatcher.accepts(grammar, input) }

    var description: String { text.count > 600 ? String(text.prefix(600)) + "..." : text }

    /// Random complete sentences of the grammar, drawn the way a sampler walks it.
    func samples(_ count: Int, seed: UInt64 = 1, softLength: Int = 120) -> [String] {
        var generator = SeededGenerator(seed: seed)
        var results: [String] = []
        var attempts = 0
        while results.count < count && attempts < count * 4 {
            attempts += 1
            switch sample(using: &generator, softLength: softLength) {
            case .complete(let text): results.append(text)
            case .deadEnd(let text):
                Issue.record("the grammar reached a dead end after \(text.debugDescription)")
                return results
            case .tooLong: continue
            }
        }
        return results
    }

    enum SampleResult {
        case complete(String)
        case deadEnd(String)
        case tooLong
    }

    func sample(using generator: inout SeededGenerator, softLength: Int) -> SampleResult {
        var matcher = GBNFMatcher(grammar)
        var output = String.UnicodeScalarView()
        let closers: Set<UInt32> = [0x22, 0x7D, 0x5D]
        while true {
            let length = output.count
            if matcher.isComplete {
                let stopChance = length > softLength ? 1.0 : 0.35
                if Double.random(in: 0..<1, using: &generator) < stopChance { return .complete(String(output)) }
            }
            let candidates = matcher.candidates(using: &generator)
            if candidates.isEmpty {
                return matcher.isComplete ? .complete(String(output)) : .deadEnd(String(output))
            }
            if length > softLength * 4 { return .tooLong }
            var pool = candidates
            if length > softLength {
                let closing = candidates.filter(closers.contains)
                if !closing.isEmpty { pool = closing }
            }
            let choice = pool.randomElement(using: &generator)!
            matcher.accept(choice)
            output.append(Unicode.Scalar(choice)!)
        }
    }
}

/// The conversion error for a schema, or `nil` when it converts.
func conversionError(_ schema: String, strict: Bool = true) throws -> SchemaConversionError? {
    let value = try JSONValue(parsing: schema)
    do {
        _ = try JSONSchemaGrammar.grammar(forSchema: value, strict: strict)
        return nil
    } catch {
        return error
    }
}
