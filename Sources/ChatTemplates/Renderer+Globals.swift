/// The global functions a template can call: jinja2's `range`, `dict` and `namespace`, and the
/// two transformers adds, `raise_exception` and `strftime_now`.
extension Renderer {
    /// jinja2's sandbox refuses ranges longer than this.
    static let maximumRange = 100_000

    func installGlobals(in scope: Scope) {
        scope.set(
            "range",
            .function(
                Function(name: "range") { (_, arguments) throws(TemplateError) in
                    try Renderer.range(arguments)
                }))
        scope.set(
            "dict",
            .function(
                Function(name: "dict") { (_, arguments) throws(TemplateError) in
                    .dict(DictStorage(try Renderer.makeDict(arguments, function: "dict")))
                }))
        scope.set(
            "namespace",
            .function(
                Function(name: "namespace") { (_, arguments) throws(TemplateError) in
                    .namespace(DictStorage(try Renderer.makeDict(arguments, function: "namespace")))
                }))
        scope.set(
            "raise_exception",
            .function(
                Function(name: "raise_exception") { (_, arguments) throws(TemplateError) in
                    let bound = try arguments.bind(["message"], function: "raise_exception")
                    throw TemplateError(message: bound[0]?.pythonString ?? "", raisedByTemplate: true)
                }))
        scope.set(
            "strftime_now",
            .function(
                Function(name: "strftime_now") { (renderer, arguments) throws(TemplateError) in
                    let bound = try arguments.bind(["format"], function: "strftime_now")
                    guard case .string(let format)? = bound[0] else {
                        throw TemplateError("strftime_now() argument must be str")
                    }
                    return .string(Strftime.format(format, date: renderer.now, timeZone: renderer.timeZone))
                }))
    }

    private static func range(_ arguments: Arguments) throws(TemplateError) -> Value {
        guard arguments.keyword.isEmpty else { throw TemplateError("range() takes no keyword arguments") }
        var integers: [Int] = []
        for value in arguments.positional {
            guard let int = value.intValue else {
                if case .undefined(let undefined) = value { throw undefined.error }
                throw TemplateError("'\(value.typeName)' object cannot be interpreted as an integer")
            }
            integers.append(int)
        }
        let start: Int
        let stop: Int
        var step = 1
        switch integers.count {
        case 1:
            start = 0
            stop = integers[0]
        case 2:
            start = integers[0]
            stop = integers[1]
        case 3:
            start = integers[0]
            stop = integers[1]
            step = integers[2]
        default:
            throw TemplateError("range expected at most 3 arguments, got \(integers.count)")
        }
        guard step != 0 else { throw TemplateError("range() arg 3 must not be zero") }
        let count = step > 0 ? max(0, (stop - start + step - 1) / step) : max(0, (start - stop - step - 1) / -step)
        guard count <= maximumRange else {
            throw TemplateError("Range too big. The sandbox blocks ranges larger than MAX_RANGE (\(maximumRange)).")
        }
        return .list((0..<count).map { .int(start + $0 * step) })
    }

    /// `dict(mapping_or_pairs, **keywords)`.
    private static func makeDict(_ arguments: Arguments, function: String) throws(TemplateError) -> PyDict {
        var dict = PyDict()
        guard arguments.positional.count <= 1 else {
            throw TemplateError("\(function) expected at most 1 argument, got \(arguments.positional.count)")
        }
        if let source = arguments.positional.first {
            switch source {
            case .dict(let storage), .namespace(let storage): dict = storage.dict
            default:
                for pair in try source.iterate() {
                    let items = try pair.iterate()
                    guard items.count == 2 else {
                        throw TemplateError(
                            "dictionary update sequence element has length \(items.count); 2 is required")
                    }
                    try dict.set(items[1], for: items[0])
                }
            }
        }
        for (key, value) in arguments.keyword { dict.set(value, forString: key) }
        return dict
    }
}
