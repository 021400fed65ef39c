import JSONCore

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
