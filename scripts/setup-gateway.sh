#!/usr/bin/env bash
# Installs SGLang Model Gateway (`smg`, pinned, from PyPI) into its own cached virtual environment
# and prints the path of its `smg` command. Idempotent: a second run only prints the path.
set -euo pipefail
SMG_VERSION=1.13.0
CACHE=${CHAT_CACHE_DIR:-$HOME/.cache/swift-chat-completions}
venv="$CACHE/smg-$SMG_VERSION"
if [ ! -f "$venv/.complete" ]; then
    echo "==> installing smg $SMG_VERSION from PyPI into $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q "smg==$SMG_VERSION" >&2
    touch "$venv/.complete"
fi
echo "$venv/bin/smg"
