import ChatCompletionsAPI
import Foundation
import Testing

@Suite struct JSONValueCoderTests {
    struct Inner: Codable, Hashable {
        var flag: Bool
        var ratio: Double?
        var tags: [String]
    }

    struct Outer: Codable, Hashable {
        var zulu: Int
        var alpha: String
        var inner: Inner
        var list: [Inner]
        var small: UInt8
        var big: Int64
        var value: JSONValue
        var optional: String?
    }

    static let sample = Outer(
        zulu: 1, alpha: "a", inner: Inner(flag: true, ratio: 0.5, tags: ["x"]),
        list: [Inner(flag: false, ratio: nil, tags: [])], small: 255, big: -9_000_000_000,
        value: ["k": [1, 2.5, "s", nil, true]], optional: nil)

    @Test func encodesInCodingKeyOrderWithoutUnsetOptionals() throws {
        let value = try JSONValueEncoder().encode(Self.sample)
        #expect(value.objectValue?.keys == ["zulu", "alpha", "inner", "list", "small", "big", "value"])
        #expect(value["inner"] == ["flag": true, "ratio": 0.5, "tags": ["x"]])
        #expect(value["big"] == .int(-9_000_000_000))
        #expect(value["value"] == ["k": [1, 2.5, "s", nil, true]])
        #expect(
            try Self.sample.jsonString()
                == #"{"zulu":1,"alpha":"a","inner":{"flag":true,"ratio":0.5,"tags":["x"]},"list":[{"flag":false,"tags":[]}],"small":255,"big":-9000000000,"value":{"k":[1,2.5,"s",null,true]}}"#
        )
    }

    @Test func decodesWhatItEncoded() throws {
        #expect(try roundTrip(Self.sample) == Self.sample)
        #expect(try Outer(jsonBytes: Self.sample.jsonBytes()) == Self.sample)
    }

    @Test func interoperatesWithFoundation() throws {
        let foundation = try JSONEncoder().encode(Self.sample)
        #expect(try JSONValueDecoder().decode(Outer.self, fromJSON: Array(foundation)) == Self.sample)
        let ours = try Self.sample.jsonBytes()
        #expect(try JSONDecoder().decode(Outer.self, from: Data(ours)) == Self.sample)
    }

    @Test func acceptsIntegralNumbersForIntegersAndIntegersForDoubles() throws {
        struct Numbers: Decodable {
            var count: Int
            var ratio: Double
        }
        let numbers = try Numbers(jsonString: #"{"count": 3.0, "ratio": 2}"#)
        #expect(numbers.count == 3)
        #expect(numbers.ratio == 2)
    }

    @Test func errorsNameThePathAndWhatWasExpected() throws {
        let cases: [(String, String, String)] = [
            (#"{"zulu":"1"}"#, "zulu", "expected an integer, found a string"),
            (#"{"zulu":1.5}"#, "zulu", "expected an integer, found the number 1.5"),
            (
                #"{"zulu":1,"alpha":"a","inner":{"flag":1,"tags":[]}}"#, "inner.flag",
                "expected a boolean, found an integer"
            ),
            (
                #"{"zulu":1,"alpha":"a","inner":{"flag":true,"tags":[]},"list":[{"flag":true,"tags":[3]}]}"#,
                "list[0].tags[0]", "expected a string, found an integer"
            ),
            (
                #"{"zulu":1,"alpha":"a","inner":{"flag":true,"tags":[]},"list":[],"small":256}"#, "small",
                "does not fit in UInt8"
            ),
            (#"{"zulu":1,"alpha":null}"#, "alpha", "expected a string, found null"),
            (#"{"zulu":1,"alpha":"a","inner":[]}"#, "inner", "expected an object, found an array"),
        ]
        for (json, path, message) in cases {
            #expect {
                try Outer(jsonString: json)
            } throws: { error in
                guard let error = error as? DecodingError else { return false }
                let context: DecodingError.Context
                switch error {
                case .typeMismatch(_, let found), .valueNotFound(_, let found), .dataCorrupted(let found):
                    context = found
                default: return false
                }
                #expect(parameterPath(context.codingPath) == path)
                #expect(context.debugDescription.contains(message), "\(context.debugDescription)")
                return true
            }
        }
    }

    @Test func missingMembersAreKeyNotFound() {
        #expect {
            try Outer(jsonString: #"{"zulu":1}"#)
        } throws: { error in
            guard case .keyNotFound(let key, _) = error as? DecodingError else { return false }
            return key.stringValue == "alpha"
        }
    }

    @Test func keyedContainerListsKeysInDocumentOrder() throws {
        struct Keys: Decodable {
            var names: [String]
            init(from decoder: any Decoder) throws {
                names = try decoder.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue)
            }
        }
        #expect(try Keys(jsonString: #"{"z":1,"a":2,"m":3,"b":4}"#).names == ["z", "a", "m", "b"])
    }

    @Test func refusesNonFiniteNumbers() {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(["x": Double.infinity]) }
    }

    @Test func supportsNestedContainersAndSuperEncoders() throws {
        struct Custom: Codable, Equatable {
            var a: Int
            var b: [String]
            enum Keys: String, CodingKey { case meta, list, parent }
            init(a: Int, b: [String]) {
                self.a = a
                self.b = b
            }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                var meta = container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .meta)
                try meta.encode(a, forKey: AnyCodingKey("a"))
                var list = container.nestedUnkeyedContainer(forKey: .list)
                for item in b { try list.encode(item) }
                var nested = list.nestedContainer(keyedBy: AnyCodingKey.self)
                try nested.encode(true, forKey: AnyCodingKey("end"))
                let parent = container.superEncoder(forKey: .parent)
                var single = parent.singleValueContainer()
                try single.encode("p")
            }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                a = try container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .meta).decode(
                    Int.self, forKey: AnyCodingKey("a"))
                var list = try container.nestedUnkeyedContainer(forKey: .list)
                var items: [String] = []
                while !list.isAtEnd {
                    if let item = try? list.decode(String.self) { items.append(item) } else { break }
                }
                b = items
                #expect(try container.superDecoder(forKey: .parent).singleValueContainer().decode(String.self) == "p")
            }
        }
        let value = try JSONValueEncoder().encode(Custom(a: 7, b: ["x", "y"]))
        #expect(value == ["meta": ["a": 7], "list": ["x", "y", ["end": true]], "parent": "p"])
        #expect(try JSONValueDecoder().decode(Custom.self, from: value) == Custom(a: 7, b: ["x", "y"]))
    }

    @Test func passesUserInfoThrough() throws {
        struct Probe: Codable {
            var seen: String
            init(seen: String) { self.seen = seen }
            init(from decoder: any Decoder) throws {
                seen = decoder.userInfo[CodingUserInfoKey(rawValue: "probe")!] as? String ?? "none"
            }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(encoder.userInfo[CodingUserInfoKey(rawValue: "probe")!] as? String ?? "none")
            }
        }
        var encoder = JSONValueEncoder()
        encoder.userInfo[CodingUserInfoKey(rawValue: "probe")!] = "hello"
        #expect(try encoder.encode(Probe(seen: "")) == "hello")
        var decoder = JSONValueDecoder()
        decoder.userInfo[CodingUserInfoKey(rawValue: "probe")!] = "there"
        #expect(try decoder.decode(Probe.self, from: .null).seen == "there")
    }
}
