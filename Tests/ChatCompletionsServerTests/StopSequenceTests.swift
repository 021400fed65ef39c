import ChatCompletionsAPI
import Foundation
import TestSupport
import Testing

@Suite("Stop sequences")
struct StopSequenceTests {
    static let prompt = "List some animals, separated by commas."

    /// The greedy output and its tokens, to pick stop strings from.
    static func reference(_ server: LiveServer) async throws -> (text: String, tokens: [String]) {
        let completion = try await server.completion(
            body(prompt, ["max_tokens": 24, "temperature": 0, "ignore_eos": true, "logprobs": true]))
        let tokens = completion.choices[0].logprobs?.content?.map(\.token) ?? []
        return (completion.choices[0].message.content ?? "", tokens)
    }

    @Test("a stop sequence spanning two tokens ends the output right before it, streamed or not")
    func spanningStop() async throws {
        let server = try await LiveServer.shared
        let (text, tokens) = try await Self.reference(server)
        // Pick the last character of token i and the first of token i+1, from the middle of the output.
        let index = tokens.indices.dropFirst(2).dropLast(2).first {
            !tokens[$0].isEmpty && !tokens[$0 + 1].isEmpty && tokens[$0].unicodeScalars.allSatisfy(\.isASCII)
                && tokens[$0 + 1].unicodeScalars.allSatisfy(\.isASCII)
        }
        let i = try #require(index, "no ASCII token pair in \(tokens)")
        let stop = String(tokens[i].suffix(1)) + String(tokens[i + 1].prefix(1))
        let expected = String(text[..<text.range(of: stop)!.lowerBound])
        let request = body(
            Self.prompt, ["max_tokens": 24, "temperature": 0, "ignore_eos": true, "stop": .string(stop)])
        let completion = try await server.completion(request)
        #expect(completion.choices[0].message.content == expected)
        #expect(completion.choices[0].finishReason == .stop)
        let chunks = try await server.chunks(request)
        #expect(streamedTexts(chunks)[0] == expected)
        // No chunk ever carries part of the stop sequence.
        for chunk in chunks {
            let content = chunk.choices.first?.delta.content ?? ""
            #expect(content.contains(stop) == false, "\(content)")
        }
        #expect(chunks.flatMap(\.choices).compactMap(\.finishReason) == [.stop])
    }

    @Test("the earliest of several stop sequences wins, and an unmatched one changes nothing")
    func severalStops() async throws {
        let server = try await LiveServer.shared
        let (text, _) = try await Self.reference(server)
        let chars = Array(text)
        try #require(chars.count > 12)
        let early = String(chars[4...5])
        let late = String(chars[10...11])
        let expected = String(text[..<text.range(of: early)!.lowerBound])
        let completion = try await server.completion(
            body(
                Self.prompt,
                [
                    "max_tokens": 24, "temperature": 0, "ignore_eos": true,
                    "stop": [.string(late), .string(early), "§§never§§"],
                ]))
        #expect(completion.choices[0].message.content == expected)
        let unmatched = try await server.completion(
            body(Self.prompt, ["max_tokens": 24, "temperature": 0, "ignore_eos": true, "stop": "§§never§§"]))
        #expect(unmatched.choices[0].message.content == text)
        #expect(unmatched.choices[0].finishReason == .length)
    }
}
