import ChatTemplates
import Foundation
import JSONCore
import Testing

/// Small templates exercising one language feature each (`Fixtures/language-cases.txt`),
/// compared with what Python's jinja2 rendered for them (`Fixtures/language.json`): the output
/// byte for byte, or the error and its message.
@Suite struct LanguageCaseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var index: Int
        var source: String
        var output: String?
        var error: String?
        var raised: Bool
        var testDescription: String { "case \(index + 1): \(source.prefix(60).debugDescription)" }
    }

    static let fixture: (context: JSONObject, cases: [Case]) = {
        let url = Fixtures.fixturesDirectory.appendingPathComponent("language.json")
        guard let object = try? Fixtures.json(url), case .object(let context)? = object["context"],
            case .array(let entries)? = object["cases"]
        else { return ([:], []) }
        let cases = entries.enumerated().compactMap { index, entry -> Case? in
            guard case .string(let source)? = entry["source"] else { return nil }
            return Case(
                index: index, source: source, output: entry["output"]?.stringValue, error: entry["error"]?.stringValue,
                raised: entry["raised"] == .bool(true))
        }
        return (context, cases)
    }()

    @Test func fixtureIsPresent() {
        #expect(Self.fixture.cases.count >= 100)
    }

    @Test(arguments: fixture.cases)
    func rendersLikeJinja(_ testCase: Case) throws {
        let result: Result<String, TemplateError>
        do {
            result = .success(try Fixtures.template(testCase.source).render(Self.fixture.context))
        } catch {
            result = .failure(error)
        }
        switch (result, testCase.output, testCase.error) {
        case (.success(let actual), let expected?, _):
            if let difference = Fixtures.firstDifference(actual, expected) { Issue.record("\(difference)") }
        case (.failure(let error), _?, _):
            Issue.record("jinja2 rendered it, but we failed: \(error)")
        case (.success(let actual), nil, let message?):
            Issue.record("jinja2 failed with \"\(message)\", but we rendered \(actual.debugDescription)")
        case (.failure(let error), nil, let message?):
            #expect(error.raisedByTemplate == testCase.raised)
            // jinja2 reports the line of compile-time errors after the message.
            let expected = message.replacingOccurrences(of: " (line 1)", with: "")
            #expect(error.message == expected)
            #expect(error.line != nil)
        default:
            Issue.record("malformed case")
        }
    }
}
