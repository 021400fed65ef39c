"""The Anthropic Messages API (POST /v1/messages, POST /v1/messages/count_tokens) through the
official `anthropic` SDK. The model is tiny, so these check shapes and the contract, not meaning;
temperature 0 makes repeated requests comparable. This SDK (2.x) has no temperature, top_p or top_k
arguments any more, so temperature goes in extra_body, as a client of an older API version would
send it."""

import json

import anthropic
import pytest
from anthropic.types import Message, MessageTokensCount, TextBlock, ToolUseBlock

from sdk_support import WEATHER_INPUT_SCHEMA, assert_order, make_anthropic

WEATHER_TOOL = {
    "name": "get_weather",
    "description": "Get the current weather for a city.",
    "input_schema": WEATHER_INPUT_SCHEMA,
}
TIME_TOOL = {
    "name": "get_time",
    "description": "Get the local time in a city.",
    "input_schema": WEATHER_INPUT_SCHEMA,
}
# Forced to one tool, and to one call: with parallel calls allowed the tiny model repeats its call
# until max_tokens, which a correct server reports as max_tokens, not tool_use.
FORCE_WEATHER = {"type": "tool", "name": "get_weather", "disable_parallel_tool_use": True}
WEATHER_QUESTION = [{"role": "user", "content": "What is the weather in Paris?"}]
# A 1x1 PNG.
GREEDY = {"temperature": 0}
PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def user(text: str) -> list:
    return [{"role": "user", "content": text}]


def text_of(message: Message) -> str:
    return "".join(block.text for block in message.content if block.type == "text")


def tool_uses(message: Message) -> list:
    return [block for block in message.content if block.type == "tool_use"]


def total_input(usage) -> int:
    """All the prompt's tokens: Anthropic's input_tokens leaves out those read from (or written to)
    the prompt cache, which this server reports when it reuses an earlier prompt's prefix."""
    return usage.input_tokens + (usage.cache_creation_input_tokens or 0) + (usage.cache_read_input_tokens or 0)


def assert_invalid_request(error: anthropic.APIStatusError) -> str:
    """Checks Anthropic's error envelope and returns its message."""
    assert error.status_code == 400
    body = error.body
    assert isinstance(body, dict), body
    assert body.get("type") == "error", body
    assert body["error"]["type"] == "invalid_request_error", body
    message = body["error"]["message"]
    assert isinstance(message, str) and message, body
    return message


def assert_weather_input(block) -> None:
    assert isinstance(block, ToolUseBlock)
    assert block.name == "get_weather"
    assert isinstance(block.id, str) and block.id
    assert isinstance(block.input, dict), block.input
    assert isinstance(block.input.get("city"), str), block.input


# --- create ---------------------------------------------------------------------------------


def test_create_returns_a_message(claude, model):
    message = claude.messages.create(model=model, max_tokens=16, extra_body=GREEDY, messages=user("Say hi"))
    assert isinstance(message, Message)
    assert message.id.startswith("msg_"), message.id
    assert message.type == "message"
    assert message.role == "assistant"
    assert message.content and isinstance(message.content[0], TextBlock), message.content
    assert message.content[0].type == "text"
    assert message.model == model
    assert message.stop_reason in ("end_turn", "max_tokens"), message.stop_reason
    assert message.stop_sequence is None
    assert total_input(message.usage) > 0
    assert 0 < message.usage.output_tokens <= 16
    if message.stop_reason == "max_tokens":
        assert message.usage.output_tokens == 16


def test_create_validates_strictly_against_the_sdk_models(claude_strict, model):
    # The strict client raises APIResponseValidationError when a field the SDK's models require is
    # missing or has the wrong type.
    message = claude_strict.messages.create(model=model, max_tokens=8, extra_body=GREEDY, messages=user("Say hi"))
    assert isinstance(message, Message)
    params = dict(model=model, max_tokens=8, extra_body=GREEDY, messages=user("Say hi"))
    with claude_strict.messages.stream(**params) as stream:
        final = stream.get_final_message()
    assert final.usage.output_tokens > 0
    count = claude_strict.messages.count_tokens(model=model, messages=user("Say hi"))
    assert isinstance(count, MessageTokensCount)


def test_max_tokens_stops_with_max_tokens(claude, model):
    message = claude.messages.create(
        model=model, max_tokens=4, extra_body=GREEDY, messages=user("Write a long story about a dragon.")
    )
    assert message.stop_reason == "max_tokens"
    assert message.usage.output_tokens == 4


def test_stop_sequence_ends_the_text_before_it(claude, model):
    params = dict(model=model, max_tokens=30, extra_body=GREEDY, messages=user("Write a story about a cat."))
    text = text_of(claude.messages.create(**params))
    words = [w.strip(".,;:!?\"'()") for w in text.split()]
    middle = len(words) // 2
    word = next(
        (w for w in words[middle:] + words[:middle] if len(w) >= 3 and text.find(w) > 0),
        None,
    )
    assert word, f"no word of 3+ letters after the start of {text!r}"
    stopped = claude.messages.create(**params, stop_sequences=[word])
    assert stopped.stop_reason == "stop_sequence"
    assert stopped.stop_sequence == word
    before = text[: text.find(word)]
    # The text up to the stop sequence, exactly, or with its trailing whitespace removed.
    assert text_of(stopped) in (before, before.rstrip()), (text_of(stopped), before, word)


def test_system_string_and_text_blocks_are_the_same(claude, model):
    params = dict(model=model, max_tokens=16, extra_body=GREEDY, messages=user("Say hi"))
    as_string = claude.messages.create(**params, system="You are a terse assistant.")
    as_blocks = claude.messages.create(**params, system=[{"type": "text", "text": "You are a terse assistant."}])
    assert text_of(as_string) == text_of(as_blocks)
    assert total_input(as_string.usage) == total_input(as_blocks.usage)


def test_cache_control_and_metadata_are_accepted(claude, model):
    # Clients such as Claude Code mark blocks for prompt caching and send a user id; a server
    # without that cache must still answer.
    message = claude.messages.create(
        model=model,
        max_tokens=8,
        extra_body=GREEDY,
        system=[{"type": "text", "text": "You are terse.", "cache_control": {"type": "ephemeral"}}],
        messages=[
            {
                "role": "user",
                "content": [{"type": "text", "text": "Say hi", "cache_control": {"type": "ephemeral"}}],
            }
        ],
        metadata={"user_id": "sdk-test"},
    )
    assert message.type == "message"
    assert message.usage.output_tokens > 0


# --- streaming ------------------------------------------------------------------------------


def test_stream_text_equals_final_message_and_create(claude, model):
    params = dict(model=model, max_tokens=20, extra_body=GREEDY, messages=user("Tell me about the sea."))
    with claude.messages.stream(**params) as stream:
        streamed = "".join(stream.text_stream)
        final = stream.get_final_message()
    plain = claude.messages.create(**params)
    assert streamed, "no text streamed"
    assert streamed == text_of(final)
    assert streamed == text_of(plain)
    assert final.id.startswith("msg_")
    assert final.stop_reason == plain.stop_reason
    assert final.usage.output_tokens == plain.usage.output_tokens
    assert total_input(final.usage) == total_input(plain.usage)


def test_stream_events_arrive_in_order(claude, model):
    with claude.messages.create(
        model=model, max_tokens=12, extra_body=GREEDY, messages=user("Tell me about the sea."), stream=True
    ) as stream:
        events = list(stream)
    # The SDK drops `ping` events itself; none may reach here, and none may break the order.
    types = [event.type for event in events]
    assert_order(
        types,
        r"message_start content_block_start (content_block_delta )+content_block_stop message_delta message_stop ",
    )
    start = events[0].message
    assert start.id.startswith("msg_")
    assert start.role == "assistant"
    assert start.content == []
    assert start.stop_reason is None
    assert total_input(start.usage) > 0
    block_start = events[1]
    assert block_start.index == 0
    assert block_start.content_block.type == "text"
    assert block_start.content_block.text == ""
    deltas = [e for e in events if e.type == "content_block_delta"]
    assert all(e.index == 0 and e.delta.type == "text_delta" for e in deltas)
    delta = events[-2]
    assert delta.delta.stop_reason in ("end_turn", "max_tokens")
    assert 0 < delta.usage.output_tokens <= 12


# --- tools ----------------------------------------------------------------------------------


def test_forced_tool_use(claude, model):
    message = claude.messages.create(
        model=model,
        max_tokens=60,
        extra_body=GREEDY,
        messages=WEATHER_QUESTION,
        tools=[WEATHER_TOOL],
        tool_choice=FORCE_WEATHER,
    )
    assert message.stop_reason == "tool_use"
    uses = tool_uses(message)
    assert uses, message.content
    assert_weather_input(uses[0])


def tool_result_turn(claude, model, tool_choice):
    first = claude.messages.create(
        model=model,
        max_tokens=60,
        extra_body=GREEDY,
        messages=WEATHER_QUESTION,
        tools=[WEATHER_TOOL],
        tool_choice=FORCE_WEATHER,
    )
    use = tool_uses(first)[0]
    return claude.messages.create(
        model=model,
        max_tokens=20,
        extra_body=GREEDY,
        tools=[WEATHER_TOOL],
        tool_choice=tool_choice,
        messages=[
            *WEATHER_QUESTION,
            # The SDK's own content blocks go back as they came, as Anthropic's documentation does.
            {"role": "assistant", "content": first.content},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "Sunny, 21 C"}]},
        ],
    )


def test_tool_result_with_tool_choice_none_answers_in_text(claude, model):
    answer = tool_result_turn(claude, model, {"type": "none"})
    assert answer.stop_reason in ("end_turn", "max_tokens")
    assert tool_uses(answer) == []
    assert answer.content and answer.content[0].type == "text"


def test_tool_result_with_tool_choice_auto_is_answered(claude, model):
    answer = tool_result_turn(claude, model, {"type": "auto"})
    assert answer.stop_reason in ("end_turn", "max_tokens", "tool_use")
    assert answer.content
    if answer.stop_reason == "tool_use":
        assert_weather_input(tool_uses(answer)[0])


def test_streamed_tool_use_input_json_deltas(claude, model):
    partial = []
    with claude.messages.stream(
        model=model,
        max_tokens=60,
        extra_body=GREEDY,
        messages=WEATHER_QUESTION,
        tools=[WEATHER_TOOL],
        tool_choice=FORCE_WEATHER,
    ) as stream:
        for event in stream:
            if event.type == "content_block_start" and event.content_block.type == "tool_use":
                assert event.content_block.name == "get_weather"
                assert event.content_block.id
            if event.type == "content_block_delta" and event.delta.type == "input_json_delta":
                partial.append(event.delta.partial_json)
        final = stream.get_final_message()
    assert partial, "no input_json_delta events"
    streamed_input = json.loads("".join(partial))
    assert final.stop_reason == "tool_use"
    uses = tool_uses(final)
    assert uses, final.content
    assert_weather_input(uses[0])
    assert uses[0].input == streamed_input


def test_tool_choice_any_uses_a_tool(claude, model):
    message = claude.messages.create(
        model=model,
        max_tokens=60,
        extra_body=GREEDY,
        messages=WEATHER_QUESTION,
        tools=[WEATHER_TOOL],
        tool_choice={"type": "any"},
    )
    # Parallel calls are allowed here, and the tiny model may repeat its call until max_tokens;
    # every call the message holds must be whole.
    assert message.stop_reason in ("tool_use", "max_tokens")
    uses = tool_uses(message)
    assert uses, message.content
    for use in uses:
        assert_weather_input(use)


def test_disable_parallel_tool_use_gives_one_call(claude, model):
    message = claude.messages.create(
        model=model,
        max_tokens=60,
        extra_body=GREEDY,
        messages=user("What are the weather and the time in Paris and in Rome?"),
        tools=[WEATHER_TOOL, TIME_TOOL],
        tool_choice={"type": "any", "disable_parallel_tool_use": True},
    )
    assert message.stop_reason == "tool_use"
    uses = tool_uses(message)
    assert len(uses) == 1, message.content
    assert uses[0].name in ("get_weather", "get_time")
    assert isinstance(uses[0].input.get("city"), str), uses[0].input


# --- count_tokens ---------------------------------------------------------------------------


def test_count_tokens_counts_the_input(claude, model):
    short = claude.messages.count_tokens(model=model, messages=user("Hi"))
    longer = claude.messages.count_tokens(
        model=model, messages=user("Hi, please tell me everything you know about rivers and mountains.")
    )
    assert isinstance(short, MessageTokensCount)
    assert short.input_tokens > 0
    assert longer.input_tokens > short.input_tokens


def test_count_tokens_counts_tools(claude, model):
    without = claude.messages.count_tokens(model=model, messages=WEATHER_QUESTION)
    with_tools = claude.messages.count_tokens(model=model, messages=WEATHER_QUESTION, tools=[WEATHER_TOOL])
    assert with_tools.input_tokens > without.input_tokens


def test_count_tokens_matches_create_usage(claude, model):
    messages = user("How many tokens is this?")
    count = claude.messages.count_tokens(model=model, messages=messages, system="Be brief.")
    message = claude.messages.create(
        model=model, max_tokens=4, extra_body=GREEDY, messages=messages, system="Be brief."
    )
    # count_tokens counts the whole prompt, cached or not.
    assert count.input_tokens == total_input(message.usage)


# --- errors ---------------------------------------------------------------------------------


def test_missing_max_tokens_is_invalid_request(claude, model):
    # The SDK will not send a create without max_tokens, so post the body through the client.
    with pytest.raises(anthropic.BadRequestError) as caught:
        claude.post("/v1/messages", cast_to=Message, body={"model": model, "messages": user("Hi")})
    message = assert_invalid_request(caught.value)
    assert "max_tokens" in message
    assert caught.value.type == "invalid_request_error"


def test_image_block_is_refused(claude, model):
    with pytest.raises(anthropic.BadRequestError) as caught:
        claude.messages.create(
            model=model,
            max_tokens=8,
            messages=[
                {
                    "role": "user",
                    "content": [
                        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PIXEL_PNG}},
                        {"type": "text", "text": "What is this?"},
                    ],
                }
            ],
        )
    assert "image" in assert_invalid_request(caught.value).lower()


def test_unknown_field_is_refused_by_name(claude, model):
    with pytest.raises(anthropic.BadRequestError) as caught:
        claude.messages.create(model=model, max_tokens=8, messages=user("Hi"), extra_body={"frobnicate": 1})
    assert "frobnicate" in assert_invalid_request(caught.value)


def test_server_tool_is_refused(claude, model):
    with pytest.raises(anthropic.BadRequestError) as caught:
        claude.messages.create(
            model=model,
            max_tokens=8,
            messages=user("Search the web for cats."),
            tools=[{"type": "web_search_20250305", "name": "web_search"}],
        )
    assert "web_search" in assert_invalid_request(caught.value)


def test_wrong_api_key_is_an_authentication_error(keyed_root, model):
    with make_anthropic(keyed_root, api_key="sk-wrong") as client:
        with pytest.raises(anthropic.AuthenticationError) as caught:
            client.messages.create(model=model, max_tokens=4, messages=user("Hi"))
    assert caught.value.status_code == 401
    body = caught.value.body
    assert isinstance(body, dict) and body.get("type") == "error", body
    assert body["error"]["type"] == "authentication_error", body


def test_right_api_key_is_accepted(keyed_root, api_key, model):
    # This SDK sends its api_key as `Authorization: Bearer <key>`.
    with make_anthropic(keyed_root, api_key=api_key) as client:
        message = client.messages.create(model=model, max_tokens=4, extra_body=GREEDY, messages=user("Hi"))
    assert message.type == "message"


@pytest.mark.parametrize("key_is_right", [True, False], ids=["right", "wrong"])
def test_x_api_key_header_authenticates(keyed_root, api_key, model, key_is_right):
    # Anthropic's HTTP documentation (curl) and other clients send the key as `x-api-key`; send
    # only that header (Omit drops the SDK's Authorization).
    headers = {"x-api-key": api_key if key_is_right else "sk-wrong", "Authorization": anthropic.Omit()}
    with make_anthropic(keyed_root, default_headers=headers) as client:
        if key_is_right:
            message = client.messages.create(model=model, max_tokens=4, extra_body=GREEDY, messages=user("Hi"))
            assert message.type == "message"
        else:
            with pytest.raises(anthropic.AuthenticationError):
                client.messages.create(model=model, max_tokens=4, messages=user("Hi"))


# --- thinking -------------------------------------------------------------------------------


def test_thinking_enabled_is_accepted(claude, model):
    # budget_tokens must be at least 1024 and below max_tokens; the prompt plus max_tokens must fit
    # the server's 2048-token context. Stop sequences keep the answer short. Thinking does not
    # combine with temperature, so the seed extension makes it repeatable.
    message = claude.messages.create(
        model=model,
        max_tokens=1536,
        thinking={"type": "enabled", "budget_tokens": 1024},
        stop_sequences=["\n", "."],
        messages=user("Say hi."),
        extra_body={"seed": 7},
    )
    assert message.type == "message"
    assert message.stop_reason in ("end_turn", "max_tokens", "stop_sequence")
    assert any(block.type == "text" for block in message.content), message.content


def test_thinking_disabled_is_accepted(claude, model):
    message = claude.messages.create(
        model=model, max_tokens=8, extra_body=GREEDY, thinking={"type": "disabled"}, messages=user("Say hi.")
    )
    assert message.type == "message"
    assert not any(block.type == "thinking" for block in message.content), message.content
