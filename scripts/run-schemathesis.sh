#!/usr/bin/env bash
# Runs schemathesis against a real chat-server: every route and status in GET /openapi.json,
# positive and negative cases, undeclared methods, with all of its checks. Fails on any 5xx, any
# status or header the document does not declare, any response that does not match its schema,
# any schema-valid request the server refuses (so the document must state every rule the server
# enforces before it looks at the model), any schema-invalid request it accepts, and any undeclared
# method not answered with 405 + Allow.
#
# schemathesis is pinned and installed from PyPI into a virtual environment cached under
# $CHAT_CACHE_DIR (default ~/.cache/swift-chat-completions). The server is the release build
# (built here if needed) on a free loopback port with the default model and a small context, so
# that generated prompts stay cheap. scripts/schemathesis_hooks.py caps generated token limits and
# brings schema-valid cases in line with the rules the document states in prose because JSON Schema
# cannot (integers written without a fraction where they are read strictly; token ids the test
# model's vocabulary holds; tool messages answering an earlier call; unique tool names and a
# tool_choice naming one; equal max_tokens and max_completion_tokens; best_of equal to n; text parts
# for the text-only model), so that they reach the server as the valid requests they are meant to be.
# Anthropic's Messages and OpenAI's Responses routes are held to the same: max_tokens capped like
# chat's, max_output_tokens at the API's smallest (16); thinking disabled (its budget of at least 1024
# tokens cannot fit the small context); unique tool names and tool choices naming them; tool results
# and function call outputs answering an earlier call. Generated model names are not the server's, so
# a schema-valid generating request ends at the model lookup (404) after every request rule has been
# checked, and no text is generated. Responses are kept in memory, so a run never writes to the
# user's response store.
#
# Arguments are extra flags for `swift build` (the Makefile passes the runtime path).
# Environment: SCHEMATHESIS_EXAMPLES (cases per operation and phase, default 25).
set -euo pipefail
VERSION=4.32.5
EXAMPLES=${SCHEMATHESIS_EXAMPLES:-25}
CACHE=${CHAT_CACHE_DIR:-$HOME/.cache/swift-chat-completions}
MODELS=${CHAT_MODELS_DIR:-$CACHE/models}
VENV="$CACHE/schemathesis-$VERSION"
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -f "$VENV/.complete" ]; then
    echo "==> installing schemathesis $VERSION from PyPI into $VENV" >&2
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "schemathesis==$VERSION"
    touch "$VENV/.complete"
fi

flags=(-c release "$@")
swift build "${flags[@]}" --product chat-server
bin=$(swift build "${flags[@]}" --show-bin-path)

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

"$bin/chat-server" --port 0 --models-dir "$MODELS" --ctx-size 512 --parallel 2 --log-format json \
    --responses-store memory \
    >"$work/stdout" 2>"$work/server.log" &
server_pid=$!
url=""
for _ in $(seq 1 600); do
    url=$(sed -n 's|^chat-server listening on \(http://[^ ]*\)/v1$|\1|p' "$work/stdout")
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
done
if [ -z "$url" ]; then
    echo "run-schemathesis: chat-server did not start" >&2
    tail -20 "$work/server.log" >&2
    exit 1
fi
echo "==> schemathesis $VERSION against $url (up to $EXAMPLES cases per operation and phase)" >&2

set +e
# Run from the scratch folder: schemathesis keeps a cache of found failures in the working directory.
(cd "$work" && PYTHONPATH="$here" SCHEMATHESIS_HOOKS=schemathesis_hooks "$VENV/bin/schemathesis" run "$url/openapi.json" \
    --checks all \
    --phases examples,coverage,fuzzing --max-examples "$EXAMPLES" --seed 1 --generation-database none \
    --workers 1 --request-timeout 60 --no-color --warnings off)
status=$?
set -e
if [ "$status" -ne 0 ]; then
    echo "run-schemathesis: failures (server log: last lines below)" >&2
    grep -E '"level":"(error|critical)"' "$work/server.log" | tail -20 >&2 || true
    exit "$status"
fi
if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run-schemathesis: chat-server died during the run" >&2
    exit 1
fi
echo "run-schemathesis: passed"
