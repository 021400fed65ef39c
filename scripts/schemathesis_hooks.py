"""schemathesis hooks for scripts/run-schemathesis.sh.

Generated chat completions are kept short: a generated request may ask for thousands of tokens;
the test is about the API's contract, not about generating text, so a valid token limit above 8 is
lowered to 8 and a request without one gets max_tokens 8. Invalid values (negative, wrong type) are
left alone, so negative cases still reach the server unchanged.

Rules the document states in prose because JSON Schema cannot (the server answers them with a
documented 400), so cases are brought in line with them before they are sent. Each change keeps
a schema-valid body schema-valid (schemathesis judges a case by the body as sent):

- Token ids of the model's vocabulary. The document admits any non-negative id (the vocabulary
  bounds them); detokenize ids, token-id prompts and logit_bias keys are taken modulo 256, ids
  every vocabulary holds.
- Chat messages: a tool message must answer a tool call of an earlier assistant message, so an
  assistant message making that call is put before one that answers none. Image, audio and file
  parts, refused by the text-only test model, become text parts.
- Tools: names must be unique (duplicates are renamed), and a tool_choice object must name one
  of them (it is pointed at the first tool when it names none).
- max_tokens and max_completion_tokens must be equal when both are given; best_of must equal n.

Anthropic's Messages (/v1/messages, /v1/messages/count_tokens) and OpenAI's Responses
(/v1/responses) are kept small and in line the same way:

- max_tokens is capped at 8 like chat's; max_output_tokens, at least 16 by the API, is capped at 16
  and set to 16 when left out.
- Extended thinking needs a budget of at least 1024 tokens below max_tokens, which a capped
  max_tokens (and the small context of the run) cannot hold, so positive Messages cases get
  thinking disabled (count_tokens, which generates nothing, keeps it).
- Tool names unique, and tool_choice (Messages' tool, Responses' function and allowed_tools)
  naming declared tools, as for chat.
- A tool_result must answer a tool_use of an earlier assistant message, and a function_call_output
  a function_call earlier in the input: an assistant message with the tool_use, or the
  function_call item, is put before one that answers none.
- previous_response_id is left alone: a generated id names no stored response, a 404 the
  document lists. Background responses need nothing more: their max_output_tokens is capped like
  any other, and a generated model is not the server's (404), so none is started.
"""

import schemathesis

LIMIT = 8
# The Responses API's smallest max_output_tokens.
RESPONSES_LIMIT = 16
INT64_MAX = 2**63 - 1

# Endpoints that take Anthropic's Messages conversation.
MESSAGES = ("/v1/messages", "/v1/messages/count_tokens")
# Endpoints that take a ChatCompletionRequest.
CHAT = ("/chat/completions", "/v1/chat/completions", "/apply-template")
# Token ids are kept below this, so that every vocabulary holds them.
TOKEN_IDS = 256


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_positive(case):
    meta = case.meta
    return meta is not None and meta.generation.mode.is_positive


def _small_ids(value):
    """Token ids (an id or nested lists of ids) taken modulo TOKEN_IDS."""
    if _is_int(value):
        return int(value) % TOKEN_IDS if value >= 0 else value
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


def _is_int(value):
    """An integer as JSON Schema (and the server) read one: 2 or 2.0."""
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


def _capped(body, key, limit, add=False):
    """A valid token limit above `limit` lowered to it (`add`: set when left out)."""
    value = body.get(key)
    if _is_int(value) and limit < value <= INT64_MAX:
        body[key] = limit
    elif add and key not in body:
        body[key] = limit


def _unique_names(tools, limit=64):
    """Renames duplicate names of tools that carry their name at the top (Messages' and Responses'
    tools); returns the names, in order."""
    names = []
    for index, tool in enumerate(tools if isinstance(tools, list) else []):
        if not isinstance(tool, dict) or not isinstance(tool.get("name"), str):
            continue
        name = tool["name"]
        suffix = 0
        while name in names:
            suffix += 1
            tail = f"_{index}_{suffix}"
            name = tool["name"][: limit - len(tail)] + tail
        tool["name"] = name
        names.append(name)
    return names


def _declared(holder, names):
    """Points a tool choice's name at a declared tool when it names none."""
    if isinstance(holder, dict) and isinstance(holder.get("name"), str) and names and holder["name"] not in names:
        holder["name"] = names[0]


def _answered_tool_uses(messages):
    """Puts an assistant message with the tool_use before each user message whose tool_result
    blocks answer none."""
    used = set()
    fixed = []
    for message in messages:
        blocks = message.get("content") if isinstance(message, dict) else None
        blocks = [block for block in blocks if isinstance(block, dict)] if isinstance(blocks, list) else []
        role = message.get("role") if isinstance(message, dict) else None
        if role == "assistant":
            used.update(b["id"] for b in blocks if b.get("type") == "tool_use" and isinstance(b.get("id"), str))
        if role == "user":
            missing = []
            for block in blocks:
                answered = block.get("tool_use_id")
                if block.get("type") == "tool_result" and isinstance(answered, str) and answered not in used:
                    missing.append(answered)
                    used.add(answered)
            if missing:
                uses = [{"type": "tool_use", "id": id_, "name": "f", "input": {}} for id_ in missing]
                fixed.append({"role": "assistant", "content": uses})
        fixed.append(message)
    return fixed


def _answered_function_calls(items):
    """Puts a function_call item before each function_call_output that answers none."""
    called = set()
    fixed = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("call_id"), str):
            call_id = item["call_id"]
            if item.get("type") == "function_call":
                called.add(call_id)
            elif item.get("type") == "function_call_output" and call_id not in called:
                fixed.append({"type": "function_call", "call_id": call_id, "name": "f", "arguments": "{}"})
                called.add(call_id)
        fixed.append(item)
    return fixed


def _messages_rules(body, path, positive):
    if path == "/v1/messages":
        _capped(body, "max_tokens", LIMIT)
        thinking = body.get("thinking")
        if positive and isinstance(thinking, dict) and thinking.get("type") == "enabled":
            body["thinking"] = {"type": "disabled"}
    names = _unique_names(body.get("tools"))
    choice = body.get("tool_choice")
    if isinstance(choice, dict) and choice.get("type") == "tool":
        _declared(choice, names)
    if isinstance(body.get("messages"), list):
        body["messages"] = _answered_tool_uses(body["messages"])


def _responses_rules(body):
    _capped(body, "max_output_tokens", RESPONSES_LIMIT, add=True)
    names = _unique_names(body.get("tools"))
    choice = body.get("tool_choice")
    if isinstance(choice, dict) and choice.get("type") == "function":
        _declared(choice, names)
    if isinstance(choice, dict) and choice.get("type") == "allowed_tools" and isinstance(choice.get("tools"), list):
        for allowed in choice["tools"]:
            _declared(allowed, names)
    if isinstance(body.get("input"), list):
        body["input"] = _answered_function_calls(body["input"])


def _agreeing_limits(body):
    first, second = body.get("max_tokens"), body.get("max_completion_tokens")
    if _is_number(first) and _is_number(second) and first != second:
        body["max_tokens"] = body["max_completion_tokens"] = min(first, second)


@schemathesis.hook
def before_call(context, case, kwargs):
    if not isinstance(case.body, dict):
        return
    positive = _is_positive(case)
    body = case.body
    if case.path.endswith("completions"):
        capped = False
        for key in ("max_tokens", "max_completion_tokens"):
            value = body.get(key)
            if _is_int(value) and value > LIMIT:
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
    if case.path in MESSAGES:
        _messages_rules(body, case.path, positive)
    if case.path == "/v1/responses":
        _responses_rules(body)
    if case.path in CHAT:
        _small_logit_bias(body)
        _agreeing_limits(body)
        _unique_tools(body)
        if isinstance(body.get("messages"), list):
            body["messages"] = _answered_tool_calls(body["messages"])
            _text_parts(body["messages"])
