import JSONCore

/// The keywords that apply subschemas to object members and array elements.
extension Evaluator {
    mutating func applyMembers(_ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome)
    {
        guard case .members(let properties, let patterns, let additional) = keyword, case .object(let object) = instance
        else { return }
        for (name, value) in object {
            var matched = false
            if let schema = properties[name] {
                matched = true
                outcome.failures +=
                    evaluate(
                        schema, value, instancePath: context.instance(name),
                        schemaPath: context.schema("properties", name)
                    ).failures
            }
            for (regex, schema) in patterns where regex.matches(name) {
                matched = true
                outcome.failures +=
                    evaluate(
                        schema, value, instancePath: context.instance(name),
                        schemaPath: context.schema("patternProperties", regex.source)
                    ).failures
            }
            if !matched, let additional {
                matched = true
                if isFalse(additional) {
                    outcome.failures.append(
                        ValidationFailure(
                            instancePath: context.instance(name), schemaPath: context.schema("additionalProperties"),
                            keyword: "additionalProperties",
                            message: "property \(Describe.value(.string(name))) is not allowed "
                                + "(additionalProperties is false)"))
                } else {
                    outcome.failures +=
                        evaluate(
                            additional, value, instancePath: context.instance(name),
                            schemaPath: context.schema("additionalProperties")
                        ).failures
                }
            }
            if matched { outcome.evaluatedProperties.insert(name) }
        }
    }

    mutating func applyPropertyNames(
        _ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome
    ) {
        guard case .propertyNames(let schema) = keyword, case .object(let object) = instance else { return }
        for name in object.keys {
            let result = evaluate(
                schema, .string(name), instancePath: context.instancePath, schemaPath: context.schema("propertyNames"))
            for failure in result.failures {
                var renamed = failure
                renamed.message = "property name \(Describe.value(.string(name))) is not allowed: \(failure.message)"
                outcome.failures.append(renamed)
            }
        }
    }

    mutating func applyItems(_ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome) {
        guard case .items(let prefixKeyword, let prefix, let restKeyword, let rest) = keyword,
            case .array(let elements) = instance
        else { return }
        for (index, element) in elements.prefix(prefix.count).enumerated() {
            outcome.failures +=
                evaluate(
                    prefix[index], element, instancePath: context.instance(index),
                    schemaPath: context.schema(prefixKeyword, String(index))
                ).failures
        }
        outcome.evaluatedPrefix = max(outcome.evaluatedPrefix, min(prefix.count, elements.count))
        guard let rest, elements.count > prefix.count else { return }
        if isFalse(rest) {
            let expected =
                prefix.isEmpty
                ? "an empty array (\(restKeyword) is false)"
                : "at most \(Describe.count(prefix.count, "item")) (\(restKeyword) is false)"
            outcome.failures.append(
                context.failure(restKeyword, "expected \(expected), found \(Describe.count(elements.count, "item"))"))
        } else {
            for index in prefix.count..<elements.count {
                outcome.failures +=
                    evaluate(
                        rest, elements[index], instancePath: context.instance(index),
                        schemaPath: context.schema(restKeyword)
                    ).failures
            }
        }
        outcome.evaluatedPrefix = elements.count
    }

    mutating func applyContains(_ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome)
    {
        guard case .contains(let schema, let minimum, let maximum) = keyword, case .array(let elements) = instance
        else { return }
        var matches = 0
        for (index, element) in elements.enumerated() {
            let result = evaluate(
                schema, element, instancePath: context.instance(index), schemaPath: context.schema("contains"))
            if result.isValid {
                matches += 1
                outcome.evaluatedIndices.insert(index)
            }
        }
        if matches < minimum {
            let keyword = minimum == 1 ? "contains" : "minContains"
            outcome.failures.append(
                context.failure(
                    keyword,
                    "expected at least \(Describe.count(minimum, "item")) matching the contains schema, found \(matches)"
                ))
        }
        if let maximum, matches > maximum {
            outcome.failures.append(
                context.failure(
                    "maxContains",
                    "expected at most \(Describe.count(maximum, "item")) matching the contains schema, found \(matches)"
                ))
        }
    }

    mutating func applyUnevaluatedProperties(
        _ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome
    ) {
        guard case .unevaluatedProperties(let schema) = keyword, case .object(let object) = instance else { return }
        for (name, value) in object where !outcome.evaluatedProperties.contains(name) {
            if isFalse(schema) {
                outcome.failures.append(
                    ValidationFailure(
                        instancePath: context.instance(name), schemaPath: context.schema("unevaluatedProperties"),
                        keyword: "unevaluatedProperties",
                        message: "property \(Describe.value(.string(name))) is not allowed "
                            + "(unevaluatedProperties is false)"))
            } else {
                outcome.failures +=
                    evaluate(
                        schema, value, instancePath: context.instance(name),
                        schemaPath: context.schema("unevaluatedProperties")
                    ).failures
            }
        }
        outcome.evaluatedProperties.formUnion(object.keys)
    }

    mutating func applyUnevaluatedItems(
        _ keyword: Keyword, _ instance: JSONValue, _ context: Context, _ outcome: inout Outcome
    ) {
        guard case .unevaluatedItems(let schema) = keyword, case .array(let elements) = instance else { return }
        for index in outcome.evaluatedPrefix..<max(outcome.evaluatedPrefix, elements.count)
        where !outcome.evaluatedIndices.contains(index) {
            if isFalse(schema) {
                outcome.failures.append(
                    ValidationFailure(
                        instancePath: context.instance(index), schemaPath: context.schema("unevaluatedItems"),
                        keyword: "unevaluatedItems", message: "item \(index) is not allowed (unevaluatedItems is false)"
                    ))
            } else {
                outcome.failures +=
                    evaluate(
                        schema, elements[index], instancePath: context.instance(index),
                        schemaPath: context.schema("unevaluatedItems")
                    ).failures
            }
        }
        outcome.evaluatedPrefix = max(outcome.evaluatedPrefix, elements.count)
    }
}
