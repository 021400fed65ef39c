import ChatCompletionsAPI

extension Evaluator {
    /// Applies one compiled keyword to `instance`, adding failures and annotations to `outcome`.
    mutating func apply(_ keyword: Keyword, to instance: JSONValue, in context: Context, outcome: inout Outcome) {
        switch keyword {
        case .type(let types):
            guard !types.contains(where: { $0.admits(instance) }) else { return }
            let expected = Describe.list(types.map(Describe.name(of:)), conjunction: "or")
            outcome.failures.append(
                context.failure("type", "expected \(expected), found \(Describe.kind(of: instance))"))

        case .enumeration(let options):
            guard !options.contains(where: { JSONEquality.equal($0, instance) }) else { return }
            let expected =
                options.isEmpty
                ? "no value at all (enum is empty)"
                : options.count <= 8
                    ? "one of " + options.map { Describe.value($0, limit: 40) }.joined(separator: ", ")
                    : "one of the \(options.count) allowed values"
            outcome.failures.append(context.failure("enum", "expected \(expected), found \(Describe.value(instance))"))

        case .constant(let expected):
            guard !JSONEquality.equal(expected, instance) else { return }
            outcome.failures.append(
                context.failure(
                    "const", "expected exactly \(Describe.value(expected)), found \(Describe.value(instance))"))

        case .reference(let keyword, let target):
            outcome.absorb(
                evaluate(target, instance, instancePath: context.instancePath, schemaPath: context.schema(keyword)))

        case .dynamicReference(let target, let anchor):
            let resolved = dynamicTarget(target, anchor: anchor)
            outcome.absorb(
                evaluate(
                    resolved, instance, instancePath: context.instancePath, schemaPath: context.schema("$dynamicRef")))

        case .allOf(let schemas):
            for (index, schema) in schemas.enumerated() {
                outcome.absorb(
                    evaluate(
                        schema, instance, instancePath: context.instancePath,
                        schemaPath: context.schema("allOf", String(index))))
            }

        case .anyOf(let schemas):
            let results = alternatives(schemas, "anyOf", instance, context)
            let passed = results.filter(\.isValid)
            for result in passed { outcome.absorbAnnotations(of: result) }
            if passed.isEmpty {
                outcome.failures.append(
                    context.failure(
                        "anyOf",
                        "expected the value to match at least one of the \(schemas.count) schemas in anyOf, "
                            + "but it matches none (\(summary(results, context)))"))
            }

        case .oneOf(let schemas):
            let results = alternatives(schemas, "oneOf", instance, context)
            let passed = results.indices.filter { results[$0].isValid }
            if passed.count == 1 {
                outcome.absorbAnnotations(of: results[passed[0]])
            } else if passed.isEmpty {
                outcome.failures.append(
                    context.failure(
                        "oneOf",
                        "expected the value to match exactly one of the \(schemas.count) schemas in oneOf, "
                            + "but it matches none (\(summary(results, context)))"))
            } else {
                let which = Describe.list(passed.map(String.init), conjunction: "and")
                outcome.failures.append(
                    context.failure(
                        "oneOf",
                        "expected the value to match exactly one of the \(schemas.count) schemas in oneOf, "
                            + "but it matches \(passed.count) (schemas \(which))"))
            }

        case .not(let schema):
            let result = evaluate(
                schema, instance, instancePath: context.instancePath, schemaPath: context.schema("not"))
            if result.isValid {
                outcome.failures.append(context.failure("not", "expected the value not to match the schema in not"))
            }

        case .conditional(let condition, let then, let otherwise):
            let test = evaluate(
                condition, instance, instancePath: context.instancePath, schemaPath: context.schema("if"))
            if test.isValid {
                outcome.absorbAnnotations(of: test)
                if let then {
                    outcome.absorb(
                        evaluate(then, instance, instancePath: context.instancePath, schemaPath: context.schema("then"))
                    )
                }
            } else if let otherwise {
                outcome.absorb(
                    evaluate(
                        otherwise, instance, instancePath: context.instancePath, schemaPath: context.schema("else")))
            }

        case .minimum(let bound):
            applyBound(bound, isMinimum: true, instance, context, &outcome)

        case .maximum(let bound):
            applyBound(bound, isMinimum: false, instance, context, &outcome)

        case .multipleOf(let divisor):
            guard NumberArithmetic.isNumber(instance), !NumberArithmetic.isMultiple(instance, of: divisor) else {
                return
            }
            outcome.failures.append(
                context.failure(
                    "multipleOf", "expected a multiple of \(Describe.value(divisor)), found \(Describe.value(instance))"
                ))

        case .minLength(let limit):
            guard case .string(let text) = instance else { return }
            let length = text.unicodeScalars.count
            guard length < limit else { return }
            outcome.failures.append(
                context.failure(
                    "minLength", "expected at least \(Describe.count(limit, "character")), found \(length)"))

        case .maxLength(let limit):
            guard case .string(let text) = instance else { return }
            let length = text.unicodeScalars.count
            guard length > limit else { return }
            outcome.failures.append(
                context.failure("maxLength", "expected at most \(Describe.count(limit, "character")), found \(length)"))

        case .pattern(let regex):
            guard case .string(let text) = instance, !regex.matches(text) else { return }
            outcome.failures.append(
                context.failure(
                    "pattern",
                    "expected a string matching the pattern \(regex.source), found \(Describe.value(instance))"))

        case .format(let format):
            guard case .string(let text) = instance, !format.accepts(text) else { return }
            outcome.failures.append(
                context.failure(
                    "format",
                    "expected \(format.phrase) (format \"\(format.rawValue)\"), found \(Describe.value(instance))"))

        default:
            applyStructural(keyword, to: instance, in: context, outcome: &outcome)
        }
    }

    private mutating func alternatives(
        _ schemas: [Int], _ keyword: String, _ instance: JSONValue, _ context: Context
    ) -> [Outcome] {
        schemas.enumerated().map { index, schema in
            evaluate(
                schema, instance, instancePath: context.instancePath, schemaPath: context.schema(keyword, String(index))
            )
        }
    }

    /// "schema 0: expected a string, found an integer; schema 1: …", the first failure of each.
    private func summary(_ results: [Outcome], _ context: Context) -> String {
        results.enumerated().compactMap { index, result in
            guard let first = result.failures.first else { return nil }
            let location =
                first.instancePath == context.instancePath ? "" : " at \(first.instancePath)"
            return "schema \(index)\(location): \(first.message)"
        }.joined(separator: "; ")
    }

    private func applyBound(
        _ bound: NumericBound, isMinimum: Bool, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome
    ) {
        guard NumberArithmetic.isNumber(instance) else { return }
        let order = NumberArithmetic.compare(instance, bound.limit)
        let passes = isMinimum ? (bound.exclusive ? order > 0 : order >= 0) : (bound.exclusive ? order < 0 : order <= 0)
        guard !passes else { return }
        let relation =
            isMinimum
            ? (bound.exclusive ? "greater than" : "at least") : (bound.exclusive ? "less than" : "at most")
        outcome.failures.append(
            context.failure(
                bound.keyword,
                "expected a number \(relation) \(Describe.value(bound.limit)), found \(Describe.value(instance))"))
    }
}
