import Foundation

/// jinja2's built-in filters, with transformers' `tojson`.
extension Renderer {
    /// Filters that are Python generators: their errors surface only when the result is iterated.
    private static let generatorFilters: Set<String> = [
        "items", "unique", "select", "reject", "selectattr", "rejectattr", "map", "batch",
    ]

    func applyFilter(_ name: String, to original: Value, _ arguments: Arguments) throws(TemplateError) -> Value {
        if Renderer.generatorFilters.contains(name) {
            return .iterator(
                IteratorStorage { () throws(TemplateError) -> [Value] in
                    try applyFilterEagerly(name, to: original, arguments).iterate()
                })
        }
        return try applyFilterEagerly(name, to: original, arguments)
    }

    private func applyFilterEagerly(
        _ name: String, to original: Value, _ arguments: Arguments
    ) throws(TemplateError)
        -> Value
    {
        // Filters that keep a markup string marked (Markup's own methods return Markup).
        if case .markup(let string) = original {
            switch name {
            case "string", "safe", "escape", "e": return original
            case "trim": return .markup(try applyFilter(name, to: .string(string), arguments).pythonString)
            case "upper", "lower", "capitalize":
                return .markup(try applyFilter(name, to: .string(string), arguments).pythonString)
            default: break
            }
        }
        let value = name == "tojson" ? original : original.unmarked
        func bind(_ names: [String]) throws(TemplateError) -> [Value?] {
            try arguments.bind(names, function: name)
        }
        switch name {
        case "tojson":
            let bound = try bind(["ensure_ascii", "indent", "separators", "sort_keys"])
            return .string(try value.pythonJSON(options: try JSONOptions(bound)))
        case "string":
            _ = try bind([])
            return .string(value.pythonString)
        case "safe":
            _ = try bind([])
            return .markup(value.pythonString)
        case "length", "count":
            _ = try bind([])
            return .int(try value.length())
        case "trim":
            let bound = try bind(["chars"])
            let chars = bound[0].flatMap { $0.stringValue }
            return .string(PyStr.strip(value.pythonString, chars))
        case "upper":
            _ = try bind([])
            return .string(PyStr.upper(value.pythonString))
        case "lower":
            _ = try bind([])
            return .string(PyStr.lower(value.pythonString))
        case "capitalize":
            _ = try bind([])
            return .string(PyStr.capitalize(value.pythonString))
        case "title":
            _ = try bind([])
            return .string(Renderer.jinjaTitle(value.pythonString))
        case "replace":
            let bound = try bind(["old", "new", "count"])
            guard let old = bound[0], let new = bound[1] else {
                throw TemplateError("replace() missing required arguments 'old' and 'new'")
            }
            let count: Int
            if let countValue = bound[2], !Renderer.isNone(countValue) {
                guard let int = countValue.intValue else {
                    throw TemplateError("'\(countValue.typeName)' object cannot be interpreted as an integer")
                }
                count = int
            } else {
                count = -1
            }
            return .string(PyStr.replace(value.pythonString, old.pythonString, new.pythonString, count: count))
        case "default", "d":
            let bound = try bind(["default_value", "boolean"])
            let fallback = bound[0] ?? .string("")
            if value.isUndefined || ((bound[1]?.isTruthy ?? false) && !value.isTruthy) { return fallback }
            return original
        case "join":
            let bound = try bind(["d", "attribute"])
            let separator = bound[0].map(\.pythonString) ?? ""
            var items = try value.iterate()
            if let attribute = bound[1], !Renderer.isNone(attribute) {
                let getter = attributeGetter(attribute)
                var mapped: [Value] = []
                for item in items { mapped.append(try getter(item)) }
                items = mapped
            }
            return .string(items.map(\.pythonString).joined(separator: separator))
        case "first":
            _ = try bind([])
            return try value.iterate().first ?? .undefined(.hint("No first item, sequence was empty."))
        case "last":
            _ = try bind([])
            switch value {
            case .iterator: throw TemplateError("'\(value.typeName)' object is not reversible")
            case .list, .tuple, .string, .dict, .undefined:
                return try value.iterate().last ?? .undefined(.hint("No last item, sequence was empty."))
            default: throw TemplateError("'\(value.typeName)' object is not reversible")
            }
        case "list":
            _ = try bind([])
            return .list(try value.iterate())
        case "items":
            _ = try bind([])
            switch value {
            case .undefined: return .iterator(IteratorStorage([]))
            case .dict(let storage):
                return .iterator(IteratorStorage(storage.dict.items.map { Value.tuple([$0, $1]) }))
            default: throw TemplateError("Can only get item pairs from a mapping.")
            }
        case "dictsort":
            let bound = try bind(["case_sensitive", "by", "reverse"])
            let caseSensitive = bound[0]?.isTruthy ?? false
            let by = bound[1]?.stringValue ?? "key"
            guard by == "key" || by == "value" else {
                throw TemplateError("You can only sort by either \"key\" or \"value\"")
            }
            let pairs: [Value]
            switch value {
            case .dict(let storage): pairs = storage.dict.items.map { Value.tuple([$0, $1]) }
            case .undefined(let undefined): throw undefined.error
            default: throw TemplateError("'\(value.typeName)' object has no attribute 'items'")
            }
            let position = by == "key" ? 0 : 1
            return .list(
                try Renderer.sorted(pairs, reverse: bound[2]?.isTruthy ?? false) { (pair) throws(TemplateError) in
                    guard case .tuple(let items) = pair else { return pair }
                    return caseSensitive ? items[position] : Renderer.ignoreCase(items[position])
                })
        case "sort":
            let bound = try bind(["reverse", "case_sensitive", "attribute"])
            let caseSensitive = bound[1]?.isTruthy ?? false
            let getter = multiAttributeGetter(bound[2], caseSensitive: caseSensitive)
            return .list(try Renderer.sorted(try value.iterate(), reverse: bound[0]?.isTruthy ?? false, key: getter))
        case "unique":
            let bound = try bind(["case_sensitive", "attribute"])
            let getter = attributeGetter(bound[1], postprocess: Renderer.caseFolding(bound[0]))
            var seen: Set<DictKey> = []
            var result: [Value] = []
            for item in try value.iterate() {
                let key = try PyDict.key(for: try getter(item))
                if seen.insert(key).inserted { result.append(item) }
            }
            return .iterator(IteratorStorage(result))
        case "min", "max":
            let bound = try bind(["case_sensitive", "attribute"])
            let items = try value.iterate()
            guard var best = items.first else { return .undefined(.hint("No aggregated item, sequence was empty.")) }
            let getter = attributeGetter(bound[1], postprocess: Renderer.caseFolding(bound[0]))
            var bestKey = try getter(best)
            for item in items.dropFirst() {
                let key = try getter(item)
                let better = try key.pythonOrder(name == "min" ? .less : .greater, bestKey)
                if better {
                    best = item
                    bestKey = key
                }
            }
            return best
        case "sum":
            let bound = try bind(["attribute", "start"])
            var total = bound[1] ?? .int(0)
            let getter = attributeGetter(bound[0])
            for item in try value.iterate() { total = try total.apply(.add, try getter(item)) }
            return total
        case "reverse":
            _ = try bind([])
            switch value {
            case .string(let string): return .string(PyStr.string(string.unicodeScalars.reversed()))
            case .list, .tuple, .dict, .undefined:
                let type = if case .list = value { "list_reverseiterator" } else { "reversed" }
                return .iterator(IteratorStorage(try value.iterate().reversed(), typeName: type))
            case .iterator:
                return .list(try value.iterate().reversed())
            default:
                throw TemplateError("argument must be iterable")
            }
        case "select", "reject", "selectattr", "rejectattr":
            // jinja2 yields nothing for a false value (None, an empty list...) without iterating it.
            guard value.isTruthy else { return .iterator(IteratorStorage([])) }
            let byAttribute = name.hasSuffix("attr")
            var parameters = arguments.positional
            var transform: (Value) throws(TemplateError) -> Value = { $0 }
            if byAttribute {
                guard !parameters.isEmpty else { throw TemplateError("Missing parameter for attribute name") }
                transform = attributeGetter(parameters.removeFirst())
            }
            var test: ((Value) throws(TemplateError) -> Bool)
            if parameters.isEmpty {
                test = { $0.isTruthy }
            } else {
                guard case .string(let testName) = parameters.removeFirst() else {
                    throw TemplateError("the test name must be a string")
                }
                let testArguments = Arguments(parameters, keyword: arguments.keyword)
                test = { (item) throws(TemplateError) in try self.applyTest(testName, to: item, testArguments) }
            }
            let keep = name.hasPrefix("select")
            var result: [Value] = []
            for item in try value.iterate() where try test(try transform(item)) == keep { result.append(item) }
            return .iterator(IteratorStorage(result))
        case "map":
            guard value.isTruthy else { return .iterator(IteratorStorage([])) }
            var transform: (Value) throws(TemplateError) -> Value
            if arguments.positional.isEmpty, let attribute = arguments.keyword.first(where: { $0.name == "attribute" })
            {
                let defaultValue = arguments.keyword.first { $0.name == "default" }?.value
                if let unexpected = arguments.keyword.first(where: { $0.name != "attribute" && $0.name != "default" }) {
                    throw TemplateError("Unexpected keyword argument '\(unexpected.name)'")
                }
                transform = attributeGetter(attribute.value, defaultValue: defaultValue)
            } else {
                guard case .string(let filterName)? = arguments.positional.first else {
                    throw TemplateError("map requires a filter argument")
                }
                let filterArguments = Arguments(Array(arguments.positional.dropFirst()), keyword: arguments.keyword)
                transform = { (item) throws(TemplateError) in
                    try self.applyFilter(filterName, to: item, filterArguments)
                }
            }
            var result: [Value] = []
            for item in try value.iterate() { result.append(try transform(item)) }
            return .iterator(IteratorStorage(result))
        case "attr":
            let bound = try bind(["name"])
            guard case .string(let attribute)? = bound[0] else { throw TemplateError("attr() requires a name") }
            switch value {
            case .undefined(let undefined): throw undefined.error
            case .namespace(let storage):
                if let found = storage.dict[string: attribute] { return found }
            case .loop, .dict, .string, .list, .tuple:
                if case .loop = value { return try self.attribute(of: value, attribute) }
                if Renderer.hasMethod(value, attribute) { return boundMethod(value, attribute) }
            default: break
            }
            return .undefined(.attribute(objectType: value.objectTypeDescription, name: attribute))
        case "int":
            let bound = try bind(["default", "base"])
            return try Renderer.toInt(value, default: bound[0] ?? .int(0), base: bound[1]?.intValue ?? 10)
        case "float":
            let bound = try bind(["default"])
            return try Renderer.toFloat(value, default: bound[0] ?? .double(0))
        case "abs":
            _ = try bind([])
            switch value {
            case .int(let int):
                guard int != .min else { throw TemplateError("integer overflow") }
                return .int(Swift.abs(int))
            case .bool(let flag): return .int(flag ? 1 : 0)
            case .double(let double): return .double(Swift.abs(double))
            default: throw TemplateError("bad operand type for abs(): '\(value.typeName)'")
            }
        case "round":
            let bound = try bind(["precision", "method"])
            let precision = bound[0]?.intValue ?? 0
            let method = bound[1]?.stringValue ?? "common"
            guard ["common", "ceil", "floor"].contains(method) else {
                throw TemplateError("method must be common, ceil or floor")
            }
            return try Renderer.round(value, precision: precision, method: method)
        case "indent":
            let bound = try bind(["width", "first", "blank"])
            // jinja2 appends a newline to the value first, which only strings survive.
            switch value {
            case .string: break
            case .undefined(let undefined): throw undefined.error
            case .list: throw TemplateError("'list' object has no attribute 'splitlines'")
            case .tuple: throw TemplateError("can only concatenate tuple (not \"str\") to tuple")
            default: throw TemplateError("unsupported operand type(s) for +=: '\(value.typeName)' and 'str'")
            }
            let indentation: String
            switch bound[0] {
            case .string(let string)?: indentation = string
            case nil: indentation = "    "
            case let width?:
                guard let count = width.intValue else {
                    throw TemplateError("indent width must be a number or a string")
                }
                indentation = String(repeating: " ", count: max(count, 0))
            }
            return .string(
                Renderer.indent(
                    value.pythonString, indentation, first: bound[1]?.isTruthy ?? false,
                    blank: bound[2]?.isTruthy ?? false))
        case "center":
            let bound = try bind(["width"])
            return .string(PyStr.pad(value.pythonString, width: bound[0]?.intValue ?? 80, alignment: .center))
        case "escape", "e", "forceescape":
            _ = try bind([])
            return .markup(Renderer.htmlEscape(value.pythonString))
        case "format":
            if !arguments.positional.isEmpty && !arguments.keyword.isEmpty {
                throw TemplateError("can't handle positional and keyword arguments at the same time")
            }
            let values: Value
            if arguments.keyword.isEmpty {
                values = .tuple(arguments.positional)
            } else {
                var dict = PyDict()
                for (key, item) in arguments.keyword { dict.set(item, forString: key) }
                values = .dict(DictStorage(dict))
            }
            return .string(try PythonFormat.percent(value.pythonString, values))
        case "batch":
            let bound = try bind(["linecount", "fill_with"])
            guard let size = bound[0]?.intValue, size > 0 else { throw TemplateError("batch() needs a positive size") }
            var batches: [Value] = []
            var current: [Value] = []
            for item in try value.iterate() {
                if current.count == size {
                    batches.append(.list(current))
                    current = []
                }
                current.append(item)
            }
            if !current.isEmpty {
                if let fill = bound[1], !Renderer.isNone(fill) {
                    current += Array(repeating: fill, count: size - current.count)
                }
                batches.append(.list(current))
            }
            return .iterator(IteratorStorage(batches))
        case "wordcount":
            _ = try bind([])
            var count = 0
            var inWord = false
            for scalar in value.pythonString.unicodeScalars {
                let isWord = scalar == "_" || scalar.isPythonAlphanumeric
                if isWord && !inWord { count += 1 }
                inWord = isWord
            }
            return .int(count)
        case "truncate":
            let bound = try bind(["length", "killwords", "end", "leeway"])
            let length = bound[0]?.intValue ?? 255
            let end = bound[2]?.pythonString ?? "..."
            let leeway = bound[3]?.intValue ?? 5
            guard length >= PyStr.count(end) else {
                throw TemplateError("expected length >= \(PyStr.count(end)), got \(length)")
            }
            guard leeway >= 0 else { throw TemplateError("expected leeway >= 0, got \(leeway)") }
            // jinja2 measures the value as it is and returns it unchanged when short enough.
            guard try value.length() > length + leeway else { return original }
            guard case .string(let string) = value else {
                throw TemplateError("can only concatenate \(value.typeName) (not \"str\") to \(value.typeName)")
            }
            let scalars = PyStr.scalars(string)
            guard scalars.count > length + leeway else { return .string(string) }
            let kept = PyStr.string(scalars.prefix(max(length - PyStr.count(end), 0)))
            if bound[1]?.isTruthy ?? false { return .string(kept + end) }
            return .string(PyStr.rsplit(kept, separator: " ", maxSplit: 1)[0] + end)
        case "pprint":
            _ = try bind([])
            return .string(value.pythonRepr)
        default:
            throw TemplateError("No filter named '\(name)' found.")
        }
    }

    static func isNone(_ value: Value) -> Bool {
        if case .none = value { return true }
        return false
    }

    /// `ignore_case` unless the `case_sensitive` argument is true.
    static func caseFolding(_ caseSensitive: Value?) -> ((Value) -> Value)? {
        if caseSensitive?.isTruthy ?? false { return nil }
        return { ignoreCase($0) }
    }

    /// jinja2's `ignore_case`: strings compare lower-cased.
    static func ignoreCase(_ value: Value) -> Value {
        if case .string(let string) = value { return .string(PyStr.lower(string)) }
        return value
    }

    /// jinja2's `make_attrgetter`: `attribute` may be dotted (`a.b`) and numeric parts index lists.
    func attributeGetter(
        _ attribute: Value?, postprocess: ((Value) -> Value)? = nil, defaultValue: Value? = nil
    ) -> (Value) throws(TemplateError) -> Value {
        let parts: [Value]
        switch attribute {
        case nil, .none?: parts = []
        case .string(let path)?:
            parts = PyStr.split(path, separator: ".", maxSplit: -1).map { part in
                if let index = Int(part), part.allSatisfy(\.isASCII) { return .int(index) }
                return .string(part)
            }
        case let other?: parts = [other]
        }
        return { (item) throws(TemplateError) -> Value in
            var current = item
            for part in parts {
                current = try self.item(of: current, part)
                if let defaultValue, current.isUndefined { current = defaultValue }
            }
            return postprocess?(current) ?? current
        }
    }

    /// jinja2's `make_multi_attrgetter` for `sort`: the key is a list of one value per
    /// comma-separated attribute, so equal keys (even undefined ones) are never ordered.
    private func multiAttributeGetter(
        _ attribute: Value?, caseSensitive: Bool
    ) -> (Value) throws(TemplateError) -> Value {
        let postprocess = Renderer.caseFolding(.bool(caseSensitive))
        let paths: [Value?]
        if case .string(let path)? = attribute {
            paths = PyStr.split(path, separator: ",", maxSplit: -1).map { Value.string($0) }
        } else {
            paths = [attribute]
        }
        let getters = paths.map { attributeGetter($0, postprocess: postprocess) }
        return { (item) throws(TemplateError) -> Value in
            var keys: [Value] = []
            for getter in getters { keys.append(try getter(item)) }
            return .list(keys)
        }
    }

    /// jinja2's `title` filter: each word (split at whitespace, `-`, and opening brackets) gets
    /// an upper-case first character and a lower-case rest.
    static func jinjaTitle(_ string: String) -> String {
        var result = ""
        var word: [Unicode.Scalar] = []
        func flush() {
            guard let first = word.first else { return }
            result += PyStr.upper(String(first)) + PyStr.lower(PyStr.string(word.dropFirst()))
            word.removeAll()
        }
        for scalar in string.unicodeScalars {
            if scalar.isPythonWhitespace || "-({[<".unicodeScalars.contains(scalar) {
                flush()
                result.unicodeScalars.append(scalar)
            } else {
                word.append(scalar)
            }
        }
        flush()
        return result
    }

    static func indent(_ string: String, _ indentation: String, first: Bool, blank: Bool) -> String {
        let lines = PyStr.splitLines(string + "\n")
        var result: String
        if blank {
            result = lines.joined(separator: "\n" + indentation)
        } else {
            result = lines.first ?? ""
            if lines.count > 1 {
                result += "\n" + lines.dropFirst().map { $0.isEmpty ? $0 : indentation + $0 }.joined(separator: "\n")
            }
        }
        return first ? indentation + result : result
    }

    static func htmlEscape(_ string: String) -> String {
        var result = ""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&#34;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Python's `int(text)`: surrounding whitespace, a sign, and single underscores between digits.
    static func parseInt(_ text: String, base: Int) -> Int? {
        var body = PyStr.strip(text, nil)
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body.removeFirst()
        }
        let prefixes = [16: "0x", 8: "0o", 2: "0b"]
        if let prefix = prefixes[base], body.lowercased().hasPrefix(prefix) {
            body = String(body.dropFirst(2))
            if body.hasPrefix("_") { body.removeFirst() }
        }
        guard !body.isEmpty, !body.hasPrefix("_"), !body.hasSuffix("_"), !body.contains("__") else { return nil }
        guard let magnitude = Int(body.replacingAll("_", with: ""), radix: base) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// Python's `float(text)`.
    static func parseFloat(_ text: String) -> Double? {
        let body = PyStr.strip(text, nil).lowercased()
        switch body {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan", "+nan", "-nan": return .nan
        default: break
        }
        guard !body.isEmpty, !body.hasPrefix("_"), !body.hasSuffix("_"), !body.contains("__"),
            body.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.e_".contains($0)) })
        else { return nil }
        return Double(body.replacingAll("_", with: ""))
    }

    static func toInt(_ value: Value, default fallback: Value, base: Int) throws(TemplateError) -> Value {
        switch value {
        case .undefined(let undefined): throw undefined.error
        case .int: return value
        case .bool(let flag): return .int(flag ? 1 : 0)
        case .double(let double):
            guard double.isFinite, let int = Int(exactly: double.rounded(.towardZero)) else { return fallback }
            return .int(int)
        case .string(let string):
            if let int = parseInt(string, base: base) { return .int(int) }
            if let double = parseFloat(string), double.isFinite, let int = Int(exactly: double.rounded(.towardZero)) {
                return .int(int)
            }
            return fallback
        default: return fallback
        }
    }

    static func toFloat(_ value: Value, default fallback: Value) throws(TemplateError) -> Value {
        switch value {
        case .undefined(let undefined): throw undefined.error
        case .int, .bool, .double: return .double(value.doubleValue!)
        case .string(let string): return parseFloat(string).map(Value.double) ?? fallback
        default: return fallback
        }
    }

    static func round(_ value: Value, precision: Int, method: String) throws(TemplateError) -> Value {
        switch value {
        case .int, .bool:
            let int = value.intValue!
            guard method == "common" else { return .double(Double(int)) }
            guard precision < 0 else { return .int(int) }
            let factor = Foundation.pow(10.0, Double(-precision))
            return .int(Int((Double(int) / factor).rounded(.toNearestOrEven) * factor))
        case .double(let double):
            guard double.isFinite else { return value }
            let factor = Foundation.pow(10.0, Double(precision))
            switch method {
            case "ceil", "floor":
                let scaled = double * factor
                guard scaled.isFinite else { throw TemplateError("cannot convert float infinity to integer") }
                // math.ceil and math.floor return integers, so a negative zero becomes 0.0.
                return .double(scaled.rounded(method == "ceil" ? .up : .down) / factor + 0.0)
            default:
                if precision >= 0 {
                    return .double(Double(PythonFormat.fixed(double, precision: min(precision, 400))) ?? double)
                }
                let scale = Foundation.pow(10.0, Double(-precision))
                return .double((double / scale).rounded(.toNearestOrEven) * scale)
            }
        default:
            throw TemplateError("type \(value.typeName) doesn't define __round__ method")
        }
    }
}
