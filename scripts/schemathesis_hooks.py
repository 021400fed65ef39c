"""schemathesis hooks for scripts/run-schemathesis.sh.

Generated chat completions are kept short: a generated request may ask for thousands of tokens;
the test is about the API's contract, not about generating text, so a valid token limit above 8 is
lowered to 8 and a request without one gets max_tokens 8. Invalid values (negative, wrong type) are
left alone, so negative cases still reach the server unchanged.

Rules the document states in prose because JSON Schema cannot (the server answers them with a
documented 400), so cases are brought in line with them before they are sent. Each change keeps
a schema-valid body schema-valid (schemathesis judges a case by the body as sent):

- Integers as JSON writes them. For JSON Schema 2.0 is the integer 2, and schemathesis sends such
  whole floats for integer members; /v1/completions and /detokenize read integers strictly (2.0
  is a 400 there). Whole floats are written as integers.
- Token ids of the model's vocabulary. The document admits any non-negative id (the vocabulary
  bounds them); detokenize ids, token-id prompts and logit_bias keys are taken modulo 256, ids
  every vocabulary holds.
- Chat messages: a tool message must answer a tool call of an earlier assistant message, so an
  assistant message making that call is put before one that answers none. Image, audio and file
  parts, refused by the text-only test model, become text parts.
- Tools: names must be unique (duplicates are renamed), and a tool_choice object must name one
  of them (it is pointed at the first tool when it names none).
- max_tokens and max_completion_tokens must be equal when both are given; best_of must equal n.
"""

import schemathesis

LIMIT = 8

# Endpoints whose integer members must be written without a fraction.
STRICT_INTEGERS = ("/completions", "/v1/completions", "/detokenize")
# Endpoints that take a ChatCompletionRequest.
CHAT = ("/chat/completions", "/v1/chat/completions", "/apply-template")
# Token ids are kept below this, so that every vocabulary holds them.
TOKEN_IDS = 256


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_positive(case):
    meta = case.meta
    return meta is not None and meta.generation.mode.is_positive


def _plain_integers(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_plain_integers(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain_integers(item) for key, item in value.items()}
    return value


def _small_ids(value):
    """Token ids (an id or nested lists of ids) taken modulo TOKEN_IDS."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value % TOKEN_IDS if value >= 0 else value
    if isinstance(value, list):
        return [_small_ids(item) for item in value]
    return value


def _small_logit_bias(body):
    bias = body.get("logit_bias")
    if isinstance(bias, dict):
        body["logit_bias"] = {
            (str(int(key) % TOKEN_IDS) if isinstance(key, str) and key.isdigit() else key): value
            for key, value in bias.items()
        }


def _answered_tool_calls(messages):
    """Puts an assistant message making the call before each tool message that answers none."""
    called = set()
    fixed = []
    for message in messages:
        if isinstance(message, dict) and message.get("role") == "assistant":
            calls = message.get("tool_calls")
            for call in calls if isinstance(calls, list) else []:
                if isinstance(call, dict) and isinstance(call.get("id"), str):
                    called.add(call["id"])
        if isinstance(message, dict) and message.get("role") == "tool":
            call_id = message.get("tool_call_id")
            if isinstance(call_id, str) and call_id not in called:
                call = {"id": call_id, "type": "function", "function": {"name": "f", "arguments": "{}"}}
                fixed.append({"role": "assistant", "tool_calls": [call]})
                called.add(call_id)
        fixed.append(message)
    return fixed


def _text_parts(messages):
    """Image, audio and file parts of user messages become text parts."""
    for message in messages:
        if not isinstance(message, dict) or message.get("role") != "user":
            continue
        content = message.get("content")
        if isinstance(content, list):
            for index, part in enumerate(content):
                if isinstance(part, dict) and part.get("type") != "text":
                    content[index] = {"type": "text", "text": "x"}


def _unique_tools(body):
    tools = body.get("tools")
    if not isinstance(tools, list):
        return
    names = []
    for index, tool in enumerate(tools):
        function = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            continue
        name = function["name"]
        suffix = 0
        while name in names:
            suffix += 1
            tail = f"_{index}_{suffix}"
            name = function["name"][: 64 - len(tail)] + tail
        function["name"] = name
        names.append(name)
    choice = body.get("tool_choice")
    function = choice.get("function") if isinstance(choice, dict) else None
    if isinstance(function, dict) and isinstance(function.get("name"), str) and names:
        if function["name"] not in names:
            function["name"] = names[0]


def _agreeing_limits(body):
    first, second = body.get("max_tokens"), body.get("max_completion_tokens")
    if _is_number(first) and _is_number(second) and first != second:
        body["max_tokens"] = body["max_completion_tokens"] = min(first, second)


@schemathesis.hook
def before_call(context, case, kwargs):
    if not isinstance(case.body, dict):
        return
    positive = _is_positive(case)
    if positive and case.path in STRICT_INTEGERS:
        case.body = _plain_integers(case.body)
    body = case.body
    if case.path.endswith("completions"):
        capped = False
        for key in ("max_tokens", "max_completion_tokens"):
            value = body.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and value > LIMIT:
                body[key] = LIMIT
            if key in body:
                capped = True
        if not capped:
            body["max_tokens"] = LIMIT
    # The rest keeps a schema-valid body valid, now keeping the rules too; schemathesis judges the
    # body as sent.
    if case.path == "/detokenize" and "tokens" in body:
        body["tokens"] = _small_ids(body["tokens"])
    if case.path in ("/completions", "/v1/completions"):
        if "prompt" in body:
            body["prompt"] = _small_ids(body["prompt"])
        _small_logit_bias(body)
        best_of, n = body.get("best_of"), body.get("n")
        if _is_number(best_of) and best_of != (n if _is_number(n) else 1):
            body["best_of"] = n if _is_number(n) else 1
    if case.path in CHAT:
        _small_logit_bias(body)
        _agreeing_limits(body)
        _unique_tools(body)
        if isinstance(body.get("messages"), list):
            body["messages"] = _answered_tool_calls(body["messages"])
            _text_parts(body["messages"])
