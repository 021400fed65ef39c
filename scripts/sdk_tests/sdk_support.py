"""What the SDK tests share: client factories, the weather tool, small checks."""

import os
import re

import anthropic
import openai

# Seconds a request (and a background response's polling) may take before the test fails; raise it
# on a machine busy with other work.
TIMEOUT = float(os.environ.get("CHAT_SDK_TIMEOUT", "60"))

WEATHER_INPUT_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}},
    "required": ["city"],
    "additionalProperties": False,
}


def make_anthropic(root: str, **options) -> anthropic.Anthropic:
    # The SDK appends "/v1/messages" to base_url itself: give it the server's root.
    options.setdefault("api_key", "unused")
    return anthropic.Anthropic(base_url=root, timeout=TIMEOUT, max_retries=0, **options)


def make_openai(root: str, **options) -> openai.OpenAI:
    # The OpenAI SDK appends "/responses" and "/chat/completions": give it the /v1 URL.
    options.setdefault("api_key", "unused")
    return openai.OpenAI(base_url=root + "/v1", timeout=TIMEOUT, max_retries=0, **options)


def sequence(types) -> str:
    """Event types as one string, each followed by a space, for matching an order with a regex."""
    return "".join(f"{t} " for t in types)


def assert_order(types, pattern: str) -> None:
    """Asserts that the event types, as `sequence` writes them, match `pattern` whole."""
    seen = sequence(types)
    assert re.fullmatch(pattern, seen), f"event order {seen!r} does not match {pattern!r}"


def long_text(words: int) -> str:
    """Plain English-ish filler of about `words` words (at least as many tokens)."""
    vocabulary = "river stone window garden yellow quiet market letter summer planet".split()
    return " ".join(vocabulary[i % len(vocabulary)] for i in range(words))
