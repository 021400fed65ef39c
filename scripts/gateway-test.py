#!/usr/bin/env python3
"""Scale-out test: two chat-server replicas behind SGLang Model Gateway (smg, cache-aware routing),
driven through the gateway with the project's own Swift client (the `chat` command).

Checks: both replicas serve; a repeated long prompt lands where its prefix is cached
(`cached_tokens` > 0); streaming works through the gateway; after one replica is killed, every
later request still succeeds; the gateway lists the default model. Loopback only.

Usage: gateway-test.py --bin DIR --smg PATH --models DIR
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
import urllib.request

DEFAULT_MODEL = None  # set from --model


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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

    def start(self):
        for index in range(2):
            port = free_port()
            log = os.path.join(self.directory, f"replica-{index}.log")
            process = subprocess.Popen(
                [os.path.join(self.args.bin, "chat-server"), "--port", str(port), "--models-dir", self.args.models,
                 "--parallel", "2"],
                stdout=open(log, "w"), stderr=subprocess.STDOUT)
            self.replicas.append((port, process, log))
        for port, _, _ in self.replicas:
            wait_for(f"http://127.0.0.1:{port}/health")
        urls = [f"http://127.0.0.1:{port}" for port, _, _ in self.replicas]
        self.gateway_log = os.path.join(self.directory, "gateway.log")
        self.gateway = subprocess.Popen(
            [self.args.smg, "launch", "--host", "127.0.0.1", "--port", str(self.gateway_port), "--worker-urls", *urls,
             "--policy", "cache_aware", "--prometheus-host", "127.0.0.1", "--prometheus-port", str(free_port()),
             "--health-check-interval-secs", "2"],
            stdout=open(self.gateway_log, "w"), stderr=subprocess.STDOUT)
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

    def stop(self):
        for process in [self.gateway] + [process for _, process, _ in self.replicas]:
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [self.gateway] + [process for _, process, _ in self.replicas]:
            if process:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--smg", required=True)
    parser.add_argument("--models", required=True)
    parser.add_argument("--model", required=True, help="the default model's id")
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
