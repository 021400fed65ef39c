#!/usr/bin/env bash
# Drives a real chat-server with the official client SDKs: Anthropic's `anthropic` (Messages API),
# OpenAI's `openai` (Responses API; Chat Completions for the seed comparison) and `openai-agents`
# (an agent with a function tool over both OpenAI APIs). The tests are scripts/sdk_tests (pytest);
# they assert the shapes and the contract the SDKs rely on, not what the tiny default model says.
#
# The SDKs and pytest are pinned (scripts/sdk_tests/requirements.txt, with every dependency in
# constraints.txt) and installed once from PyPI into a virtual environment cached under
# $CHAT_CACHE_DIR (default ~/.cache/swift-chat-completions), named by a hash of those two files;
# nothing needs the network after that. Two release servers run on free loopback ports with the
# default model: one open, and one that requires an API key (for the authentication tests). Fails
# when a test fails, and also when pytest runs no test.
#
# Arguments are extra flags for `swift build` (the Makefile passes the runtime path).
# Environment:
#   CHAT_SERVER_BIN   a chat-server binary to run instead of building one (no `swift build` then)
#   CHAT_MODELS_DIR   models (default $CHAT_CACHE_DIR/models)
#   CHAT_SDK_MODEL    the model id the tests ask for (default: the default model's, from setup.sh)
#   SDK_TESTS_PYTHON  the Python (3.10 or newer) that creates the environment (default python3)
#   SDK_TESTS_ARGS    extra pytest arguments, split on spaces (e.g. "-k anthropic -x")
#   CHAT_SDK_TIMEOUT  seconds one request may take (default 60); the clients never retry
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
tests="$here/sdk_tests"
CACHE=${CHAT_CACHE_DIR:-$HOME/.cache/swift-chat-completions}
MODELS=${CHAT_MODELS_DIR:-$CACHE/models}
PYTHON=${SDK_TESTS_PYTHON:-python3}
API_KEY=sk-test-key
key=$(cat "$tests/requirements.txt" "$tests/constraints.txt" | sha256sum | cut -c1-12)
VENV="$CACHE/sdk-tests-$key"

if [ ! -f "$VENV/.complete" ]; then
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
        echo "run-sdk-tests: the SDKs need Python 3.10 or newer; set SDK_TESTS_PYTHON to one" >&2
        exit 1
    fi
    echo "==> installing the SDKs under test from PyPI into $VENV" >&2
    rm -rf "$VENV"
    mkdir -p "$CACHE"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check \
        -r "$tests/requirements.txt" -c "$tests/constraints.txt"
    touch "$VENV/.complete"
fi

if [ -n "${CHAT_SERVER_BIN:-}" ]; then
    server=$CHAT_SERVER_BIN
else
    flags=(-c release "$@")
    (cd "$root" && swift build "${flags[@]}" --product chat-server)
    server="$(cd "$root" && swift build "${flags[@]}" --show-bin-path)/chat-server"
fi
model=${CHAT_SDK_MODEL:-$("$here/setup.sh" default-model)}

work=$(mktemp -d)
pids=()
cleanup() {
    local pid
    for pid in ${pids[@]+"${pids[@]}"}; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

# start NAME FLAGS...: runs a server, logging to $work/NAME.log, and prints its root URL (no /v1).
start() {
    local name=$1 url="" pid
    shift
    "$server" --port 0 --models-dir "$MODELS" --ctx-size 2048 "$@" \
        >"$work/$name.stdout" 2>"$work/$name.log" &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 1 600); do
        url=$(sed -n 's|^chat-server listening on \(http://[^ ]*\)/v1$|\1|p' "$work/$name.stdout")
        [ -n "$url" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if [ -z "$url" ]; then
        echo "run-sdk-tests: the $name chat-server did not start" >&2
        tail -20 "$work/$name.log" >&2
        return 1
    fi
    echo "$url"
}
# Not in $(...): the server must be a child of this shell, so that the trap can stop it.
start_into() {
    local var=$1
    shift
    start "$@" >"$work/url" || exit 1
    printf -v "$var" '%s' "$(cat "$work/url")"
}
start_into base_url open --parallel 2
start_into keyed_url keyed --parallel 1 --api-key "$API_KEY"
echo "==> SDK tests against $base_url (open) and $keyed_url (API key), model $model" >&2

export CHAT_SDK_BASE_URL=$base_url CHAT_SDK_KEYED_URL=$keyed_url CHAT_SDK_API_KEY=$API_KEY
export CHAT_SDK_MODEL=$model
export PYTHONDONTWRITEBYTECODE=1 OPENAI_AGENTS_DISABLE_TRACING=1
# Client settings from the environment must not reach the servers under test.
unset ANTHROPIC_API_KEY ANTHROPIC_AUTH_TOKEN ANTHROPIC_BASE_URL ANTHROPIC_CUSTOM_HEADERS ANTHROPIC_PROFILE \
    OPENAI_API_KEY OPENAI_BASE_URL OPENAI_ORG_ID OPENAI_PROJECT_ID
read -r -a extra <<<"${SDK_TESTS_ARGS:-}"
set +e
(cd "$root" && "$VENV/bin/python" -m pytest -q -p no:cacheprovider --tb=short scripts/sdk_tests \
    ${extra[@]+"${extra[@]}"})
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "run-sdk-tests: pytest ran no tests; treating that as a failure" >&2
    exit 1
fi
if [ "$status" -ne 0 ]; then
    for name in open keyed; do
        echo "run-sdk-tests: last lines of the $name server's log:" >&2
        tail -40 "$work/$name.log" >&2
    done
    echo "run-sdk-tests: failed (pytest status $status)" >&2
    exit "$status"
fi
for pid in ${pids[@]+"${pids[@]}"}; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "run-sdk-tests: a chat-server died during the run" >&2
        exit 1
    fi
done
echo "run-sdk-tests: passed"
