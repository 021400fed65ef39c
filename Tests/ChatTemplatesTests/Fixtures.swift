import ChatTemplates
import Foundation
import JSONCore
import Testing

/// Where the real chat templates and their expected outputs are.
///
/// The templates come from the llama.cpp source that `make setup` unpacks (never copied into this
/// repository): `$LLAMA_CPP_SOURCE_DIR/models/templates`, or the set-up script's default cache path.
/// The expected outputs were rendered by Python's jinja2 with `Fixtures/generate.py`.
enum Fixtures {
    static let llamaCppVersion = "0.3.36"

    /// The moment `strftime_now` is pinned to, as in `generate.py` (2025-07-26 14:30:05, read as UTC).
    static let now = Date(timeIntervalSince1970: 1_753_540_205)

    static var templatesDirectory: URL? {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [URL] = []
        if let source = environment["LLAMA_CPP_SOURCE_DIR"], !source.isEmpty {
            candidates.append(URL(fileURLWithPath: source))
        }
        let cache =
            environment["CHAT_CACHE_DIR"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/swift-chat-completions")
        candidates.append(cache.appendingPathComponent("src/llama-cpp-python-\(llamaCppVersion)/vendor/llama.cpp"))
        for candidate in candidates {
            let templates = candidate.appendingPathComponent("models/templates")
            if FileManager.default.fileExists(atPath: templates.path) { return templates }
        }
        return nil
    }

    static let missingTemplatesMessage =
        "The llama.cpp chat templates were not found (looked in $LLAMA_CPP_SOURCE_DIR/models/templates and the "
        + "set-up cache); run `make setup` first."

    static var fixturesDirectory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    }

    /// The names of the templates that have expected outputs (file names without `.jinja`); throws
    /// when `Fixtures/expected` cannot be read.
    static func templateNames() throws -> [String] {
        let directory = fixturesDirectory.appendingPathComponent("expected")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// ``templateNames()`` for `@Test(arguments:)`, which cannot throw: none when the directory
    /// cannot be read. `TemplateFixtureTests.everyTemplateHasExpectedOutputs` reads it with
    /// ``templateNames()`` and fails, with the error, when it is missing or holds too few.
    static let templateArguments: [String] = (try? templateNames()) ?? []

    static func json(_ url: URL) throws -> JSONObject {
        let data = try Data(contentsOf: url)
        guard case .object(let object) = try JSONValue(parsing: Array(data)) else {
            throw FixtureError("\(url.lastPathComponent) is not a JSON object")
        }
        return object
    }

    /// The render contexts, by conversation name.
    static func conversations() throws -> JSONObject {
        try json(fixturesDirectory.appendingPathComponent("conversations.json"))
    }

    /// What Python rendered for each conversation: `{"output": ...}` or `{"error": ..., "raised": ...}`.
    static func expected(for template: String) throws -> JSONObject {
        try json(fixturesDirectory.appendingPathComponent("expected/\(template).json"))
    }

    static func templateSource(_ name: String) throws -> String? {
        guard let directory = templatesDirectory else { return nil }
        return try String(contentsOf: directory.appendingPathComponent("\(name).jinja"), encoding: .utf8)
    }

    /// A template with `strftime_now` pinned to ``now`` in UTC.
    static func template(_ source: String) throws(TemplateError) -> ChatTemplate {
        var template = try ChatTemplate(source: source)
        template.now = now
        template.timeZone = TimeZone(identifier: "UTC")!
        return template
    }

    /// Where two texts first differ, with a little context, for readable failures.
    static func firstDifference(_ actual: String, _ expected: String) -> String? {
        let a = Array(actual.unicodeScalars)
        let b = Array(expected.unicodeScalars)
        guard a != b else { return nil }
        var index = 0
        while index < a.count, index < b.count, a[index] == b[index] { index += 1 }
        func excerpt(_ scalars: [Unicode.Scalar]) -> String {
            let start = max(0, index - 60)
            let end = min(scalars.count, index + 60)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<end])
            return String(view).debugDescription
        }
        return "first difference at scalar \(index) of \(a.count) (expected \(b.count)):\n"
            + "  actual:   \(excerpt(a))\n  expected: \(excerpt(b))"
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
