import JSONCore

/// The keywords that only look at the value in hand and apply no subschema.
extension Evaluator {
    func checkType(_ types: [InstanceType], _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome) {
        guard !types.contains(where: { $0.admits(instance) }) else { return }
        let expected = Describe.list(types.map(Describe.name(of:)), conjunction: "or")
        outcome.failures.append(context.failure("type", "expected \(expected), found \(Describe.kind(of: instance))"))
    }

    func checkEnum(_ options: [JSONValue], _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome) {
        guard !options.contains(where: { JSONEquality.equal($0, instance) }) else { return }
        let expected: String
        if options.isEmpty {
            expected = "no value at all (enum is empty)"
        } else if options.count <= 8 {
            expected = "one of " + options.map { Describe.value($0, limit: 40) }.joined(separator: ", ")
        } else {
            expected = "one of the \(options.count) allowed values"
        }
        outcome.failures.append(context.failure("enum", "expected \(expected), found \(Describe.value(instance))"))
    }

    func checkConst(_ expected: JSONValue, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome) {
        guard !JSONEquality.equal(expected, instance) else { return }
        outcome.failures.append(
            context.failure("const", "expected exactly \(Describe.value(expected)), found \(Describe.value(instance))"))
    }

    func checkBound(
        _ bound: NumericBound, isMinimum: Bool, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome
    ) {
        guard NumberArithmetic.isNumber(instance) else { return }
        let order = NumberArithmetic.compare(instance, bound.limit)
        let passes = isMinimum ? (bound.exclusive ? order > 0 : order >= 0) : (bound.exclusive ? order < 0 : order <= 0)
        guard !passes else { return }
        let relation =
            isMinimum ? (bound.exclusive ? "greater than" : "at least") : (bound.exclusive ? "less than" : "at most")
        outcome.failures.append(
            context.failure(
                bound.keyword,
                "expected a number \(relation) \(Describe.value(bound.limit)), found \(Describe.value(instance))"))
    }

    func checkMultipleOf(_ divisor: JSONValue, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome) {
        guard NumberArithmetic.isNumber(instance), !NumberArithmetic.isMultiple(instance, of: divisor) else { return }
        outcome.failures.append(
            context.failure(
                "multipleOf", "expected a multiple of \(Describe.value(divisor)), found \(Describe.value(instance))"))
    }

    func checkLength(
        _ limit: Int, isMinimum: Bool, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome
    ) {
        guard case .string(let text) = instance else { return }
        let length = text.unicodeScalars.count
        guard isMinimum ? length < limit : length > limit else { return }
        outcome.failures.append(
            context.failure(
                isMinimum ? "minLength" : "maxLength",
                "expected \(isMinimum ? "at least" : "at most") \(Describe.count(limit, "character")), found \(length)")
        )
    }

    func checkPattern(_ regex: ECMARegex, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome) {
        guard case .string(let text) = instance, !regex.matches(text) else { return }
        outcome.failures.append(
            context.failure(
                "pattern", "expected a string matching the pattern \(regex.source), found \(Describe.value(instance))"))
    }

    func checkFormat(_ format: StringFormat, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome) {
        guard case .string(let text) = instance, !format.accepts(text) else { return }
        outcome.failures.append(
            context.failure(
                "format", "expected \(format.phrase) (format \"\(format.rawValue)\"), found \(Describe.value(instance))"
            ))
    }

    func checkRequired(_ names: [String], _ object: JSONObject, _ context: Context, _ outcome: inout Outcome) {
        for name in names where !object.contains(name) {
            outcome.failures.append(
                context.failure("required", "missing required property \(Describe.value(.string(name)))"))
        }
    }

    func checkPropertyCount(
        _ limit: Int, isMinimum: Bool, _ object: JSONObject, _ context: Context, _ outcome: inout Outcome
    ) {
        guard isMinimum ? object.count < limit : object.count > limit else { return }
        outcome.failures.append(
            context.failure(
                isMinimum ? "minProperties" : "maxProperties",
                "expected \(isMinimum ? "at least" : "at most") \(Describe.count(limit, "property", "properties")), "
                    + "found \(object.count)"))
    }

    func checkDependentRequired(
        _ keyword: String, _ rules: [(String, [String])], _ object: JSONObject, _ context: Context,
        _ outcome: inout Outcome
    ) {
        for (trigger, names) in rules where object.contains(trigger) {
            for name in names where !object.contains(name) {
                outcome.failures.append(
                    context.failure(
                        keyword,
                        "property \(Describe.value(.string(name))) is required when "
                            + "\(Describe.value(.string(trigger))) is present",
                        at: context.schema(keyword, trigger)))
            }
        }
    }

    func checkItemCount(
        _ limit: Int, isMinimum: Bool, _ elements: [JSONValue], _ context: Context, _ outcome: inout Outcome
    ) {
        guard isMinimum ? elements.count < limit : elements.count > limit else { return }
        outcome.failures.append(
            context.failure(
                isMinimum ? "minItems" : "maxItems",
                "expected \(isMinimum ? "at least" : "at most") \(Describe.count(limit, "item")), found \(elements.count)"
            ))
    }

    func checkUniqueItems(_ elements: [JSONValue], _ context: Context, _ outcome: inout Outcome) {
        guard elements.count > 1 else { return }
        var firstIndex: [JSONEqualityKey: Int] = [:]
        for (second, element) in elements.enumerated() {
            if let first = firstIndex[JSONEqualityKey(value: element)] {
                outcome.failures.append(
                    context.failure("uniqueItems", "expected unique items, but items \(first) and \(second) are equal"))
                return
            }
            firstIndex[JSONEqualityKey(value: element)] = second
        }
    }
}
