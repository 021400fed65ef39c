/// A Python list.
final class ListStorage {
    var elements: [Value]
    init(_ elements: [Value]) { self.elements = elements }
}
