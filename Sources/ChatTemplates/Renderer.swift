import Foundation
import JSONCore

/// Executes a parsed template once. A renderer lives for one render call on one thread; the
/// parsed template it reads is immutable and shared.
package final class Renderer {
    /// The moment `strftime_now` formats.
    let now: Date
    /// The time zone `strftime_now` formats in.
    let timeZone: TimeZone
    private var callDepth = 0
    /// How deeply macro calls (and recursive loops) may nest. Python's recursion limit stops
    /// jinja2 at a depth of this order; the limit keeps rendering within a small thread stack.
    static let maximumCallDepth = 50

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

    /// Runs statements in order. The dispatcher only picks a function per kind of statement, so
    /// that the frame it puts on the stack for each nesting level stays small.
    func execute(_ nodes: [Node], in scope: Scope, into output: inout String) throws(TemplateError) -> Flow {
        for node in nodes {
            let flow: Flow
            switch node {
            case .text(let text):
                output += text
                continue
            case .output: flow = try executeOutput(node, in: scope, into: &output)
            case .if: flow = try executeIf(node, in: scope, into: &output)
            case .for: flow = try executeFor(node, in: scope, into: &output)
            case .set, .setBlock: flow = try executeSet(node, in: scope)
            case .macro: flow = defineMacro(node, in: scope)
            case .callBlock: flow = try executeCallBlock(node, in: scope, into: &output)
            case .filterBlock: flow = try executeFilterBlock(node, in: scope, into: &output)
            case .with: flow = try executeWith(node, in: scope, into: &output)
            case .break: return .breakLoop
            case .continue: return .continueLoop
            }
            if flow != .normal { return flow }
        }
        return .normal
    }

    @inline(never)
    private func executeOutput(_ node: Node, in scope: Scope, into output: inout String) throws(TemplateError) -> Flow {
        guard case .output(let expression) = node else { return .normal }
        output += try evaluate(expression, in: scope).pythonString
        return .normal
    }

    @inline(never)
    private func executeIf(_ node: Node, in scope: Scope, into output: inout String) throws(TemplateError) -> Flow {
        guard case .if(let branches, let otherwise) = node else { return .normal }
        for branch in branches where try evaluate(branch.condition, in: scope).isTruthy {
            return try execute(branch.body, in: scope, into: &output)
        }
        return try execute(otherwise, in: scope, into: &output)
    }

    @inline(never)
    private func executeFor(_ node: Node, in scope: Scope, into output: inout String) throws(TemplateError) -> Flow {
        guard case .for(let loop) = node else { return .normal }
        return try executeFor(loop, in: scope, into: &output)
    }

    @inline(never)
    private func executeSet(_ node: Node, in scope: Scope) throws(TemplateError) -> Flow {
        switch node {
        case .set(let target, let expression, let location):
            let value = try evaluate(expression, in: scope)
            try locate(location) { () throws(TemplateError) in try assign(target, value, in: scope) }
        case .setBlock(let target, let filter, let body, let location):
            var captured = ""
            _ = try execute(body, in: Scope(parent: scope), into: &captured)
            var value = Value.string(captured)
            if let filter { value = try applyFilterExpression(filter, to: value, in: scope) }
            try locate(location) { () throws(TemplateError) in try assign(target, value, in: scope) }
        default:
            break
        }
        return .normal
    }

    @inline(never)
    private func defineMacro(_ node: Node, in scope: Scope) -> Flow {
        guard case .macro(let definition) = node else { return .normal }
        scope.set(definition.name, .function(Function(name: definition.name, kind: .macro(definition, closure: scope))))
        return .normal
    }

    @inline(never)
    private func executeCallBlock(
        _ node: Node, in scope: Scope, into output: inout String
    ) throws(TemplateError)
        -> Flow
    {
        guard case .callBlock(let call, let caller) = node, case .call(let callee, let arguments) = call.kind else {
            return .normal
        }
        let callerFunction = Function(name: "caller", kind: .macro(caller, closure: scope))
        let value = try locate(call.location) { () throws(TemplateError) -> Value in
            let function = try evaluate(callee, in: scope)
            var evaluated = try evaluateArguments(arguments, in: scope)
            evaluated.keyword.append(("caller", .function(callerFunction)))
            return try self.call(function, evaluated)
        }
        output += value.pythonString
        return .normal
    }

    @inline(never)
    private func executeFilterBlock(
        _ node: Node, in scope: Scope, into output: inout String
    ) throws(TemplateError)
        -> Flow
    {
        guard case .filterBlock(let filter, let body) = node else { return .normal }
        var captured = ""
        _ = try execute(body, in: Scope(parent: scope), into: &captured)
        output += try applyFilterExpression(filter, to: .string(captured), in: scope).pythonString
        return .normal
    }

    @inline(never)
    private func executeWith(_ node: Node, in scope: Scope, into output: inout String) throws(TemplateError) -> Flow {
        guard case .with(let assignments, let body) = node else { return .normal }
        let inner = Scope(parent: scope)
        for (target, expression) in assignments {
            try assign(target, try evaluate(expression, in: scope), in: inner)
        }
        return try execute(body, in: inner, into: &output)
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
        var recurse: ((Renderer, Value) throws(TemplateError) -> Value)?
        if loop.recursive {
            recurse = { (renderer: Renderer, items: Value) throws(TemplateError) -> Value in
                var inner = ""
                _ = try renderer.executeFor(loop, in: scope, into: &inner, depth0: depth0 + 1, items: items)
                return .string(inner)
            }
        }
        let state = LoopState(items: items, depth0: depth0, recurse: recurse)
        // jinja2 runs the `else` block unless some iteration ran its body to the end: a loop
        // that only ever `continue`d, or broke out during its first pass, takes the `else` too.
        var completedAnIteration = false
        for (index, item) in items.enumerated() {
            state.index0 = index
            let iteration = Scope(parent: scope)
            try locate(loop.location) { () throws(TemplateError) in try assign(loop.target, item, in: iteration) }
            iteration.set("loop", .loop(state))
            let flow = try execute(loop.body, in: iteration, into: &output)
            if flow == .breakLoop { break }
            if flow == .normal { completedAnIteration = true }
        }
        if !completedAnIteration, !loop.otherwise.isEmpty {
            return try execute(loop.otherwise, in: Scope(parent: scope), into: &output)
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

    /// Evaluates one expression. Each kind of expression has its own small function, so that
    /// the frame this recursive dispatcher puts on the stack for every nesting level stays small.
    private func evaluateHere(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        switch expression.kind {
        case .constant(let constant): return Renderer.constant(constant)
        case .name(let name): return scope.lookup(name) ?? .undefined(.name(name))
        case .list, .tuple: return try evaluateSequence(expression, in: scope)
        case .dict: return try evaluateDict(expression, in: scope)
        case .attribute: return try evaluateAttribute(expression, in: scope)
        case .item: return try evaluateItem(expression, in: scope)
        case .slice: return try evaluateSlice(expression, in: scope)
        case .call: return try evaluateCall(expression, in: scope)
        case .filter: return try evaluateFilter(expression, in: scope)
        case .test: return try evaluateTest(expression, in: scope)
        case .not, .negate, .plus: return try evaluateUnary(expression, in: scope)
        case .binary: return try evaluateBinary(expression, in: scope)
        case .and, .or: return try evaluateLogical(expression, in: scope)
        case .compare: return try evaluateCompare(expression, in: scope)
        case .conditional: return try evaluateConditional(expression, in: scope)
        }
    }

    private static func constant(_ constant: Constant) -> Value {
        switch constant {
        case .none: return .none
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .double(let value): return .double(value)
        case .string(let value): return .string(value)
        }
    }

    @inline(never)
    private func evaluateSequence(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        switch expression.kind {
        case .list(let items): return .list(try evaluateAll(items, in: scope))
        case .tuple(let items): return .tuple(try evaluateAll(items, in: scope))
        default: return .none
        }
    }

    private func evaluateAll(_ items: [Expression], in scope: Scope) throws(TemplateError) -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try evaluate(item, in: scope)) }
        return values
    }

    @inline(never)
    private func evaluateDict(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        guard case .dict(let pairs) = expression.kind else { return .none }
        var dict = PyDict()
        for pair in pairs {
            let key = try evaluate(pair.key, in: scope)
            try dict.set(try evaluate(pair.value, in: scope), for: key)
        }
        return .dict(DictStorage(dict))
    }

    @inline(never)
    private func evaluateAttribute(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        guard case .attribute(let object, let name) = expression.kind else { return .none }
        return try attribute(of: try evaluate(object, in: scope), name)
    }

    @inline(never)
    private func evaluateItem(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        guard case .item(let object, let index) = expression.kind else { return .none }
        let container = try evaluate(object, in: scope)
        return try item(of: container, try evaluate(index, in: scope))
    }

    @inline(never)
    private func evaluateSlice(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        guard case .slice(let object, let start, let stop, let step) = expression.kind else { return .none }
        let container = try evaluate(object, in: scope)
        let startValue = try start.map { (e) throws(TemplateError) in try evaluate(e, in: scope) }
        let stopValue = try stop.map { (e) throws(TemplateError) in try evaluate(e, in: scope) }
        let stepValue = try step.map { (e) throws(TemplateError) in try evaluate(e, in: scope) }
        return try slice(container, start: startValue, stop: stopValue, step: stepValue)
    }

    @inline(never)
    private func evaluateCall(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        guard case .call(let callee, let arguments) = expression.kind else { return .none }
        if case .attribute(let objectExpression, let name) = callee.kind {
            let object = try evaluate(objectExpression, in: scope)
            let evaluated = try evaluateArguments(arguments, in: scope)
            if let result = try callMethod(on: object, name, evaluated) { return result }
            return try call(try attribute(of: object, name), evaluated)
        }
        let function = try evaluate(callee, in: scope)
        return try call(function, try evaluateArguments(arguments, in: scope))
    }

    @inline(never)
    private func evaluateFilter(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        guard case .filter(let value, let name, let arguments) = expression.kind else { return .none }
        guard let value else { throw TemplateError("a filter needs a value") }
        let input = try evaluate(value, in: scope)
        return try applyFilter(name, to: input, try evaluateArguments(arguments, in: scope))
    }

    @inline(never)
    private func evaluateTest(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        guard case .test(let value, let name, let arguments, let negated) = expression.kind else { return .none }
        let input = try evaluate(value, in: scope)
        let result = try applyTest(name, to: input, try evaluateArguments(arguments, in: scope))
        return .bool(result != negated)
    }

    @inline(never)
    private func evaluateUnary(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        switch expression.kind {
        case .not(let operand): return .bool(!(try evaluate(operand, in: scope).isTruthy))
        case .negate(let operand): return try evaluate(operand, in: scope).negated()
        case .plus(let operand): return try evaluate(operand, in: scope).unaryPlus()
        default: return .none
        }
    }

    @inline(never)
    private func evaluateBinary(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        guard case .binary(let op, let lhs, let rhs) = expression.kind else { return .none }
        let left = try evaluate(lhs, in: scope)
        let right = try evaluate(rhs, in: scope)
        return try left.apply(op, right)
    }

    /// `and` and `or` return one of their operands, as in Python.
    @inline(never)
    private func evaluateLogical(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        let (lhs, rhs, isAnd): (Expression, Expression, Bool)
        switch expression.kind {
        case .and(let left, let right): (lhs, rhs, isAnd) = (left, right, true)
        case .or(let left, let right): (lhs, rhs, isAnd) = (left, right, false)
        default: return .none
        }
        let left = try evaluate(lhs, in: scope)
        return left.isTruthy == isAnd ? try evaluate(rhs, in: scope) : left
    }

    @inline(never)
    private func evaluateCompare(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        guard case .compare(let first, let rest) = expression.kind else { return .none }
        var left = try evaluate(first, in: scope)
        for (op, operand) in rest {
            let right = try evaluate(operand, in: scope)
            guard try left.compare(op, right) else { return .bool(false) }
            left = right
        }
        return .bool(true)
    }

    @inline(never)
    private func evaluateConditional(_ expression: Expression, in scope: Scope) throws(TemplateError) -> Value {
        guard case .conditional(let condition, let then, let otherwise) = expression.kind else { return .none }
        let line = expression.location.line
        if try evaluate(condition, in: scope).isTruthy { return try evaluate(then, in: scope) }
        if let otherwise { return try evaluate(otherwise, in: scope) }
        return .undefined(
            .hint("the inline if-expression on line \(line) evaluated to false and no else section was defined."))
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
            try enterCall()
            defer { callDepth -= 1 }
            return try recurse(self, arguments.positional[0])
        case .undefined(let undefined):
            throw undefined.error
        default:
            throw TemplateError("'\(callee.typeName)' object is not callable")
        }
    }

    private func enterCall() throws(TemplateError) {
        guard callDepth < Renderer.maximumCallDepth else { throw TemplateError("maximum recursion depth exceeded") }
        callDepth += 1
    }

    private func callMacro(
        _ macro: MacroDefinition, closure: Scope, _ arguments: Arguments
    ) throws(TemplateError)
        -> Value
    {
        try enterCall()
        defer { callDepth -= 1 }
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
