/// A type a model can answer with: decodable from the answer's JSON, and described by a JSON
/// Schema the provider constrains the answer to.
///
/// ```swift
/// struct Weather: StructuredOutput {
///     var city: String
///     var celsius: Double
///     static let jsonSchema = JSONSchema.object(["city": .string(), "celsius": .number()])
/// }
/// let weather = try await client.createStructuredCompletion(request, as: Weather.self).value
/// ```
public protocol StructuredOutput: Decodable, Sendable {
    /// The schema of the type's JSON.
    static var jsonSchema: JSONSchema { get }
    /// The name the schema is sent under (letters, digits, `_` and `-`, at most 64 characters);
    /// the type's name by default.
    static var schemaName: String { get }
}

extension StructuredOutput {
    /// The type's name, with the characters a schema name may not have left out.
    public static var schemaName: String {
        let allowed = String(describing: Self.self).unicodeScalars.filter {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
                || $0 == "-"
        }
        let name = String(String.UnicodeScalarView(allowed.prefix(64)))
        return name.isEmpty ? "response" : name
    }
}
