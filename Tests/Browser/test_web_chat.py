"""The web chat page at `/`, driven in headless Chromium against the real `chat-server` binary.

The server runs the default model with an API key, so the page must load without one and then
send the key typed into its settings. Run by scripts/run-browser-tests.sh (which installs
Chromium, its driver, Selenium and pytest, and builds the server); it passes:

    CHAT_SERVER_BIN   the release chat-server executable
    CHAT_MODELS_DIR   the models directory (default ~/.cache/swift-chat-completions/models)
    WEB_CHAT_OUTPUT   where the screenshot goes (default .build/test-output)
"""

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
API_KEY = "browser-test-key"
# Generous: the machine may be busy with builds; nothing here measures speed.
SLOW = 120


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_binary():
    explicit = os.environ.get("CHAT_SERVER_BIN")
    if explicit:
        return explicit
    bin_dir = subprocess.run(
        ["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    return os.path.join(bin_dir, "chat-server")


def models_dir():
    return os.environ.get("CHAT_MODELS_DIR") or os.path.expanduser("~/.cache/swift-chat-completions/models")


def http(url, key=None):
    """(status, headers, body bytes) of a GET."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"} if key else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Server:
    """A chat-server process on a free loopback port, its log in a file."""

    def __init__(self, *extra):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="chat-server-", suffix=".log", delete=False)
        args = [server_binary(), "--host", "127.0.0.1", "--port", str(self.port), "--models-dir", models_dir(),
                "--parallel", "2", "--ctx-size", "4096", *extra]
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + SLOW
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chat-server exited ({self.process.returncode}):\n{self.log_text()}")
            try:
                if http(self.url + "/health")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("chat-server did not become healthy:\n" + self.log_text())

    def health(self):
        return json.loads(http(self.url + "/health")[2])

    def log_text(self):
        return Path(self.log.name).read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.unlink(self.log.name)


@pytest.fixture(scope="module")
def server():
    instance = Server("--api-key", API_KEY)
    yield instance
    instance.stop()


@pytest.fixture(scope="module")
def downloads():
    path = tempfile.mkdtemp(prefix="web-chat-downloads-")
    yield Path(path)
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(server, downloads):
    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,860", "--force-device-scale-factor=1", "--lang=en-US"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
    })
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_script_timeout(30)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.get(server.url + "/")
    yield driver
    driver.quit()


# ---------- helpers ----------

def wait(driver, condition, timeout=SLOW, message=""):
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition(d), message)


def by_id(driver, name):
    return driver.find_element(By.ID, name)


def open_settings(driver):
    if not by_id(driver, "settings").is_displayed():
        by_id(driver, "toggle-settings").click()


def set_setting(driver, field, value):
    """Types `value` into a settings field (replacing what is there)."""
    open_settings(driver)
    element = by_id(driver, field)
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    if value:
        # Typed in pieces: send_keys of long JSON is slow but real; the page listens for input.
        element.send_keys(value)
    element.send_keys(Keys.TAB)


def reset_settings(driver):
    open_settings(driver)
    by_id(driver, "reset-settings").click()


def new_chat(driver):
    by_id(driver, "new-chat").click()
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "#messages .msg"))


def send(driver, text):
    prompt = by_id(driver, "prompt")
    prompt.send_keys(text)
    by_id(driver, "send").click()


def assistants(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#messages .msg.assistant")


def streaming(driver):
    return bool(driver.find_elements(By.CSS_SELECTOR, "#messages .msg.streaming"))


def wait_answer_done(driver):
    wait(driver, lambda d: not streaming(d) and by_id(d, "send").is_displayed(), message="answer never finished")
    return assistants(driver)[-1]


def stored(driver):
    return driver.execute_script("return JSON.parse(localStorage.getItem('webchat.conversations') || '[]')")


def current_conversation(driver):
    current = driver.execute_script("return JSON.parse(localStorage.getItem('webchat.current'))")
    return next(c for c in stored(driver) if c["id"] == current)


def import_file(driver, data):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(data, handle)
    try:
        by_id(driver, "import-file").send_keys(handle.name)
        wait(driver, lambda d: "Imported" in by_id(d, "notice").text)
    finally:
        os.unlink(handle.name)


# ---------- tests (in order: they share one browser and one server) ----------

def test_page_is_served_without_a_key_while_the_api_needs_one(server):
    status, headers, body = http(server.url + "/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    page = body.decode()
    assert "<title>chat-server</title>" in page
    # Self-contained: no script, style or image comes from anywhere else.
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    assert http(server.url + "/index.html")[0] == 200
    assert http(server.url + "/v1/models")[0] == 401
    assert http(server.url + "/v1/models", API_KEY)[0] == 200


def test_the_api_key_typed_in_settings_lists_the_models(browser, server):
    wait(browser, lambda d: "API key" in by_id(d, "notice").text, message="no 401 notice without a key")
    assert not browser.find_elements(By.CSS_SELECTOR, "#model option")
    set_setting(browser, "set-api-key", API_KEY)
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#model option"), message="models not listed")
    names = [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#model option")]
    listed = json.loads(http(server.url + "/v1/models", API_KEY)[2])["data"]
    assert names == [model["id"] for model in listed]
    assert by_id(browser, "notice").text == ""


def test_an_answer_streams_token_by_token_with_its_numbers(browser, server):
    new_chat(browser)
    reset_settings(browser)
    set_setting(browser, "set-max-tokens", "160")
    set_setting(browser, "set-extra", '{"ignore_eos": true}')
    send(browser, "Tell me a long story about a lighthouse keeper.")
    lengths = []
    deadline = time.time() + SLOW
    while time.time() < deadline:
        texts = browser.execute_script(
            "const n = document.querySelector('#messages .msg.assistant.streaming .content');"
            "return n ? n.textContent : null;")
        if texts is None:
            if lengths:
                break
        elif not lengths or len(texts) != lengths[-1]:
            lengths.append(len(texts))
        time.sleep(0.02)
    grew = [b > a for a, b in zip(lengths, lengths[1:])]
    assert len(lengths) >= 4 and all(grew), f"streamed lengths seen: {lengths}"
    answer = wait_answer_done(browser)
    final = answer.find_element(By.CSS_SELECTOR, ".content").text
    assert len(final) >= lengths[-1] > 0
    stats = answer.find_element(By.CSS_SELECTOR, ".stats").text
    assert re.search(r"first token \d+ ms", stats), stats
    assert re.search(r"[\d.]+ tok/s", stats), stats
    assert re.search(r"prompt \d+ tokens \(\d+ cached\)", stats), stats
    assert "160 generated" in stats and "finish: length" in stats, stats
    # The page's rate is the server's own, measured from the other end (loose: network, rendering).
    page_rate = float(re.search(r"([\d.]+) tok/s", stats).group(1))
    logged = re.findall(r"completion=160 .*?tokens_per_second=([\d.]+)", server.log_text())
    assert logged, server.log_text()[-2000:]
    assert 0.25 < page_rate / float(logged[-1]) < 4, (page_rate, logged)


def test_stop_aborts_the_request_and_the_server_frees_the_sequence(browser, server):
    new_chat(browser)
    reset_settings(browser)
    set_setting(browser, "set-max-tokens", "3500")
    set_setting(browser, "set-extra", '{"ignore_eos": true}')
    send(browser, "Count from one to one thousand in words.")
    wait(browser, lambda d: len(d.execute_script(
        "const n = document.querySelector('#messages .msg.streaming .content'); return n ? n.textContent : ''")) > 30)
    assert server.health()["sequences_busy"] == 1
    by_id(browser, "stop").click()
    answer = wait_answer_done(browser)
    assert "stopped" in answer.find_element(By.CSS_SELECTOR, ".stats").text
    wait(browser, lambda _: server.health()["sequences_busy"] == 0, message="sequence still busy after Stop")
    # The server saw the client go away and ended the generation early, far short of 3500 tokens.
    match = re.search(r"ended early \(.*?\) after (\d+) tokens", server.log_text())
    assert match and int(match.group(1)) < 3500, server.log_text()[-2000:]
    assert current_conversation(browser)["messages"][-1]["meta"]["finishReason"].startswith("stopped")


def test_regenerate_and_edit_replace_the_answer(browser):
    reset_settings(browser)
    set_setting(browser, "set-max-tokens", "24")
    before = stored(browser)
    first_answer = current_conversation(browser)["messages"][1]["content"]
    browser.find_element(By.CSS_SELECTOR, "#messages .msg.user .regenerate").click()
    answer = wait_answer_done(browser)
    messages = current_conversation(browser)["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert messages[1]["content"] != first_answer and messages[1]["meta"]["finishReason"] in ("stop", "length")
    assert "finish: " in answer.find_element(By.CSS_SELECTOR, ".stats").text
    assert len(stored(browser)) == len(before)
    # Edit the user turn: its text changes and a new answer replaces the old one.
    browser.find_element(By.CSS_SELECTOR, "#messages .msg.user .edit-turn").click()
    area = browser.find_element(By.CSS_SELECTOR, "#messages .edit-text")
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys("What is the capital of France?")
    browser.find_element(By.CSS_SELECTOR, "#messages .save-edit").click()
    wait_answer_done(browser)
    messages = current_conversation(browser)["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert messages[0]["content"] == "What is the capital of France?"
    assert browser.find_element(By.CSS_SELECTOR, "#messages .msg.user .content").text == messages[0]["content"]


def test_http_errors_are_shown_in_openai_terms(browser):
    new_chat(browser)
    reset_settings(browser)
    set_setting(browser, "set-temperature", "7")
    send(browser, "Hello")
    answer = wait_answer_done(browser)
    error = answer.find_element(By.CSS_SELECTOR, ".error").text
    assert error.startswith("Error 400 (invalid_request_error, param temperature"), error
    reset_settings(browser)


MARKDOWN = """# Release notes

Some **bold**, some *emphasis* and `inline code`; see [the docs](https://example.com/docs).

- first item
- second item

```python
def greet(name):
    return f"<b>{name}</b>"
```

<script>window.__injected = 'script'</script>
<img src=x onerror="window.__injected = 'img'">
[bad link](javascript:window.__injected='link')
"""


def test_markdown_renders_as_elements_and_html_stays_text(browser):
    import_file(browser, {"format": "chat-server.conversations", "version": 1, "conversations": [{
        "id": "imported-markdown", "title": "Markdown sample",
        "messages": [{"role": "user", "content": "Show me <i>markdown</i>"},
                     {"role": "assistant", "content": MARKDOWN, "meta": {"finishReason": "stop"}}]}]})
    answer = assistants(browser)[-1]
    content = answer.find_element(By.CSS_SELECTOR, ".content")
    assert content.find_element(By.CSS_SELECTOR, "h1").text == "Release notes"
    assert content.find_element(By.CSS_SELECTOR, "strong").text == "bold"
    assert content.find_element(By.CSS_SELECTOR, "em").text == "emphasis"
    assert content.find_element(By.CSS_SELECTOR, "p code").text == "inline code"
    assert [li.text for li in content.find_elements(By.CSS_SELECTOR, "ul li")] == ["first item", "second item"]
    link = content.find_element(By.CSS_SELECTOR, "a")
    assert link.get_attribute("href") == "https://example.com/docs"
    assert len(content.find_elements(By.CSS_SELECTOR, "a")) == 1  # the javascript: link is only text
    code = content.find_element(By.CSS_SELECTOR, ".codeblock pre code")
    assert code.get_attribute("textContent") == 'def greet(name):\n    return f"<b>{name}</b>"'
    assert content.find_element(By.CSS_SELECTOR, ".codeblock .bar span").text == "python"
    copy = content.find_element(By.CSS_SELECTOR, ".codeblock button.copy")
    copy.click()
    wait(browser, lambda _: copy.text == "Copied")
    # Model output is text: no element was made from it, nothing ran, no dialog opened.
    messages = by_id(browser, "messages")
    for tag in ["script", "img", "b", "i", "iframe"]:
        assert not messages.find_elements(By.TAG_NAME, tag), tag
    assert browser.execute_script("return window.__injected === undefined")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
    text = content.text
    assert "<script>window.__injected = 'script'</script>" in text
    assert "<img src=x onerror=\"window.__injected = 'img'\">" in text
    assert browser.find_element(By.CSS_SELECTOR, "#messages .msg.user .content").text == "Show me <i>markdown</i>"


def test_structured_output_follows_the_schema(browser):
    new_chat(browser)
    reset_settings(browser)
    set_setting(browser, "set-max-tokens", "120")
    schema = {"type": "object", "properties": {"city": {"type": "string", "maxLength": 24}}, "required": ["city"],
              "additionalProperties": False}
    set_setting(browser, "set-schema", json.dumps(schema))
    send(browser, "Name a city in Italy.")
    wait_answer_done(browser)
    answer = current_conversation(browser)["messages"][-1]
    assert "error" not in answer, answer
    value = json.loads(answer["content"])
    assert list(value) == ["city"] and isinstance(value["city"], str)
    reset_settings(browser)


def test_a_tool_call_is_answered_with_the_typed_mock_result(browser):
    new_chat(browser)
    reset_settings(browser)
    set_setting(browser, "set-max-tokens", "100")
    tools = [{"type": "function", "function": {
        "name": "get_weather", "description": "Current weather in a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string", "maxLength": 20}},
                       "required": ["city"], "additionalProperties": False}}}]
    set_setting(browser, "set-tools", json.dumps(tools))
    set_setting(browser, "set-mocks", json.dumps({"get_weather": '{"celsius": 21, "sky": "clear"}'}))
    set_setting(browser, "set-extra", '{"tool_choice": "required", "parallel_tool_calls": false}')
    send(browser, "What is the weather in Paris?")
    answer = wait_answer_done(browser)
    assert "get_weather" in answer.find_element(By.CSS_SELECTOR, ".toolcall strong").text
    result = answer.find_element(By.CSS_SELECTOR, "textarea.tool-result")
    assert result.get_attribute("value") == '{"celsius": 21, "sky": "clear"}'
    result.send_keys(Keys.CONTROL, "a")
    result.send_keys('{"celsius": 19, "sky": "rain"}')
    # The continuation may answer in text.
    set_setting(browser, "set-extra", "")
    answer.find_element(By.CSS_SELECTOR, "button.send-tool-results").click()
    wait_answer_done(browser)
    messages = current_conversation(browser)["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "tool", "assistant"], messages
    assert messages[1]["tool_calls"][0]["function"]["name"] == "get_weather"
    assert messages[2]["tool_call_id"] == messages[1]["tool_calls"][0]["id"]
    assert messages[2]["content"] == '{"celsius": 19, "sky": "rain"}'
    assert "error" not in messages[3] and messages[3]["meta"].get("finishReason"), messages[3]
    assert browser.find_element(By.CSS_SELECTOR, "#messages .msg.tool").text.endswith('{"celsius": 19, "sky": "rain"}')
    reset_settings(browser)


def test_export_writes_every_conversation(browser, downloads):
    by_id(browser, "export").click()
    target = downloads / "conversations.json"
    wait(browser, lambda _: target.exists() and target.stat().st_size > 0)
    data = json.loads(target.read_text())
    assert data["format"] == "chat-server.conversations"
    assert {c["id"] for c in data["conversations"]} == {c["id"] for c in stored(browser)}


def test_a_reload_keeps_conversations_model_and_settings(browser):
    before = stored(browser)
    assert len(before) >= 5
    models = Select(by_id(browser, "model"))
    first = models.first_selected_option.get_attribute("value")
    other = next(o.get_attribute("value") for o in models.options if o.get_attribute("value") != first)
    models.select_by_value(other)
    browser.refresh()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#model option"))
    models = Select(by_id(browser, "model"))
    assert models.first_selected_option.get_attribute("value") == other
    models.select_by_value(first)
    titles = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#conversations li .title")]
    assert len(titles) == len(before) and "Markdown sample" in titles
    assert by_id(browser, "set-api-key").get_attribute("value") == API_KEY
    item = next(li for li in browser.find_elements(By.CSS_SELECTOR, "#conversations li")
                if li.get_attribute("data-id") == "imported-markdown")
    item.click()
    code = browser.find_element(By.CSS_SELECTOR, "#messages .codeblock pre code")
    assert code.get_attribute("textContent").startswith("def greet(name):")


def test_screenshot_of_a_short_conversation(browser):
    new_chat(browser)
    reset_settings(browser)
    set_setting(browser, "set-max-tokens", "120")
    set_setting(browser, "set-temperature", "0.2")
    set_setting(browser, "set-seed", "7")
    send(browser, "Write a Python function that adds two numbers, in a code block.")
    wait_answer_done(browser)
    by_id(browser, "toggle-settings").click()
    output = Path(os.environ.get("WEB_CHAT_OUTPUT") or ROOT / ".build" / "test-output")
    output.mkdir(parents=True, exist_ok=True)
    path = output / "web-chat.png"
    assert browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000


def test_no_web_ui_turns_the_page_off():
    server = Server("--no-web-ui")
    try:
        status, headers, body = http(server.url + "/")
        assert status == 404
        error = json.loads(body)["error"]
        assert error["message"] and error["type"]
        assert http(server.url + "/health")[0] == 200
    finally:
        server.stop()
