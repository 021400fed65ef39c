extension GrammarBuilder {
    /// The name of a primitive rule, defining it (and what it uses) the first time.
    mutating func primitive(_ primitive: Primitive) -> String {
        if let name = primitiveNames[primitive] { return name }
        let name = reserve(primitive.rawValue)
        primitiveNames[primitive] = name
        define(name, body(of: primitive))
        return name
    }

    private mutating func body(of primitive: Primitive) -> String {
        switch primitive {
        case .space:
            return #"( " " | "\n" [ \t]{0,20} )?"#
        case .char:
            let hex = "[0-9a-fA-F]"
            let plain = "[0-9a-cA-Ce-fE-F] \(hex){3} | [dD] [0-7] \(hex){2}"
            let pair = #"[dD] [89abAB] \#(hex){2} "\\u" [dD] [c-fC-F] \#(hex){2}"#
            return #"[^"\\\x00-\x1F] | "\\" ( ["\\/bfnrt] | "u" ( \#(plain) | \#(pair) ) )"#
        case .string:
            let char = self.primitive(.char)
            return #""\"" \#(char)* "\"""#
        case .integer:
            return #""0" | "-"? [1-9] [0-9]{0,17}"#
        case .number:
            return #""-"? ( "0" | [1-9] [0-9]{0,15} ) ( "." [0-9]{1,16} )? ( [eE] [-+]? [0-9]{1,2} )?"#
        case .boolean:
            return #""true" | "false""#
        case .null:
            return #""null""#
        case .value:
            let object = self.primitive(.object)
            let array = self.primitive(.array)
            let string = self.primitive(.string)
            let number = self.primitive(.number)
            let boolean = self.primitive(.boolean)
            let null = self.primitive(.null)
            return "\(object) | \(array) | \(string) | \(number) | \(boolean) | \(null)"
        case .member:
            let string = self.primitive(.string)
            let space = self.primitive(.space)
            let value = self.primitive(.value)
            return #"\#(string) \#(space) ":" \#(space) \#(value)"#
        case .object:
            let member = self.primitive(.member)
            let space = self.primitive(.space)
            return #""{" \#(space) ( \#(member) ( \#(space) "," \#(space) \#(member) )* \#(space) )? "}""#
        case .array:
            let value = self.primitive(.value)
            let space = self.primitive(.space)
            return #""[" \#(space) ( \#(value) ( \#(space) "," \#(space) \#(value) )* \#(space) )? "]""#
        }
    }

    /// `space "," space`, the separator between members and elements.
    mutating func separator() -> String {
        let space = primitive(.space)
        return #"\#(space) "," \#(space)"#
    }
}
