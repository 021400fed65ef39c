import JSONCore
import JSONSchemaGrammar
import Testing

@Suite struct JSONObjectGrammarTests {
    let compiled: Compiled

    init() throws { compiled = try Compiled(text: JSONSchemaGrammar.jsonObject) }

    @Test(arguments: [
        "{}", "{ }", #"{"a":1}"#, #"{"a": [1, 2.5, -3e7, true, false, null, "x"], "b": {"c": {"d": []}}}"#,
        "{\n  \"a\": {\n    \"b\": [\n      1\n    ]\n  }\n}", #"{"esc": "\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}"#,
        #"{"dup": 1, "dup": 2}"#, "{\"\": \"\"}", "{\"é\": \"日本\"}",
    ])
    func acceptsObjects(_ input: String) {
        #expect(compiled.accepts(input))
    }

    @Test(arguments: [
        "[]", "[1]", #""text""#, "1", "true", "null", "", " {}", "{} ", "{}{}", #"{"a":}"#, #"{"a" 1}"#,
        #"{"a":1,}"#, "{,}", #"{a: 1}"#, #"{'a': 1}"#, #"{"a": 01}"#, #"{"a": 1.}"#, #"{"a": .5}"#, #"{"a": +1}"#,
        #"{"a": "\x"}"#, #"{"a": "\ud800"}"#, #"{"a": "\udc00"}"#, "{\"a\": \"raw\nnewline\"}", #"{"a": "\u12"}"#,
        #"{"a": NaN}"#, #"{"a": tru}"#, "{\"a\":1\u{0B}}",
    ])
    func rejectsEverythingElse(_ input: String) {
        #expect(!compiled.accepts(input))
    }

    @Test func whitespaceIsBounded() {
        #expect(compiled.accepts("{\n" + String(repeating: " ", count: 20) + "\"a\": 1}"))
        #expect(!compiled.accepts("{\n" + String(repeating: " ", count: 21) + "\"a\": 1}"))
        #expect(!compiled.accepts("{  \"a\": 1}"))
        #expect(!compiled.accepts("{\n\n\"a\": 1}"))
        #expect(!compiled.accepts("{" + String(repeating: " ", count: 200) + "}"))
        #expect(!compiled.accepts("{\"a\":" + String(repeating: "\n", count: 3) + "1}"))
    }

    @Test func numbersStayFinite() {
        #expect(compiled.accepts(#"{"a": 1.5e99}"#))
        #expect(!compiled.accepts(#"{"a": 1e999}"#))
        #expect(!compiled.accepts(#"{"a": 12345678901234567}"#))
    }

    @Test func samplesAreJSONObjects() throws {
        let samples = compiled.samples(60, seed: 7)
        #expect(samples.count >= 40)
        for sample in samples {
            let value = try JSONValue(parsing: sample)
            #expect(value.objectValue != nil, "\(sample)")
        }
    }
}
