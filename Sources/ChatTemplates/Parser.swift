/// Builds the statement tree from tokens, following jinja2's grammar and operator precedence:
/// conditional expressions bind loosest, then `or`, `and`, `not`, comparisons, `+`/`-`, `~`,
/// `*`/`/`/`//`/`%`, `**`, unary signs, and tightest the postfix operators (`.`, `[]`, calls),
/// filters and tests.
struct Parser {
    private let tokens: [Token]
    private var index = 0
    /// The tags whose bodies are being parsed, innermost last, for error messages.
    private var tagStack: [String] = []
    /// The closing tags each open body waits for, innermost last, for error messages.
    private var endTagStack: [[String]] = []
    /// How many nested expression parses are under way.
    private var nesting = 0

    init(tokens: [Token]) { self.tokens = tokens }

    static func parse(_ source: String) throws(TemplateError) -> [Node] {
        var parser = Parser(tokens: try Lexer.tokenize(source))
        let body = try parser.parseBody(until: [])
        try Validation.check(body)
        return body
    }

    // MARK: - Token stream

    private var current: Token { tokens[index] }

    private func peek(_ offset: Int = 1) -> Token {
        tokens[min(index + offset, tokens.count - 1)]
    }

    @discardableResult
    private mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    /// How deeply expressions and blocks may nest. Python's own recursion limit stops jinja2 at
    /// about this depth; the limit keeps a hostile template from exhausting the stack.
    static let maximumDepth = 64

    /// An expression node, refused when it nests deeper than ``maximumDepth``.
    private func make(_ kind: Expression.Kind, location: SourceLocation) throws(TemplateError) -> Expression {
        let expression = Expression(kind: kind, location: location)
        guard expression.depth <= Parser.maximumDepth else {
            throw TemplateError("expression nested too deeply (more than \(Parser.maximumDepth) levels)", at: location)
        }
        return expression
    }

    private func fail(_ message: String, at token: Token? = nil) -> TemplateError {
        TemplateError(message, at: (token ?? current).location)
    }

    private mutating func skip(op: String) -> Bool {
        guard current.isOp(op) else { return false }
        advance()
        return true
    }

    private mutating func skip(name: String) -> Bool {
        guard current.isName(name) else { return false }
        advance()
        return true
    }

    @discardableResult
    private mutating func expect(op: String) throws(TemplateError) -> Token {
        guard current.isOp(op) else { throw fail("expected token '\(op)', got '\(current.describe)'") }
        return advance()
    }

    private mutating func expectName() throws(TemplateError) -> String {
        guard case .name(let name) = current.kind else {
            throw fail("expected token 'name', got '\(current.describe)'")
        }
        advance()
        return name
    }

    private mutating func expect(name: String) throws(TemplateError) {
        guard current.isName(name) else { throw fail("expected token '\(name)', got '\(current.describe)'") }
        advance()
    }

    private mutating func expectBlockEnd() throws(TemplateError) {
        guard current.kind == .blockEnd else {
            throw fail("expected token 'end of statement block', got '\(current.describe)'")
        }
        advance()
    }

    // MARK: - Statements

    /// Parses statements until a block tag whose name is in `endTags` (left as the current token)
    /// or, when `endTags` is empty, until the end of the source.
    private mutating func parseBody(until endTags: [String]) throws(TemplateError) -> [Node] {
        if !endTags.isEmpty { endTagStack.append(endTags) }
        defer { if !endTags.isEmpty { endTagStack.removeLast() } }
        var body: [Node] = []
        while true {
            let token = current
            switch token.kind {
            case .text(let text):
                advance()
                body.append(.text(text))
            case .variableBegin:
                advance()
                body.append(.output(try parseTuple()))
                guard current.kind == .variableEnd else {
                    throw fail("expected token 'end of print statement', got '\(current.describe)'")
                }
                advance()
            case .blockBegin:
                advance()
                if case .name(let name) = current.kind, endTags.contains(name) { return body }
                body.append(contentsOf: try parseStatement())
                try expectBlockEnd()
            case .end:
                if endTags.isEmpty { return body }
                throw fail(unclosedMessage(tag: nil))
            default:
                throw fail("unexpected '\(token.describe)'")
            }
        }
    }

    /// jinja2's message for an unknown tag (or, when `tag` is nil, the end of the source) met
    /// while blocks are open.
    private func unclosedMessage(tag: String?) -> String {
        var message = tag.map { "Encountered unknown tag '\($0)'." } ?? "Unexpected end of template."
        if let looking = endTagStack.last {
            let names = looking.map { "'\($0)'" }.joined(separator: " or ")
            if let tag, endTagStack.contains(where: { $0.contains(tag) }) {
                message +=
                    " You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for \(names)."
            } else {
                message += " Jinja was looking for the following tags: \(names)."
            }
        }
        if let innermost = tagStack.last {
            message += " The innermost block that needs to be closed is '\(innermost)'."
        }
        return message
    }

    /// Parses the statements of a tag's body, consuming its closing tag name when `dropEnd`.
    private mutating func parseStatements(
        until endTags: [String], dropEnd: Bool = false
    ) throws(TemplateError) -> [Node] {
        _ = skip(op: ":")
        try expectBlockEnd()
        let body = try parseBody(until: endTags)
        if dropEnd { advance() }
        return body
    }

    private mutating func parseStatement() throws(TemplateError) -> [Node] {
        let token = current
        guard case .name(let name) = token.kind else { throw fail("tag name expected") }
        guard Parser.statementTags.contains(name) else { throw fail(unclosedMessage(tag: name), at: token) }
        guard tagStack.count < Parser.maximumDepth else {
            throw fail("blocks nested too deeply (more than \(Parser.maximumDepth) levels)", at: token)
        }
        tagStack.append(name)
        defer { tagStack.removeLast() }
        switch name {
        case "if": return [try parseIf()]
        case "for": return [try parseFor()]
        case "set": return [try parseSet()]
        case "macro": return [try parseMacro()]
        case "call": return [try parseCallBlock()]
        case "filter": return [try parseFilterBlock()]
        case "with": return [try parseWith()]
        case "break":
            advance()
            return [.break(token.location)]
        case "continue":
            advance()
            return [.continue(token.location)]
        case "generation":
            // transformers' AssistantTracker: the body renders as is (in its own scope, like the
            // call block the extension compiles it to).
            advance()
            let body = try parseStatements(until: ["endgeneration"], dropEnd: true)
            return [.with([], body: body)]
        default:
            throw fail(unclosedMessage(tag: name), at: token)
        }
    }

    private mutating func parseIf() throws(TemplateError) -> Node {
        advance()
        var branches: [(condition: Expression, body: [Node])] = []
        var otherwise: [Node] = []
        while true {
            let condition = try parseTuple(withConditional: false)
            let body = try parseStatements(until: ["elif", "else", "endif"])
            branches.append((condition, body))
            let end = advance()
            if end.isName("elif") { continue }
            if end.isName("else") { otherwise = try parseStatements(until: ["endif"], dropEnd: true) }
            break
        }
        return .if(branches: branches, otherwise: otherwise)
    }

    private mutating func parseFor() throws(TemplateError) -> Node {
        let location = advance().location
        let target = try parseAssignTarget(endNames: ["in"])
        try expect(name: "in")
        let iterable = try parseTuple(withConditional: false, endNames: ["recursive"])
        var condition: Expression?
        if skip(name: "if") { condition = try parseExpression() }
        let recursive = skip(name: "recursive")
        let body = try parseStatements(until: ["endfor", "else"])
        var otherwise: [Node] = []
        if advance().isName("else") { otherwise = try parseStatements(until: ["endfor"], dropEnd: true) }
        return .for(
            ForLoop(
                target: target, iterable: iterable, condition: condition, body: body, otherwise: otherwise,
                recursive: recursive, location: location))
    }

    private mutating func parseSet() throws(TemplateError) -> Node {
        let location = advance().location
        let target: AssignTarget
        if case .name(let namespace) = current.kind, peek().isOp(".") {
            advance()
            advance()
            target = .attribute(namespace: namespace, attribute: try expectName())
        } else {
            target = try parseAssignTarget()
        }
        if skip(op: "=") { return .set(target, try parseTuple(), location) }
        let filter = current.isOp("|") ? try parseFilter(nil) : nil
        let body = try parseStatements(until: ["endset"], dropEnd: true)
        return .setBlock(target, filter: filter, body: body, location)
    }

    private mutating func parseMacro() throws(TemplateError) -> Node {
        let location = advance().location
        let name = try expectName()
        let parameters = try parseSignature()
        let body = try parseStatements(until: ["endmacro"], dropEnd: true)
        return .macro(MacroDefinition(name: name, parameters: parameters, body: body, location: location))
    }

    private mutating func parseSignature() throws(TemplateError) -> [(name: String, defaultValue: Expression?)] {
        try expect(op: "(")
        var parameters: [(name: String, defaultValue: Expression?)] = []
        while !current.isOp(")") {
            if !parameters.isEmpty { try expect(op: ",") }
            let name = try expectName()
            if skip(op: "=") {
                parameters.append((name, try parseExpression()))
            } else {
                if parameters.contains(where: { $0.defaultValue != nil }) {
                    throw fail("non-default argument follows default argument")
                }
                parameters.append((name, nil))
            }
        }
        try expect(op: ")")
        return parameters
    }

    private mutating func parseCallBlock() throws(TemplateError) -> Node {
        let location = advance().location
        let parameters = current.isOp("(") ? try parseSignature() : []
        let call = try parseExpression()
        guard case .call = call.kind else { throw fail("expected call", at: tokens[index - 1]) }
        let body = try parseStatements(until: ["endcall"], dropEnd: true)
        let caller = MacroDefinition(name: "caller", parameters: parameters, body: body, location: location)
        return .callBlock(call: call, caller: caller)
    }

    private mutating func parseFilterBlock() throws(TemplateError) -> Node {
        advance()
        let filter = try parseFilter(nil, startInline: true)
        let body = try parseStatements(until: ["endfilter"], dropEnd: true)
        return .filterBlock(filter, body: body)
    }

    private mutating func parseWith() throws(TemplateError) -> Node {
        advance()
        var assignments: [(AssignTarget, Expression)] = []
        while current.kind != .blockEnd {
            if !assignments.isEmpty { try expect(op: ",") }
            let target = try parseAssignTarget()
            try expect(op: "=")
            assignments.append((target, try parseExpression()))
        }
        let body = try parseStatements(until: ["endwith"], dropEnd: true)
        return .with(assignments, body: body)
    }

    /// A name or a tuple of names (parenthesized or not) to assign to.
    private mutating func parseAssignTarget(endNames: [String] = []) throws(TemplateError) -> AssignTarget {
        let start = current
        let expression = try parseTuple(simplified: true, endNames: endNames)
        func target(_ expression: Expression) throws(TemplateError) -> AssignTarget {
            switch expression.kind {
            case .name(let name): return .name(name)
            case .tuple(let items):
                var targets: [AssignTarget] = []
                for item in items { targets.append(try target(item)) }
                return .tuple(targets)
            default: throw fail("can't assign to this expression", at: start)
            }
        }
        return try target(expression)
    }

    // MARK: - Expressions

    private func isTupleEnd(_ endNames: [String]) -> Bool {
        switch current.kind {
        case .variableEnd, .blockEnd: return true
        case .op(")"): return true
        case .name(let name): return endNames.contains(name)
        default: return false
        }
    }

    /// Comma-separated expressions: one expression alone, or a tuple when a comma appears.
    private mutating func parseTuple(
        simplified: Bool = false, withConditional: Bool = true, endNames: [String] = [],
        explicitParentheses: Bool = false
    ) throws(TemplateError) -> Expression {
        let location = current.location
        var items: [Expression] = []
        var isTuple = false
        while true {
            if !items.isEmpty { try expect(op: ",") }
            if isTupleEnd(endNames) { break }
            if simplified {
                items.append(try parsePrimary())
            } else {
                items.append(try parseExpression(withConditional: withConditional))
            }
            if current.isOp(",") { isTuple = true } else { break }
        }
        if !isTuple {
            if let only = items.first { return only }
            if !explicitParentheses { throw fail("Expected an expression, got '\(current.describe)'") }
        }
        return try make(.tuple(items), location: location)
    }

    mutating func parseExpression(withConditional: Bool = true) throws(TemplateError) -> Expression {
        try enterNesting()
        defer { nesting -= 1 }
        return withConditional ? try parseConditional() : try parseOr()
    }

    /// Counts one more level of nested parsing, refusing more than ``maximumDepth``.
    private mutating func enterNesting() throws(TemplateError) {
        guard nesting < Parser.maximumDepth else {
            throw fail("expression nested too deeply (more than \(Parser.maximumDepth) levels)")
        }
        nesting += 1
    }

    private mutating func parseConditional() throws(TemplateError) -> Expression {
        let location = current.location
        var result = try parseOr()
        while skip(name: "if") {
            let condition = try parseOr()
            let otherwise = skip(name: "else") ? try parseConditional() : nil
            result = Expression(
                kind: .conditional(condition: condition, then: result, otherwise: otherwise), location: location)
        }
        return result
    }

    private mutating func parseOr() throws(TemplateError) -> Expression {
        var left = try parseAnd()
        while current.isName("or") {
            let location = advance().location
            left = try make(.or(left, try parseAnd()), location: location)
        }
        return left
    }

    private mutating func parseAnd() throws(TemplateError) -> Expression {
        var left = try parseNot()
        while current.isName("and") {
            let location = advance().location
            left = try make(.and(left, try parseNot()), location: location)
        }
        return left
    }

    private mutating func parseNot() throws(TemplateError) -> Expression {
        if current.isName("not") {
            let location = advance().location
            try enterNesting()
            defer { nesting -= 1 }
            return try make(.not(try parseNot()), location: location)
        }
        return try parseCompare()
    }

    private mutating func parseCompare() throws(TemplateError) -> Expression {
        let location = current.location
        let first = try parseMath1()
        var rest: [(CompareOperator, Expression)] = []
        while true {
            if case .op(let op) = current.kind, let compare = CompareOperator(rawValue: op),
                compare != .in, compare != .notIn
            {
                advance()
                rest.append((compare, try parseMath1()))
            } else if skip(name: "in") {
                rest.append((.in, try parseMath1()))
            } else if current.isName("not"), peek().isName("in") {
                advance()
                advance()
                rest.append((.notIn, try parseMath1()))
            } else {
                break
            }
        }
        if rest.isEmpty { return first }
        return try make(.compare(first, rest), location: location)
    }

    private static let additive: [String: BinaryOperator] = ["+": .add, "-": .subtract]
    private static let concatenation: [String: BinaryOperator] = ["~": .concat]
    private static let multiplicative: [String: BinaryOperator] = [
        "*": .multiply, "/": .divide, "//": .floorDivide, "%": .modulo,
    ]
    private static let power: [String: BinaryOperator] = ["**": .power]
    private static let statementTags: Set<String> = [
        "if", "for", "set", "macro", "call", "filter", "with", "break", "continue", "generation",
    ]

    /// The binary operator at the current token, if it is one of `operators`.
    private func binaryOperator(_ operators: [String: BinaryOperator]) -> BinaryOperator? {
        guard case .op(let op) = current.kind else { return nil }
        return operators[op]
    }

    private mutating func parseMath1() throws(TemplateError) -> Expression {
        var left = try parseConcat()
        while let op = binaryOperator(Parser.additive) {
            let location = advance().location
            left = try make(.binary(op, left, try parseConcat()), location: location)
        }
        return left
    }

    private mutating func parseConcat() throws(TemplateError) -> Expression {
        var left = try parseMath2()
        while let op = binaryOperator(Parser.concatenation) {
            let location = advance().location
            left = try make(.binary(op, left, try parseMath2()), location: location)
        }
        return left
    }

    private mutating func parseMath2() throws(TemplateError) -> Expression {
        var left = try parsePower()
        while let op = binaryOperator(Parser.multiplicative) {
            let location = advance().location
            left = try make(.binary(op, left, try parsePower()), location: location)
        }
        return left
    }

    private mutating func parsePower() throws(TemplateError) -> Expression {
        var left = try parseUnary()
        while let op = binaryOperator(Parser.power) {
            let location = advance().location
            left = try make(.binary(op, left, try parseUnary()), location: location)
        }
        return left
    }

    private mutating func parseUnary(withFilter: Bool = true) throws(TemplateError) -> Expression {
        let location = current.location
        var node: Expression
        if skip(op: "-") {
            try enterNesting()
            defer { nesting -= 1 }
            node = try make(.negate(try parseUnary(withFilter: false)), location: location)
        } else if skip(op: "+") {
            try enterNesting()
            defer { nesting -= 1 }
            node = try make(.plus(try parseUnary(withFilter: false)), location: location)
        } else {
            node = try parsePrimary()
        }
        node = try parsePostfix(node)
        if withFilter { node = try parseFilterExpression(node) }
        return node
    }

    private mutating func parsePrimary() throws(TemplateError) -> Expression {
        switch current.kind {
        case .op("("): return try parseParenthesized()
        case .op("["): return try parseList()
        case .op("{"): return try parseDict()
        default: return try parseLiteralOrName()
        }
    }

    @inline(never)
    private mutating func parseLiteralOrName() throws(TemplateError) -> Expression {
        let token = current
        let location = token.location
        switch token.kind {
        case .name(let name):
            advance()
            switch name {
            case "true", "True": return try make(.constant(.bool(true)), location: location)
            case "false", "False": return try make(.constant(.bool(false)), location: location)
            case "none", "None": return try make(.constant(.none), location: location)
            default: return try make(.name(name), location: location)
            }
        case .string(var value):
            advance()
            while case .string(let next) = current.kind {
                value += next
                advance()
            }
            return try make(.constant(.string(value)), location: location)
        case .integer(let value):
            advance()
            return try make(.constant(.int(value)), location: location)
        case .float(let value):
            advance()
            return try make(.constant(.double(value)), location: location)
        default:
            throw fail("unexpected '\(token.describe)'")
        }
    }

    @inline(never)
    private mutating func parseParenthesized() throws(TemplateError) -> Expression {
        advance()
        let node = try parseTuple(explicitParentheses: true)
        try expect(op: ")")
        return node
    }

    @inline(never)
    private mutating func parseList() throws(TemplateError) -> Expression {
        let location = advance().location
        var items: [Expression] = []
        while !current.isOp("]") {
            if !items.isEmpty { try expect(op: ",") }
            if current.isOp("]") { break }
            items.append(try parseExpression())
        }
        try expect(op: "]")
        return try make(.list(items), location: location)
    }

    @inline(never)
    private mutating func parseDict() throws(TemplateError) -> Expression {
        let location = advance().location
        var pairs: [(key: Expression, value: Expression)] = []
        while !current.isOp("}") {
            if !pairs.isEmpty { try expect(op: ",") }
            if current.isOp("}") { break }
            let key = try parseExpression()
            try expect(op: ":")
            pairs.append((key, try parseExpression()))
        }
        try expect(op: "}")
        return try make(.dict(pairs), location: location)
    }

    private mutating func parsePostfix(_ start: Expression) throws(TemplateError) -> Expression {
        var node = start
        while true {
            if current.isOp(".") || current.isOp("[") {
                node = try parseSubscript(node)
            } else if current.isOp("(") {
                node = try parseCall(node)
            } else {
                return node
            }
        }
    }

    private mutating func parseFilterExpression(_ start: Expression) throws(TemplateError) -> Expression {
        var node = start
        while true {
            if current.isOp("|") {
                node = try parseFilter(node)
            } else if current.isName("is") {
                node = try parseTest(node)
            } else if current.isOp("(") {
                node = try parseCall(node)
            } else {
                return node
            }
        }
    }

    private mutating func parseSubscript(_ object: Expression) throws(TemplateError) -> Expression {
        let token = advance()
        if token.isOp(".") {
            let attribute = current
            advance()
            switch attribute.kind {
            case .name(let name): return try make(.attribute(object, name), location: token.location)
            case .integer(let value):
                let index = try make(.constant(.int(value)), location: attribute.location)
                return try make(.item(object, index), location: token.location)
            default: throw fail("expected name or number", at: attribute)
            }
        }
        var subscripts: [Expression] = []
        var slice: (Expression?, Expression?, Expression?)?
        while !current.isOp("]") {
            if !subscripts.isEmpty || slice != nil { try expect(op: ",") }
            let parsed = try parseSubscribed()
            if case .slice(_, let start, let stop, let step) = parsed.kind, subscripts.isEmpty, slice == nil {
                slice = (start, stop, step)
            } else {
                subscripts.append(parsed)
            }
        }
        try expect(op: "]")
        if let slice, subscripts.isEmpty {
            return Expression(
                kind: .slice(object, start: slice.0, stop: slice.1, step: slice.2), location: token.location)
        }
        guard slice == nil else { throw fail("slices inside a tuple subscript are not supported", at: token) }
        let index =
            subscripts.count == 1 ? subscripts[0] : try make(.tuple(subscripts), location: token.location)
        return try make(.item(object, index), location: token.location)
    }

    /// One subscript: an expression, or a slice (returned as a `.slice` of a placeholder).
    private mutating func parseSubscribed() throws(TemplateError) -> Expression {
        let location = current.location
        var parts: [Expression?] = []
        if skip(op: ":") {
            parts.append(nil)
        } else {
            let node = try parseExpression()
            guard skip(op: ":") else { return node }
            parts.append(node)
        }
        if current.isOp(":") {
            parts.append(nil)
        } else if !current.isOp("]") && !current.isOp(",") {
            parts.append(try parseExpression())
        } else {
            parts.append(nil)
        }
        if skip(op: ":") {
            parts.append(!current.isOp("]") && !current.isOp(",") ? try parseExpression() : nil)
        } else {
            parts.append(nil)
        }
        let placeholder = try make(.constant(.none), location: location)
        return Expression(
            kind: .slice(placeholder, start: parts[0], stop: parts[1], step: parts[2]), location: location)
    }

    private mutating func parseCallArguments() throws(TemplateError) -> [Argument] {
        try expect(op: "(")
        var arguments: [Argument] = []
        var sawKeyword = false
        while !current.isOp(")") {
            if !arguments.isEmpty {
                try expect(op: ",")
                if current.isOp(")") { break }
            }
            if skip(op: "*") {
                arguments.append(.unpacked(try parseExpression()))
            } else if skip(op: "**") {
                arguments.append(.unpackedKeywords(try parseExpression()))
            } else if case .name(let name) = current.kind, peek().isOp("=") {
                advance()
                advance()
                arguments.append(.keyword(name, try parseExpression()))
                sawKeyword = true
            } else {
                if sawKeyword { throw fail("Invalid argument syntax") }
                arguments.append(.positional(try parseExpression()))
            }
        }
        try expect(op: ")")
        return arguments
    }

    private mutating func parseCall(_ callee: Expression) throws(TemplateError) -> Expression {
        try make(.call(callee, try parseCallArguments()), location: callee.location)
    }

    private mutating func parseFilter(
        _ value: Expression?, startInline: Bool = false
    ) throws(TemplateError)
        -> Expression
    {
        var node = value
        var inline = startInline
        while current.isOp("|") || inline {
            if !inline { advance() }
            inline = false
            let token = current
            var name = try expectName()
            while skip(op: ".") { name += "." + (try expectName()) }
            let arguments = current.isOp("(") ? try parseCallArguments() : []
            node = try make(.filter(node, name: name, arguments: arguments), location: token.location)
        }
        guard let node else { throw fail("expected a filter") }
        return node
    }

    private mutating func parseTest(_ value: Expression) throws(TemplateError) -> Expression {
        advance()  // is
        let negated = skip(name: "not")
        let token = current
        var name = try expectName()
        while skip(op: ".") { name += "." + (try expectName()) }
        var arguments: [Argument] = []
        if current.isOp("(") {
            arguments = try parseCallArguments()
        } else {
            let startsArgument: Bool
            switch current.kind {
            case .name(let next): startsArgument = !["else", "or", "and"].contains(next)
            case .string, .integer, .float, .op("("), .op("["), .op("{"): startsArgument = true
            default: startsArgument = false
            }
            if startsArgument {
                if current.isName("is") { throw fail("You cannot chain multiple tests with is") }
                arguments = [.positional(try parsePostfix(try parsePrimary()))]
            }
        }
        return Expression(
            kind: .test(value, name: name, arguments: arguments, negated: negated), location: token.location)
    }
}
