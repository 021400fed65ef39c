/// The positional and keyword arguments of a call.
struct Arguments {
    var positional: [Value] = []
    var keyword: [(name: String, value: Value)] = []

    init(_ positional: [Value] = [], keyword: [(name: String, value: Value)] = []) {
        self.positional = positional
        self.keyword = keyword
    }

    /// The arguments matched to `names` the way Python binds a signature (positional first, then
    /// by name); absent ones are nil. Unknown names and surplus arguments are errors.
    func bind(_ names: [String], function: String) throws(TemplateError) -> [Value?] {
        guard positional.count <= names.count else {
            throw TemplateError(
                "\(function)() takes at most \(names.count) argument\(names.count == 1 ? "" : "s") "
                    + "(\(positional.count) given)")
        }
        var bound: [Value?] = positional.map { $0 } + Array(repeating: nil, count: names.count - positional.count)
        for (name, value) in keyword {
            guard let position = names.firstIndex(of: name) else {
                throw TemplateError("\(function)() got an unexpected keyword argument '\(name)'")
            }
            guard bound[position] == nil else {
                throw TemplateError("\(function)() got multiple values for argument '\(name)'")
            }
            bound[position] = value
        }
        return bound
    }
}
