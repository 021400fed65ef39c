import ChatCompletionsAPI
import Foundation

/// Executes a parsed template once. A renderer lives for one render call on one thread; the
/// parsed template it reads is immutable and shared.
final class Renderer {
    /// The moment `strftime_now` formats.
    let now: Date
    /// The time zone `strftime_now` formats in.
    let timeZone: TimeZone
    private var macroDepth = 0
    private static let maximumMacroDepth = 100

    init(now: Date, timeZone: TimeZone) {
        self.now = now
        self.timeZone = timeZone
    }

    enum Flow {
        case normal
        case breakLoop
        case continueLoop
    }

    func render(_ nodes: [Node], context: JSONObject) throws(TemplateError) -> String {
        let globals = Scope(parent: nil)
        installGlobals(in: globals)
        let variables = Scope(parent: globals)
        for (key, value) in context { variables.set(key, Value(value)) }
        let top = Scope(parent: variables)
        var output = ""
        _ = try execute(nodes, in: top, into: &output)
        return output
    }

    // MARK: - Statements

    func execute(_ nodes: [Node], in scope: Scope, into output: inout String) throws(TemplateError) -> Flow {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .output(let expression):
                output += try evaluate(expression, in: scope).pythonString
            case .if(let branches, let otherwise):
                var chosen = otherwise
                for branch in branches {
                    if try evaluate(branch.condition, in: scope).isTruthy {
                        chosen = branch.body
                        break
                    }
                }
                let flow = try execute(chosen, in: scope, into: &output)
                if flow != .normal { return flow }
            case .for(let loop):
                let flow = try executeFor(loop, in: scope, into: &output)
                if flow != .normal { return flow }
            case .set(let target, let expression, let location):
                let value = try evaluate(expression, in: scope)
                try locate(location) { () throws(TemplateError) in try assign(target, value, in: scope) }
            case .setBlock(let target, let filter, let body, let location):
                var captured = ""
                _ = try execute(body, in: Scope(parent: scope), into: &captured)
                var value = Value.string(captured)
                if let filter { value = try applyFilterExpression(filter, to: value, in: scope) }
                try locate(location) { () throws(TemplateError) in try assign(target, value, in: scope) }
            case .macro(let definition):
                scope.set(
                    definition.name,
                    .function(Function(name: definition.name, kind: .macro(definition, closure: scope))))
            case .callBlock(let call, let caller):
                let callerFunction = Function(name: "caller", kind: .macro(caller, closure: scope))
                guard case .call(let callee, let arguments) = call.kind else { continue }
                let value = try locate(call.location) { () throws(TemplateError) -> Value in
                    let function = try evaluate(callee, in: scope)
                    var evaluated = try evaluateArguments(arguments, in: scope)
                    evaluated.keyword.append(("caller", .function(callerFunction)))
                    return try self.call(function, evaluated)
                }
                output += value.pythonString
            case .filterBlock(let filter, let body):
                var captured = ""
                _ = try execute(body, in: Scope(parent: scope), into: &captured)
                output += try applyFilterExpression(filter, to: .string(captured), in: scope).pythonString
            case .with(let assignments, let body):
                let inner = Scope(parent: scope)
                for (target, expression) in assignments {
                    try assign(target, try evaluate(expression, in: scope), in: inner)
                }
                let flow = try execute(body, in: inner, into: &output)
                if flow != .normal { return flow }
            case .break:
                return .breakLoop
            case .continue:
                return .continueLoop
            }
        }
        return .normal
    }

    private func locate<T>(_ location: SourceLocation, _ body: () throws(TemplateError) -> T) throws(TemplateError) -> T
    {
        do {
            return try body()
        } catch {
            throw error.located(location)
        }
    }

    private func executeFor(
        _ loop: ForLoop, in scope: Scope, into output: inout String, depth0: Int = 0, items override: Value? = nil
    ) throws(TemplateError) -> Flow {
        let iterable: Value
        if let override { iterable = override } else { iterable = try evaluate(loop.iterable, in: scope) }
        var items = try locate(loop.iterable.location) { () throws(TemplateError) in try iterable.iterate() }
        if let condition = loop.condition {
            var kept: [Value] = []
            for item in items {
                let filterScope = Scope(parent: scope)
                try locate(loop.location) { () throws(TemplateError) in try assign(loop.target, item, in: filterScope) }
                if try evaluate(condition, in: filterScope).isTruthy { kept.append(item) }
            }
            items = kept
        }
        if items.isEmpty {
            return try execute(loop.otherwise, in: Scope(parent: scope), into: &output)
        }
        var recurse: ((Renderer, Value) throws(TemplateError) -> Value)?
        if loop.recursive {
            recurse = { (renderer: Renderer, items: Value) throws(TemplateError) -> Value in
                var inner = ""
                _ = try renderer.executeFor(loop, in: scope, into: &inner, depth0: depth0 + 1, items: items)
                return .string(inner)
            }
        }
        let state = LoopState(items: items, depth0: depth0, recurse: recurse)
        for (index, item) in items.enumerated() {
            state.index0 = index
            let iteration = Scope(parent: scope)
            try locate(loop.location) { () throws(TemplateError) in try assign(loop.target, item, in: iteration) }
            iteration.set("loop", .loop(state))
            if try execute(loop.body, in: iteration, into: &output) == .breakLoop { break }
        }
        return .normal
    }

    func assign(_ target: AssignTarget, _ value: Value, in scope: Scope) throws(TemplateError) {
        switch target {
        case .name(let name):
            scope.set(name, value)
        case .tuple(let targets):
            let items: [Value]
            switch value {
            case .list, .tuple, .string, .dict, .undefined: items = try value.iterate()
            default: throw TemplateError("cannot unpack non-iterable \(value.typeName) object")
            }
            if items.count > targets.count {
                throw TemplateError("too many values to unpack (expected \(targets.count))")
            }
            if items.count < targets.count {
                throw TemplateError("not enough values to unpack (expected \(targets.count), got \(items.count))")
            }
            for (target, item) in zip(targets, items) { try assign(target, item, in: scope) }
        case .attribute(let namespace, let attribute):
            guard case .namespace(let storage) = scope.lookup(namespace) else {
                throw TemplateError("cannot assign attribute on non-namespace object")
            }
            storage.dict.set(value, forString: attribute)
        }
    }

    // MARK: - Expressions

    func evaluate(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        do {
            return try evaluateHere(expression, in: scope)
        } catch {
            throw error.located(expression.location)
        }
    }

    private func evaluateHere(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        switch expression.kind {
        case .constant(let constant):
            switch constant {
            case .none: return .none
            case .bool(let value): return .bool(value)
            case .int(let value): return .int(value)
            case .double(let value): return .double(value)
            case .string(let value): return .string(value)
            }
        case .name(let name):
            return scope.lookup(name) ?? .undefined(.name(name))
        case .list(let items):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item, in: scope)) }
            return .list(values)
        case .tuple(let items):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item, in: scope)) }
            return .tuple(values)
        case .dict(let pairs):
            var dict = PyDict()
            for pair in pairs {
                let key = try evaluate(pair.key, in: scope)
                try dict.set(try evaluate(pair.value, in: scope), for: key)
            }
            return .dict(DictStorage(dict))
        case .attribute(let object, let name):
            return try attribute(of: try evaluate(object, in: scope), name)
        case .item(let object, let index):
            let container = try evaluate(object, in: scope)
            return try item(of: container, try evaluate(index, in: scope))
        case .slice(let object, let start, let stop, let step):
            let container = try evaluate(object, in: scope)
            let startValue = try start.map { (e) throws(TemplateError) in try evaluate(e, in: scope) }
            let stopValue = try stop.map { (e) throws(TemplateError) in try evaluate(e, in: scope) }
            let stepValue = try step.map { (e) throws(TemplateError) in try evaluate(e, in: scope) }
            return try slice(container, start: startValue, stop: stopValue, step: stepValue)
        case .call(let callee, let arguments):
            if case .attribute(let objectExpression, let name) = callee.kind {
                let object = try evaluate(objectExpression, in: scope)
                let evaluated = try evaluateArguments(arguments, in: scope)
                if let result = try callMethod(on: object, name, evaluated) { return result }
                return try call(try attribute(of: object, name), evaluated)
            }
            let function = try evaluate(callee, in: scope)
            return try call(function, try evaluateArguments(arguments, in: scope))
        case .filter(let value, let name, let arguments):
            guard let value else { throw TemplateError("a filter needs a value") }
            let input = try evaluate(value, in: scope)
            return try applyFilter(name, to: input, try evaluateArguments(arguments, in: scope))
        case .test(let value, let name, let arguments, let negated):
            let input = try evaluate(value, in: scope)
            let result = try applyTest(name, to: input, try evaluateArguments(arguments, in: scope))
            return .bool(result != negated)
        case .not(let operand):
            return .bool(!(try evaluate(operand, in: scope).isTruthy))
        case .negate(let operand):
            return try evaluate(operand, in: scope).negated()
        case .plus(let operand):
            return try evaluate(operand, in: scope).unaryPlus()
        case .binary(let op, let lhs, let rhs):
            let left = try evaluate(lhs, in: scope)
            let right = try evaluate(rhs, in: scope)
            return try left.apply(op, right)
        case .and(let lhs, let rhs):
            let left = try evaluate(lhs, in: scope)
            return left.isTruthy ? try evaluate(rhs, in: scope) : left
        case .or(let lhs, let rhs):
            let left = try evaluate(lhs, in: scope)
            return left.isTruthy ? left : try evaluate(rhs, in: scope)
        case .compare(let first, let rest):
            var left = try evaluate(first, in: scope)
            for (op, operand) in rest {
                let right = try evaluate(operand, in: scope)
                guard try left.compare(op, right) else { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .conditional(let condition, let then, let otherwise):
            if try evaluate(condition, in: scope).isTruthy { return try evaluate(then, in: scope) }
            if let otherwise { return try evaluate(otherwise, in: scope) }
            return .undefined(
                .hint(
                    "the inline if-expression on line \(expression.location.line) evaluated to false and no else "
                        + "section was defined."))
        }
    }

    func evaluateArguments(_ arguments: [Argument], in scope: Scope) throws(TemplateError) -> Arguments {
        var result = Arguments()
        for argument in arguments {
            switch argument {
            case .positional(let expression):
                result.positional.append(try evaluate(expression, in: scope))
            case .keyword(let name, let expression):
                result.keyword.append((name, try evaluate(expression, in: scope)))
            case .unpacked(let expression):
                result.positional.append(contentsOf: try evaluate(expression, in: scope).iterate())
            case .unpackedKeywords(let expression):
                guard case .dict(let storage) = try evaluate(expression, in: scope) else {
                    throw TemplateError("argument after ** must be a mapping")
                }
                for (key, value) in storage.dict.items {
                    guard case .string(let name) = key else { throw TemplateError("keywords must be strings") }
                    result.keyword.append((name, value))
                }
            }
        }
        return result
    }

    private func applyFilterExpression(
        _ filter: Expression, to input: Value, in scope: Scope
    ) throws(TemplateError)
        -> Value
    {
        guard case .filter(let inner, let name, let arguments) = filter.kind else {
            return try evaluate(filter, in: scope)
        }
        let value =
            try inner.map { (e) throws(TemplateError) in try applyFilterExpression(e, to: input, in: scope) } ?? input
        return try locate(filter.location) { () throws(TemplateError) in
            try applyFilter(name, to: value, try evaluateArguments(arguments, in: scope))
        }
    }

    // MARK: - Calls

    func call(_ callee: Value, _ arguments: Arguments) throws(TemplateError) -> Value {
        switch callee {
        case .function(let function):
            switch function.kind {
            case .builtin(let body): return try body(self, arguments)
            case .macro(let definition, let closure):
                return try callMacro(definition, closure: closure, arguments)
            }
        case .loop(let state):
            guard let recurse = state.recurse else {
                throw TemplateError("The loop must be marked as recursive to be called ('for ... recursive').")
            }
            guard arguments.positional.count == 1 else { throw TemplateError("loop() takes exactly one argument") }
            return try recurse(self, arguments.positional[0])
        case .undefined(let undefined):
            throw undefined.error
        default:
            throw TemplateError("'\(callee.typeName)' object is not callable")
        }
    }

    private func callMacro(
        _ macro: MacroDefinition, closure: Scope, _ arguments: Arguments
    ) throws(TemplateError)
        -> Value
    {
        guard macroDepth < Renderer.maximumMacroDepth else {
            throw TemplateError("maximum recursion depth exceeded")
        }
        macroDepth += 1
        defer { macroDepth -= 1 }
        let frame = Scope(parent: closure)
        let parameters = macro.parameters
        var bound = [Value?](repeating: nil, count: parameters.count)
        for (index, value) in arguments.positional.prefix(parameters.count).enumerated() { bound[index] = value }
        let extraPositional = Array(arguments.positional.dropFirst(parameters.count))
        if !extraPositional.isEmpty && !macro.usesVarargs {
            throw TemplateError(
                "macro '\(macro.name)' takes not more than \(parameters.count) argument(s)")
        }
        var extraKeywords = PyDict()
        var caller: Value = .undefined(.hint("No caller defined"))
        for (name, value) in arguments.keyword {
            if let index = parameters.firstIndex(where: { $0.name == name }) {
                if bound[index] != nil {
                    throw TemplateError("macro '\(macro.name)' got multiple values for argument '\(name)'")
                }
                bound[index] = value
            } else if name == "caller" {
                caller = value
            } else if macro.usesKwargs {
                extraKeywords.set(value, forString: name)
            } else {
                throw TemplateError("macro '\(macro.name)' takes no keyword argument '\(name)'")
            }
        }
        for (index, parameter) in parameters.enumerated() {
            if let value = bound[index] {
                frame.set(parameter.name, value)
            } else if let defaultValue = parameter.defaultValue {
                frame.set(parameter.name, try evaluate(defaultValue, in: frame))
            } else {
                frame.set(parameter.name, .undefined(.hint("parameter '\(parameter.name)' was not provided")))
            }
        }
        if macro.usesVarargs { frame.set("varargs", .tuple(extraPositional)) }
        if macro.usesKwargs { frame.set("kwargs", .dict(DictStorage(extraKeywords))) }
        if macro.usesCaller { frame.set("caller", caller) }
        var output = ""
        _ = try execute(macro.body, in: frame, into: &output)
        return .string(output)
    }

    // MARK: - Attributes and items

    /// `object.name`: a method of the object's type first, then (for dictionaries) the key.
    func attribute(of original: Value, _ name: String) throws(TemplateError) -> Value {
        let object = original.unmarked
        switch object {
        case .undefined(let undefined):
            throw undefined.error
        case .dict(let storage):
            if Renderer.hasMethod(object, name) { return boundMethod(object, name) }
            if let value = storage.dict[string: name] { return value }
        case .namespace(let storage):
            if let value = storage.dict[string: name] { return value }
        case .loop(let state):
            return try loopAttribute(state, name)
        default:
            if Renderer.hasMethod(object, name) { return boundMethod(object, name) }
        }
        return .undefined(.attribute(objectType: object.objectTypeDescription, name: name))
    }

    /// `object[key]`: the item first, then (for a string key) the attribute of that name.
    func item(of original: Value, _ originalKey: Value) throws(TemplateError) -> Value {
        let object = original.unmarked
        let key = originalKey.unmarked
        switch object {
        case .undefined(let undefined):
            throw undefined.error
        case .dict(let storage):
            if let value = (try? storage.dict.value(for: key)) ?? nil { return value }
        case .list(let storage):
            if let index = key.intValue, let value = Renderer.element(storage.elements, index) { return value }
        case .tuple(let items):
            if let index = key.intValue, let value = Renderer.element(items, index) { return value }
        case .string(let string):
            if let index = key.intValue {
                let scalars = PyStr.scalars(string)
                if let value = Renderer.element(scalars.map { Value.string(String($0)) }, index) { return value }
            }
        default:
            break
        }
        if case .string(let name) = key {
            switch object {
            case .namespace(let storage):
                if let value = storage.dict[string: name] { return value }
            case .loop(let state):
                return try loopAttribute(state, name)
            default:
                if Renderer.hasMethod(object, name) { return boundMethod(object, name) }
            }
            return .undefined(.attribute(objectType: object.objectTypeDescription, name: name))
        }
        return .undefined(.element(objectType: object.objectTypeDescription, key: key.pythonRepr))
    }

    private static func element(_ items: [Value], _ index: Int) -> Value? {
        let position = index < 0 ? items.count + index : index
        guard position >= 0, position < items.count else { return nil }
        return items[position]
    }

    /// `object[start:stop:step]` with Python's clamping and negative indices.
    func slice(_ object: Value, start: Value?, stop: Value?, step: Value?) throws(TemplateError) -> Value {
        func bound(_ value: Value?) throws(TemplateError) -> Int? {
            guard let value else { return nil }
            if case .none = value { return nil }
            guard let int = value.intValue else {
                if case .undefined(let undefined) = value { throw undefined.error }
                throw TemplateError("slice indices must be integers or None or have an __index__ method")
            }
            return int
        }
        let startIndex = try bound(start)
        let stopIndex = try bound(stop)
        let stepValue = try bound(step) ?? 1
        guard stepValue != 0 else { throw TemplateError("slice step cannot be zero") }
        func indices(_ count: Int) -> [Int] {
            func clamp(_ index: Int?, _ defaultValue: Int, low: Int, high: Int) -> Int {
                guard var index else { return defaultValue }
                if index < 0 { index += count }
                return min(max(index, low), high)
            }
            var result: [Int] = []
            if stepValue > 0 {
                var index = clamp(startIndex, 0, low: 0, high: count)
                let end = clamp(stopIndex, count, low: 0, high: count)
                while index < end {
                    result.append(index)
                    index += stepValue
                }
            } else {
                var index = clamp(startIndex, count - 1, low: -1, high: count - 1)
                let end = clamp(stopIndex, -1, low: -1, high: count - 1)
                while index > end {
                    result.append(index)
                    index += stepValue
                }
            }
            return result
        }
        switch object.unmarked {
        case .undefined(let undefined):
            throw undefined.error
        case .list(let storage):
            return .list(indices(storage.elements.count).map { storage.elements[$0] })
        case .tuple(let items):
            return .tuple(indices(items.count).map { items[$0] })
        case .string(let string):
            let scalars = PyStr.scalars(string)
            return .string(PyStr.string(indices(scalars.count).map { scalars[$0] }))
        default:
            func describe(_ value: Int?) -> String { value.map(String.init) ?? "None" }
            let key =
                "slice(\(describe(startIndex)), \(describe(stopIndex)), \(describe(step == nil ? nil : stepValue)))"
            return .undefined(.element(objectType: object.objectTypeDescription, key: key))
        }
    }

    private func loopAttribute(_ state: LoopState, _ name: String) throws(TemplateError) -> Value {
        let length = state.items.count
        switch name {
        case "index": return .int(state.index0 + 1)
        case "index0": return .int(state.index0)
        case "revindex": return .int(length - state.index0)
        case "revindex0": return .int(length - state.index0 - 1)
        case "first": return .bool(state.index0 == 0)
        case "last": return .bool(state.index0 == length - 1)
        case "length": return .int(length)
        case "depth": return .int(state.depth0 + 1)
        case "depth0": return .int(state.depth0)
        case "previtem":
            if state.index0 > 0 { return state.items[state.index0 - 1] }
            return .undefined(.hint("there is no previous item"))
        case "nextitem":
            if state.index0 + 1 < length { return state.items[state.index0 + 1] }
            return .undefined(.hint("there is no next item"))
        case "cycle":
            return .function(
                Function(name: "cycle") { (_, arguments) throws(TemplateError) -> Value in
                    guard !arguments.positional.isEmpty else { throw TemplateError("no items for cycling given") }
                    return arguments.positional[state.index0 % arguments.positional.count]
                })
        case "changed":
            return .function(
                Function(name: "changed") { (_, arguments) -> Value in
                    let values = arguments.positional
                    if let last = state.lastChanged, last.count == values.count,
                        zip(last, values).allSatisfy({ $0.pythonEquals($1) })
                    {
                        return .bool(false)
                    }
                    state.lastChanged = values
                    return .bool(true)
                })
        default:
            return .undefined(.attribute(objectType: Value.loop(state).objectTypeDescription, name: name))
        }
    }
}
