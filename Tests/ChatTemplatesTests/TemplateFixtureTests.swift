import ChatTemplates
import Foundation
import JSONCore
import Testing

/// Renders the real chat templates that ship with llama.cpp over several conversations and
/// compares, byte for byte, with what Python's jinja2 rendered (see `Fixtures/generate.py`).
@Suite struct TemplateFixtureTests {
    @Test("renders like jinja2", arguments: Fixtures.templateArguments)
    func rendersLikeJinja(_ name: String) throws {
        guard let source = try Fixtures.templateSource(name) else {
            Issue.record(Comment(rawValue: Fixtures.missingTemplatesMessage))
            return
        }
        let template = try Fixtures.template(source)
        let conversations = try Fixtures.conversations()
        let expected = try Fixtures.expected(for: name)
        for (conversation, result) in expected {
            guard case .object(var context)? = conversations[conversation], case .object(let result) = result else {
                Issue.record("conversation \(conversation) is missing from conversations.json")
                continue
            }
            // The few templates the server gives more (gpt-oss's `thinking`, FireFunction's `functions`).
            if case .object(let given)? = result["context"] { context = given }
            if case .string(let output)? = result["output"] {
                do {
                    let actual = try template.render(context)
                    if let difference = Fixtures.firstDifference(actual, output) {
                        Issue.record("\(name) / \(conversation): \(difference)")
                    }
                } catch {
                    Issue.record("\(name) / \(conversation): jinja2 rendered it, but we failed: \(error)")
                }
            } else if case .string(let message)? = result["error"] {
                let raised = result["raised"] == .bool(true)
                do {
                    _ = try template.render(context)
                    Issue.record("\(name) / \(conversation): jinja2 failed with \"\(message)\", but we rendered it")
                } catch {
                    if raised {
                        #expect(error.raisedByTemplate, "\(name) / \(conversation)")
                        #expect(error.message == message, "\(name) / \(conversation)")
                    } else {
                        // generate.py writes Python's exception type first ("TypeError: ...").
                        let expected = message.split(separator: ": ", maxSplits: 1).last.map(String.init) ?? message
                        #expect(!error.raisedByTemplate, "\(name) / \(conversation): \(error)")
                        #expect(error.message == expected, "\(name) / \(conversation)")
                    }
                }
            }
        }
    }

    /// "renders like jinja2" passes vacuously when `Fixtures/expected` is empty or unreadable: this
    /// test fails instead, with the error.
    @Test func everyTemplateHasExpectedOutputs() throws {
        let names = try Fixtures.templateNames()
        #expect(names.count >= 17)
        guard let directory = Fixtures.templatesDirectory else {
            Issue.record(Comment(rawValue: Fixtures.missingTemplatesMessage))
            return
        }
        let templates = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".jinja") }.map { String($0.dropLast(6)) }
        #expect(Set(templates).isSubset(of: Set(names)), "run Fixtures/generate.py")
    }
}
