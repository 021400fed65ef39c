"""The OpenAI Responses API (POST /v1/responses, GET/DELETE /v1/responses/{id},
GET /v1/responses/{id}/input_items, POST /v1/responses/{id}/cancel) through the official `openai`
SDK. The model is tiny, so these check shapes and the contract, not meaning; temperature 0 makes
repeated requests comparable. max_output_tokens is never below 16, OpenAI's minimum."""

import json
import time

import openai
import pytest
from openai.types.responses import Response
from pydantic import BaseModel

from sdk_support import TIMEOUT, WEATHER_INPUT_SCHEMA, assert_order, long_text

WEATHER_FUNCTION = {
    "type": "function",
    "name": "get_weather",
    "description": "Get the current weather for a city.",
    "parameters": WEATHER_INPUT_SCHEMA,
    "strict": True,
}
# Forced calls also set parallel_tool_calls=False: with parallel calls allowed the tiny model repeats
# its call until max_output_tokens, and the response is then (rightly) incomplete.
FORCE_WEATHER = {"type": "function", "name": "get_weather"}
WEATHER_QUESTION = "What is the weather in Paris?"
TEXT_STREAM_ORDER = (
    r"response\.created response\.in_progress response\.output_item\.added response\.content_part\.added "
    r"(response\.output_text\.delta )+response\.output_text\.done response\.content_part\.done "
    r"response\.output_item\.done response\.(completed|incomplete) "
)


class Person(BaseModel):
    name: str
    age: int


def error_message(error: openai.APIStatusError) -> str:
    body = error.body
    assert isinstance(body, dict), body  # the SDK keeps the `error` object of the envelope
    assert isinstance(body.get("message"), str) and body["message"], body
    return body["message"]


def assert_finished(response: Response, limit: int) -> None:
    """completed, or incomplete because it reached max_output_tokens, consistently with usage."""
    assert response.status in ("completed", "incomplete"), response.status
    if response.status == "incomplete":
        assert response.incomplete_details is not None
        assert response.incomplete_details.reason == "max_output_tokens"
        assert response.usage.output_tokens == limit
    else:
        assert response.incomplete_details is None
        assert response.usage.output_tokens <= limit


def function_calls(response) -> list:
    return [item for item in response.output if item.type == "function_call"]


def messages(response) -> list:
    return [item for item in response.output if item.type == "message"]


def assert_weather_call(call) -> None:
    assert call.type == "function_call"
    assert isinstance(call.call_id, str) and call.call_id
    assert call.name == "get_weather"
    arguments = json.loads(call.arguments)
    assert isinstance(arguments, dict), arguments
    assert isinstance(arguments.get("city"), str), arguments


def item_text(item) -> str:
    return "".join(getattr(part, "text", "") or "" for part in (getattr(item, "content", None) or []))


def wait_until_done(client, response_id: str, timeout: float = TIMEOUT) -> Response:
    deadline = time.monotonic() + timeout
    while True:
        response = client.responses.retrieve(response_id)
        if response.status not in ("queued", "in_progress"):
            return response
        assert time.monotonic() < deadline, f"{response_id} still {response.status} after {timeout} s"
        time.sleep(0.2)


# --- create ---------------------------------------------------------------------------------


def test_create_returns_a_response(oai, model):
    response = oai.responses.create(model=model, input="Say hi", max_output_tokens=16, temperature=0)
    assert isinstance(response, Response)
    assert response.id.startswith("resp_"), response.id
    assert response.object == "response"
    assert response.model == model
    assert response.created_at > 0
    assert_finished(response, 16)
    item = response.output[0]
    assert item.type == "message"
    assert item.role == "assistant"
    assert item.id
    assert item.content[0].type == "output_text"
    assert response.output_text
    usage = response.usage
    assert usage.input_tokens > 0
    assert usage.input_tokens_details.cached_tokens >= 0
    assert usage.output_tokens_details.reasoning_tokens == 0
    assert usage.total_tokens == usage.input_tokens + usage.output_tokens


def test_create_validates_strictly_against_the_sdk_models(oai_strict, model):
    # The strict client raises APIResponseValidationError when a field the SDK's models require is
    # missing or has the wrong type (Response, its usage details, stream events, input item lists).
    response = oai_strict.responses.create(model=model, input="Say hi", max_output_tokens=16, temperature=0)
    assert isinstance(response, Response)
    assert oai_strict.responses.retrieve(response.id).id == response.id
    assert oai_strict.responses.input_items.list(response.id).data
    with oai_strict.responses.stream(model=model, input="Say hi", max_output_tokens=16, temperature=0) as stream:
        events = list(stream)
    assert events[-1].type in ("response.completed", "response.incomplete")


def test_instructions_and_role_messages_are_accepted(oai, model):
    response = oai.responses.create(
        model=model,
        instructions="You are a helpful assistant.",
        input=[
            {"role": "system", "content": "Answer briefly."},
            {"role": "developer", "content": [{"type": "input_text", "text": "Use plain words."}]},
            {"role": "user", "content": [{"type": "input_text", "text": "Say hi"}]},
        ],
        max_output_tokens=16,
        temperature=0,
    )
    assert_finished(response, 16)
    assert response.instructions == "You are a helpful assistant."
    assert messages(response) and response.output_text


def test_metadata_round_trips(oai, model):
    metadata = {"case": "sdk-tests", "n": "1"}
    response = oai.responses.create(model=model, input="Say hi", max_output_tokens=16, metadata=metadata)
    assert response.metadata == metadata
    assert oai.responses.retrieve(response.id).metadata == metadata


# --- streaming ------------------------------------------------------------------------------


def test_stream_events_order_and_text(oai, model):
    params = dict(model=model, input="Tell me about the sea.", max_output_tokens=20, temperature=0)
    with oai.responses.stream(**params) as stream:
        events = list(stream)
    numbers = [event.sequence_number for event in events]
    assert numbers[0] == 0
    assert all(a < b for a, b in zip(numbers, numbers[1:])), numbers
    types = [event.type for event in events]
    assert_order(types, TEXT_STREAM_ORDER)
    item_id = events[2].item.id
    assert events[2].item.type == "message" and item_id
    deltas = [e for e in events if e.type == "response.output_text.delta"]
    assert all(e.item_id == item_id and e.output_index == 0 and e.content_index == 0 for e in deltas)
    streamed = "".join(e.delta for e in deltas)
    (done,) = [e for e in events if e.type == "response.output_text.done"]
    final = events[-1].response  # the helper's get_final_response() wants response.completed
    ids = {e.response.id for e in events if e.type.startswith("response.") and hasattr(e, "response")}
    assert ids == {final.id}
    plain = oai.responses.create(**params)
    assert streamed
    assert streamed == done.text == final.output_text == plain.output_text
    assert final.status == plain.status
    assert final.usage.output_tokens == plain.usage.output_tokens


def test_stream_continues_a_previous_response(oai, model):
    with oai.responses.stream(model=model, input="Say hi", max_output_tokens=16, temperature=0) as stream:
        first = list(stream)[-1].response
    assert first.status in ("completed", "incomplete")
    with oai.responses.stream(
        model=model, previous_response_id=first.id, input="And again?", max_output_tokens=16, temperature=0
    ) as stream:
        events = list(stream)
    assert events[0].type == "response.created"
    assert events[-1].type in ("response.completed", "response.incomplete")
    second = events[-1].response
    assert second.previous_response_id == first.id
    assert second.output_text


# --- output options -------------------------------------------------------------------------


def test_logprobs_are_included(oai, model):
    response = oai.responses.create(
        model=model,
        input="Say hi",
        max_output_tokens=16,
        temperature=0,
        include=["message.output_text.logprobs"],
        top_logprobs=2,
    )
    parts = [part for item in messages(response) for part in item.content if part.type == "output_text"]
    assert parts
    for part in parts:
        assert part.logprobs, part
        for logprob in part.logprobs:
            assert isinstance(logprob.token, str)
            assert logprob.logprob <= 0
            assert len(logprob.top_logprobs) == 2, logprob


def test_parse_fills_output_parsed(oai, model):
    response = oai.responses.parse(
        model=model,
        input="Give me a person as JSON: the name is Alice and the age is 30.",
        text_format=Person,
        max_output_tokens=60,
        temperature=0,
    )
    assert response.status == "completed", response.incomplete_details
    assert isinstance(response.output_parsed, Person)


def test_json_object_format_gives_a_json_object(oai, model):
    response = oai.responses.create(
        model=model,
        input='Reply in JSON, like {"answer": "yes"}: is the sky blue?',
        text={"format": {"type": "json_object"}},
        max_output_tokens=60,
        temperature=0,
    )
    assert response.status == "completed", response.incomplete_details
    assert isinstance(json.loads(response.output_text), dict)


# --- stored state ---------------------------------------------------------------------------


def test_retrieve_returns_the_stored_response(oai, model):
    response = oai.responses.create(model=model, input="Say hi", max_output_tokens=16, temperature=0)
    stored = oai.responses.retrieve(response.id)
    assert stored.id == response.id
    assert stored.status == response.status
    assert stored.output_text == response.output_text
    assert stored.usage.output_tokens == response.usage.output_tokens


def test_previous_response_id_continues_and_lists_input_items(oai, model):
    first = oai.responses.create(model=model, input="Say hi", max_output_tokens=16, temperature=0)
    second = oai.responses.create(
        model=model, previous_response_id=first.id, input="And again?", max_output_tokens=16, temperature=0
    )
    assert second.previous_response_id == first.id
    assert second.status in ("completed", "incomplete")
    newest_first = oai.responses.input_items.list(second.id).data  # order defaults to desc
    oldest_first = oai.responses.input_items.list(second.id, order="asc").data
    assert newest_first[0].type == "message" and newest_first[0].role == "user"
    assert item_text(newest_first[0]) == "And again?"
    assert item_text(oldest_first[-1]) == "And again?"
    assert [item.id for item in newest_first] == [item.id for item in reversed(oldest_first)]


def test_input_items_order_and_pagination(oai, model):
    response = oai.responses.create(
        model=model,
        input=[
            {"role": "user", "content": "First question"},
            {"role": "assistant", "content": "First answer"},
            {"role": "user", "content": "Second question"},
        ],
        max_output_tokens=16,
        temperature=0,
    )
    items = oai.responses.input_items.list(response.id, order="asc").data
    assert [item_text(item) for item in items] == ["First question", "First answer", "Second question"]
    assert [getattr(item, "role", None) for item in items] == ["user", "assistant", "user"]
    assert all(item.id for item in items)
    newest_first = oai.responses.input_items.list(response.id).data  # order defaults to desc
    assert [item.id for item in newest_first] == [item.id for item in reversed(items)]
    page = oai.responses.input_items.list(response.id, order="asc", limit=1)
    assert [item.id for item in page.data] == [items[0].id]
    assert page.has_more is True
    assert page.object == "list" and page.first_id == page.last_id == items[0].id
    after = oai.responses.input_items.list(response.id, order="asc", limit=1, after=page.data[0].id)
    assert [item.id for item in after.data] == [items[1].id]
    last = oai.responses.input_items.list(response.id, order="asc", limit=1, after=items[1].id)
    assert [item.id for item in last.data] == [items[2].id]
    assert last.has_more is False
    # Iterating a page follows `after` through every page.
    assert [item.id for item in oai.responses.input_items.list(response.id, order="asc", limit=1)] == [
        item.id for item in items
    ]


def test_delete_removes_the_response(oai, model):
    response = oai.responses.create(model=model, input="Say hi", max_output_tokens=16)
    assert oai.responses.delete(response.id) is None
    with pytest.raises(openai.NotFoundError):
        oai.responses.retrieve(response.id)
    with pytest.raises(openai.NotFoundError):
        oai.responses.delete(response.id)


def test_unknown_response_is_not_found(oai):
    with pytest.raises(openai.NotFoundError):
        oai.responses.retrieve("resp_doesnotexist0000000000000000")


def test_store_false_is_not_kept(oai, model):
    response = oai.responses.create(model=model, input="Say hi", max_output_tokens=16, store=False)
    assert response.status in ("completed", "incomplete")
    with pytest.raises(openai.NotFoundError):
        oai.responses.retrieve(response.id)
    with pytest.raises(openai.APIStatusError) as caught:
        oai.responses.create(model=model, previous_response_id=response.id, input="And again?", max_output_tokens=16)
    assert caught.value.status_code in (400, 404)


# --- function tools -------------------------------------------------------------------------


def forced_weather_call(oai, model, **extra) -> Response:
    response = oai.responses.create(
        model=model,
        input=WEATHER_QUESTION,
        tools=[WEATHER_FUNCTION],
        tool_choice=FORCE_WEATHER,
        parallel_tool_calls=False,
        max_output_tokens=60,
        temperature=0,
        **extra,
    )
    assert response.status == "completed", response.incomplete_details
    calls = function_calls(response)
    assert calls, response.output
    assert_weather_call(calls[0])
    return response


def test_forced_function_call(oai, model):
    forced_weather_call(oai, model)


def test_function_call_output_continues_a_stored_response(oai, model):
    first = forced_weather_call(oai, model)
    call = function_calls(first)[0]
    answer = oai.responses.create(
        model=model,
        previous_response_id=first.id,
        input=[{"type": "function_call_output", "call_id": call.call_id, "output": "Sunny, 21 C"}],
        tools=[WEATHER_FUNCTION],
        tool_choice="none",
        max_output_tokens=20,
        temperature=0,
    )
    assert_finished(answer, 20)
    assert messages(answer), answer.output


def test_function_call_output_without_stored_state(oai, model):
    # A stateless client sends the whole conversation back, the output items as it got them.
    first = forced_weather_call(oai, model, store=False)
    call = function_calls(first)[0]
    answer = oai.responses.create(
        model=model,
        input=[
            {"role": "user", "content": WEATHER_QUESTION},
            *first.output,
            {"type": "function_call_output", "call_id": call.call_id, "output": "Sunny, 21 C"},
        ],
        tools=[WEATHER_FUNCTION],
        tool_choice="none",
        max_output_tokens=20,
        temperature=0,
        store=False,
    )
    assert_finished(answer, 20)
    assert messages(answer), answer.output


def test_streamed_function_call_arguments(oai, model):
    with oai.responses.stream(
        model=model,
        input=WEATHER_QUESTION,
        tools=[WEATHER_FUNCTION],
        tool_choice=FORCE_WEATHER,
        parallel_tool_calls=False,
        max_output_tokens=60,
        temperature=0,
    ) as stream:
        events = list(stream)
        final = stream.get_final_response()
    added = [e for e in events if e.type == "response.output_item.added" and e.item.type == "function_call"]
    assert added, [e.type for e in events]
    deltas = "".join(e.delta for e in events if e.type == "response.function_call_arguments.delta")
    (done,) = [e for e in events if e.type == "response.function_call_arguments.done"]
    assert deltas
    assert deltas == done.arguments
    assert done.item_id == added[0].item.id
    calls = function_calls(final)
    assert calls and calls[0].arguments == deltas
    assert_weather_call(calls[0])


# --- refusals -------------------------------------------------------------------------------


def test_hosted_tool_is_refused(oai, model):
    with pytest.raises(openai.BadRequestError) as caught:
        oai.responses.create(model=model, input="Search the web for cats.", tools=[{"type": "web_search"}])
    assert "web_search" in error_message(caught.value)


def test_unknown_parameter_is_refused_by_name(oai, model):
    with pytest.raises(openai.BadRequestError) as caught:
        oai.responses.create(model=model, input="Say hi", max_output_tokens=16, extra_body={"frobnicate": 1})
    assert "frobnicate" in error_message(caught.value)


def too_long_input() -> list:
    # About 3000 words in 30 earlier turns, more than the server's 2048-token context, and a last
    # question that fits: truncation "auto" may drop earlier items to make room.
    return [{"role": "user", "content": long_text(100)} for _ in range(30)] + [{"role": "user", "content": "Say hi"}]


def test_truncation_disabled_refuses_an_input_over_the_context(oai, model):
    with pytest.raises(openai.BadRequestError) as caught:
        oai.responses.create(model=model, input=too_long_input(), truncation="disabled", max_output_tokens=16)
    assert caught.value.status_code == 400
    message = error_message(caught.value)
    assert caught.value.code == "context_length_exceeded" or "context" in message.lower(), caught.value.body


def test_truncation_auto_fits_an_input_over_the_context(oai, model):
    response = oai.responses.create(
        model=model, input=too_long_input(), truncation="auto", max_output_tokens=16, temperature=0
    )
    assert_finished(response, 16)


# --- background -----------------------------------------------------------------------------


def test_background_response_completes(oai, model):
    response = oai.responses.create(
        model=model, input="Say hi", max_output_tokens=16, temperature=0, background=True
    )
    assert response.status in ("queued", "in_progress"), response.status
    done = wait_until_done(oai, response.id)
    assert_finished(done, 16)
    assert done.background is True
    assert done.output_text


def test_background_response_can_be_cancelled(oai, model):
    response = oai.responses.create(
        model=model, input="Write a very long story about dragons.", max_output_tokens=400, background=True
    )
    cancelled = oai.responses.cancel(response.id)
    assert cancelled.id == response.id
    assert cancelled.status == "cancelled"
    assert wait_until_done(oai, response.id).status == "cancelled"


def test_cancel_of_a_foreground_response_is_refused(oai, model):
    # OpenAI: only responses created with background=true can be cancelled.
    response = oai.responses.create(model=model, input="Say hi", max_output_tokens=16)
    with pytest.raises(openai.BadRequestError):
        oai.responses.cancel(response.id)
