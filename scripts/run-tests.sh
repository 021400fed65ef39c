#!/usr/bin/env bash
# Builds and runs every test; fails when any test fails and also when no test ran at all.
# Arguments are extra flags for `swift build`/`swift test` (the Makefile passes the runtime path).
# Tests run on the server's own optimised build (no testability: tests use `package` access): the
# engine's per-token work over a 262,144-token vocabulary is far too slow unoptimised.
set -euo pipefail
log=$(mktemp)
# A throwaway PostgreSQL server for the shared responses store (PostgresStoreTests, the gateway test).
pgdir=$(mktemp -d)
trap 'rm -f "$log"; scripts/postgres.sh stop "$pgdir"' EXIT
flags=(-c release "$@")
swift build --build-tests "${flags[@]}"
# The DocC catalogs of the libraries people import, warnings as errors (a symbol link that no longer
# resolves fails the run). Output under .build/plugins/Swift-DocC.
swift package generate-documentation --target ChatCompletionsAPI --target ChatCompletionsClient --warnings-as-errors
CHAT_TEST_POSTGRES_URL=$(scripts/postgres.sh start "$pgdir")
export CHAT_TEST_POSTGRES_URL
# Tiny models of each family on its real tokenizer and template (FamilyModelTests).
CHAT_FAMILY_MODELS_DIR=$(scripts/setup.sh family-models)
export CHAT_FAMILY_MODELS_DIR
# Runs `swift test` with the given selection; fails when a test fails or when none ran.
run_swift_tests() {
    set +e
    swift test --skip-build "${flags[@]}" "$@" 2>&1 | tee "$log"
    local status=${PIPESTATUS[0]}
    set -e
    if [ "$status" -ne 0 ]; then
        echo "run-tests: swift test failed (status $status)" >&2
        exit "$status"
    fi
    # Swift Testing ends with "Test run with N tests in M suites passed after ...".
    local count
    count=$(grep -Eo 'Test run with [0-9]+ tests?' "$log" | tail -1 | grep -Eo '[0-9]+' || true)
    if [ -z "$count" ] || [ "$count" -eq 0 ]; then
        echo "run-tests: no tests ran ($*); treating that as a failure" >&2
        exit 1
    fi
    echo "run-tests: $count tests passed"
}
# Suites that measure the gaps between a stream's tokens run alone, after the others: beside the
# other suites' servers (in the same process) every gap is noise.
alone='HeavySchemaTests'
# Suites that run long generations on servers of their own (a thousand thinking tokens, two servers
# sharing PostgreSQL, server processes) run after the rest too: beside the shared server's many
# small requests they starved its event loops past clients' connect timeouts.
heavy='ReasoningTests|PostgresStoreTests|FamilyModelTests'
run_swift_tests --skip "$alone|$heavy"
run_swift_tests --filter "$heavy"
run_swift_tests --filter "$alone"
# The OpenAPI document, fuzzed against the real server by schemathesis.
scripts/run-schemathesis.sh "$@"
# The official SDKs (anthropic, openai, openai-agents) against the real server: Messages, Responses, agents.
scripts/run-sdk-tests.sh "$@"
# Scale-out: two replicas behind SGLang Model Gateway, driven with the `chat` client.
bin=$(swift build "${flags[@]}" --show-bin-path)
python3 scripts/gateway-test.py --bin "$bin" --smg "$(scripts/setup-gateway.sh)" \
    --models "${CHAT_MODELS_DIR:-$HOME/.cache/swift-chat-completions/models}" --model "$(scripts/setup.sh default-model)" \
    --postgres "$CHAT_TEST_POSTGRES_URL"
# A short soak of the real server binary: mixed, hostile and abandoned requests for two minutes.
scripts/soak.sh "${SOAK_MINUTES:-2}" "$@"
# The web chat page at /, driven in headless Chromium against the real server.
scripts/run-browser-tests.sh "$@"
