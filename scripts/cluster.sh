#!/usr/bin/env bash
# Serving past one machine, on one machine: N chat-server replicas on loopback ports and SGLang
# Model Gateway (smg) in front with cache-aware routing. Stops everything on Ctrl-C.
# Usage: scripts/cluster.sh N [swift build flags...]
#   CLUSTER_PORT (default 8090) is the gateway's port; replicas take the ports after it.
#   REPLICA_ARGS are extra chat-server flags for every replica.
set -euo pipefail
cd "$(dirname "$0")/.."
replicas=${1:-2}
shift || true
port=${CLUSTER_PORT:-8090}
smg=$(scripts/setup-gateway.sh)
swift build -c release "$@" --product chat-server
bin=$(swift build -c release "$@" --show-bin-path)
models=${CHAT_MODELS_DIR:-$HOME/.cache/swift-chat-completions/models}
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
urls=()
for i in $(seq 1 "$replicas"); do
    replica_port=$((port + i))
    # shellcheck disable=SC2086
    "$bin/chat-server" --port "$replica_port" --models-dir "$models" ${REPLICA_ARGS:-} &
    pids+=($!)
    urls+=("http://127.0.0.1:$replica_port")
done
for url in "${urls[@]}"; do
    until curl -fs "$url/health" >/dev/null 2>&1; do sleep 0.2; done
done
"$smg" launch --host 127.0.0.1 --port "$port" --worker-urls "${urls[@]}" --policy cache_aware \
    --prometheus-host 127.0.0.1 --prometheus-port "${CLUSTER_METRICS_PORT:-29000}" &
pids+=($!)
until curl -fs "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1; do sleep 0.2; done
echo "cluster ready: gateway http://127.0.0.1:$port/v1 in front of ${urls[*]}"
wait
