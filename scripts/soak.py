#!/usr/bin/env python3
"""Soak test: mixed traffic against a running chat-server for a fixed time, then a verdict.

16 clients (by default) loop over a mix of requests: plain and streamed completions, n > 1, JSON
Schema output, tool calls, clients that hang up mid-answer, malformed JSON, oversized bodies and
bodies sent slowly. Every request expects a definite answer (a 2xx, or the right 4xx for a bad
request); the run fails on any 5xx, on an unexpected status or broken connection, on a sequence
still busy once the load stops, or on resident memory growing more than 10 % between the end of
the first minute and the end of the run. Standard library only; loopback only.

Usage: soak.py --port PORT --pid PID --minutes M [--clients 16] [--max-body BYTES]
"""
import argparse
import json
import random
import socket
import sys
import threading
import time
from collections import Counter

MODEL = None  # set from --model
SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string", "maxLength": 12}, "age": {"type": "integer", "minimum": 0, "maximum": 99}},
    "required": ["name", "age"],
    "additionalProperties": False,
}
TOOLS = [{
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string", "maxLength": 20}},
                       "required": ["city"], "additionalProperties": False},
    },
}]


def chat(content, **extra):
    body = {"model": MODEL, "messages": [{"role": "user", "content": content}], "max_tokens": 24}
    body.update(extra)
    return json.dumps(body).encode()


class Client:
    """One HTTP/1.1 exchange per connection, on a raw socket (so it can misbehave on purpose)."""

    def __init__(self, port):
        self.port = port

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=120)
        sock.settimeout(120)
        return sock

    @staticmethod
    def head(path, length, content_type="application/json", extra=""):
        return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {length}\r\nConnection: close\r\n{extra}\r\n").encode()

    @staticmethod
    def read_all(sock):
        data = b""
        while True:
            try:
                piece = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not piece:
                break
            data += piece
        return data

    @staticmethod
    def status(data):
        try:
            return int(data.split(b" ", 2)[1])
        except (IndexError, ValueError):
            return None

    def exchange(self, body, content_type="application/json", slow=False):
        sock = self.connect()
        try:
            sock.sendall(self.head("/v1/chat/completions", len(body), content_type))
            try:
                if slow:
                    for start in range(0, len(body), max(1, len(body) // 6)):
                        sock.sendall(body[start:start + max(1, len(body) // 6)])
                        time.sleep(0.3)
                else:
                    sock.sendall(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server may answer (e.g. 413) before reading everything
            data = self.read_all(sock)
            return self.status(data), data
        finally:
            sock.close()

    def hang_up_mid_stream(self, body):
        """Sends a streamed request, reads a little of the answer, and closes the connection."""
        sock = self.connect()
        try:
            sock.sendall(self.head("/v1/chat/completions", len(body)) + body)
            received = b""
            while len(received) < 600:
                piece = sock.recv(4096)
                if not piece:
                    break
                received += piece
            return self.status(received), received
        finally:
            sock.close()


def workload(rng):
    """A (name, action) pair; the action returns (expected statuses, status, data)."""
    kind = rng.choices(
        ["plain", "stream", "n2", "schema", "tools", "hangup", "malformed", "oversized", "slow", "wrongtype"],
        weights=[20, 20, 8, 10, 10, 10, 6, 4, 6, 6])[0]
    seed = rng.randrange(1 << 30)
    if kind == "plain":
        return kind, lambda c: ({200}, *c.exchange(chat(f"Say something about the number {seed}.", seed=seed)))
    if kind == "stream":
        return kind, lambda c: ({200}, *c.exchange(chat(f"Count from {seed % 50}.", stream=True,
                                                         stream_options={"include_usage": True})))
    if kind == "n2":
        return kind, lambda c: ({200}, *c.exchange(chat("Name a colour.", n=2, temperature=1, seed=seed)))
    if kind == "schema":
        fmt = {"type": "json_schema", "json_schema": {"name": "person", "schema": SCHEMA, "strict": True}}
        return kind, lambda c: ({200}, *c.exchange(chat("Describe a person as JSON.", response_format=fmt,
                                                         max_tokens=64, seed=seed)))
    if kind == "tools":
        return kind, lambda c: ({200}, *c.exchange(chat("Weather in Rome?", tools=TOOLS, tool_choice="required",
                                                         max_tokens=64, stream=seed % 2 == 0)))
    if kind == "hangup":
        return kind, lambda c: ({200}, *c.hang_up_mid_stream(chat("Write a long story.", stream=True,
                                                                   max_tokens=400, ignore_eos=True)))
    if kind == "malformed":
        return kind, lambda c: ({400}, *c.exchange(b'{"model": "x", "messages": [}'))
    if kind == "oversized":
        return kind, lambda c: ({413}, *c.exchange(chat("x" * (SIZES["max_body"] + 1024))))
    if kind == "slow":
        return kind, lambda c: ({200}, *c.exchange(chat("Hello!", seed=seed), slow=True))
    return kind, lambda c: ({400, 415}, *c.exchange(chat("Hello!"), content_type="text/plain"))


SIZES = {"max_body": 1 << 20}


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def health(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    data = Client.read_all(sock)
    sock.close()
    return json.loads(data.split(b"\r\n\r\n", 1)[1] or b"{}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--minutes", type=float, required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--max-body", type=int, default=1 << 20)
    args = parser.parse_args()
    global MODEL
    MODEL = args.model
    SIZES["max_body"] = args.max_body
    deadline = time.monotonic() + args.minutes * 60
    outcomes = Counter()
    failures = []
    lock = threading.Lock()

    def run(index):
        rng = random.Random(index)
        client = Client(args.port)
        while time.monotonic() < deadline:
            kind, action = workload(rng)
            try:
                expected, status, data = action(client)
            except OSError as error:
                with lock:
                    outcomes[f"{kind} connection error"] += 1
                    failures.append(f"{kind}: {error}")
                continue
            with lock:
                outcomes[f"{kind} {status}"] += 1
                if status is None or status not in expected:
                    failures.append(f"{kind}: status {status}: {data[:300]!r}")

    start_rss = rss_kib(args.pid)
    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    first_minute = min(60, args.minutes * 60 / 2)
    time.sleep(first_minute)
    baseline_rss = rss_kib(args.pid)
    for thread in threads:
        thread.join(timeout=max(0, deadline - time.monotonic()) + 180)
    end_rss = rss_kib(args.pid)
    busy = None
    for _ in range(100):  # sequences of hung-up clients free within a step; give stragglers 10 s
        state = health(args.port)
        busy = state.get("sequences_busy")
        if busy == 0 and state.get("requests_queued") == 0:
            break
        time.sleep(0.1)

    total = sum(outcomes.values())
    server_errors = sum(count for key, count in outcomes.items() if key.split()[-1].startswith("5"))
    print(f"soak: {total} requests in {args.minutes:g} min with {args.clients} clients")
    for key in sorted(outcomes):
        print(f"  {key:32} {outcomes[key]}")
    print(f"  5xx responses: {server_errors}")
    print(f"  resident memory: start {start_rss / 1024:.0f} MiB, after {first_minute:.0f} s "
          f"{baseline_rss / 1024:.0f} MiB, end {end_rss / 1024:.0f} MiB")
    print(f"  sequences busy after the load: {busy}")
    problems = list(failures[:20])
    if server_errors:
        problems.append(f"{server_errors} responses were 5xx")
    if busy != 0:
        problems.append(f"{busy} sequences still busy after the load stopped")
    if baseline_rss and end_rss > baseline_rss * 1.10:
        problems.append(f"resident memory grew {100 * (end_rss / baseline_rss - 1):.1f} % after the first minute")
    if total == 0:
        problems.append("no request was made")
    for problem in problems:
        print(f"soak FAILED: {problem}", file=sys.stderr)
    print("soak: FAILED" if problems else "soak: passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
