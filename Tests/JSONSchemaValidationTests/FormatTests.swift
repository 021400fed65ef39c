import JSONCore
import JSONSchemaValidation
import Testing

/// Checks `format` with JSON-encoded strings, so that tests can write control characters.
private func expectFormat(
    _ format: String, valid: [String], invalid: [String], sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let checker = try JSONSchemaValidator(schema: .object(["format": .string(format)]))
    for text in valid {
        #expect(checker.isValid(.string(text)), "\(text) should be a valid \(format)", sourceLocation: sourceLocation)
    }
    for text in invalid {
        #expect(
            !checker.isValid(.string(text)), "\(text) should not be a valid \(format)", sourceLocation: sourceLocation)
    }
}

@Suite struct FormatTests {
    @Test func date() throws {
        try expectFormat(
            "date", valid: ["2024-02-29", "2000-02-29", "1999-12-31", "0001-01-01"],
            invalid: [
                "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00", "2024-1-01",
                "24-01-01", "2024/01/01", "2024-01-01T00:00:00Z", "２０２４-01-01", "",
            ])
    }

    @Test func time() throws {
        try expectFormat(
            "time",
            valid: [
                "08:30:06Z", "08:30:06.283185z", "23:59:60Z", "15:59:60-08:00", "00:00:00+23:59", "12:00:00-00:00",
            ],
            invalid: [
                "08:30:06", "24:00:00Z", "08:60:00Z", "08:30:61Z", "22:59:60Z", "23:59:60+01:00", "08:30:06+24:00",
                "08:30:06+01:60", "8:30:06Z", "08:30:06.Z", "08:30:06 Z", "08:30:06+0100",
            ])
    }

    @Test func dateTime() throws {
        try expectFormat(
            "date-time",
            valid: [
                "1963-06-19T08:30:06.283185Z", "1963-06-19t08:30:06z", "1998-12-31T23:59:60Z",
                "2024-02-29T00:00:00+05:30",
            ],
            invalid: [
                "1963-06-19", "1963-06-19 08:30:06Z", "1963-06-19T08:30:06", "2023-02-29T00:00:00Z",
                "1998-12-31T23:58:60Z", "1963-06-19T08:30:06.283185Z ",
            ])
    }

    @Test func duration() throws {
        try expectFormat(
            "duration", valid: ["P4DT12H30M5S", "P1Y", "P2M1D", "PT1H", "PT36H", "P3W", "PT0S", "P1Y2M3DT4H5M6S"],
            invalid: ["P", "PT", "P1D2H", "P1Y2D", "PT1H2S", "P2S", "1Y", "P1W2D", "P1DT", "PT1.5S", "P-1D"])
    }

    @Test func uuid() throws {
        try expectFormat(
            "uuid",
            valid: [
                "2eb8aa08-aa98-11ea-b4aa-73b441d16380", "2EB8AA08-AA98-11EA-B4AA-73B441D16380",
                "00000000-0000-0000-0000-000000000000",
            ],
            invalid: [
                "2eb8aa08-aa98-11ea-b4aa-73b441d1638", "2eb8aa08aa9811eab4aa73b441d16380",
                "2eb8aa08-aa98-11ea-b4aa-73b441d1638g",
                "{2eb8aa08-aa98-11ea-b4aa-73b441d16380}", "2eb8aa0-8aa98-11ea-b4aa-73b441d16380",
            ])
    }

    @Test func email() throws {
        try expectFormat(
            "email",
            valid: [
                "joe.bloggs@example.com", "te~st@example.com", "~test@example.com", "a+b@sub.example.org",
                "\"joe bloggs\"@example.com", "joe@[127.0.0.1]", "joe@[IPv6:::1]", "x@localhost",
            ],
            invalid: [
                "2962", ".test@example.com", "test.@example.com", "te..st@example.com", "joe@", "@example.com",
                "joe bloggs@example.com", "joe@[127.0.0.300]", "joe@-example.com", "joe@exa_mple.com",
            ])
    }

    @Test func ipv4() throws {
        try expectFormat(
            "ipv4", valid: ["192.168.0.1", "0.0.0.0", "255.255.255.255"],
            invalid: [
                "256.0.0.1", "1.2.3", "1.2.3.4.5", "087.10.0.1", "1.2.3.a", "1..2.3", "1.2.3.4 ", "১২৭.0.0.1",
                "0x7f.0.0.1",
            ])
    }

    @Test func ipv6() throws {
        try expectFormat(
            "ipv6",
            valid: [
                "::1", "::", "1::", "2001:db8::ff00:42:8329", "2001:0db8:0000:0000:0000:ff00:0042:8329",
                "::ffff:192.168.0.1", "1:2:3:4:5:6:7::", "1::8", "1:2:3:4:5:6:1.2.3.4",
            ],
            invalid: [
                "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":::", "1::2::3", "::ffff:192.168.0.256",
                "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%eth0", "::g", ":1:2:3:4:5:6:7", "1.2.3.4::",
            ])
    }

    @Test func hostname() throws {
        try expectFormat(
            "hostname",
            valid: [
                "www.example.com", "localhost", "a-b.c", "xn--nw2a.xn--j6w193g", "example.com.",
                String(repeating: "a", count: 63),
            ],
            invalid: [
                "-a.com", "a-.com", "a..com", "a_b.com", "", String(repeating: "a", count: 64), "ab--cd.com",
                "exa mple.com",
            ])
    }

    @Test func uri() throws {
        try expectFormat(
            "uri",
            valid: [
                "http://foo.bar/?baz=qux#quux", "https://example.com:8080/a/b%20c", "mailto:John.Doe@example.com",
                "urn:oasis:names:specification:docbook:dtd:xml:4.1.2", "tel:+1-816-555-1212",
                "ldap://[2001:db8::7]/c=GB?objectClass?one", "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com",
                "file:///etc/hosts",
            ],
            invalid: [
                "//foo.bar/?baz=qux#quux", "/abc", "abc", "http:// example.com", ":// should fail", "bar,baz:foo",
                "\\\\WINDOWS\\fileshare", "http://example.com/%zz", "https://[@example.org/test.txt",
                "http://example.com:80a/", "1http://x",
            ])
    }

    @Test func uriReference() throws {
        try expectFormat(
            "uri-reference", valid: ["http://example.com", "/abc", "abc", "#frag", "?q=1", "//host/path", ""],
            invalid: ["\\\\WINDOWS\\fileshare", "#fr#ag", "a b", "%zz"])
    }

    @Test func jsonPointerAndRegex() throws {
        try expectFormat("json-pointer", valid: ["", "/", "/a~0b/c~1d/0"], invalid: ["a", "/a~2", "/~"])
        try expectFormat("regex", valid: ["^a+$", "([a-z])\\1"], invalid: ["(", "a{2,1}", "[z-a]"])
    }

    @Test func formatsIgnoreNonStringsAndUnknownNames() throws {
        try expectInstances(#"{"format":"date"}"#, valid: ["1", "null", "{}"])
        try expectInstances(#"{"format":"x-made-up"}"#, valid: [#""anything""#])
    }

    @Test func formatMessage() throws {
        let wrong = try failures(#"{"format":"date"}"#, #""2024-02-30""#)
        #expect(
            wrong.map(\.message) == [
                #"expected an RFC 3339 full-date (YYYY-MM-DD) (format "date"), found "2024-02-30""#
            ])
    }
}
