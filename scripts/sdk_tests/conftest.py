"""Fixtures for the SDK tests: official clients pointed at the servers that run-sdk-tests.sh starts.

The script passes the servers by environment: CHAT_SDK_BASE_URL (an open server) and
CHAT_SDK_KEYED_URL (one started with --api-key CHAT_SDK_API_KEY), both as the server's root URL
without /v1, and CHAT_SDK_MODEL (the default model's id).

Every client has a 60 s timeout (CHAT_SDK_TIMEOUT) and no retries, so a missing route fails at
once and a stuck stream fails instead of hanging. The strict clients validate every response
against the SDK's pydantic models (`_strict_response_validation`), so a missing required field
fails there.
"""

import os

import pytest

from sdk_support import make_anthropic, make_openai


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run scripts/run-sdk-tests.sh, which starts the servers", pytrace=False)
    return value.rstrip("/")


@pytest.fixture(scope="session")
def server_root() -> str:
    return _env("CHAT_SDK_BASE_URL")


@pytest.fixture(scope="session")
def keyed_root() -> str:
    return _env("CHAT_SDK_KEYED_URL")


@pytest.fixture(scope="session")
def api_key() -> str:
    return _env("CHAT_SDK_API_KEY")


@pytest.fixture(scope="session")
def model() -> str:
    return _env("CHAT_SDK_MODEL")


@pytest.fixture(scope="session")
def claude(server_root):
    with make_anthropic(server_root) as client:
        yield client


@pytest.fixture(scope="session")
def claude_strict(server_root):
    with make_anthropic(server_root, _strict_response_validation=True) as client:
        yield client


@pytest.fixture(scope="session")
def oai(server_root):
    with make_openai(server_root) as client:
        yield client


@pytest.fixture(scope="session")
def oai_strict(server_root):
    with make_openai(server_root, _strict_response_validation=True) as client:
        yield client
