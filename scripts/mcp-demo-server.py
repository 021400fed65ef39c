#!/usr/bin/env python3
"""A small Model Context Protocol server over stdio, with no dependencies: JSON-RPC 2.0, one message
per line. It offers three tools, for trying `chat --mcp` and for the tests:

- add(a, b): the sum of two integers;
- word_count(text): how many words a text has;
- secret_word(): a word only this server knows (so a test can tell its result from a guess).

With MCP_DEMO_LOG set, every request and the end of input are appended to that file, one JSON line each.

    chat --mcp "python3 scripts/mcp-demo-server.py"
"""
import json
import os
import sys

TOOLS = [
    {
        "name": "add",
        "description": "Adds two integers.",
        "inputSchema": {
            "type": "object",
            "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
            "required": ["a", "b"],
            "additionalProperties": False,
        },
    },
    {
        "name": "word_count",
        "description": "Counts the words of a text.",
        "inputSchema": {
            "type": "object",
            "properties": {"text": {"type": "string"}},
            "required": ["text"],
            "additionalProperties": False,
        },
    },
    {
        "name": "secret_word",
        "description": "Tells the secret word.",
        "inputSchema": {"type": "object", "properties": {}, "additionalProperties": False},
    },
]


def log(entry):
    path = os.environ.get("MCP_DEMO_LOG")
    if path:
        with open(path, "a") as file:
            file.write(json.dumps(entry) + "\n")


def call(name, arguments):
    """The result of a tool call: (text, is_error)."""
    if name == "add":
        a, b = arguments.get("a"), arguments.get("b")
        if not isinstance(a, int) or not isinstance(b, int):
            return "add needs two integers, a and b", True
        return str(a + b), False
    if name == "word_count":
        text = arguments.get("text")
        if not isinstance(text, str):
            return "word_count needs a text", True
        return str(len(text.split())), False
    if name == "secret_word":
        return "periwinkle", False
    raise LookupError(name)


def answer(request):
    method = request.get("method")
    params = request.get("params") or {}
    if method == "initialize":
        return {
            "protocolVersion": params.get("protocolVersion", "2025-06-18"),
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "mcp-demo-server", "version": "1.0"},
        }
    if method == "ping":
        return {}
    if method == "tools/list":
        return {"tools": TOOLS}
    if method == "tools/call":
        try:
            text, is_error = call(params.get("name"), params.get("arguments") or {})
        except LookupError:
            raise ValueError(-32602, "Unknown tool: %s" % params.get("name"))
        return {"content": [{"type": "text", "text": text}], "isError": is_error}
    raise ValueError(-32601, "Method not found: %s" % method)


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except json.JSONDecodeError:
            reply = {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}}
            sys.stdout.write(json.dumps(reply) + "\n")
            sys.stdout.flush()
            continue
        log(request)
        if "id" not in request:
            continue  # a notification
        try:
            reply = {"jsonrpc": "2.0", "id": request["id"], "result": answer(request)}
        except ValueError as error:
            code, message = error.args
            reply = {"jsonrpc": "2.0", "id": request["id"], "error": {"code": code, "message": message}}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    log({"end": True})


if __name__ == "__main__":
    main()
