#!/usr/bin/env python3
"""Lists the member names of the reference schemas the typed model mirrors.

Run by hand when the reference changes:

    python3 extract-reference-fields.py ../../../../../shared/reference/openai-chat-completions.openapi.json \
        > reference-fields.json

The output is committed; ReferenceFieldsTests checks the Swift types against it, so the tests never
need the reference file itself.
"""
import json
import sys

SCHEMAS = [
    "CreateChatCompletionRequest",
    "ChatCompletionRequestSystemMessage",
    "ChatCompletionRequestDeveloperMessage",
    "ChatCompletionRequestUserMessage",
    "ChatCompletionRequestAssistantMessage",
    "ChatCompletionRequestToolMessage",
    "ChatCompletionRequestMessageContentPartText",
    "ChatCompletionRequestMessageContentPartImage",
    "ChatCompletionRequestMessageContentPartAudio",
    "ChatCompletionRequestMessageContentPartFile",
    "ChatCompletionRequestMessageContentPartRefusal",
    "ChatCompletionMessageToolCall",
    "ChatCompletionMessageCustomToolCall",
    "ChatCompletionTool",
    "FunctionObject",
    "CustomToolChatCompletions",
    "ChatCompletionNamedToolChoice",
    "ChatCompletionNamedToolChoiceCustom",
    "ChatCompletionAllowedToolsChoice",
    "ChatCompletionAllowedTools",
    "ResponseFormatText",
    "ResponseFormatJsonObject",
    "ResponseFormatJsonSchema",
    "ChatCompletionStreamOptions",
    "PredictionContent",
    "PromptCacheOptionsParam",
    "ModerationParam",
    "ModerationPolicyParam",
    "WebSearchLocation",
    "CreateChatCompletionResponse",
    "CreateChatCompletionStreamResponse",
    "ChatCompletionResponseMessage",
    "ChatCompletionStreamResponseDelta",
    "ChatCompletionMessageToolCallChunk",
    "ChatCompletionTokenLogprob",
    "CompletionUsage",
    "ListModelsResponse",
    "Model",
    "Error",
    "ErrorResponse",
]


def main():
    with open(sys.argv[1]) as handle:
        schemas = json.load(handle)["components"]["schemas"]

    def resolve(node):
        while isinstance(node, dict) and "$ref" in node:
            node = schemas[node["$ref"].split("/")[-1]]
        return node

    def properties(node):
        """Ordered (name, schema) pairs of an object schema, through allOf/anyOf and $ref."""
        node = resolve(node)
        result = {}
        for part in node.get("allOf", []):
            for name, value in properties(part).items():
                result.setdefault(name, value)
        for part in node.get("anyOf", []):
            if resolve(part).get("type") != "null":
                for name, value in properties(part).items():
                    result.setdefault(name, value)
        for name, value in node.get("properties", {}).items():
            result[name] = value
        return result

    def deprecated(value):
        value = value if isinstance(value, dict) else {}
        if value.get("deprecated"):
            return True
        return any(isinstance(part, dict) and part.get("deprecated") for part in value.get("anyOf", []))

    def nested(name, props):
        """Member names of nested inline objects, as extra entries `Schema.member`."""
        out = {}
        for member, value in props.items():
            value = resolve(value)
            for candidate in [value] + value.get("anyOf", []) + value.get("oneOf", []):
                candidate = resolve(candidate)
                if candidate.get("type") == "object" and candidate.get("properties"):
                    out[f"{name}.{member}"] = candidate
                items = candidate.get("items")
                if isinstance(items, dict):
                    items = resolve(items)
                    if items.get("type") == "object" and items.get("properties"):
                        out[f"{name}.{member}[]"] = items
        return out

    output = {}
    for name in SCHEMAS:
        queue = [(name, schemas[name])]
        while queue:
            key, node = queue.pop(0)
            props = properties(node)
            output[key] = {
                "fields": [member for member, value in props.items() if not deprecated(value)],
                "deprecated": [member for member, value in props.items() if deprecated(value)],
                "required": resolve(node).get("required", []),
            }
            queue.extend(nested(key, props).items())
    json.dump(output, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
