#!/usr/bin/env bash
# Starts the release chat-server on a free loopback port and runs the soak test against it for
# MINUTES minutes (default 2): scripts/soak.py says what it sends and when it fails.
# Usage: scripts/soak.sh MINUTES [swift build flags...]   (the Makefile passes the runtime path)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-2}
shift || true
flags=(-c release "$@")  # the tests' build: nothing to rebuild after them
swift build "${flags[@]}" --product chat-server
bin=$(swift build "${flags[@]}" --show-bin-path)
models=${CHAT_MODELS_DIR:-$HOME/.cache/swift-chat-completions/models}
log=$(mktemp)
# The host prompt cache is held to 16 MiB, so the memory check sees leaks, not a cache filling up.
"$bin/chat-server" --port 0 --models-dir "$models" --parallel 4 --max-body-size 1048576 --cache-ram 16 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
port=""
for _ in $(seq 1 600); do
    port=$(grep -Eo 'listening on http://127.0.0.1:[0-9]+' "$log" | head -1 | grep -Eo '[0-9]+$' || true)
    if [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; echo "soak: the server exited" >&2; exit 1; }
    sleep 0.2
done
[ -n "$port" ] || { cat "$log" >&2; echo "soak: the server did not become ready" >&2; exit 1; }
status=0
python3 scripts/soak.py --model "$(scripts/setup.sh default-model)" --port "$port" --pid "$server" --minutes "$minutes" --max-body 1048576 || status=$?
kill -TERM "$server"
wait "$server" 2>/dev/null || true
if [ "$status" -ne 0 ]; then
    echo "soak: server log (last 40 lines):" >&2
    tail -40 "$log" >&2
fi
exit "$status"
