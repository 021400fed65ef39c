#!/usr/bin/env bash
# Runs the web chat page's tests in headless Chromium (Tests/Browser, pytest + Selenium) against
# the real release chat-server binary and the default model. Installs what it needs first with
# scripts/setup-browser.sh (Debian's chromium and chromium-driver; pinned Selenium and pytest in a
# cached virtual environment). Fails when a test fails, and also when pytest collects no test.
#
# Arguments are extra flags for `swift build` (the Makefile passes the runtime path).
# Environment: CHAT_MODELS_DIR (models), WEB_CHAT_OUTPUT (screenshot folder, default
# .build/test-output).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
venv=$("$here/setup-browser.sh")

flags=(-c release "$@")
(cd "$root" && swift build "${flags[@]}" --product chat-server)
bin=$(cd "$root" && swift build "${flags[@]}" --show-bin-path)

export CHAT_SERVER_BIN="$bin/chat-server"
export CHAT_MODELS_DIR=${CHAT_MODELS_DIR:-${CHAT_CACHE_DIR:-$HOME/.cache/swift-chat-completions}/models}
export WEB_CHAT_OUTPUT=${WEB_CHAT_OUTPUT:-$root/.build/test-output}
export PYTHONDONTWRITEBYTECODE=1
set +e
(cd "$root" && "$venv/bin/python" -m pytest -v -p no:cacheprovider Tests/Browser)
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "run-browser-tests: pytest collected no tests; treating that as a failure" >&2
    exit 1
fi
if [ "$status" -ne 0 ]; then
    echo "run-browser-tests: failed (pytest status $status)" >&2
    exit "$status"
fi
echo "run-browser-tests: passed; screenshot in $WEB_CHAT_OUTPUT/web-chat.png"
