#!/usr/bin/env bash
# The benchmark: our chat-server (batch-invariant, and with --no-batch-invariance) against llama.cpp's
# own llama-server, built from the same llama.cpp sources with the same flags, on the same model,
# one server at a time, each fresh for each workload, with identical streamed requests (64 tokens, temperature 0.8,
# top_k 40, top_p 0.95, min_p 0.05, ignore_eos) from scripts/bench.py: closed loops at 1, 8 and 16
# clients, a shared system prompt, multi-turn conversations, repeated prompts and a burst (prompts
# fresh per workload unless it is about repeats; the same prompts for every server of one run).
# Prints ours/llama-server ratios per workload, then the sampler micro-benchmark. Figures and
# server logs go to bench-results/.
#
# The servers take turns workload by workload (ours, ours without invariance, llama-server; a fresh
# process each time), so the figures compared were measured minutes apart at most: this machine's
# speed drifts by ±15 % over a quarter of an hour.
#
# Usage: scripts/bench.sh [swift build flags...] [-- scripts/bench.py flags, e.g. --max-tokens 128]
# BENCH_MODEL picks the model id in the models directory (default: the default model);
# BENCH_WORKLOADS the workloads, comma-separated (default: all of scripts/bench.py's); BENCH_ROUNDS how
# many times each workload is run on each server (default 1; the table shows medians over rounds,
# and the order of the servers alternates from round to round).
set -euo pipefail
cd "$(dirname "$0")/.."
swift_flags=()
bench_flags=()
while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then shift; bench_flags=("$@"); break; fi
    swift_flags+=("$1"); shift
done
threads=${BENCH_THREADS:-$(nproc)}
parallel=8
ctx=4096
models=${CHAT_MODELS_DIR:-$HOME/.cache/swift-chat-completions/models}
model=${BENCH_MODEL:-$(scripts/setup.sh default-model)}
model_file="$models/$model.gguf"
out=bench-results
mkdir -p "$out"
results="$out/results-$(date +%Y%m%d-%H%M%S).jsonl"

echo "==> building chat-server and chat-bench (release: the same build as the tests and make serve)"
build=(swift build -c release "${swift_flags[@]}")
"${build[@]}" --product chat-server
"${build[@]}" --product chat-bench
bin=$("${build[@]}" --show-bin-path)
echo "==> building llama.cpp's llama-server from the same sources (cached after the first time)"
llama_server=$(scripts/setup.sh llama-server)

wait_healthy() {
    for _ in $(seq 1 600); do
        if curl -fs "http://127.0.0.1:$1/health" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    echo "server on port $1 did not become healthy" >&2
    return 1
}

for port in 18080 18081 18082; do
    if curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
        echo "a server already answers on port $port: stop it first (the benchmark would measure it)" >&2
        exit 1
    fi
done

seed=${BENCH_SEED:-$RANDOM}
workloads=${BENCH_WORKLOADS:-$(cd scripts && python3 -c 'import bench; print(",".join(bench.WORKLOADS))')}
run_one() {  # label workload port command...
    local label=$1 workload=$2 port=$3
    shift 3
    local log="$out/$label-$workload.log"
    "$@" >"$log" 2>&1 &
    server_pid=$!
    trap 'kill $server_pid 2>/dev/null || true' EXIT
    wait_healthy "$port"
    python3 scripts/bench.py --base-url "http://127.0.0.1:$port/v1" --model "$model" --label "$label" \
        --output "$results" --seed "$seed" --server-log "$log" --workloads "$workload" "${bench_flags[@]}"
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    trap - EXIT
}

run_ours() {
    run_one chat-server "$1" 18080 "$bin/chat-server" --port 18080 --models-dir "$models" --model "$model" \
        --parallel $parallel --ctx-size $ctx --threads "$threads"
}
run_ours_fast() {
    run_one chat-server-fast "$1" 18082 "$bin/chat-server" --port 18082 --models-dir "$models" \
        --model "$model" --parallel $parallel --ctx-size $ctx --threads "$threads" --no-batch-invariance
}
run_llama() {
    run_one llama-server "$1" 18081 "$llama_server" -m "$model_file" --port 18081 -np $parallel \
        -c $((ctx * parallel)) -t "$threads" --alias "$model"
}
# The paired single stream: the three servers run at once (idle ones take no CPU), one client's
# requests go to each in turn.
run_paired() {
    local pids=()
    "$bin/chat-server" --port 18080 --models-dir "$models" --model "$model" --parallel $parallel \
        --ctx-size $ctx --threads "$threads" >"$out/chat-server-paired-1.log" 2>&1 &
    pids+=($!)
    "$bin/chat-server" --port 18082 --models-dir "$models" --model "$model" --parallel $parallel \
        --ctx-size $ctx --threads "$threads" --no-batch-invariance >"$out/chat-server-fast-paired-1.log" 2>&1 &
    pids+=($!)
    "$llama_server" -m "$model_file" --port 18081 -np $parallel -c $((ctx * parallel)) -t "$threads" \
        --alias "$model" >"$out/llama-server-paired-1.log" 2>&1 &
    pids+=($!)
    trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
    for port in 18080 18081 18082; do wait_healthy $port; done
    python3 scripts/bench.py --model "$model" --output "$results" --seed "$seed" "${bench_flags[@]}" --paired \
        "chat-server=http://127.0.0.1:18080/v1=$out/chat-server-paired-1.log,chat-server-fast=http://127.0.0.1:18082/v1=$out/chat-server-fast-paired-1.log,llama-server=http://127.0.0.1:18081/v1=$out/llama-server-paired-1.log"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
    trap - EXIT
}

rounds=${BENCH_ROUNDS:-1}
for workload in ${workloads//,/ }; do
    if [ "$workload" = paired-1 ]; then
        echo "==> paired-1: one client, its requests to the three servers in turn"
        run_paired
        continue
    fi
    for round in $(seq 1 "$rounds"); do
        # Odd rounds run ours first, even rounds llama-server first: a drift that is steady over a
        # few minutes then weighs on both sides alike.
        if [ $((round % 2)) -eq 1 ]; then
            echo "==> $workload (round $round/$rounds): chat-server, with --no-batch-invariance, then llama-server"
            run_ours "$workload"; run_ours_fast "$workload"; run_llama "$workload"
        else
            echo "==> $workload (round $round/$rounds): llama-server, chat-server with --no-batch-invariance, then chat-server"
            run_llama "$workload"; run_ours_fast "$workload"; run_ours "$workload"
        fi
    done
done
echo "==> sampler micro-benchmark"
"$bin/chat-bench" sampling --model "$model_file" --sequences $parallel --threads "$threads" | tee "$out/sampling.txt"
echo "==> results in $results (server logs beside it)"
python3 - "$results" <<'PY'
import json, sys
import statistics
rows = [json.loads(line) for line in open(sys.argv[1])]
keys = ("aggregate_tokens_per_second", "ttft_median_ms", "ttft_p95_ms", "itl_p95_ms", "prompt_time_median_ms",
        "first_turn_ttft_median_ms")
runs = {}
for r in rows:
    runs.setdefault((r["label"], r["workload"]), []).append(r)
# With BENCH_ROUNDS > 1, each figure is the median over the rounds.
by = {
    k: {key: (round(statistics.median(vs), 1) if (vs := [r[key] for r in rs if r.get(key) is not None]) else None)
        for key in keys}
    for k, rs in runs.items()
}
workloads = list(dict.fromkeys(r["workload"] for r in rows))
def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else "-"
for label in ("chat-server", "chat-server-fast"):
    print(f"\n{label} / llama-server (tok/s: higher is better; TTFT and ITL: lower is better)\n")
    print("| workload | tok/s | ratio | TTFT median ms | ratio | TTFT p95 ms | ratio | ITL p95 ms | ratio "
          "| prompt time median ms | ratio | first-turn TTFT median ms | ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for w in workloads:
        ours, theirs = by.get((label, w)), by.get(("llama-server", w))
        if not ours or not theirs:
            continue
        cells = [w]
        for key in keys:
            cells += [f"{ours.get(key)} vs {theirs.get(key)}", ratio(ours.get(key), theirs.get(key))]
        print("| " + " | ".join(str(c) for c in cells) + " |")
PY
