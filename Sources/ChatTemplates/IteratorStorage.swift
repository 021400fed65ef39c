/// A Python iterator or generator, computed eagerly but consumed once. A generator whose body
/// failed keeps the error and raises it when iterated, as Python's lazy generators do.
final class IteratorStorage {
    private var items: Result<[Value], TemplateError>
    /// Python's name for its type: `generator`, `list_reverseiterator`...
    let typeName: String

    init(_ items: [Value], typeName: String = "generator") {
        self.items = .success(items)
        self.typeName = typeName
    }

    /// A generator running `body`; an error it throws is raised on iteration.
    init(generating body: () throws(TemplateError) -> [Value]) {
        do {
            items = .success(try body())
        } catch {
            items = .failure(error)
        }
        typeName = "generator"
    }

    /// The remaining items; the iterator is exhausted afterwards.
    func consume() throws(TemplateError) -> [Value] {
        defer { items = .success([]) }
        return try items.get()
    }
}
