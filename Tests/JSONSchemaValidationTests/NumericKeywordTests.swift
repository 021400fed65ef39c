import JSONCore
import JSONSchemaValidation
import Testing

@Suite struct NumericKeywordTests {
    @Test func minimumAndMaximumAreInclusive() throws {
        try expectInstances(
            #"{"minimum":1.5,"maximum":3}"#, valid: ["1.5", "2", "3", "3.0", #""ignored""#, "null"],
            invalid: ["1.4999", "1", "3.0001", "4"])
    }

    @Test func exclusiveBoundsAsNumbers() throws {
        try expectInstances(
            #"{"exclusiveMinimum":0,"exclusiveMaximum":10}"#, valid: ["0.0001", "5", "9.99"],
            invalid: ["0", "0.0", "-1", "10", "10.0", "11"])
    }

    @Test func exclusiveBoundsAsDraft4Booleans() throws {
        try expectInstances(
            #"{"minimum":0,"exclusiveMinimum":true,"maximum":10,"exclusiveMaximum":false}"#,
            valid: ["0.5", "10"], invalid: ["0", "10.5"])
    }

    @Test func boundsCompareLargeIntegersExactly() throws {
        // 2^53 + 1 rounds to 2^53 as a double; an exact comparison must still see it as larger.
        try expectInstances(
            #"{"maximum":9007199254740992}"#, valid: ["9007199254740992", "9007199254740991"],
            invalid: ["9007199254740993"])
        try expectInstances(
            #"{"minimum":9007199254740992.0}"#, valid: ["9007199254740993"], invalid: ["9007199254740991"])
        try expectInstances(#"{"maximum":1e300}"#, valid: ["9223372036854775807"], invalid: ["1e301"])
    }

    @Test func multipleOfIntegers() throws {
        try expectInstances(#"{"multipleOf":3}"#, valid: ["0", "9", "-12", "9.0", #""x""#], invalid: ["10", "4.5"])
    }

    @Test func multipleOfDecimalsIsExact() throws {
        try expectInstances(
            #"{"multipleOf":0.0001}"#, valid: ["0.0075", "12391239123", "0.1", "1"], invalid: ["0.00751", "1e-5"])
        try expectInstances(
            #"{"multipleOf":0.01}"#, valid: ["19.99", "0.07", "4.2", "1e2"], invalid: ["19.991", "1e-3"])
        try expectInstances(#"{"multipleOf":1.5}"#, valid: ["4.5", "3", "0", "-1.5"], invalid: ["4", "3.5"])
        try expectInstances(#"{"multipleOf":1e-8}"#, valid: ["0.00000003", "12.5"], invalid: ["1e-9"])
    }

    @Test func multipleOfHugeQuotients() throws {
        try expectInstances(#"{"multipleOf":0.123456789}"#, invalid: ["1e308"])
        try expectInstances(#"{"type":"integer","multipleOf":0.5}"#, valid: ["1e308"])
        try expectInstances(#"{"multipleOf":3}"#, invalid: ["1e20"])
        try expectInstances(#"{"multipleOf":5}"#, valid: ["1e20"])
    }

    @Test func messagesNameTheBound() throws {
        let below = try failures(#"{"minimum":3}"#, "2")
        #expect(below.map(\.message) == ["expected a number at least 3, found 2"])
        let above = try failures(#"{"exclusiveMaximum":3}"#, "3")
        #expect(above.map(\.keyword) == ["exclusiveMaximum"])
        #expect(above.first?.message == "expected a number less than 3, found 3")
        let multiple = try failures(#"{"multipleOf":0.5}"#, "0.3")
        #expect(multiple.first?.message == "expected a multiple of 0.5, found 0.3")
    }
}
