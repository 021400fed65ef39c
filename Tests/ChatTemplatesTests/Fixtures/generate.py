#!/usr/bin/env python3
"""Regenerates the expected outputs of the chat-template tests. A development tool only.

The tests never run Python: they read what this script wrote. Run it after changing the
conversations below or when the llama.cpp templates change. It needs Python 3 and `jinja2`
(`pip install jinja2`), and the llama.cpp source that `make setup` unpacks:

    python3 Tests/ChatTemplatesTests/Fixtures/generate.py [LLAMA_CPP_SOURCE_DIR]

Jinja is set up the way Hugging Face transformers sets it up for `apply_chat_template`:
trim_blocks and lstrip_blocks, the loopcontrols extension, a no-op `{% generation %}` block,
`tojson` without ASCII escaping, `raise_exception` and `strftime_now` (pinned to FIXED_NOW so
the outputs do not depend on the day). One deliberate difference: transformers renders in an
*immutable* sandbox that refuses `list.append` and `list.pop`; some templates (Kimi) need them,
and our renderer allows them, so this script uses the ordinary sandbox. And a conversation
without tools leaves `tools` undefined, as llama.cpp does, where transformers passes None: a few
templates (Hermes tool_use, Command R+) iterate `tools` as soon as it is defined. A template that
reads a message's `thinking` (gpt-oss, Cohere2 MoE, LFM2.5) gets its `reasoning_content` there too,
and FireFunction v2's gets the tool list as JSON text in `functions` and the day in `datetime`.

It also renders the snippets of `language-cases.txt` (one per block, blocks separated by lines
of `===`) into `language.json`, the expected results of the language-feature tests.

It writes `conversations.json` (the render contexts, shared with the Swift tests) and one
`expected/<template>.json` per template: for each conversation either {"output": text} or
{"error": message, "raised": true when the template called raise_exception}, with "context" when
the template was given more than the shared context (see above).
"""

import datetime
import json
import os
import subprocess
import sys

import jinja2
import jinja2.meta
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.sandbox import SandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_NOW = datetime.datetime(2025, 7, 26, 14, 30, 5)


class TemplateRaised(Exception):
    pass


class GenerationBlock(Extension):
    """Like transformers' AssistantTracker when no mask is asked for: renders its body."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_render", []), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def make_environment():
    def raise_exception(message):
        raise TemplateRaised(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(format):
        return FIXED_NOW.strftime(format)

    env = SandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[GenerationBlock, "jinja2.ext.loopcontrols"]
    )
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Get the current weather in a city",
            "parameters": {
                "type": "object",
                "properties": {
                    "location": {"type": "string", "description": "City name, e.g. \"Paris\""},
                    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "description": "Temperature unit"},
                },
                "required": ["location"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "search_web",
            "description": "Search the web and return the top results",
            "parameters": {
                "type": "object",
                "properties": {
                    "query": {"type": "string", "description": "What to look for"},
                    "limit": {"type": "integer", "description": "How many results", "default": 3},
                    "safe": {"type": "boolean"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["query"],
            },
        },
    },
]

SYSTEM = {"role": "system", "content": "You are a helpful assistant. Answer briefly."}

CONVERSATIONS = {
    "plain": {
        "messages": [
            SYSTEM,
            {"role": "user", "content": "Hello! Who are you?"},
            {"role": "assistant", "content": "I am an assistant.\nHow can I help?"},
            {"role": "user", "content": "Say \"café\" in 日本語, please ☕"},
        ],
        "add_generation_prompt": True,
    },
    "plain_no_generation_prompt": {
        "messages": [
            SYSTEM,
            {"role": "user", "content": "What is 2 + 2?"},
            {"role": "assistant", "content": "4"},
        ],
        "add_generation_prompt": False,
    },
    "user_only": {
        "messages": [{"role": "user", "content": "  Tell me a joke.  "}],
        "add_generation_prompt": True,
    },
    "tools": {
        "messages": [
            SYSTEM,
            {"role": "user", "content": "What's the weather in Paris?"},
        ],
        "tools": TOOLS,
        "add_generation_prompt": True,
    },
    "tool_calls": {
        "messages": [
            {"role": "user", "content": "What's the weather in Paris?"},
            {
                "role": "assistant",
                "content": "",
                "tool_calls": [
                    {
                        "id": "call0001a",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": {"location": "Paris", "unit": "celsius"}},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call0001a", "content": "{\"temperature\": 22, \"sky\": \"clear\"}"},
        ],
        "tools": TOOLS,
        "add_generation_prompt": True,
    },
    "parallel_tool_calls": {
        "messages": [
            SYSTEM,
            {"role": "user", "content": "Weather in Paris and news about Rome?"},
            {
                "role": "assistant",
                "content": "Let me check both.",
                "tool_calls": [
                    {
                        "id": "call0002b",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": {"location": "Paris"}},
                    },
                    {
                        "id": "call0003c",
                        "type": "function",
                        "function": {
                            "name": "search_web",
                            "arguments": {
                                "query": "Rome news",
                                "limit": 2,
                                "safe": True,
                                "tags": ["it", "news"],
                                "near": {"lat": 41.9028, "lon": 12.4964, "radius_km": 1e21, "offset": -0.0},
                            },
                        },
                    },
                ],
            },
            {"role": "tool", "tool_call_id": "call0002b", "content": "Sunny, 22 °C"},
            {"role": "tool", "tool_call_id": "call0003c", "content": "[\"Rome marathon\", \"New metro line\"]"},
            {"role": "assistant", "content": "Paris is sunny; Rome has a marathon."},
            {"role": "user", "content": "Thanks!"},
        ],
        "tools": TOOLS,
        "add_generation_prompt": False,
    },
    "tool_calls_string_arguments": {
        "messages": [
            SYSTEM,
            {"role": "user", "content": "Search for swift jinja"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call0004d",
                        "type": "function",
                        "function": {"name": "search_web", "arguments": "{\"query\": \"swift jinja\", \"limit\": 1}"},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call0004d", "content": "No results."},
        ],
        "tools": TOOLS,
        "add_generation_prompt": True,
    },
    "content_parts": {
        "messages": [
            {"role": "system", "content": [{"type": "text", "text": "Be terse."}]},
            {"role": "user", "content": [{"type": "text", "text": "First part."}, {"type": "text", "text": "Second part."}]},
        ],
        "add_generation_prompt": True,
    },
    "multi_turn": {
        "messages": [
            {"role": "user", "content": "What is 2 + 2?"},
            {"role": "assistant", "content": "<think>\nSimple arithmetic.\n</think>\n\nIt is 4."},
            {"role": "user", "content": "And {{ 3 + 3 }} in Jinja? {% raw %}"},
        ],
        "add_generation_prompt": True,
    },
    "reasoning_and_options": {
        "messages": [
            SYSTEM,
            {"role": "user", "content": "Weather in Oslo?"},
            {
                "role": "assistant",
                "content": "Checking.",
                "reasoning_content": "The user wants the weather; call the tool.",
                "tool_calls": [
                    {
                        "id": "call0005e",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": {"location": "Oslo", "unit": "celsius"}},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call0005e", "content": "-3 °C, snow"},
        ],
        "tools": TOOLS,
        "add_generation_prompt": True,
        "enable_thinking": False,
        "reasoning_effort": "high",
        "builtin_tools": ["browser", "python"],
    },
}

SPECIAL_TOKENS = {"bos_token": "<BOS>", "eos_token": "<EOS>"}


def context_for(conversation):
    context = {"messages": conversation["messages"]}
    if "tools" in conversation:
        context["tools"] = conversation["tools"]
    context["add_generation_prompt"] = conversation["add_generation_prompt"]
    context.update(SPECIAL_TOKENS)
    for key, value in conversation.items():
        if key not in ("messages", "tools", "add_generation_prompt"):
            context[key] = value
    return context


def with_thinking(source, context):
    """As the server (and llama.cpp for gpt-oss) does: a template that reads a message's `thinking`
    gets each message's `reasoning_content` there too, and a call turn's content is left out when
    it has thinking or is null."""
    if not any(marker in source for marker in ("message.thinking", "message['thinking']", '"thinking" in message')):
        return context
    messages = []
    for message in context["messages"]:
        if "reasoning_content" in message:
            message = dict(message, thinking=message["reasoning_content"])
        if message.get("tool_calls") and ("thinking" in message or message.get("content") is None):
            # and, as llama.cpp does for gpt-oss, no content beside the thinking of a call turn
            message = {key: value for key, value in message.items() if key != "content"}
        messages.append(message)
    return dict(context, messages=messages)


def with_function_list(env, source, context):
    """As the server does for FireFunction v2, whose template reads the tool list as JSON text from
    `functions` (and the day from `datetime`) rather than from `tools`."""
    names = jinja2.meta.find_undeclared_variables(env.parse(source))
    if "functions" not in names or "tools" in names:
        return context
    functions = [tool["function"] for tool in context.get("tools", [])]
    return dict(
        context,
        functions=json.dumps(functions, ensure_ascii=False, indent=4),
        datetime=FIXED_NOW.strftime("%b %d %Y"),
    )


def render(env, source, context):
    try:
        template = env.from_string(source)
    except jinja2.TemplateError as error:
        return {"error": f"{type(error).__name__}: {error.message} (line {error.lineno})", "raised": False}
    try:
        return {"output": template.render(**context)}
    except TemplateRaised as error:
        return {"error": str(error), "raised": True}
    except Exception as error:  # the template failed in jinja2 itself
        return {"error": f"{type(error).__name__}: {error}", "raised": False}


LANGUAGE_CONTEXT = {
    "xs": [1, 2, 3],
    "d": {"a": 1, "b": [1, 2]},
    "s": "Hello World",
    "n": 7,
    "msgs": [
        {"role": "system", "content": "Be brief.", "n": 3},
        {"role": "user", "content": "Hi there", "n": 1},
        {"role": "assistant", "content": "Hello!", "n": 2},
    ],
    "tree": [{"name": "a", "children": [{"name": "b", "children": []}]}, {"name": "c"}],
    "words": ["straße", "ǅemal", "ﬁne", "İstanbul", "ΣΊΣΥΦΟΣ", "ΌΣΟΣ Σ", "ŉ", "Ⅷ", "ⓐ", "𝔄", "hello-world", "o'neil",
              "x1y2", "a\u0301b", "1st 2nd", "\u00a0x\u2003y", "日本語", "ǲa", "٣٤", "½"],
    "floats": [0.5, 1.5, 2.5, -2.5, 0.125, 2.675, 971.5, 1e16, 1e15, 123456789012345678.0, 5e-324, 2.2250738585072014e-308,
               0.1, 1 / 3, -0.0, 1e-5, 9.999999999999999e22, 1.5e300, 39.0, 211.199, 0.0001234, 12345.678],
}


def language_cases(env):
    """Renders each snippet of language-cases.txt (separated by lines of ===) with LANGUAGE_CONTEXT."""
    with open(os.path.join(HERE, "language-cases.txt"), encoding="utf-8", newline="") as handle:
        sources = handle.read().split("\n===\n")
    cases = []
    for source in sources:
        result = render(env, source, LANGUAGE_CONTEXT)
        if "error" in result and not result["raised"]:
            result["error"] = result["error"].split(": ", 1)[-1]
        cases.append({"source": source, **result})
    with open(os.path.join(HERE, "language.json"), "w", encoding="utf-8") as out:
        json.dump({"context": LANGUAGE_CONTEXT, "cases": cases}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    print(f"language-cases.txt: {len(cases)} cases")


def main():
    if len(sys.argv) > 1:
        source_dir = sys.argv[1]
    else:
        source_dir = os.environ.get("LLAMA_CPP_SOURCE_DIR") or subprocess.check_output(
            [os.path.join(HERE, "../../../scripts/setup.sh"), "source"], text=True
        ).strip()
    templates_dir = os.path.join(source_dir, "models", "templates")
    env = make_environment()

    contexts = {name: context_for(conversation) for name, conversation in CONVERSATIONS.items()}
    with open(os.path.join(HERE, "conversations.json"), "w", encoding="utf-8") as out:
        json.dump(contexts, out, ensure_ascii=False, indent=2)
        out.write("\n")

    language_cases(env)

    expected_dir = os.path.join(HERE, "expected")
    os.makedirs(expected_dir, exist_ok=True)
    for file in sorted(os.listdir(templates_dir)):
        if not file.endswith(".jinja"):
            continue
        with open(os.path.join(templates_dir, file), encoding="utf-8", newline="") as handle:
            source = handle.read()
        results = {}
        for name, context in contexts.items():
            given = with_function_list(env, source, with_thinking(source, context))
            results[name] = render(env, source, given)
            if given != context:
                # What the server adds for this template, so the engine's test renders the same.
                results[name]["context"] = given
        with open(os.path.join(expected_dir, file[: -len(".jinja")] + ".json"), "w", encoding="utf-8") as out:
            # Sorted by conversation and member, but a context keeps its order (templates iterate it).
            ordered = {name: {key: results[name][key] for key in sorted(results[name])} for name in sorted(results)}
            json.dump(ordered, out, ensure_ascii=False, indent=2)
            out.write("\n")
        summary = ", ".join(f"{name}: {'ok' if 'output' in r else 'error'}" for name, r in results.items())
        print(f"{file}: {summary}")


if __name__ == "__main__":
    main()
