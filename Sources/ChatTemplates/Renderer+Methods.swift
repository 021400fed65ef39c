/// The Python methods templates call on strings, dictionaries, lists and tuples:
/// `content.strip()`, `message.get('content')`, `tools.items()`, `ns.ids.append(x)`...
extension Renderer {
    private static let stringMethods: Set<String> = [
        "capitalize", "casefold", "center", "count", "endswith", "find", "format", "index", "isalnum", "isalpha",
        "isdecimal", "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper", "join", "ljust", "lower",
        "lstrip", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition",
        "rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "upper", "zfill",
    ]
    private static let dictMethods: Set<String> = [
        "clear", "copy", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values",
    ]
    private static let listMethods: Set<String> = [
        "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort",
    ]
    private static let tupleMethods: Set<String> = ["count", "index"]

    static func hasMethod(_ value: Value, _ name: String) -> Bool {
        switch value.unmarked {
        case .string: return stringMethods.contains(name)
        case .dict: return dictMethods.contains(name)
        case .list: return listMethods.contains(name)
        case .tuple: return tupleMethods.contains(name)
        default: return false
        }
    }

    /// The method `name` of `value` as a callable value.
    func boundMethod(_ value: Value, _ name: String) -> Value {
        .function(
            Function(name: name) { (renderer, arguments) throws(TemplateError) -> Value in
                try renderer.callMethod(on: value, name, arguments) ?? .none
            })
    }

    /// Calls `value.name(arguments)` when `name` is a method of the value's type; nil otherwise.
    func callMethod(on original: Value, _ name: String, _ arguments: Arguments) throws(TemplateError) -> Value? {
        let value = original.unmarked
        guard Renderer.hasMethod(value, name) else { return nil }
        let arguments = Arguments(
            arguments.positional.map(\.unmarked), keyword: arguments.keyword.map { ($0, $1.unmarked) })
        switch value {
        case .string(let string): return try stringMethod(string, name, arguments)
        case .dict(let storage): return try dictMethod(storage, name, arguments)
        case .list(let storage): return try listMethod(storage, name, arguments)
        case .tuple(let items): return try sequenceMethod(items, name, arguments, type: "tuple")
        default: return nil
        }
    }

    // MARK: - str

    private func requireString(
        _ value: Value?, _ method: String, position: String = "argument"
    ) throws(TemplateError)
        -> String?
    {
        guard let value else { return nil }
        switch value {
        case .none: return nil
        case .string(let string): return string
        default: throw TemplateError("\(method) \(position) must be str or None, not \(value.typeName)")
        }
    }

    private func optionalInt(_ value: Value?, _ method: String) throws(TemplateError) -> Int? {
        guard let value else { return nil }
        if case .none = value { return nil }
        guard let int = value.intValue else {
            throw TemplateError("'\(value.typeName)' object cannot be interpreted as an integer")
        }
        return int
    }

    /// Python's clamping of `start`/`end` arguments of `find`, `count`, `startswith`...
    private func window(_ count: Int, _ start: Int?, _ end: Int?) -> (Int, Int) {
        func clamp(_ index: Int?, _ defaultValue: Int) -> Int {
            guard var index else { return defaultValue }
            if index < 0 { index += count }
            return min(max(index, 0), count)
        }
        return (clamp(start, 0), clamp(end, count))
    }

    private func stringMethod(_ string: String, _ name: String, _ arguments: Arguments) throws(TemplateError) -> Value {
        switch name {
        case "strip", "lstrip", "rstrip":
            let bound = try arguments.bind(["chars"], function: name)
            let chars = try requireString(bound[0], name, position: "arg")
            return .string(PyStr.strip(string, chars, leading: name != "rstrip", trailing: name != "lstrip"))
        case "split", "rsplit":
            let bound = try arguments.bind(["sep", "maxsplit"], function: name)
            let separator = try requireString(bound[0], name)
            if separator == "" { throw TemplateError("empty separator") }
            let maxSplit = try optionalInt(bound[1], name) ?? -1
            let parts =
                name == "split"
                ? PyStr.split(string, separator: separator, maxSplit: maxSplit)
                : PyStr.rsplit(string, separator: separator, maxSplit: maxSplit)
            return .list(parts.map(Value.string))
        case "splitlines":
            let bound = try arguments.bind(["keepends"], function: name)
            return .list(PyStr.splitLines(string, keepEnds: bound[0]?.isTruthy ?? false).map(Value.string))
        case "startswith", "endswith":
            let bound = try arguments.bind(["prefix", "start", "end"], function: name)
            guard let affixValue = bound[0] else {
                throw TemplateError("\(name)() takes at least 1 argument (0 given)")
            }
            let affixes: [String]
            switch affixValue {
            case .string(let affix): affixes = [affix]
            case .tuple(let items):
                var strings: [String] = []
                for item in items {
                    guard case .string(let affix) = item else {
                        throw TemplateError("tuple for \(name) must only contain str, not \(item.typeName)")
                    }
                    strings.append(affix)
                }
                affixes = strings
            default:
                throw TemplateError("\(name) first arg must be str or a tuple of str, not \(affixValue.typeName)")
            }
            let scalars = PyStr.scalars(string)
            let (start, end) = window(scalars.count, try optionalInt(bound[1], name), try optionalInt(bound[2], name))
            guard start <= end else { return .bool(false) }
            let part = scalars[start..<end]
            return .bool(
                affixes.contains { affix in
                    let affixScalars = PyStr.scalars(affix)
                    return name == "startswith"
                        ? part.starts(with: affixScalars) : part.reversed().starts(with: affixScalars.reversed())
                })
        case "replace":
            let bound = try arguments.bind(["old", "new", "count"], function: name)
            guard case .string(let old)? = bound[0], case .string(let new)? = bound[1] else {
                throw TemplateError("replace() arguments must be str")
            }
            return .string(PyStr.replace(string, old, new, count: try optionalInt(bound[2], name) ?? -1))
        case "upper": return .string(PyStr.upper(string))
        case "lower", "casefold": return .string(PyStr.lower(string))
        case "title": return .string(PyStr.title(string))
        case "capitalize": return .string(PyStr.capitalize(string))
        case "swapcase": return .string(PyStr.swapCase(string))
        case "find", "rfind", "index", "rindex", "count":
            let bound = try arguments.bind(["sub", "start", "end"], function: name)
            guard case .string(let needle)? = bound[0] else {
                throw TemplateError("must be str, not \(bound[0]?.typeName ?? "nothing")")
            }
            let scalars = PyStr.scalars(string)
            let (start, end) = window(scalars.count, try optionalInt(bound[1], name), try optionalInt(bound[2], name))
            if name == "count" {
                guard start <= end else { return .int(0) }
                return .int(PyStr.occurrences(scalars, PyStr.scalars(needle), start: start, end: end))
            }
            let found =
                name.hasPrefix("r")
                ? PyStr.rfind(scalars, PyStr.scalars(needle), start: start, end: end)
                : PyStr.find(scalars, PyStr.scalars(needle), start: start, end: end)
            if let found { return .int(found) }
            if name.hasSuffix("index") { throw TemplateError("substring not found") }
            return .int(-1)
        case "join":
            let bound = try arguments.bind(["iterable"], function: name)
            guard let iterable = bound[0] else { throw TemplateError("join() takes exactly one argument (0 given)") }
            var parts: [String] = []
            for (index, item) in try iterable.iterate().enumerated() {
                guard case .string(let part) = item else {
                    throw TemplateError("sequence item \(index): expected str instance, \(item.typeName) found")
                }
                parts.append(part)
            }
            return .string(parts.joined(separator: string))
        case "format":
            return .string(try PythonFormat.format(string, arguments, renderer: self))
        case "center", "ljust", "rjust":
            let bound = try arguments.bind(["width", "fillchar"], function: name)
            guard let width = try optionalInt(bound[0], name) else {
                throw TemplateError("\(name)() takes at least 1 argument (0 given)")
            }
            var fill: Unicode.Scalar = " "
            if let fillValue = bound[1] {
                guard case .string(let fillString) = fillValue, fillString.unicodeScalars.count == 1 else {
                    throw TemplateError("The fill character must be exactly one character long")
                }
                fill = fillString.unicodeScalars.first!
            }
            let alignment: PyStr.Alignment = name == "center" ? .center : name == "ljust" ? .left : .right
            return .string(PyStr.pad(string, width: width, fill: fill, alignment: alignment))
        case "zfill":
            let bound = try arguments.bind(["width"], function: name)
            let width = try optionalInt(bound[0], name) ?? 0
            let scalars = PyStr.scalars(string)
            guard width > scalars.count else { return .string(string) }
            let zeros = String(repeating: "0", count: width - scalars.count)
            if let first = scalars.first, first == "+" || first == "-" {
                return .string(String(first) + zeros + PyStr.string(scalars.dropFirst()))
            }
            return .string(zeros + string)
        case "isdecimal": return .bool(!string.isEmpty && string.unicodeScalars.allSatisfy(\.isPythonDecimal))
        case "isdigit": return .bool(!string.isEmpty && string.unicodeScalars.allSatisfy(\.isPythonDigit))
        case "isnumeric": return .bool(!string.isEmpty && string.unicodeScalars.allSatisfy(\.isPythonNumeric))
        case "isalpha": return .bool(!string.isEmpty && string.unicodeScalars.allSatisfy(\.isPythonAlpha))
        case "isalnum": return .bool(!string.isEmpty && string.unicodeScalars.allSatisfy(\.isPythonAlphanumeric))
        case "isspace":
            return .bool(!string.isEmpty && string.unicodeScalars.allSatisfy(\.isPythonWhitespace))
        case "isupper": return .bool(PyStr.isUpper(string))
        case "islower": return .bool(PyStr.isLower(string))
        case "istitle":
            return .bool(PyStr.isTitle(string))
        case "partition", "rpartition":
            let bound = try arguments.bind(["sep"], function: name)
            guard case .string(let separator)? = bound[0] else { throw TemplateError("must be str") }
            if separator.isEmpty { throw TemplateError("empty separator") }
            let scalars = PyStr.scalars(string)
            let target = PyStr.scalars(separator)
            let found = name == "partition" ? PyStr.find(scalars, target) : PyStr.rfind(scalars, target)
            guard let found else {
                return name == "partition"
                    ? .tuple([.string(string), .string(""), .string("")])
                    : .tuple([.string(""), .string(""), .string(string)])
            }
            return .tuple([
                .string(PyStr.string(scalars[..<found])), .string(separator),
                .string(PyStr.string(scalars[(found + target.count)...])),
            ])
        case "removeprefix":
            let bound = try arguments.bind(["prefix"], function: name)
            guard case .string(let prefix)? = bound[0] else { throw TemplateError("must be str") }
            guard PyStr.hasPrefix(string, prefix) else { return .string(string) }
            return .string(PyStr.string(PyStr.scalars(string).dropFirst(PyStr.count(prefix))))
        case "removesuffix":
            let bound = try arguments.bind(["suffix"], function: name)
            guard case .string(let suffix)? = bound[0] else { throw TemplateError("must be str") }
            guard !suffix.isEmpty, PyStr.hasSuffix(string, suffix) else { return .string(string) }
            return .string(PyStr.string(PyStr.scalars(string).dropLast(PyStr.count(suffix))))
        default:
            throw TemplateError("'str object' has no attribute '\(name)'")
        }
    }

    // MARK: - dict

    private func dictMethod(
        _ storage: DictStorage, _ name: String, _ arguments: Arguments
    ) throws(TemplateError)
        -> Value
    {
        switch name {
        case "get":
            let bound = try arguments.bind(["key", "default"], function: name)
            guard let key = bound[0] else { throw TemplateError("get expected at least 1 argument, got 0") }
            return try storage.dict.value(for: key) ?? bound[1] ?? .none
        case "items":
            _ = try arguments.bind([], function: name)
            return .list(storage.dict.items.map { Value.tuple([$0, $1]) })
        case "keys":
            _ = try arguments.bind([], function: name)
            return .list(storage.dict.keys)
        case "values":
            _ = try arguments.bind([], function: name)
            return .list(storage.dict.values)
        case "pop":
            let bound = try arguments.bind(["key", "default"], function: name)
            guard let key = bound[0] else { throw TemplateError("pop expected at least 1 argument, got 0") }
            if let removed = try storage.dict.remove(key) { return removed }
            if let fallback = bound[1] { return fallback }
            throw TemplateError(key.pythonRepr)
        case "popitem":
            guard let key = storage.dict.keys.last else { throw TemplateError("'popitem(): dictionary is empty'") }
            let value = try storage.dict.remove(key) ?? .none
            return .tuple([key, value])
        case "setdefault":
            let bound = try arguments.bind(["key", "default"], function: name)
            guard let key = bound[0] else { throw TemplateError("setdefault expected at least 1 argument, got 0") }
            if let existing = try storage.dict.value(for: key) { return existing }
            let value = bound[1] ?? .none
            try storage.dict.set(value, for: key)
            return value
        case "update":
            guard arguments.positional.count <= 1 else {
                throw TemplateError("update expected at most 1 argument, got \(arguments.positional.count)")
            }
            if let other = arguments.positional.first {
                switch other {
                case .dict(let source):
                    for (key, value) in source.dict.items { try storage.dict.set(value, for: key) }
                default:
                    for pair in try other.iterate() {
                        let items = try pair.iterate()
                        guard items.count == 2 else {
                            throw TemplateError(
                                "dictionary update sequence element has length \(items.count); 2 is required")
                        }
                        try storage.dict.set(items[1], for: items[0])
                    }
                }
            }
            for (key, value) in arguments.keyword { storage.dict.set(value, forString: key) }
            return .none
        case "copy":
            return .dict(DictStorage(storage.dict))
        case "clear":
            storage.dict.removeAll()
            return .none
        default:
            throw TemplateError("'dict object' has no attribute '\(name)'")
        }
    }

    // MARK: - list and tuple

    private func listMethod(
        _ storage: ListStorage, _ name: String, _ arguments: Arguments
    ) throws(TemplateError)
        -> Value
    {
        switch name {
        case "append":
            let bound = try arguments.bind(["object"], function: name)
            guard let item = bound[0] else { throw TemplateError("list.append() takes exactly one argument (0 given)") }
            storage.elements.append(item)
            return .none
        case "extend":
            let bound = try arguments.bind(["iterable"], function: name)
            guard let iterable = bound[0] else {
                throw TemplateError("list.extend() takes exactly one argument (0 given)")
            }
            storage.elements.append(contentsOf: try iterable.iterate())
            return .none
        case "insert":
            let bound = try arguments.bind(["index", "object"], function: name)
            guard let index = try optionalInt(bound[0], name), let item = bound[1] else {
                throw TemplateError("insert expected 2 arguments")
            }
            let count = storage.elements.count
            let position = index < 0 ? max(count + index, 0) : min(index, count)
            storage.elements.insert(item, at: position)
            return .none
        case "pop":
            let bound = try arguments.bind(["index"], function: name)
            guard !storage.elements.isEmpty else { throw TemplateError("pop from empty list") }
            let index = try optionalInt(bound[0], name) ?? -1
            let position = index < 0 ? storage.elements.count + index : index
            guard position >= 0, position < storage.elements.count else {
                throw TemplateError("pop index out of range")
            }
            return storage.elements.remove(at: position)
        case "remove":
            let bound = try arguments.bind(["value"], function: name)
            guard let item = bound[0], let position = storage.elements.firstIndex(where: { $0.pythonEquals(item) })
            else {
                throw TemplateError("list.remove(x): x not in list")
            }
            storage.elements.remove(at: position)
            return .none
        case "reverse":
            storage.elements.reverse()
            return .none
        case "sort":
            let bound = try arguments.bind(["key", "reverse"], function: name)
            if let key = bound[0], !(key.isUndefined || { if case .none = key { return true } else { return false } }())
            {
                throw TemplateError("list.sort() with a key function is not supported in templates")
            }
            storage.elements = try Renderer.sorted(storage.elements, reverse: bound[1]?.isTruthy ?? false) { $0 }
            return .none
        case "copy":
            return .list(storage.elements)
        case "clear":
            storage.elements.removeAll()
            return .none
        default:
            return try sequenceMethod(storage.elements, name, arguments, type: "list")
        }
    }

    private func sequenceMethod(
        _ items: [Value], _ name: String, _ arguments: Arguments, type: String
    )
        throws(TemplateError) -> Value
    {
        switch name {
        case "count":
            let bound = try arguments.bind(["value"], function: name)
            guard let item = bound[0] else { throw TemplateError("count() takes exactly one argument (0 given)") }
            return .int(items.filter { $0.pythonEquals(item) }.count)
        case "index":
            let bound = try arguments.bind(["value", "start", "stop"], function: name)
            guard let item = bound[0] else { throw TemplateError("index expected at least 1 argument, got 0") }
            let (start, end) = window(items.count, try optionalInt(bound[1], name), try optionalInt(bound[2], name))
            if start < end, let position = items[start..<end].firstIndex(where: { $0.pythonEquals(item) }) {
                return .int(position)
            }
            throw TemplateError(
                type == "tuple" ? "tuple.index(x): x not in tuple" : "\(item.pythonRepr) is not in list")
        default:
            throw TemplateError("'\(type) object' has no attribute '\(name)'")
        }
    }

    /// A stable sort by `key`, with Python's ordering (and its `TypeError` for mixed types).
    static func sorted(
        _ items: [Value], reverse: Bool, key: (Value) throws(TemplateError) -> Value
    )
        throws(TemplateError) -> [Value]
    {
        var keyed: [(key: Value, value: Value)] = []
        for item in items { keyed.append((try key(item), item)) }
        // Insertion-merge sort that can throw: a simple stable merge sort.
        func mergeSort(
            _ slice: ArraySlice<(key: Value, value: Value)>
        ) throws(TemplateError) -> [(key: Value, value: Value)] {
            guard slice.count > 1 else { return Array(slice) }
            let middle = slice.startIndex + slice.count / 2
            let left = try mergeSort(slice[slice.startIndex..<middle])
            let right = try mergeSort(slice[middle..<slice.endIndex])
            var merged: [(key: Value, value: Value)] = []
            merged.reserveCapacity(slice.count)
            var i = 0
            var j = 0
            while i < left.count, j < right.count {
                // Reverse sorting in Python keeps equal items in their original order.
                let takeRight =
                    reverse ? try left[i].key.pythonLess(right[j].key) : try right[j].key.pythonLess(left[i].key)
                if takeRight {
                    merged.append(right[j])
                    j += 1
                } else {
                    merged.append(left[i])
                    i += 1
                }
            }
            merged.append(contentsOf: left[i...])
            merged.append(contentsOf: right[j...])
            return merged
        }
        return try mergeSort(keyed[...]).map(\.value)
    }
}
