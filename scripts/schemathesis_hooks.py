"""schemathesis hooks for scripts/run-schemathesis.sh: keep generated chat completions short.

A generated request may ask for thousands of tokens; the test is about the API's contract, not
about generating text, so a valid token limit above 8 is lowered to 8 and a request without one
gets max_tokens 8. Invalid values (negative, wrong type) are left alone, so negative cases still
reach the server unchanged.
"""

import schemathesis

LIMIT = 8


@schemathesis.hook
def before_call(context, case, kwargs):
    if not case.path.endswith("completions") or not isinstance(case.body, dict):
        return
    body = case.body
    capped = False
    for key in ("max_tokens", "max_completion_tokens"):
        value = body.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > LIMIT:
            body[key] = LIMIT
        if key in body:
            capped = True
    if not capped:
        body["max_tokens"] = LIMIT
