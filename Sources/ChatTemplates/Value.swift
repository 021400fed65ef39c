import ChatCompletionsAPI

/// A value while a template renders, modelled on the Python objects jinja2 handles: lists,
/// dictionaries and namespaces are shared references (so `ns.items.append(x)` and
/// `{% set ns.count = ... %}` mutate what everyone sees), the rest are plain values.
///
/// Values live only inside one render call and never cross threads, so the reference types
/// below need no locking and are deliberately not `Sendable`.
enum Value {
    case undefined(Undefined)
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    /// A string marked safe (`|safe`, `|escape`): jinja2's `Markup`. It behaves as a string,
    /// except that `+` and `%` HTML-escape the plain strings combined with it.
    case markup(String)
    case list(ListStorage)
    case tuple([Value])
    case dict(DictStorage)
    /// The object `namespace(...)` returns: attributes that assignments may change.
    case namespace(DictStorage)
    /// A macro, a global function such as `range`, or a method bound to its object.
    case function(Function)
    /// The `loop` variable of a `for` loop.
    case loop(LoopState)
    /// A one-shot iterator: what `select`, `map`, `items` and friends return in jinja2. It is
    /// always true, has no length, and is empty once iterated.
    case iterator(IteratorStorage)
}

/// Why a value is undefined; the reason becomes the error message when the template uses the
/// value in a way jinja2's `Undefined` refuses (arithmetic, attribute access, calls...).
struct Undefined {
    enum Reason {
        /// A variable nobody defined.
        case name(String)
        /// `object.name` or `object['name']` where the object has no such attribute or key.
        case attribute(objectType: String, name: String)
        /// `object[index]` where the object has no such element.
        case element(objectType: String, key: String)
        /// A message of its own.
        case hint(String)
    }

    var reason: Reason

    var message: String {
        switch reason {
        case .name(let name): return "\(PythonFormat.stringRepr(name)) is undefined"
        case .attribute(let objectType, let name):
            return "\(PythonFormat.stringRepr(objectType)) has no attribute \(PythonFormat.stringRepr(name))"
        case .element(let objectType, let key): return "\(objectType) has no element \(key)"
        case .hint(let hint): return hint
        }
    }

    var error: TemplateError { TemplateError(message) }
}

/// A Python list.
final class ListStorage {
    var elements: [Value]
    init(_ elements: [Value]) { self.elements = elements }
}

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

/// A Python dictionary (or a namespace's attributes).
final class DictStorage {
    var dict: PyDict
    init(_ dict: PyDict = PyDict()) { self.dict = dict }
}

/// A dictionary key as Python hashes it: `1`, `1.0` and `True` are the same key.
enum DictKey: Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case none
    case tuple([DictKey])
    /// Every undefined value (jinja2's `Undefined` hashes by its type).
    case undefined
}

/// An insertion-ordered dictionary with Python's key semantics.
struct PyDict {
    private(set) var keys: [Value] = []
    private(set) var values: [Value] = []
    private var positions: [DictKey: Int] = [:]

    init() {}

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    var items: Zip2Sequence<[Value], [Value]> { zip(keys, values) }

    static func key(for value: Value) throws(TemplateError) -> DictKey {
        switch value.unmarked {
        case .string(let string): return .string(string)
        case .int(let int): return .int(int)
        case .bool(let bool): return .int(bool ? 1 : 0)
        case .double(let double):
            if let exact = Int(exactly: double) { return .int(exact) }
            return .double(double)
        case .none: return .none
        case .undefined: return .undefined
        case .tuple(let items):
            var keys: [DictKey] = []
            for item in items { keys.append(try key(for: item)) }
            return .tuple(keys)
        default: throw TemplateError("unhashable type: '\(value.typeName)'")
        }
    }

    subscript(string key: String) -> Value? {
        positions[.string(key)].map { values[$0] }
    }

    func value(for key: Value) throws(TemplateError) -> Value? {
        positions[try PyDict.key(for: key)].map { values[$0] }
    }

    func contains(_ key: Value) throws(TemplateError) -> Bool {
        positions[try PyDict.key(for: key)] != nil
    }

    mutating func set(_ value: Value, for key: Value) throws(TemplateError) {
        let hashed = try PyDict.key(for: key)
        if let position = positions[hashed] {
            values[position] = value
        } else {
            positions[hashed] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    mutating func set(_ value: Value, forString key: String) {
        if let position = positions[.string(key)] {
            values[position] = value
        } else {
            positions[.string(key)] = keys.count
            keys.append(.string(key))
            values.append(value)
        }
    }

    @discardableResult
    mutating func remove(_ key: Value) throws(TemplateError) -> Value? {
        guard let position = positions.removeValue(forKey: try PyDict.key(for: key)) else { return nil }
        let removed = values[position]
        keys.remove(at: position)
        values.remove(at: position)
        for (hashed, index) in positions where index > position { positions[hashed] = index - 1 }
        return removed
    }

    mutating func removeAll() { self = PyDict() }
}

/// Something callable: a macro (with the scope it was defined in), or a function written in Swift.
final class Function {
    typealias Body = (Renderer, Arguments) throws(TemplateError) -> Value

    enum Kind {
        case macro(MacroDefinition, closure: Scope)
        case builtin(Body)
    }

    let name: String
    let kind: Kind

    init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    init(name: String, _ body: @escaping Body) {
        self.name = name
        self.kind = .builtin(body)
    }
}

/// The state behind a `for` loop's `loop` variable.
final class LoopState {
    let items: [Value]
    var index0 = 0
    let depth0: Int
    /// Renders the loop body again over new items: `loop(children)` in a recursive loop.
    let recurse: ((Renderer, Value) throws(TemplateError) -> Value)?
    var lastChanged: [Value]?

    init(items: [Value], depth0: Int, recurse: ((Renderer, Value) throws(TemplateError) -> Value)?) {
        self.items = items
        self.depth0 = depth0
        self.recurse = recurse
    }
}

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

extension Value {
    init(_ json: JSONValue) {
        switch json {
        case .null: self = .none
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        case .string(let value): self = .string(value)
        case .array(let elements): self = .list(ListStorage(elements.map(Value.init)))
        case .object(let object):
            var dict = PyDict()
            for (key, value) in object { dict.set(Value(value), forString: key) }
            self = .dict(DictStorage(dict))
        }
    }

    static func list(_ elements: [Value]) -> Value { .list(ListStorage(elements)) }

    static func undefined(_ reason: Undefined.Reason) -> Value { .undefined(Undefined(reason: reason)) }

    /// Python's `type(value).__name__`.
    var typeName: String {
        switch self {
        case .undefined: return "Undefined"
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .markup: return "Markup"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .namespace: return "Namespace"
        case .function(let function):
            if case .macro = function.kind { return "Macro" }
            return "builtin_function_or_method"
        case .loop: return "LoopContext"
        case .iterator(let storage): return storage.typeName
        }
    }

    /// How jinja2 names the type of an object in "has no attribute" messages.
    var objectTypeDescription: String {
        switch self {
        case .none: return "None"
        case .markup: return "markupsafe.Markup object"
        case .namespace: return "jinja2.utils.Namespace object"
        case .loop: return "jinja2.runtime.LoopContext object"
        case .function(let function):
            if case .macro = function.kind { return "jinja2.runtime.Macro object" }
            return "builtin_function_or_method object"
        default: return "\(typeName) object"
        }
    }

    /// Python truthiness.
    var isTruthy: Bool {
        switch self {
        case .undefined, .none: return false
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .double(let value): return value != 0
        case .string(let value), .markup(let value): return !value.isEmpty
        case .list(let storage): return !storage.elements.isEmpty
        case .tuple(let items): return !items.isEmpty
        case .dict(let storage): return !storage.dict.isEmpty
        case .namespace, .function, .loop, .iterator: return true
        }
    }

    var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }

    var stringValue: String? {
        switch self {
        case .string(let value), .markup(let value): return value
        default: return nil
        }
    }

    /// A markup string as a plain string; anything else as it is.
    var unmarked: Value {
        if case .markup(let value) = self { return .string(value) }
        return self
    }

    /// The value as an integer index, when it is an `int` (or a `bool`, as in Python).
    var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .bool(let value): return value ? 1 : 0
        default: return nil
        }
    }

    /// The value as a number, when it is an `int`, `float` or `bool`.
    var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        case .bool(let value): return value ? 1 : 0
        default: return nil
        }
    }
}
