#!/usr/bin/env python3
"""Workloads a chat server meets, measured over its OpenAI-compatible streaming API.

Drives one running server (ours or llama.cpp's llama-server) with streamed chat completions and
appends one JSON line per workload to --output. Every workload sends prompts that no earlier
workload sent (each carries the workload's name and a random tag at its start), except where the
workload is about repeats. Workloads:

  closed-1, closed-8, closed-16  N clients, each sending its next request when the previous ends
  paired-1                       one client whose requests go to several running servers in turn
                                 (--paired): single-stream figures that the machine's drift cannot
                                 tilt, since every server meets each prompt within seconds
  shared-system-8                8 clients whose requests share one long system prompt
  multi-turn                     16 clients holding 4-turn conversations (more clients than the
                                 server's sequences, so conversations leave and come back)
  chat-1                         one person holding 4-turn conversations, each turn sent a second
                                 after the previous answer (figures: the later turns')
  repeat-8                       8 clients send a set of prompts, then the same set again; the
                                 figures are the second pass's
  burst-32                       32 requests at once
  chat-traffic-8                 8 people holding 5-turn conversations at once, each under one of two
                                 shared system prompts, reading each answer for 1 to 2 s before the
                                 next message, answers of 16 to 140 tokens (figures: the later
                                 turns' time to first token, all turns' gaps and tokens; the first
                                 turns' median time to first token beside them)

Per workload: completion tokens per second over the wall time, median and p95 time to first
token, p95 gap between streamed tokens, and requests that failed. With --server-log, also the
server's own time for reading each prompt, from the moment a sequence took the request to its first
token (ours: `prompt_time=` in the request's log line; llama-server: its `prompt eval time`): time
to first token minus time in the queue, which shows what a prompt cache does when queueing
dominates the time to first token (multi-turn).

Standard library only (threads and http.client), so it runs wherever the project's scripts run.
"""

import argparse
import http.client
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse

WORDS = (
    "river mountain lantern copper orchard violin harbor meadow falcon glacier pepper canyon marble "
    "thunder compass willow saffron beacon quartz velvet ember tundra cobalt prairie sparrow bamboo "
    "lighthouse nebula walnut cascade juniper obsidian monsoon citadel fjord lagoon mosaic paprika "
    "sequoia tapestry zephyr archipelago basalt caravan dune estuary geyser horizon isthmus kelp"
).split()

TOPICS = (
    "the history of a small coastal town",
    "how bridges carry their load",
    "a day in the life of a beekeeper",
    "why the sky changes colour at dusk",
    "the rules of a game you invent",
    "a recipe that uses only five ingredients",
    "the journey of a letter through the post",
    "how a violin is made",
)


def fresh_prompt(rng, workload, index):
    tag = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))
    detail = " ".join(rng.choice(WORDS) for _ in range(24))
    return (
        f"[{workload} {index} {tag}] Write a few paragraphs about {rng.choice(TOPICS)}. "
        f"Work these words in: {detail}."
    )


def long_system_prompt(rng, words=400):
    body = " ".join(rng.choice(WORDS) for _ in range(words))
    tag = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))
    return f"[{tag}] You are a careful assistant. Background notes for every answer: {body}"


class Result:
    def __init__(self):
        self.ttft = None
        self.gaps = []
        self.tokens = 0
        self.text = ""
        self.error = None
        self.seconds = 0.0
        self.turn = 0


class Server:
    def __init__(self, base_url, model, max_tokens):
        parsed = urllib.parse.urlparse(base_url)
        self.host = parsed.hostname
        self.port = parsed.port
        self.path = parsed.path.rstrip("/") + "/chat/completions"
        self.model = model
        self.max_tokens = max_tokens

    def stream(self, messages, seed, max_tokens=None):
        """One streamed completion; times its first token and the gaps between tokens."""
        result = Result()
        body = json.dumps(
            {
                "model": self.model,
                "messages": messages,
                "stream": True,
                "max_tokens": max_tokens or self.max_tokens,
                "temperature": 0.8,
                "top_k": 40,
                "top_p": 0.95,
                "min_p": 0.05,
                # llama-server's default; ours would be the default model's declared 1.1.
                "repetition_penalty": 1.0,
                "seed": seed,
                "ignore_eos": True,
            }
        )
        start = time.monotonic()
        last = None
        try:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=600)
            connection.request("POST", self.path, body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            if response.status != 200:
                result.error = f"HTTP {response.status}: {response.read()[:200]!r}"
                return result
            while True:
                line = response.readline()
                if not line:
                    break
                line = line.strip()
                if not line.startswith(b"data:"):
                    continue
                data = line[5:].strip()
                if data == b"[DONE]":
                    break
                chunk = json.loads(data)
                if "error" in chunk:
                    result.error = str(chunk["error"])[:200]
                    break
                for choice in chunk.get("choices", []):
                    piece = (choice.get("delta") or {}).get("content")
                    if not piece:
                        continue
                    now = time.monotonic()
                    if result.ttft is None:
                        result.ttft = now - start
                    else:
                        result.gaps.append(now - last)
                    last = now
                    result.tokens += 1
                    result.text += piece
            connection.close()
        except Exception as error:  # a failed request is counted, not fatal
            result.error = repr(error)
        result.seconds = time.monotonic() - start
        return result


class ServerLog:
    """The server's log file, read from a mark on: each request's prompt time, in milliseconds."""

    PATTERNS = [
        re.compile(r"prompt_time=(\d+)ms"),  # ours, one line per request
        re.compile(r"prompt eval time =\s*([\d.]+) ms"),  # llama-server, one line per task
    ]

    def __init__(self, path):
        self.path = path
        self.offset = 0

    def mark(self):
        if self.path:
            self.offset = os.path.getsize(self.path)

    def prompt_times(self):
        if not self.path:
            return []
        time.sleep(0.3)  # the last request's line is written as it ends
        with open(self.path, "rb") as log:
            log.seek(self.offset)
            text = log.read().decode("utf-8", "replace")
        return [float(m.group(1)) for line in text.splitlines() for p in self.PATTERNS for m in [p.search(line)] if m]


LOG = ServerLog(None)


def run_clients(count, work):
    """Runs work(client) on `count` threads; returns their results (lists) joined and the wall time."""
    results = [[] for _ in range(count)]

    def client(index):
        results[index] = work(index)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(count)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [r for rs in results for r in rs], time.monotonic() - start


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summarize(label, workload, results, wall, prompt_times, note=""):
    ok = [r for r in results if r.error is None and r.ttft is not None]
    tokens = sum(r.tokens for r in ok)
    ttfts = [r.ttft * 1000 for r in ok]
    gaps = [g * 1000 for r in ok for g in r.gaps]
    row = {
        "label": label,
        "workload": workload,
        "requests": len(results),
        "failed": len(results) - len(ok),
        "tokens": tokens,
        "wall_seconds": round(wall, 2),
        "aggregate_tokens_per_second": round(tokens / wall, 1) if wall > 0 else 0,
        "ttft_median_ms": round(statistics.median(ttfts), 1) if ttfts else None,
        "ttft_p95_ms": round(percentile(ttfts, 0.95), 1) if ttfts else None,
        "itl_p95_ms": round(percentile(gaps, 0.95), 1) if gaps else None,
        "prompt_time_median_ms": round(statistics.median(prompt_times), 1) if prompt_times else None,
        "prompt_time_p95_ms": round(percentile(prompt_times, 0.95), 1) if prompt_times else None,
    }
    if note:
        row["note"] = note
    errors = [r.error for r in results if r.error]
    if errors:
        row["first_error"] = errors[0]
    print(
        f"{label:>18} {workload:>15}: {row['aggregate_tokens_per_second']:7.1f} tok/s  "
        f"TTFT median {row['ttft_median_ms']} ms, p95 {row['ttft_p95_ms']} ms  "
        f"ITL p95 {row['itl_p95_ms']} ms  prompt time median {row['prompt_time_median_ms']} ms  "
        f"failed {row['failed']}/{row['requests']}",
        flush=True,
    )
    return row


def closed_loop(server, rng, clients, rounds, workload):
    prompts = [[fresh_prompt(rng, workload, c * rounds + r) for r in range(rounds)] for c in range(clients)]

    def work(client):
        return [
            server.stream([{"role": "user", "content": prompts[client][r]}], seed=client * 100 + r)
            for r in range(rounds)
        ]

    return run_clients(clients, work)


def shared_system(server, rng, clients, rounds, workload):
    system = long_system_prompt(rng)
    prompts = [[fresh_prompt(rng, workload, c * rounds + r) for r in range(rounds)] for c in range(clients)]

    def work(client):
        return [
            server.stream(
                [{"role": "system", "content": system}, {"role": "user", "content": prompts[client][r]}],
                seed=client * 100 + r,
            )
            for r in range(rounds)
        ]

    return run_clients(clients, work)


FOLLOW_UPS = [
    "Go on, and add one concrete example.",
    "Now summarise that in three sentences.",
    "What would a sceptic say about it?",
    "Give it a title and a closing line.",
]


def multi_turn(server, rng, clients, turns, workload):
    openers = [fresh_prompt(rng, workload, c) for c in range(clients)]
    follow_ups = FOLLOW_UPS

    def work(client):
        messages = [{"role": "user", "content": openers[client]}]
        results = []
        for turn in range(turns):
            result = server.stream(messages, seed=client * 100 + turn)
            results.append(result)
            messages = messages + [
                {"role": "assistant", "content": result.text},
                {"role": "user", "content": follow_ups[turn % len(follow_ups)]},
            ]
        return results

    return run_clients(clients, work)


def chat(server, rng, conversations, turns, pause, workload):
    """One person chatting: each turn is sent `pause` seconds after the previous answer ended (the
    time it takes to read it). The figures are the later turns' (those that extend a conversation),
    tokens per second over the time their requests took."""
    results, prompt_times = [], []
    for c in range(conversations):
        messages = [{"role": "user", "content": fresh_prompt(rng, workload, c)}]
        for turn in range(turns):
            LOG.mark()
            result = server.stream(messages, seed=c * 100 + turn)
            if turn > 0:
                results.append(result)
                prompt_times += LOG.prompt_times()
            messages = messages + [
                {"role": "assistant", "content": result.text},
                {"role": "user", "content": FOLLOW_UPS[turn % len(FOLLOW_UPS)]},
            ]
            time.sleep(pause)
    return results, sum(r.seconds for r in results), prompt_times


def chat_traffic(server, rng, people, turns, workload):
    """People chatting at once: each starts within the first two seconds, under one of two shared
    system prompts, and sends the next message 1 to 2 s after an answer ends. Answer lengths (16 to
    140 tokens), pauses and start times are drawn from `rng` before anything is sent, so every server
    meets the same traffic. Returns the first turns' results, the later turns', and the wall time."""
    systems = [long_system_prompt(rng, words=150) for _ in range(2)]
    openers = [fresh_prompt(rng, workload, p) for p in range(people)]
    starts = [rng.uniform(0, 2) for _ in range(people)]
    lengths = [[rng.randint(16, 140) for _ in range(turns)] for _ in range(people)]
    pauses = [[rng.uniform(1, 2) for _ in range(turns)] for _ in range(people)]

    def work(person):
        time.sleep(starts[person])
        messages = [{"role": "system", "content": systems[person % 2]}, {"role": "user", "content": openers[person]}]
        results = []
        for turn in range(turns):
            result = server.stream(messages, seed=person * 100 + turn, max_tokens=lengths[person][turn])
            result.turn = turn
            results.append(result)
            messages = messages + [
                {"role": "assistant", "content": result.text},
                {"role": "user", "content": FOLLOW_UPS[turn % len(FOLLOW_UPS)]},
            ]
            time.sleep(pauses[person][turn])
        return results

    results, wall = run_clients(people, work)
    return [r for r in results if r.turn == 0], [r for r in results if r.turn > 0], wall


def repeated(server, rng, clients, workload):
    prompts = [fresh_prompt(rng, workload, c) for c in range(clients)]

    def work(client):
        return [server.stream([{"role": "user", "content": prompts[client]}], seed=client)]

    run_clients(clients, work)  # the first pass reads them
    LOG.mark()
    return run_clients(clients, work)


def burst(server, rng, count, workload):
    prompts = [fresh_prompt(rng, workload, i) for i in range(count)]
    return run_clients(count, lambda i: [server.stream([{"role": "user", "content": prompts[i]}], seed=i)])


def paired_single_stream(servers, rng, rounds):
    """One client, its requests sent to each server in turn (the order reversed every round): every
    server meets the same prompt within seconds of the others, so the machine's drift falls on all
    alike. Each server's tokens per second are over the time its own requests took. A second's pause
    after each request lets a server's work after an answer (ours settles it when idle) end before
    the next server is measured."""
    results = {label: [] for label, _, _ in servers}
    for r in range(rounds):
        prompt = fresh_prompt(rng, "paired-1", r)
        for label, server, _ in servers if r % 2 == 0 else list(reversed(servers)):
            results[label].append(server.stream([{"role": "user", "content": prompt}], seed=r))
            time.sleep(1.0)
    return [
        summarize(label, "paired-1", results[label], sum(x.seconds for x in results[label]), log.prompt_times())
        for label, _, log in servers
    ]


WORKLOADS = [
    "paired-1", "closed-1", "closed-8", "closed-16", "shared-system-8", "multi-turn", "chat-1", "chat-traffic-8",
    "repeat-8", "burst-32",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", help="the server's base URL, with /v1")
    parser.add_argument("--model", required=True)
    parser.add_argument("--label")
    parser.add_argument("--output", help="append one JSON line per workload to this file")
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--seed", type=int, default=None, help="seed for the prompts (default: random)")
    parser.add_argument("--server-log", help="the server's log file, for its own prompt times")
    parser.add_argument(
        "--paired",
        help="label=base-url=log,... : run the paired single-stream workload across these running servers "
        "(instead of --base-url/--label/--workloads)",
    )
    parser.add_argument("--rounds", type=int, default=16, help="requests per server in the paired workload")
    args = parser.parse_args()
    if args.paired:
        rng = random.Random(args.seed)
        servers = []
        for item in args.paired.split(","):
            label, base_url, log_path = item.split("=", 2)
            log = ServerLog(log_path)
            servers.append((label, Server(base_url, args.model, args.max_tokens), log))
        for _, server, log in servers:
            server.stream([{"role": "user", "content": fresh_prompt(rng, "warm-up", 0)}], seed=0)
            log.mark()
        rows = paired_single_stream(servers, rng, args.rounds)
        write_rows(args.output, rows)
        return
    if not args.base_url or not args.label:
        parser.error("--base-url and --label are needed (or --paired)")
    LOG.path = args.server_log
    server = Server(args.base_url, args.model, args.max_tokens)
    rng = random.Random(args.seed)
    server.stream([{"role": "user", "content": fresh_prompt(rng, "warm-up", 0)}], seed=0)
    rows = []
    for workload in args.workloads.split(","):
        LOG.mark()
        if workload == "closed-1":
            results, wall = closed_loop(server, rng, 1, 12, workload)
        elif workload == "closed-8":
            results, wall = closed_loop(server, rng, 8, 3, workload)
        elif workload == "closed-16":
            results, wall = closed_loop(server, rng, 16, 2, workload)
        elif workload == "shared-system-8":
            results, wall = shared_system(server, rng, 8, 2, workload)
        elif workload == "multi-turn":
            results, wall = multi_turn(server, rng, 16, 4, workload)
        elif workload == "chat-1":
            results, wall, prompt_times = chat(server, rng, 3, 4, 1.0, workload)
            rows.append(summarize(args.label, workload, results, wall, prompt_times))
            continue
        elif workload == "chat-traffic-8":
            first, later, wall = chat_traffic(server, rng, 8, 5, workload)
            row = summarize(args.label, workload, later, wall, [], note="TTFT: later turns")
            # Tokens and gaps count every turn; TTFT is the later turns' (first turns' beside it).
            everything = first + later
            ok = [r for r in everything if r.error is None and r.ttft is not None]
            gaps = [g * 1000 for r in ok for g in r.gaps]
            first_ttfts = [r.ttft * 1000 for r in first if r.error is None and r.ttft is not None]
            row.update(
                requests=len(everything),
                failed=len(everything) - len(ok),
                tokens=sum(r.tokens for r in ok),
                aggregate_tokens_per_second=round(sum(r.tokens for r in ok) / wall, 1),
                itl_p95_ms=round(percentile(gaps, 0.95), 1) if gaps else None,
                first_turn_ttft_median_ms=round(statistics.median(first_ttfts), 1) if first_ttfts else None,
            )
            print(
                f"{'':>18} {'':>15}  all turns: {row['aggregate_tokens_per_second']} tok/s, ITL p95 "
                f"{row['itl_p95_ms']} ms, first-turn TTFT median {row['first_turn_ttft_median_ms']} ms, "
                f"failed {row['failed']}/{row['requests']}",
                flush=True,
            )
            rows.append(row)
            continue
        elif workload == "repeat-8":
            results, wall = repeated(server, rng, 8, workload)
        elif workload == "burst-32":
            results, wall = burst(server, rng, 32, workload)
        elif workload == "paired-1":
            sys.exit("paired-1 runs across several servers: use --paired")
        else:
            sys.exit(f"unknown workload {workload}")
        rows.append(summarize(args.label, workload, results, wall, LOG.prompt_times()))
    write_rows(args.output, rows)


def write_rows(path, rows):
    if path:
        with open(path, "a") as out:
            for row in rows:
                out.write(json.dumps(row) + "\n")
    if any(row["failed"] for row in rows):
        sys.exit("some requests failed; see first_error in the results")


if __name__ == "__main__":
    main()
