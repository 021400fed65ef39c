import JSONCore

extension Evaluator {
    /// Applies one compiled keyword to `instance`, adding failures and annotations to `outcome`.
    ///
    /// This is only a dispatcher: each keyword lives in its own function, so that the stack frames
    /// on the recursive path (schema → keyword → subschema) stay small and deep instances against
    /// recursive schemas do not exhaust the stack.
    mutating func apply(_ keyword: Keyword, to instance: JSONValue, in context: Context, outcome: inout Outcome) {
        // No payload is bound here (each case forwards the whole keyword), which keeps this
        // frame, on the path of every recursion, small even in unoptimized builds.
        switch keyword {
        case .reference, .dynamicReference: applyReference(keyword, instance, context, &outcome)
        case .allOf: applyAllOf(keyword, instance, context, &outcome)
        case .anyOf: applyAnyOf(keyword, instance, context, &outcome)
        case .oneOf: applyOneOf(keyword, instance, context, &outcome)
        case .not: applyNot(keyword, instance, context, &outcome)
        case .conditional: applyConditional(keyword, instance, context, &outcome)
        case .dependentSchemas: applyDependentSchemas(keyword, instance, context, &outcome)
        case .members: applyMembers(keyword, instance, context, &outcome)
        case .propertyNames: applyPropertyNames(keyword, instance, context, &outcome)
        case .items: applyItems(keyword, instance, context, &outcome)
        case .contains: applyContains(keyword, instance, context, &outcome)
        case .unevaluatedProperties: applyUnevaluatedProperties(keyword, instance, context, &outcome)
        case .unevaluatedItems: applyUnevaluatedItems(keyword, instance, context, &outcome)
        default: check(keyword, instance, context, &outcome)
        }
    }

    /// Applies a keyword that looks only at the value in hand.
    private func check(_ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome) {
        switch (keyword, instance) {
        case (.type(let types), _): checkType(types, instance, context, &outcome)
        case (.enumeration(let options), _): checkEnum(options, instance, context, &outcome)
        case (.constant(let expected), _): checkConst(expected, instance, context, &outcome)
        case (.minimum(let bound), _): checkBound(bound, isMinimum: true, instance, context, &outcome)
        case (.maximum(let bound), _): checkBound(bound, isMinimum: false, instance, context, &outcome)
        case (.multipleOf(let divisor), _): checkMultipleOf(divisor, instance, context, &outcome)
        case (.minLength(let limit), _): checkLength(limit, isMinimum: true, instance, context, &outcome)
        case (.maxLength(let limit), _): checkLength(limit, isMinimum: false, instance, context, &outcome)
        case (.pattern(let regex), _): checkPattern(regex, instance, context, &outcome)
        case (.format(let format), _): checkFormat(format, instance, context, &outcome)
        case (.required(let names), .object(let object)): checkRequired(names, object, context, &outcome)
        case (.minProperties(let limit), .object(let object)):
            checkPropertyCount(limit, isMinimum: true, object, context, &outcome)
        case (.maxProperties(let limit), .object(let object)):
            checkPropertyCount(limit, isMinimum: false, object, context, &outcome)
        case (.dependentRequired(let keyword, let rules), .object(let object)):
            checkDependentRequired(keyword, rules, object, context, &outcome)
        case (.minItems(let limit), .array(let elements)):
            checkItemCount(limit, isMinimum: true, elements, context, &outcome)
        case (.maxItems(let limit), .array(let elements)):
            checkItemCount(limit, isMinimum: false, elements, context, &outcome)
        case (.uniqueItems, .array(let elements)): checkUniqueItems(elements, context, &outcome)
        default: return  // the keyword does not apply to this kind of value
        }
    }

    // MARK: - Subschemas applied to the same value

    private mutating func applyReference(
        _ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome
    ) {
        let name: String
        let target: Int
        switch keyword {
        case .reference(let keyword, let destination):
            (name, target) = (keyword, destination)
        case .dynamicReference(let destination, let anchor):
            (name, target) = ("$dynamicRef", dynamicTarget(destination, anchor: anchor))
        default:
            return
        }
        outcome.absorb(evaluate(target, instance, instancePath: context.instancePath, schemaPath: context.schema(name)))
    }

    private mutating func applyAllOf(
        _ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome
    ) {
        guard case .allOf(let schemas) = keyword else { return }
        for (index, schema) in schemas.enumerated() {
            outcome.absorb(
                evaluate(
                    schema, instance, instancePath: context.instancePath,
                    schemaPath: context.schema("allOf", String(index))
                ))
        }
    }

    private mutating func applyAnyOf(
        _ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome
    ) {
        guard case .anyOf(let schemas) = keyword else { return }
        let results = alternatives(schemas, "anyOf", instance, context)
        let passed = results.filter(\.isValid)
        for result in passed { outcome.absorbAnnotations(of: result) }
        guard passed.isEmpty else { return }
        outcome.failures.append(
            context.failure(
                "anyOf",
                "expected the value to match at least one of the \(schemas.count) schemas in anyOf, "
                    + "but it matches none (\(summary(results, context)))"))
    }

    private mutating func applyOneOf(
        _ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome
    ) {
        guard case .oneOf(let schemas) = keyword else { return }
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
    }

    private mutating func applyNot(
        _ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome
    ) {
        guard case .not(let schema) = keyword else { return }
        let result = evaluate(schema, instance, instancePath: context.instancePath, schemaPath: context.schema("not"))
        if result.isValid {
            outcome.failures.append(context.failure("not", "expected the value not to match the schema in not"))
        }
    }

    private mutating func applyConditional(
        _ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome
    ) {
        guard case .conditional(let condition, let then, let otherwise) = keyword else { return }
        let test = evaluate(condition, instance, instancePath: context.instancePath, schemaPath: context.schema("if"))
        if test.isValid {
            outcome.absorbAnnotations(of: test)
            if let then {
                outcome.absorb(
                    evaluate(then, instance, instancePath: context.instancePath, schemaPath: context.schema("then")))
            }
        } else if let otherwise {
            outcome.absorb(
                evaluate(otherwise, instance, instancePath: context.instancePath, schemaPath: context.schema("else")))
        }
    }

    private mutating func applyDependentSchemas(
        _ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome
    ) {
        guard case .dependentSchemas(let name, let schemas) = keyword, case .object(let object) = instance else {
            return
        }
        for (trigger, schema) in schemas where object.contains(trigger) {
            outcome.absorb(
                evaluate(
                    schema, instance, instancePath: context.instancePath, schemaPath: context.schema(name, trigger)))
        }
    }

    private mutating func alternatives(
        _ schemas: [Int], _ keyword: String, _ instance: JSONValue, _ context: Context
    ) -> [Outcome] {
        var results: [Outcome] = []
        results.reserveCapacity(schemas.count)
        for (index, schema) in schemas.enumerated() {
            results.append(
                evaluate(
                    schema, instance, instancePath: context.instancePath,
                    schemaPath: context.schema(keyword, String(index))
                ))
        }
        return results
    }

    /// "schema 0: expected a string, found an integer; schema 1: …", the first failure of each.
    private func summary(_ results: [Outcome], _ context: Context) -> String {
        results.enumerated().compactMap { index, result in
            guard let first = result.failures.first else { return nil }
            let location = first.instancePath == context.instancePath ? "" : " at \(first.instancePath)"
            let message = first.message.count > 160 ? first.message.prefix(160) + "…" : first.message
            return "schema \(index)\(location): \(message)"
        }.joined(separator: "; ")
    }
}
