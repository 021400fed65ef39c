#!/usr/bin/env python3
"""Scale-out test: two chat-server replicas behind SGLang Model Gateway (smg, cache-aware routing),
driven through the gateway with the project's own Swift client (the `chat` command).

Checks: both replicas serve; a repeated long prompt lands where its prefix is cached
(`cached_tokens` > 0); streaming works through the gateway; after one replica is killed, every
later request still succeeds; the gateway lists the default model. Loopback only.

Stored responses: both replicas keep them in one PostgreSQL database (--postgres, a URL from
scripts/postgres.sh), so a response created on replica 0 is retrieved and continued
(previous_response_id) on replica 1 and back, and a killed replica restarted still has them.
Through the gateway: smg 1.13 forwards POST /v1/responses to a replica (adding SGLang's sampling
members, which the Responses API takes), so a conversation continues through it; it answers
GET/DELETE /v1/responses/{id} from its own history store, not from the replicas (checked as such:
retrieve stored responses from a replica).

Usage: gateway-test.py --bin DIR --smg PATH --models DIR --model ID --postgres URL
"""
import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

DEFAULT_MODEL = None  # set from --model


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_json(method, url, body=None, timeout=180):
    """(status, parsed JSON body or None) of one request."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, None


def wait_for(url, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200 within {seconds} s")


class Cluster:
    def __init__(self, args):
        self.args = args
        self.directory = tempfile.mkdtemp(prefix="gateway-test-")
        self.replicas = []  # (port, process, log path)
        self.gateway = None
        self.gateway_port = free_port()

    def launch_replica(self, index, port):
        """Starts replica `index` on `port` (its log appended to), keeping its responses in the shared database."""
        log = os.path.join(self.directory, f"replica-{index}.log")
        process = subprocess.Popen(
            [os.path.join(self.args.bin, "chat-server"), "--port", str(port), "--models-dir", self.args.models,
             "--parallel", "2", "--responses-store", self.args.postgres],
            stdout=open(log, "a"), stderr=subprocess.STDOUT)
        return port, process, log

    def start(self):
        for index in range(2):
            self.replicas.append(self.launch_replica(index, free_port()))
        for port, _, _ in self.replicas:
            wait_for(f"http://127.0.0.1:{port}/health")
        urls = [f"http://127.0.0.1:{port}" for port, _, _ in self.replicas]
        self.gateway_log = os.path.join(self.directory, "gateway.log")
        self.gateway = subprocess.Popen(
            [self.args.smg, "launch", "--host", "127.0.0.1", "--port", str(self.gateway_port), "--worker-urls", *urls,
             "--policy", "cache_aware", "--prometheus-host", "127.0.0.1", "--prometheus-port", str(free_port()),
             "--health-check-interval-secs", "2"],
            stdout=open(self.gateway_log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(f"http://127.0.0.1:{self.gateway_port}/v1/models")
        # The gateway registers workers in the background; wait until it routes to the default model.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if DEFAULT_MODEL in self.gateway_models():
                return
            time.sleep(0.5)
        raise RuntimeError(f"the gateway never listed {DEFAULT_MODEL}: {self.gateway_models()}")

    def gateway_models(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.gateway_port}/v1/models", timeout=10) as response:
            return [entry["id"] for entry in json.load(response)["data"]]

    def chat(self, prompt, stream=False, extra=()):
        command = [os.path.join(self.args.bin, "chat"), "--base-url", f"http://127.0.0.1:{self.gateway_port}/v1",
                   "--model", DEFAULT_MODEL, "--max-tokens", "12", "--raw", *extra]
        if not stream:
            command.append("--no-stream")
        result = subprocess.run(command + [prompt], capture_output=True, text=True, timeout=180)
        if result.returncode != 0:
            raise RuntimeError(f"chat failed ({result.returncode}): {result.stderr.strip()[-500:]}")
        return result.stdout

    def served(self):
        """Completions each replica has logged so far."""
        counts = []
        for _, _, log in self.replicas:
            with open(log) as handle:
                counts.append(len(re.findall(r"chatcmpl-\w+ model=", handle.read())))
        return counts

    def replica_url(self, index):
        return f"http://127.0.0.1:{self.replicas[index][0]}"

    def stop(self):
        # smg's launcher runs the router as a child that outlives it: signal the gateway's whole group.
        if self.gateway and self.gateway.poll() is None:
            try:
                os.killpg(self.gateway.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in [process for _, process, _ in self.replicas]:
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [self.gateway] + [process for _, process, _ in self.replicas]:
            if process:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def stored_responses(cluster, check):
    """Replica 0 and replica 1 share one conversation through the database; then what smg does with it.
    Returns the first response (or None)."""
    def create(base, text, previous=None):
        body = {"model": DEFAULT_MODEL, "input": text, "max_output_tokens": 16, "temperature": 0}
        if previous:
            body["previous_response_id"] = previous
        return http_json("POST", f"{base}/v1/responses", body)

    def input_tokens(response):
        return ((response or {}).get("usage") or {}).get("input_tokens", 0)

    zero, one = cluster.replica_url(0), cluster.replica_url(1)
    status, first = create(zero, "My name is Ada. Say hello.")
    check("a response is created on replica 0", status == 200, f"status {status}: {str(first)[:300]}")
    if status != 200:
        return None
    status, fetched = http_json("GET", f"{one}/v1/responses/{first['id']}")
    check("replica 1 retrieves it", status == 200 and fetched == first, f"status {status}: {str(fetched)[:300]}")
    status, second = create(one, "What is my name?", first["id"])
    check("replica 1 continues it (previous_response_id), reading replica 0's turn",
          status == 200 and input_tokens(second) > input_tokens(first),
          f"status {status}, input_tokens {input_tokens(second)} vs {input_tokens(first)}: {str(second)[:300]}")
    if status != 200:
        return first
    status, third = create(zero, "Thanks.", second["id"])
    check("replica 0 continues replica 1's turn", status == 200 and input_tokens(third) > input_tokens(second),
          f"status {status}: {str(third)[:300]}")

    # Through the gateway: smg forwards POST /v1/responses to a replica with SGLang's sampling
    # members added (min_p, top_k -1, repetition_penalty, priority 0), which the Responses API takes;
    # whichever replica gets it reads the conversation from the shared database.
    gateway = f"http://127.0.0.1:{cluster.gateway_port}"
    status, continued = create(gateway, "And my name again?", second["id"])
    check("the gateway continues a stored conversation on either replica",
          status == 200 and input_tokens(continued) > input_tokens(second),
          f"status {status}: {str(continued)[:300]}")
    # smg answers GET /v1/responses/{id} from its own history store, which forwarded responses never enter.
    status, fetched = http_json("GET", f"{gateway}/v1/responses/{first['id']}")
    if status == 200:
        check("the gateway retrieves a stored response", fetched == first, str(fetched)[:300])
    else:
        code = ((fetched or {}).get("error") or {}).get("code")
        print(f"note: through smg, GET /v1/responses/{{id}} is answered by smg's own history store: {status} {code}")
        check("through the gateway, GET /v1/responses/{id} is smg's own not_found (not a replica's)",
              status == 404 and code == "not_found", f"status {status}: {str(fetched)[:300]}")
    return first


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--smg", required=True)
    parser.add_argument("--models", required=True)
    parser.add_argument("--model", required=True, help="the default model's id")
    parser.add_argument("--postgres", required=True,
                        help="postgres:// URL of the database the replicas share (scripts/postgres.sh start DIR)")
    args = parser.parse_args()
    global DEFAULT_MODEL
    DEFAULT_MODEL = args.model
    cluster = Cluster(args)
    results = []

    def check(name, condition, detail=""):
        results.append((name, bool(condition)))
        print(f"{'ok  ' if condition else 'FAIL'} {name}" + (f": {detail}" if detail and not condition else ""))

    try:
        cluster.start()
        check("the gateway lists the default model", DEFAULT_MODEL in cluster.gateway_models(),
              str(cluster.gateway_models()))

        # Distinct prompts at once: the gateway spreads them over both replicas.
        processes = [subprocess.Popen(
            [os.path.join(args.bin, "chat"), "--base-url", f"http://127.0.0.1:{cluster.gateway_port}/v1",
             "--model", DEFAULT_MODEL, "--max-tokens", "8", "--no-stream", "--raw",
             f"Question {index}: name a {['colour', 'fruit', 'city', 'river'][index % 4]} starting with {chr(65 + index)}."],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for index in range(8)]
        outputs = [process.communicate(timeout=180) for process in processes]
        check("concurrent requests through the gateway succeed",
              all(process.returncode == 0 for process in processes), str([err[-200:] for _, err in outputs]))
        served = cluster.served()
        check("both replicas serve", all(count > 0 for count in served), f"completions per replica: {served}")

        # A long shared prefix, sent twice: cache-aware routing sends the repeat where it is cached.
        story = " ".join(f"Line {index} of the harbour log says the tide was high." for index in range(40))
        first = json.loads(cluster.chat(f"Summarise this log. {story}"))
        second = json.loads(cluster.chat(f"Summarise this log. {story}"))
        cached = (second.get("usage") or {}).get("prompt_tokens_details", {}).get("cached_tokens", 0)
        check("a repeated long prompt is served from the cache", cached > 0,
              f"cached_tokens {cached} of {second.get('usage')}; first {first.get('usage')}")

        # Streaming through the gateway: several chunks, content, and the end marker handled.
        streamed = cluster.chat("Count from one to five.", stream=True)
        chunks = [json.loads(line) for line in streamed.splitlines() if line.startswith("{")]
        text = "".join((choice.get("delta") or {}).get("content") or "" for chunk in chunks
                       for choice in chunk.get("choices", []))
        check("streaming works through the gateway", len(chunks) >= 3 and text, f"{len(chunks)} chunks")

        first = stored_responses(cluster, check)

        # One replica dies; every request sent after that still succeeds.
        port, process, _ = cluster.replicas[0]
        process.kill()
        process.wait()
        failures = []
        for index in range(6):
            try:
                cluster.chat(f"After the failure, request {index}: say hello.")
            except RuntimeError as error:
                failures.append(str(error))
        check("requests after a replica dies all succeed", not failures, "; ".join(failures)[:600])

        # Restarted, it finds the conversations in the database.
        cluster.replicas[0] = cluster.launch_replica(0, port)
        wait_for(f"{cluster.replica_url(0)}/health")
        if first:
            status, again = http_json("GET", f"{cluster.replica_url(0)}/v1/responses/{first['id']}")
            check("a restarted replica still has the stored responses", status == 200 and again == first,
                  f"status {status}: {str(again)[:300]}")
    except Exception as error:  # a broken set-up is a failure too, with its reason
        check("the cluster runs", False, repr(error))
    finally:
        cluster.stop()
    failed = [name for name, ok in results if not ok]
    if failed:
        print(f"gateway test FAILED ({len(failed)} of {len(results)} checks); logs in {cluster.directory}",
              file=sys.stderr)
        for log in [cluster.gateway_log] if hasattr(cluster, "gateway_log") else []:
            with open(log) as handle:
                print("gateway log (last 30 lines):", *handle.readlines()[-30:], sep="\n", file=sys.stderr)
        return 1
    print(f"gateway test: all {len(results)} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
