import ChatCompletionsAPI

extension Evaluator {
    /// Applies the keywords about object members and array elements.
    mutating func applyStructural(
        _ keyword: Keyword, to instance: JSONValue, in context: Context, outcome: inout Outcome
    ) {
        switch (keyword, instance) {
        case (.members(let properties, let patterns, let additional), .object(let object)):
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
                                instancePath: context.instance(name),
                                schemaPath: context.schema("additionalProperties"),
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

        case (.propertyNames(let schema), .object(let object)):
            for name in object.keys {
                let result = evaluate(
                    schema, .string(name), instancePath: context.instancePath,
                    schemaPath: context.schema("propertyNames"))
                for failure in result.failures {
                    var renamed = failure
                    renamed.message =
                        "property name \(Describe.value(.string(name))) is not allowed: \(failure.message)"
                    outcome.failures.append(renamed)
                }
            }

        case (.required(let names), .object(let object)):
            for name in names where !object.contains(name) {
                outcome.failures.append(
                    context.failure("required", "missing required property \(Describe.value(.string(name)))"))
            }

        case (.minProperties(let limit), .object(let object)) where object.count < limit:
            outcome.failures.append(
                context.failure(
                    "minProperties",
                    "expected at least \(Describe.count(limit, "property", "properties")), found \(object.count)"))

        case (.maxProperties(let limit), .object(let object)) where object.count > limit:
            outcome.failures.append(
                context.failure(
                    "maxProperties",
                    "expected at most \(Describe.count(limit, "property", "properties")), found \(object.count)"))

        case (.dependentRequired(let keyword, let rules), .object(let object)):
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

        case (.dependentSchemas(let keyword, let schemas), .object(let object)):
            for (trigger, schema) in schemas where object.contains(trigger) {
                outcome.absorb(
                    evaluate(
                        schema, instance, instancePath: context.instancePath,
                        schemaPath: context.schema(keyword, trigger)))
            }

        case (.items(let prefixKeyword, let prefix, let restKeyword, let rest), .array(let elements)):
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
                    context.failure(
                        restKeyword, "expected \(expected), found \(Describe.count(elements.count, "item"))"))
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

        case (.contains(let schema, let minimum, let maximum), .array(let elements)):
            var matches: [Int] = []
            for (index, element) in elements.enumerated() {
                let result = evaluate(
                    schema, element, instancePath: context.instance(index), schemaPath: context.schema("contains"))
                if result.isValid { matches.append(index) }
            }
            outcome.evaluatedIndices.formUnion(matches)
            if matches.count < minimum {
                let keyword = minimum == 1 ? "contains" : "minContains"
                outcome.failures.append(
                    context.failure(
                        keyword,
                        "expected at least \(Describe.count(minimum, "item")) matching the contains schema, "
                            + "found \(matches.count)",
                        at: keyword == "contains" ? nil : context.schema("minContains")))
            }
            if let maximum, matches.count > maximum {
                outcome.failures.append(
                    context.failure(
                        "maxContains",
                        "expected at most \(Describe.count(maximum, "item")) matching the contains schema, "
                            + "found \(matches.count)"))
            }

        case (.minItems(let limit), .array(let elements)) where elements.count < limit:
            outcome.failures.append(
                context.failure(
                    "minItems", "expected at least \(Describe.count(limit, "item")), found \(elements.count)"))

        case (.maxItems(let limit), .array(let elements)) where elements.count > limit:
            outcome.failures.append(
                context.failure(
                    "maxItems", "expected at most \(Describe.count(limit, "item")), found \(elements.count)"))

        case (.uniqueItems, .array(let elements)):
            guard let (first, second) = firstDuplicate(elements) else { return }
            outcome.failures.append(
                context.failure(
                    "uniqueItems", "expected unique items, but items \(first) and \(second) are equal"))

        case (.unevaluatedProperties(let schema), .object(let object)):
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

        case (.unevaluatedItems(let schema), .array(let elements)):
            for index in outcome.evaluatedPrefix..<max(outcome.evaluatedPrefix, elements.count)
            where !outcome.evaluatedIndices.contains(index) {
                if isFalse(schema) {
                    outcome.failures.append(
                        ValidationFailure(
                            instancePath: context.instance(index), schemaPath: context.schema("unevaluatedItems"),
                            keyword: "unevaluatedItems",
                            message: "item \(index) is not allowed (unevaluatedItems is false)"))
                } else {
                    outcome.failures +=
                        evaluate(
                            schema, elements[index], instancePath: context.instance(index),
                            schemaPath: context.schema("unevaluatedItems")
                        ).failures
                }
            }
            outcome.evaluatedPrefix = max(outcome.evaluatedPrefix, elements.count)

        default:
            return  // the keyword does not apply to this kind of value
        }
    }

    /// The positions of the first two equal elements, if any.
    private func firstDuplicate(_ elements: [JSONValue]) -> (Int, Int)? {
        guard elements.count > 1 else { return nil }
        for second in 1..<elements.count {
            for first in 0..<second where JSONEquality.equal(elements[first], elements[second]) {
                return (first, second)
            }
        }
        return nil
    }
}
