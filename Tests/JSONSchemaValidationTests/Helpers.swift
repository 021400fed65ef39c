import JSONCore
import JSONSchemaValidation
import Testing

/// Parses JSON text written in a test; a typo in a test is a test failure, not a crash.
func json(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
    do {
        return try JSONValue(parsing: text)
    } catch {
        Issue.record("test JSON does not parse: \(error) in \(text)", sourceLocation: sourceLocation)
        throw error
    }
}

/// A validator for the schema written as JSON text.
func validator(_ schema: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONSchemaValidator {
    try JSONSchemaValidator(schema: json(schema, sourceLocation: sourceLocation))
}

/// Expects each of `valid` to pass and each of `invalid` to fail `schema` (all JSON text).
func expectInstances(
    _ schema: String, valid: [String] = [], invalid: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let checker = try validator(schema, sourceLocation: sourceLocation)
    for text in valid {
        let failures = checker.validate(try json(text, sourceLocation: sourceLocation))
        #expect(
            failures.isEmpty, "\(text) should be valid against \(schema): \(failures)", sourceLocation: sourceLocation)
    }
    for text in invalid {
        let failures = checker.validate(try json(text, sourceLocation: sourceLocation))
        #expect(!failures.isEmpty, "\(text) should be invalid against \(schema)", sourceLocation: sourceLocation)
    }
}

/// The failures of `instance` against `schema` (both JSON text).
func failures(
    _ schema: String, _ instance: String, sourceLocation: SourceLocation = #_sourceLocation
) throws
    -> [ValidationFailure]
{
    try validator(schema, sourceLocation: sourceLocation).validate(json(instance, sourceLocation: sourceLocation))
}

/// The error that compiling `schema` throws, if any.
func schemaError(_ schema: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SchemaError? {
    let value = try json(schema, sourceLocation: sourceLocation)
    do {
        _ = try JSONSchemaValidator(schema: value)
        return nil
    } catch {
        return error
    }
}
