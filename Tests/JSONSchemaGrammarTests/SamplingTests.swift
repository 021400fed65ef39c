import JSONCore
import JSONSchemaGrammar
import Testing

/// Walks each grammar the way a sampler does (random characters among those allowed) and checks
/// that every finished output is JSON valid against the schema, by an independent validator.
@Suite struct SamplingTests {
    static let schemas: [String] = [
        ##"""
        {"type": "object", "additionalProperties": false, "required": ["name", "age", "tags", "address"],
         "properties": {
           "name": {"type": "string", "minLength": 1, "maxLength": 12},
           "age": {"type": "integer", "minimum": -5, "maximum": 123},
           "score": {"type": "number", "minimum": 0, "exclusiveMaximum": 1},
           "tags": {"type": "array", "items": {"enum": ["a", "b", "c"]}, "minItems": 1, "maxItems": 3},
           "address": {"$ref": "#/$defs/address"},
           "nick": {"type": ["string", "null"], "pattern": "^[a-z]{2,4}$"}},
         "$defs": {"address": {"type": "object", "additionalProperties": false, "required": ["city"],
                               "properties": {"city": {"type": "string", "maxLength": 8},
                                              "zip": {"type": "string", "pattern": "^[0-9]{5}$"}}}}}
        """##,
        ##"""
        {"$defs": {"node": {"type": "object", "additionalProperties": false, "required": ["id"],
                            "properties": {"id": {"type": "integer", "minimum": 0, "maximum": 99},
                                           "kids": {"type": "array", "maxItems": 2, "items": {"$ref": "#/$defs/node"}}}}},
         "$ref": "#/$defs/node"}
        """##,
        ##"""
        {"type": "array", "prefixItems": [{"const": "head"}, {"type": "boolean"}], "items": {"type": "number", "maximum": -0.5},
         "minItems": 2, "maxItems": 5}
        """##,
        ##"""
        {"anyOf": [{"type": "object", "additionalProperties": false, "required": ["kind", "radius"],
                    "properties": {"kind": {"const": "circle"}, "radius": {"type": "number", "exclusiveMinimum": 0, "maximum": 10}}},
                   {"type": "object", "additionalProperties": false, "required": ["kind", "side"],
                    "properties": {"kind": {"const": "square"}, "side": {"type": "integer", "minimum": 1}}}]}
        """##,
        ##"""
        {"type": "object", "additionalProperties": {"type": "integer", "maximum": 0}, "required": ["id"],
         "properties": {"id": {"type": "string", "pattern": "^x[0-9]"}}}
        """##,
        ##"""
        {"allOf": [{"type": "object", "properties": {"a": {"type": "string", "maxLength": 3}}, "required": ["a"]},
                   {"type": "object", "properties": {"b": {"type": "integer"}}, "required": ["b"]}],
         "properties": {"a": true, "b": true}, "additionalProperties": false}
        """##,
    ]

    @Test(arguments: schemas.indices)
    func samplesValidate(_ index: Int) throws {
        let schemaText = SamplingTests.schemas[index]
        let schema = try JSONValue(parsing: schemaText)
        let compiled = try Compiled(schema: schemaText, strict: true)
        let validator = MiniValidator(root: schema)
        let samples = compiled.samples(40, seed: UInt64(index + 1))
        #expect(samples.count >= 30, "only \(samples.count) samples finished")
        for sample in samples {
            let value = try JSONValue(parsing: sample)
            #expect(validator.violation(value, schema) == nil, "\(sample): \(validator.violation(value, schema) ?? "")")
        }
    }
}
