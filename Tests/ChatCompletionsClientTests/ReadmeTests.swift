import ChatCompletionsAPI
import ChatCompletionsClient
import Foundation
import ReadmeExamples
import Testing

/// The README's Swift examples are the sources of the `ReadmeExamples` target (so they compile with
/// the tests), its flags are the `chat` command's, and the examples work against a scripted server.
@Suite("README")
struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The fenced blocks of `markdown` in `language`, each as its lines.
    static func blocks(_ markdown: String, language: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String]?
        for line in markdown.components(separatedBy: "\n") {
            if current == nil {
                if line == "```" + language { current = [] }
            } else if line == "```" {
                blocks.append(current!)
                current = nil
            } else {
                current!.append(line)
            }
        }
        return blocks
    }

    /// Whether `block` appears in `source` line for line, all its lines indented by the same prefix.
    static func appears(_ block: [String], in source: [String]) -> Bool {
        guard let first = block.first, !first.isEmpty, block.count <= source.count else { return false }
        for start in 0...(source.count - block.count) where source[start].hasSuffix(first) {
            let indent = String(source[start].dropLast(first.count))
            guard indent.allSatisfy({ $0 == " " }) else { continue }
            let matches = block.indices.allSatisfy { offset in
                let line = source[start + offset]
                return block[offset].isEmpty ? line.isEmpty : line == indent + block[offset]
            }
            if matches { return true }
        }
        return false
    }

    /// The sources of the examples target, each as its lines.
    static func exampleSources() throws -> [String: [String]] {
        let folder = root.appendingPathComponent("Examples/ReadmeExamples")
        var sources: [String: [String]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            sources[name] = text.components(separatedBy: "\n")
        }
        return sources
    }

    @Test("every Swift block of the README is compiled: it appears word for word in Examples/ReadmeExamples")
    func examplesAreCompiled() throws {
        let blocks = Self.blocks(try Self.read("README.md"), language: "swift")
        let examples = blocks.filter { $0.first != "// Package.swift" }
        #expect(examples.count >= 10)
        let sources = try Self.exampleSources()
        #expect(sources.count >= 5)
        for block in examples {
            let found = sources.values.contains { Self.appears(block, in: $0) }
            #expect(found, "not in Examples/ReadmeExamples:\n\(block.joined(separator: "\n"))")
        }
    }

    @Test("the package manifest lines name this package and its library products")
    func manifest() throws {
        let blocks = Self.blocks(try Self.read("README.md"), language: "swift")
        let manifest = try #require(blocks.first { $0.first == "// Package.swift" }).joined(separator: "\n")
        let package = try Self.read("Package.swift")
        #expect(package.contains(#"name: "swift-chat-completions""#))
        #expect(manifest.contains(#".package(path: "../swift-chat-completions")"#))
        let products = manifest.matches(of: /\.product\(name: "(\w+)", package: "([\w-]+)"\)/)
        #expect(products.count == 2)
        for product in products {
            #expect(product.output.2 == "swift-chat-completions")
            #expect(package.contains(#".library(name: "\#(product.output.1)""#), "no library \(product.output.1)")
        }
    }

    @Test("every flag the README's chat section names is one `chat --help` lists, and only live presets are named")
    func chatFlags() async throws {
        let readme = try Self.read("README.md")
        let start = try #require(readme.range(of: "## The `chat` command"))
        let end = try #require(readme.range(of: "\n## ", range: start.upperBound..<readme.endIndex))
        // Flags of the command lines that build chat are swift's, not chat's.
        let section = String(readme[start.lowerBound..<end.lowerBound]).replacing(/`swift build[^`]*`/, with: "")
        let help = try await ChatProcess.run(["--help"])
        #expect(help.status == 0)
        let flags = Set(section.matches(of: /--[a-z][a-z-]+/).map { String($0.output) })
        #expect(flags.count >= 35)
        for flag in flags {
            #expect(help.stdout.contains(flag), "chat --help does not list \(flag)")
        }
        #expect(help.stdout.contains("oxyapi"))
        #expect(!help.stdout.lowercased().contains("octoai"))
        #expect(!readme.contains("--preset octoai"))
    }

    @Test("the examples work: structured output, the tool runner and streaming against a scripted server")
    func examplesRun() async throws {
        let city = #"{"name":"Tokyo","country":"Japan","population":14000000,"landmarks":["Tokyo Tower"]}"#
        try await ScriptedServer.with({ _, _ in .completion(Fixtures.completion(city)) }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let value = try await ReadmeExample.largestCity(client: client)
            #expect(value.name == "Tokyo")
            #expect(value.landmarks == ["Tokyo Tower"])
            let sent = try #require(await server.requests.first).json
            #expect(sent["response_format"]?["json_schema"]?["name"] == "City")
            #expect(sent["response_format"]?["json_schema"]?["strict"] == true)
        }
        try await ScriptedServer.with({ _, number in
            number == 0
                ? ToolRunnerTests.calls([("c1", "get_weather", #"{"city":"Paris"}"#)])
                : .completion(Fixtures.completion("21 degrees."))
        }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let answer = try await ReadmeExample.weatherAnswer(client: client)
            #expect(answer == "21 degrees.")
            let requests = await server.requests
            #expect(requests[1].json["messages"]?.arrayValue?.last?["content"] == #"{"city": "Paris", "celsius": 21}"#)
        }
        try await ScriptedServer.with({ _, _ in ChatCommandTests.streamed("Once upon a time.") }) { server in
            let client = ChatClient(configuration: Fixtures.configuration(server))
            let completion = try await ReadmeExample.streamStory(client: client)
            #expect(completion.choices.first?.message.content == "Once upon a time.")
        }
    }
}
