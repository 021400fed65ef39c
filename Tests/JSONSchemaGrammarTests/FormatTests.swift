import JSONCore
import JSONSchemaGrammar
import Testing

@Suite struct FormatTests {
    static func compile(_ format: String, extra: String = "") throws -> Compiled {
        try Compiled(schema: #"{"type": "string", "format": "\#(format)"\#(extra)}"#)
    }

    @Test func date() throws {
        let compiled = try FormatTests.compile("date")
        for date in [
            "2024-02-29", "2000-02-29", "1996-02-29", "2023-02-28", "0000-02-29", "1999-12-31", "2021-04-30",
            "2021-01-31", "2021-07-31", "2021-08-31", "2021-10-31",
        ] {
            #expect(compiled.accepts("\"\(date)\""), "\(date)")
        }
        for date in [
            "2023-02-29", "1900-02-29", "2100-02-29", "2021-04-31", "2021-06-31", "2021-09-31", "2021-11-31",
            "2021-02-30", "2021-13-01", "2021-00-10", "2021-01-00", "2021-01-32", "21-01-01", "2021-1-01", "2021/01/01",
            "2021-01-01T00:00:00Z", "",
        ] {
            #expect(!compiled.accepts("\"\(date)\""), "\(date)")
        }
    }

    @Test func time() throws {
        let compiled = try FormatTests.compile("time")
        for time in ["00:00:00Z", "23:59:59Z", "12:30:05.123+02:00", "08:00:00.5-11:30", "10:00:00.123456789Z"] {
            #expect(compiled.accepts("\"\(time)\""), "\(time)")
        }
        for time in [
            "24:00:00Z", "12:60:00Z", "12:00:60Z", "12:00:00", "12:00Z", "12:00:00+2:00", "12:00:00.Z",
            "12:00:00.1234567890Z", "12:00:00+24:00",
        ] {
            #expect(!compiled.accepts("\"\(time)\""), "\(time)")
        }
    }

    @Test func dateTime() throws {
        let compiled = try FormatTests.compile("date-time")
        #expect(compiled.accepts(#""2024-02-29T23:59:59.999Z""#))
        #expect(compiled.accepts(#""1970-01-01T00:00:00+00:00""#))
        #expect(!compiled.accepts(#""2024-02-29 23:59:59Z""#))
        #expect(!compiled.accepts(#""2023-02-29T00:00:00Z""#))
        #expect(!compiled.accepts(#""2024-02-29T00:00:00""#))
    }

    @Test func uuid() throws {
        let compiled = try FormatTests.compile("uuid")
        #expect(compiled.accepts(#""123e4567-e89b-12d3-a456-426614174000""#))
        #expect(compiled.accepts(#""ABCDEF01-2345-6789-ABCD-EF0123456789""#))
        #expect(!compiled.accepts(#""123e4567e89b12d3a456426614174000""#))
        #expect(!compiled.accepts(#""123e4567-e89b-12d3-a456-42661417400""#))
        #expect(!compiled.accepts(#""g23e4567-e89b-12d3-a456-426614174000""#))
    }

    @Test func email() throws {
        let compiled = try FormatTests.compile("email")
        for address in ["a@b.co", "first.last@example.com", "x_y+z-1@mail.sub.example.org", "A1@xn--bcher-kva.ch"] {
            #expect(compiled.accepts("\"\(address)\""), "\(address)")
        }
        for address in [
            "plain", "@example.com", "a@", "a@b", "a@b.c", "a b@c.de", "a..b@c.de", ".a@c.de", "a@-b.de",
            "a@b-.de", "a@@b.de", "a@b.1e",
        ] {
            #expect(!compiled.accepts("\"\(address)\""), "\(address)")
        }
        for sample in compiled.samples(20, seed: 9) {
            let text = try #require(JSONValue(parsing: sample).stringValue)
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            #expect(parts.count == 2 && parts[1].contains("."), "\(text)")
        }
    }

    @Test func formatWithLengthBounds() throws {
        let fits = try FormatTests.compile("date", extra: #", "minLength": 10, "maxLength": 10"#)
        #expect(fits.accepts(#""2024-01-01""#))
        let shortEmail = try FormatTests.compile("email", extra: #", "maxLength": 12"#)
        #expect(shortEmail.accepts(#""ab@cd.ef""#))
        #expect(!shortEmail.accepts(#""abcdef@gh.ij""#))
        for sample in shortEmail.samples(20, seed: 6) {
            #expect(try JSONValue(parsing: sample).stringValue!.count <= 12, "\(sample)")
        }
        let impossible = #"{"type": "string", "format": "uuid", "maxLength": 10}"#
        #expect(try conversionError(impossible)?.keyword == "maxLength")
    }

    @Test func unsupportedFormats() throws {
        let schema = #"{"type": "object", "properties": {"site": {"type": "string", "format": "uri"}}}"#
        let error = try #require(try conversionError(schema))
        #expect(error.keyword == "format")
        #expect(error.path == "#/properties/site/format")
        let lenient = try Compiled(schema: schema, strict: false)
        #expect(lenient.dropped.map(\.path) == ["#/properties/site/format"])
        #expect(lenient.accepts(#"{"site": "not a uri"}"#))
        let both = #"{"type": "string", "format": "date", "pattern": "^2024"}"#
        #expect(try conversionError(both)?.keyword == "pattern")
    }
}
