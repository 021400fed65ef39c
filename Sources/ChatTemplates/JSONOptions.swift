/// The arguments of transformers' `tojson(x, ensure_ascii=False, indent=None, separators=None,
/// sort_keys=False)`, which forwards them to Python's `json.dumps`.
struct JSONOptions {
    var ensureASCII = false
    var indent: String?
    var itemSeparator = ", "
    var keySeparator = ": "
    var sortKeys = false

    init() {}

    init(_ bound: [Value?]) throws(TemplateError) {
        ensureASCII = bound[0]?.isTruthy ?? false
        switch bound[1] {
        case nil, .none?: indent = nil
        case .string(let string)?: indent = string
        case let width?:
            guard let count = width.intValue else { throw TemplateError("indent must be an int or a string") }
            indent = String(repeating: " ", count: max(count, 0))
        }
        if indent != nil { itemSeparator = "," }
        if let separators = bound[2], !Renderer.isNone(separators) {
            let parts = try separators.iterate()
            guard parts.count == 2, case .string(let item) = parts[0], case .string(let key) = parts[1] else {
                throw TemplateError("separators must be a pair of strings")
            }
            itemSeparator = item
            keySeparator = key
        }
        sortKeys = bound[3]?.isTruthy ?? false
    }
}
