#!/usr/bin/env bash
# Installs what the browser test needs and prints the path of the virtual environment:
#   - headless Chromium and its WebDriver from Debian's packages (`chromium`, `chromium-driver`),
#     with apt-get, only when `chromium` or `chromedriver` is not already on the PATH;
#   - Selenium and pytest, pinned, from PyPI into a virtual environment cached under
#     $CHAT_CACHE_DIR (default ~/.cache/swift-chat-completions), keyed by their versions.
# Idempotent: when everything is there, it only prints the path.
set -euo pipefail
SELENIUM_VERSION=4.48.0
PYTEST_VERSION=9.2.0
CACHE=${CHAT_CACHE_DIR:-$HOME/.cache/swift-chat-completions}
venv="$CACHE/browser-selenium-$SELENIUM_VERSION-pytest-$PYTEST_VERSION"

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    echo "==> installing chromium and chromium-driver from Debian's packages" >&2
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q >&2
    "${sudo[@]}" apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core >&2
fi

if [ ! -f "$venv/.complete" ]; then
    echo "==> installing selenium $SELENIUM_VERSION and pytest $PYTEST_VERSION from PyPI into $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q "selenium==$SELENIUM_VERSION" "pytest==$PYTEST_VERSION" >&2
    touch "$venv/.complete"
fi
echo "$venv"
