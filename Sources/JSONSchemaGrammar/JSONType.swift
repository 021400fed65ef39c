/// The JSON types JSON Schema names; `integer` is the part of `number` without a fraction.
enum JSONType: String, CaseIterable, Sendable {
    case null, boolean, object, array, number, integer, string
}
