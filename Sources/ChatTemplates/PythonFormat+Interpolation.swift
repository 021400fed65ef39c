/// Python's two string interpolations: `format % values` and `format.format(*args, **kwargs)`.
extension PythonFormat {
    // MARK: - printf-style

    /// `format % values`: a tuple supplies positional values, a dictionary named ones
    /// (`%(name)s`), anything else is the single value.
    static func percent(_ format: String, _ values: Value) throws(TemplateError) -> String {
        var positional: [Value]
        var mapping: PyDict?
        // Like CPython, anything subscriptable but a tuple or a string counts as a mapping, and
        // a mapping may go unused.
        var isMapping = false
        switch values {
        case .tuple(let items): positional = items
        case .dict(let storage):
            mapping = storage.dict
            positional = [values]
            isMapping = true
        case .list, .undefined:
            positional = [values]
            isMapping = true
        default: positional = [values]
        }
        var next = 0
        func take() throws(TemplateError) -> Value {
            guard next < positional.count else { throw TemplateError("not enough arguments for format string") }
            defer { next += 1 }
            return positional[next]
        }
        let scalars = PyStr.scalars(format)
        var result = ""
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            guard scalar == "%" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            guard index < scalars.count else { throw TemplateError("incomplete format") }
            var value: Value?
            if scalars[index] == "(" {
                guard let mapping else { throw TemplateError("format requires a mapping") }
                var depth = 1
                let start = index + 1
                index += 1
                while index < scalars.count, depth > 0 {
                    if scalars[index] == "(" { depth += 1 }
                    if scalars[index] == ")" { depth -= 1 }
                    index += 1
                }
                guard depth == 0 else { throw TemplateError("incomplete format key") }
                let key = PyStr.string(scalars[start..<(index - 1)])
                guard let found = mapping[string: key] else { throw TemplateError(PythonFormat.stringRepr(key)) }
                value = found
            }
            var spec = Spec()
            flags: while index < scalars.count {
                switch scalars[index] {
                case "-": spec.align = "<"
                case "+": spec.sign = "+"
                case " ": if spec.sign != "+" { spec.sign = " " }
                case "#": spec.alternate = true
                case "0": spec.zeroPad = true
                default: break flags
                }
                index += 1
            }
            if index < scalars.count, scalars[index] == "*" {
                index += 1
                guard let width = try take().intValue else { throw TemplateError("* wants int") }
                if width < 0 { spec.align = "<" }
                spec.width = Swift.abs(width)
            } else {
                spec.width = readNumber(scalars, &index)
            }
            if index < scalars.count, scalars[index] == "." {
                index += 1
                if index < scalars.count, scalars[index] == "*" {
                    index += 1
                    guard let precision = try take().intValue else { throw TemplateError("* wants int") }
                    spec.precision = max(precision, 0)
                } else {
                    spec.precision = readNumber(scalars, &index) ?? 0
                }
            }
            while index < scalars.count, "hlL".unicodeScalars.contains(scalars[index]) { index += 1 }
            guard index < scalars.count else { throw TemplateError("incomplete format") }
            let conversion = scalars[index]
            index += 1
            if conversion == "%" {
                result += "%"
                continue
            }
            let argument: Value
            if let value { argument = value } else { argument = try take() }
            // printf pads on the left unless told otherwise ('-'), strings included.
            if spec.align == "<" { spec.zeroPad = false } else if !spec.zeroPad { spec.align = ">" }
            switch conversion {
            case "s", "r", "a":
                var text = conversion == "s" ? argument.pythonString : argument.pythonRepr
                if let precision = spec.precision { text = PyStr.string(PyStr.scalars(text).prefix(precision)) }
                spec.zeroPad = false
                result += pad(text, spec, numeric: false)
            case "d", "i", "u":
                guard let number = integerArgument(argument) else {
                    throw TemplateError("%\(conversion) format: a real number is required, not \(argument.typeName)")
                }
                result += pad(String(Swift.abs(number)), spec, negative: number < 0, numeric: true)
            case "x", "X", "o":
                guard let number = argument.intValue else {
                    throw TemplateError("%\(conversion) format: an integer is required, not \(argument.typeName)")
                }
                var digits = String(
                    Swift.abs(number).magnitude, radix: conversion == "o" ? 8 : 16, uppercase: conversion == "X")
                if spec.alternate { digits = (conversion == "o" ? "0o" : conversion == "x" ? "0x" : "0X") + digits }
                result += pad(digits, spec, negative: number < 0, numeric: true)
            case "f", "F", "e", "E", "g", "G":
                guard let number = argument.doubleValue else {
                    throw TemplateError("must be real number, not \(argument.typeName)")
                }
                let text = floatText(
                    Swift.abs(number), conversion: conversion, precision: spec.precision ?? 6, alternate: spec.alternate
                )
                result += pad(text, spec, negative: number.sign == .minus && !number.isNaN, numeric: true)
            case "c":
                let text: String
                if let code = argument.intValue, let scalar = Unicode.Scalar(UInt32(clamping: code)) {
                    text = String(scalar)
                } else if case .string(let string) = argument, PyStr.count(string) == 1 {
                    text = string
                } else {
                    throw TemplateError("%c requires an int or a unicode character")
                }
                spec.zeroPad = false
                result += pad(text, spec, numeric: false)
            default:
                throw TemplateError(
                    "unsupported format character '\(Character(conversion))' (0x\(String(conversion.value, radix: 16))) "
                        + "at index \(index - 1)")
            }
        }
        if !isMapping, next < positional.count {
            throw TemplateError("not all arguments converted during string formatting")
        }
        return result
    }

    private static func integerArgument(_ value: Value) -> Int? {
        switch value {
        case .int(let int): return int
        case .bool(let bool): return bool ? 1 : 0
        case .double(let double):
            guard double.isFinite else { return nil }
            return Int(exactly: double.rounded(.towardZero))
        default: return nil
        }
    }

    private static func readNumber(_ scalars: [Unicode.Scalar], _ index: inout Int) -> Int? {
        var number: Int?
        while index < scalars.count, let digit = Int(String(scalars[index])), scalars[index].isASCII {
            number = (number ?? 0) * 10 + digit
            index += 1
        }
        return number
    }

    private static func floatText(
        _ value: Double, conversion: Unicode.Scalar, precision: Int, alternate: Bool
    )
        -> String
    {
        switch conversion {
        case "f", "F":
            var text = fixed(value, precision: precision)
            if conversion == "F" { text = text.uppercased() }
            if alternate && precision == 0 { text += "." }
            return text
        case "e", "E":
            return exponential(value, precision: precision, uppercase: conversion == "E", alternate: alternate)
        default:
            return general(
                value, precision: precision == 0 ? 1 : precision, uppercase: conversion == "G", alternate: alternate)
        }
    }

    /// A format specification: alignment, sign, width, precision...
    struct Spec {
        var fill: Character = " "
        var align: Character?
        var sign: Character = "-"
        var alternate = false
        var zeroPad = false
        var width: Int?
        var grouping: Character?
        var precision: Int?
        var type: Character?
    }

    /// Pads `body` (digits without their sign) to the spec's width, with the sign in front.
    static func pad(_ body: String, _ spec: Spec, negative: Bool = false, numeric: Bool) -> String {
        var sign = ""
        if numeric {
            if negative {
                sign = "-"
            } else if spec.sign == "+" {
                sign = "+"
            } else if spec.sign == " " {
                sign = " "
            }
        }
        let width = spec.width ?? 0
        let length = PyStr.count(body) + sign.count
        guard width > length else { return sign + body }
        let padding = width - length
        let align = spec.align ?? (spec.zeroPad && numeric ? "=" : numeric ? ">" : "<")
        let fill = spec.zeroPad && spec.align == nil && numeric ? "0" : String(spec.fill)
        switch align {
        case "<": return sign + body + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + sign + body + String(repeating: fill, count: padding - left)
        case "=": return sign + String(repeating: fill, count: padding) + body
        default: return String(repeating: fill, count: padding) + sign + body
        }
    }

    // MARK: - str.format

    /// `format.format(*positional, **keyword)`.
    static func format(_ format: String, _ arguments: Arguments, renderer: Renderer) throws(TemplateError) -> String {
        let scalars = PyStr.scalars(format)
        var result = ""
        var index = 0
        var automatic = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "}" {
                guard index + 1 < scalars.count, scalars[index + 1] == "}" else {
                    throw TemplateError("Single '}' encountered in format string")
                }
                result += "}"
                index += 2
                continue
            }
            guard scalar == "{" else {
                result.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            if index + 1 < scalars.count, scalars[index + 1] == "{" {
                result += "{"
                index += 2
                continue
            }
            var depth = 1
            var end = index + 1
            while end < scalars.count, depth > 0 {
                if scalars[end] == "{" { depth += 1 }
                if scalars[end] == "}" { depth -= 1 }
                if depth > 0 { end += 1 }
            }
            guard end < scalars.count else { throw TemplateError("expected '}' before end of string") }
            let field = PyStr.string(scalars[(index + 1)..<end])
            index = end + 1
            result += try formatField(field, arguments, automatic: &automatic, renderer: renderer)
        }
        return result
    }

    private static func formatField(
        _ field: String, _ arguments: Arguments, automatic: inout Int, renderer: Renderer
    ) throws(TemplateError) -> String {
        var name = field
        var specText = ""
        var conversion: Character?
        if let colon = field.firstIndex(of: ":") {
            name = String(field[..<colon])
            specText = String(field[field.index(after: colon)...])
        }
        if let bang = name.firstIndex(of: "!") {
            conversion = name[name.index(after: bang)...].first
            name = String(name[..<bang])
        }
        // The first part of the name picks the argument; `.attr` and `[key]` walk into it.
        var head = name
        var rest = ""
        if let split = name.firstIndex(where: { $0 == "." || $0 == "[" }) {
            head = String(name[..<split])
            rest = String(name[split...])
        }
        var value: Value
        if head.isEmpty {
            guard automatic < arguments.positional.count else {
                throw TemplateError("Replacement index \(automatic) out of range for positional args tuple")
            }
            value = arguments.positional[automatic]
            automatic += 1
        } else if let position = Int(head) {
            guard position < arguments.positional.count else {
                throw TemplateError("Replacement index \(position) out of range for positional args tuple")
            }
            value = arguments.positional[position]
        } else {
            guard let found = arguments.keyword.last(where: { $0.name == head }) else {
                throw TemplateError(PythonFormat.stringRepr(head))
            }
            value = found.value
        }
        var cursor = rest[...]
        while let first = cursor.first {
            if first == "." {
                cursor = cursor.dropFirst()
                let attribute = cursor.prefix { $0 != "." && $0 != "[" }
                cursor = cursor.dropFirst(attribute.count)
                value = try renderer.attribute(of: value, String(attribute))
            } else {
                cursor = cursor.dropFirst()
                let key = cursor.prefix { $0 != "]" }
                cursor = cursor.dropFirst(key.count + 1)
                value = try renderer.item(of: value, Int(key).map { Value.int($0) } ?? .string(String(key)))
            }
        }
        switch conversion {
        case "r", "a": value = .string(value.pythonRepr)
        case "s": value = .string(value.pythonString)
        default: break
        }
        if case .undefined(let undefined) = value, !specText.isEmpty { throw undefined.error }
        return try formatValue(value, spec: specText)
    }

    /// `format(value, spec)` for strings, numbers and the rest (as `str`).
    static func formatValue(_ value: Value, spec text: String) throws(TemplateError) -> String {
        let spec = try parseSpec(text)
        switch value {
        case .string(let string):
            guard spec.type == nil || spec.type == "s" else {
                throw TemplateError("Unknown format code '\(spec.type!)' for object of type 'str'")
            }
            var body = string
            if let precision = spec.precision { body = PyStr.string(PyStr.scalars(body).prefix(precision)) }
            return pad(body, spec, numeric: false)
        case .int, .bool, .double:
            if case .bool(let flag) = value, spec.type == nil {
                return pad(flag ? "True" : "False", spec, numeric: false)
            }
            let type = spec.type ?? (value.intValue != nil ? "d" : nil)
            if let int = value.intValue, let type, "dbcoxXn".contains(type) {
                if type == "c" {
                    return pad(Unicode.Scalar(UInt32(clamping: int)).map { String($0) } ?? "", spec, numeric: false)
                }
                let radix = type == "b" ? 2 : type == "o" ? 8 : type == "x" || type == "X" ? 16 : 10
                var digits = String(int.magnitude, radix: radix, uppercase: type == "X")
                if radix == 10, let grouping = spec.grouping { digits = group(digits, with: grouping) }
                if spec.alternate && radix != 10 { digits = (type == "b" ? "0b" : type == "o" ? "0o" : "0x") + digits }
                return pad(digits, spec, negative: int < 0, numeric: true)
            }
            guard let number = value.doubleValue else { return pad(value.pythonString, spec, numeric: false) }
            var body: String
            switch type {
            case "f", "F": body = fixed(Swift.abs(number), precision: spec.precision ?? 6)
            case "e", "E": body = exponential(Swift.abs(number), precision: spec.precision ?? 6, uppercase: type == "E")
            case "g", "G": body = general(Swift.abs(number), precision: spec.precision ?? 6, uppercase: type == "G")
            case "%": body = fixed(Swift.abs(number) * 100, precision: spec.precision ?? 6) + "%"
            case nil:
                if let precision = spec.precision {
                    body = general(Swift.abs(number), precision: precision, addDotZero: true)
                } else {
                    body = floatRepr(Swift.abs(number))
                }
            default:
                throw TemplateError("Unknown format code '\(type!)' for object of type '\(value.typeName)'")
            }
            if let grouping = spec.grouping {
                let integerEnd = body.firstIndex { !$0.isNumber } ?? body.endIndex
                body = group(String(body[..<integerEnd]), with: grouping) + body[integerEnd...]
            }
            return pad(body, spec, negative: number.sign == .minus && !number.isNaN, numeric: true)
        default:
            guard text.isEmpty else {
                throw TemplateError("unsupported format string passed to \(value.typeName).__format__")
            }
            return value.pythonString
        }
    }

    private static func group(_ digits: String, with separator: Character) -> String {
        var result: [Character] = []
        for (offset, character) in digits.reversed().enumerated() {
            if offset > 0 && offset % 3 == 0 { result.append(separator) }
            result.append(character)
        }
        return String(result.reversed())
    }

    private static func parseSpec(_ text: String) throws(TemplateError) -> Spec {
        var spec = Spec()
        var characters = Array(text)
        let aligns: Set<Character> = ["<", ">", "^", "="]
        if characters.count >= 2, aligns.contains(characters[1]) {
            spec.fill = characters[0]
            spec.align = characters[1]
            characters.removeFirst(2)
        } else if let first = characters.first, aligns.contains(first) {
            spec.align = first
            characters.removeFirst()
        }
        if let first = characters.first, first == "+" || first == "-" || first == " " {
            spec.sign = first
            characters.removeFirst()
        }
        if characters.first == "#" {
            spec.alternate = true
            characters.removeFirst()
        }
        if characters.first == "0" {
            spec.zeroPad = true
            if spec.align == nil {
                spec.fill = "0"
                spec.align = "="
            }
            characters.removeFirst()
        }
        var width = ""
        while let first = characters.first, first.isASCII, first.isNumber {
            width.append(first)
            characters.removeFirst()
        }
        spec.width = Int(width)
        if let first = characters.first, first == "," || first == "_" {
            spec.grouping = first
            characters.removeFirst()
        }
        if characters.first == "." {
            characters.removeFirst()
            var precision = ""
            while let first = characters.first, first.isASCII, first.isNumber {
                precision.append(first)
                characters.removeFirst()
            }
            guard let value = Int(precision) else { throw TemplateError("Format specifier missing precision") }
            spec.precision = value
        }
        if let first = characters.first {
            spec.type = first
            characters.removeFirst()
        }
        guard characters.isEmpty else { throw TemplateError("Invalid format specifier '\(text)'") }
        spec.zeroPad = false
        return spec
    }
}
