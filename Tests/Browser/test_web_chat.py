"""The web chat page at `/`, driven in headless Chromium against the real `chat-server` binary.

The server runs the default model with an API key, so the page must load without one and then
send the key typed into its settings. Run by scripts/run-browser-tests.sh (which installs
Chromium, its driver, Selenium and pytest, and builds the server); it passes:

    CHAT_SERVER_BIN   the release chat-server executable
    CHAT_MODELS_DIR   the models directory (default ~/.cache/swift-chat-completions/models)
    WEB_CHAT_OUTPUT   where the screenshots go (default .build/test-output): web-chat.png (desktop),
                      web-chat-phone.png, web-chat-phone-chats.png and web-chat-phone-settings.png
                      (390x844)
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
from selenium.webdriver.common.action_chains import ActionChains
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


def import_path(driver, path):
    """Imports a file; returns the notice it gave."""
    driver.execute_script("document.getElementById('notice').textContent = ''")
    by_id(driver, "import-file").send_keys(str(path))
    wait(driver, lambda d: "Import" in by_id(d, "notice").text, message="no notice after the import")
    return by_id(driver, "notice").text


def import_file(driver, data):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(data, handle)
    try:
        text = import_path(driver, handle.name)
        assert text.startswith("Imported"), text
        # Good news is not shown in the error colour.
        assert by_id(driver, "notice").get_attribute("class") == "ok"
        assert by_id(driver, "notice").value_of_css_property("color") != "rgba(179, 38, 30, 1)"
        return text
    finally:
        os.unlink(handle.name)


def export_file(driver, downloads):
    """Clicks Export; returns the path of the file it wrote."""
    for old in downloads.glob("conversations*.json"):
        old.unlink()
    by_id(driver, "export").click()
    target = downloads / "conversations.json"
    wait(driver, lambda _: target.exists() and target.stat().st_size > 0 and json.loads(target.read_text()))
    return target


def chat_item(driver, conversation_id):
    return driver.find_element(By.CSS_SELECTOR, f'#conversations li[data-id="{conversation_id}"]')


def current_id(driver):
    return driver.execute_script("return JSON.parse(localStorage.getItem('webchat.current'))")


def streamed_text(driver):
    return driver.execute_script(
        "const n = document.querySelector('#messages .msg.streaming .content'); return n ? n.textContent : ''")


def output_dir():
    path = Path(os.environ.get("WEB_CHAT_OUTPUT") or ROOT / ".build" / "test-output")
    path.mkdir(parents=True, exist_ok=True)
    return path


SCREEN = {"width": 1280}   # the width of the screen emulated now, in CSS pixels


def phone(driver):
    """A 390x844 phone (CSS pixels, touch viewport)."""
    SCREEN["width"] = 390
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    wait(driver, lambda d: d.execute_script("return innerWidth") == 390)


def viewport(driver, width, height):
    SCREEN["width"] = width
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    wait(driver, lambda d: d.execute_script("return innerWidth") == width)


def desktop(driver):
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    wait(driver, lambda d: d.execute_script("return innerWidth") > 1000)
    SCREEN["width"] = driver.execute_script("return innerWidth")


# Problems with the layout: the page wider than the viewport, or a visible control under `root`
# (default: the whole page) that, scrolled into view the way a user scrolls (its own panel only),
# does not lie wholly inside the viewport and inside its scrolling panel, or is covered by something
# else at its centre.
LAYOUT_PROBLEMS = r"""
const root = arguments[0] || document.body;
const W = arguments[1], H = innerHeight, problems = [];
const page = document.scrollingElement;
// A phone widens its layout viewport to fit a page that is too wide (and zooms out).
if (innerWidth !== W) problems.push("the viewport is " + innerWidth + "px wide on a " + W + "px screen");
if (page.scrollWidth > W) problems.push("the page is " + page.scrollWidth + "px wide on a " + W + "px screen");
const name = (e) => (e.id ? "#" + e.id : e.tagName.toLowerCase() + (e.className ? "." + String(e.className).trim().split(/\s+/).join(".") : ""))
  + (e.textContent.trim() ? " '" + e.textContent.trim().slice(0, 24) + "'" : "");
const scrolls = (s) => /auto|scroll/.test(s.overflowX + " " + s.overflowY);
const scrollsX = (p) => /auto|scroll/.test(getComputedStyle(p).overflowX);
const scrollsY = (p) => /auto|scroll/.test(getComputedStyle(p).overflowY);
let checked = 0;
for (const e of root.querySelectorAll("button, input, select, textarea, summary, a[href]")) {
  if (!e.getClientRects().length || getComputedStyle(e).visibility === "hidden") continue;
  checked++;
  let panel = null;
  for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
    if (scrolls(getComputedStyle(p))) { panel = p; break; }
  }
  e.scrollIntoView({ block: "nearest", inline: "nearest" });
  // Only a panel that scrolls that way may have moved: anything else is out of a user's reach.
  for (let p = e.parentElement; p; p = p.parentElement) {
    if (p === page) continue;
    if ((p.scrollLeft && !scrollsX(p)) || (p.scrollTop && !scrollsY(p))) {
      problems.push(name(e) + " is reachable only by scrolling " + name(p) + " in a way it does not scroll");
      p.scrollLeft = 0;
    }
  }
  if (scrollX || scrollY) { problems.push(name(e) + " needs the page itself scrolled"); scrollTo(0, 0); }
  const r = e.getBoundingClientRect();
  if (r.left < -0.5 || r.top < -0.5 || r.right > W + 0.5 || r.bottom > H + 0.5) {
    problems.push(name(e) + " sticks out of the viewport: " + JSON.stringify([r.left, r.top, r.right, r.bottom]));
    continue;
  }
  if (panel) {
    const b = panel.getBoundingClientRect();
    if (r.left < b.left - 0.5 || r.right > b.right + 0.5) problems.push(name(e) + " is cut off by " + name(panel));
  }
  const first = e.getClientRects()[0];   // a link may wrap: its first line
  const hit = document.elementFromPoint(first.left + first.width / 2, first.top + first.height / 2);
  if (!hit || !(hit === e || e.contains(hit))) problems.push(name(e) + " is covered by " + (hit ? name(hit) : "nothing"));
}
if (!checked) problems.push("no visible control");
return problems;
"""


def made_from_text(driver):
    """Elements the page never makes itself (so made from some text) anywhere in the page's UI."""
    return driver.find_elements(By.CSS_SELECTOR, ", ".join(
        f"#{part} {tag}" for part in ["sidebar", "main", "toast"] for tag in ["script", "img", "iframe", "b", "i", "object"]))


def layout_problems(driver, root=None):
    return driver.execute_script(LAYOUT_PROBLEMS, root, SCREEN["width"])


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
    assert not re.search(r"https?://", re.sub(r"<!--.*?-->", "", page)), "the page names another site"
    assert http(server.url + "/index.html")[0] == 200
    assert http(server.url + "/v1/models")[0] == 401
    assert http(server.url + "/v1/models", API_KEY)[0] == 200


def test_the_api_key_typed_in_settings_lists_the_models(browser, server):
    wait(browser, lambda d: "API key" in by_id(d, "notice").text, message="no 401 notice without a key")
    assert "error" in by_id(browser, "notice").get_attribute("class")
    assert not browser.find_elements(By.CSS_SELECTOR, "#model option")
    set_setting(browser, "set-api-key", API_KEY)
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#model option"), message="models not listed")
    names = [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#model option")]
    listed = json.loads(http(server.url + "/v1/models", API_KEY)[2])["data"]
    assert names == [model["id"] for model in listed]
    assert by_id(browser, "notice").text == ""
    # A model without a chat template (the server's `meta.chat_template`) is marked as a base
    # model, with a hint while it is picked.
    bases = [model["id"] for model in listed if model["meta"]["chat_template"] is False]
    assert bases and len(bases) < len(listed), listed
    marked = browser.find_elements(By.CSS_SELECTOR, "#model option[data-base]")
    assert [o.get_attribute("value") for o in marked] == bases
    assert marked[0].text == bases[0] + " \u2014 base model (no chat template)"
    hint = by_id(browser, "model-hint")
    models = Select(by_id(browser, "model"))
    first = models.first_selected_option.get_attribute("value")
    assert first not in bases and not hint.is_displayed()
    models.select_by_value(bases[0])
    wait(browser, lambda _: hint.is_displayed())
    assert "base model with no chat template" in hint.text and "continues the text" in hint.text
    models.select_by_value(first)
    wait(browser, lambda _: not hint.is_displayed())


def test_an_answer_streams_token_by_token_with_its_numbers(browser, server):
    new_chat(browser)
    reset_settings(browser)
    # The default answer limit: a runaway answer ends at 1024 tokens.
    assert by_id(browser, "set-max-tokens").get_attribute("value") == "1024"
    set_setting(browser, "set-max-tokens", "160")
    set_setting(browser, "set-extra", '{"ignore_eos": true}')
    send(browser, "Tell me a long story about a lighthouse keeper.")
    lengths = []
    counts = []
    deadline = time.time() + SLOW
    while time.time() < deadline:
        seen = browser.execute_script(
            "const n = document.querySelector('#messages .msg.assistant.streaming');"
            "return n ? [n.querySelector('.content').textContent, n.querySelector('.stats.live')?.textContent] : null;")
        if seen is None:
            if lengths:
                break
        else:
            text, live = seen
            if not lengths or len(text) != lengths[-1]:
                lengths.append(len(text))
            match = re.search(r"(\d+) tokens", live or "")
            if match and (not counts or int(match.group(1)) != counts[-1]):
                counts.append(int(match.group(1)))
                assert "limit 160" in live, live
        time.sleep(0.02)
    grew = [b > a for a, b in zip(lengths, lengths[1:])]
    assert len(lengths) >= 4 and all(grew), f"streamed lengths seen: {lengths}"
    # A live token count while the answer streams.
    assert len(counts) >= 4 and counts == sorted(counts) and counts[-1] > 20, f"live counts seen: {counts}"
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
    wait(browser, lambda d: len(streamed_text(d)) > 30)
    assert server.health()["sequences_busy"] == 1
    by_id(browser, "stop").click()
    answer = wait_answer_done(browser)
    stats = answer.find_element(By.CSS_SELECTOR, ".stats").text
    assert "stopped" in stats
    # A stopped answer has no usage from the server: the tokens counted so far are shown.
    counted = re.search(r"~(\d+) generated", stats)
    assert counted and int(counted.group(1)) > 5, stats
    wait(browser, lambda _: server.health()["sequences_busy"] == 0, message="sequence still busy after Stop")
    # The server saw the client go away and ended the generation early, far short of 3500 tokens.
    match = re.search(r"ended early \(.*?\) after (\d+) tokens", server.log_text())
    assert match and int(match.group(1)) < 3500, server.log_text()[-2000:]
    assert current_conversation(browser)["messages"][-1]["meta"]["finishReason"].startswith("stopped")


def test_regenerate_and_edit_keep_the_old_answers_as_alternatives(browser):
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
    # The first answer is kept: ‹ 1/2 › pages between the two.
    assert answer.find_element(By.CSS_SELECTOR, ".pager .version").text == "2/2"
    answer.find_element(By.CSS_SELECTOR, ".prev-version").click()
    wait(browser, lambda d: assistants(d)[-1].find_element(By.CSS_SELECTOR, ".pager .version").text == "1/2")
    assert current_conversation(browser)["messages"][1]["content"] == first_answer
    assistants(browser)[-1].find_element(By.CSS_SELECTOR, ".next-version").click()
    wait(browser, lambda d: assistants(d)[-1].find_element(By.CSS_SELECTOR, ".pager .version").text == "2/2")
    second_answer = current_conversation(browser)["messages"][1]["content"]
    # Edit the user turn: its text changes, a new answer follows, and the old question stays an alternative.
    browser.find_element(By.CSS_SELECTOR, "#messages .msg.user .edit-turn").click()
    area = browser.find_element(By.CSS_SELECTOR, "#messages .edit-text")
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys("What is the capital of France?")
    browser.find_element(By.CSS_SELECTOR, "#messages .save-edit").click()
    wait_answer_done(browser)
    messages = current_conversation(browser)["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert messages[0]["content"] == "What is the capital of France?"
    user = browser.find_element(By.CSS_SELECTOR, "#messages .msg.user")
    assert user.find_element(By.CSS_SELECTOR, ".content").text == messages[0]["content"]
    assert user.find_element(By.CSS_SELECTOR, ".pager .version").text == "2/2"
    user.find_element(By.CSS_SELECTOR, ".prev-version").click()
    wait(browser, lambda d: current_conversation(d)["messages"][0]["content"] != "What is the capital of France?")
    messages = current_conversation(browser)["messages"]
    assert messages[0]["content"].startswith("Count from one")
    assert messages[1]["content"] == second_answer and len(messages[1]["versions"]) == 2
    browser.find_element(By.CSS_SELECTOR, "#messages .msg.user .next-version").click()
    wait(browser, lambda d: current_conversation(d)["messages"][0]["content"] == "What is the capital of France?")


def test_regenerating_an_earlier_answer_keeps_the_later_turns(browser):
    new_chat(browser)
    reset_settings(browser)
    set_setting(browser, "set-max-tokens", "12")
    send(browser, "Say hello.")
    wait_answer_done(browser)
    send(browser, "Say goodbye.")
    wait_answer_done(browser)
    before = current_conversation(browser)["messages"]
    assert [m["role"] for m in before] == ["user", "assistant", "user", "assistant"]
    # No confirmation needed: nothing is lost.
    assistants(browser)[0].find_element(By.CSS_SELECTOR, ".regenerate").click()
    wait_answer_done(browser)
    after = current_conversation(browser)["messages"]
    assert [m["role"] for m in after] == ["user", "assistant"]
    first = assistants(browser)[0]
    assert first.find_element(By.CSS_SELECTOR, ".pager .version").text == "2/2"
    first.find_element(By.CSS_SELECTOR, ".prev-version").click()
    wait(browser, lambda d: len(current_conversation(d)["messages"]) == 4)
    restored = current_conversation(browser)["messages"]
    assert [(m["role"], m["content"]) for m in restored] == [(m["role"], m["content"]) for m in before]
    assert len(browser.find_elements(By.CSS_SELECTOR, "#messages .msg")) == 4
    # Kept across a reload.
    browser.refresh()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#messages .msg.assistant .pager"))
    assert assistants(browser)[0].find_element(By.CSS_SELECTOR, ".pager .version").text == "1/2"
    assistants(browser)[0].find_element(By.CSS_SELECTOR, ".next-version").click()
    wait(browser, lambda d: len(current_conversation(d)["messages"]) == 2)


def test_a_chat_keeps_streaming_while_another_is_shown_and_a_reload_keeps_the_partial_answer(browser, server):
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#model option"))
    other = current_id(browser)
    new_chat(browser)
    reset_settings(browser)
    set_setting(browser, "set-max-tokens", "3000")
    set_setting(browser, "set-extra", '{"ignore_eos": true}')
    send(browser, "Write a very long essay about the history of bridges.")
    wait(browser, lambda d: len(streamed_text(d)) > 20)
    streaming_id = current_id(browser)
    # Another chat opens (the answer goes on in the background, marked in the list).
    chat_item(browser, other).click()
    wait(browser, lambda d: current_id(d) == other)
    assert not streaming(browser)
    assert [m["content"] for m in current_conversation(browser)["messages"] if m["role"] == "user"] == \
        [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#messages .msg.user .content")]
    assert chat_item(browser, streaming_id).find_elements(By.CSS_SELECTOR, ".live")
    assert by_id(browser, "send").is_displayed()
    seen = len(next(c for c in stored(browser) if c["id"] == streaming_id)["messages"][-1]["content"])
    chat_item(browser, streaming_id).click()
    wait(browser, lambda d: streaming(d) and len(streamed_text(d)) > seen, message="the answer did not go on")
    assert by_id(browser, "stop").is_displayed()
    # While it streams, the partial answer is saved (throttled), marked as streaming: what is
    # stored grows past what the switch of chats saved.
    switched = len(next(c for c in stored(browser) if c["id"] == streaming_id)["messages"][-1]["content"])

    def saved(d):
        last = next(c for c in stored(d) if c["id"] == streaming_id)["messages"][-1]
        return last if last.get("streaming") and len(last["content"]) > max(40, switched + 20) else None
    partial = wait(browser, saved, timeout=10, message="the partial answer was not saved while streaming")
    assert streaming(browser)
    browser.refresh()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#messages .msg.assistant"))
    messages = current_conversation(browser)["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    answer = messages[-1]
    assert answer["interrupted"] is True and "streaming" not in answer, answer
    assert answer["meta"]["finishReason"].startswith("interrupted")
    assert len(answer["content"]) >= len(partial["content"]) and answer["content"].startswith(partial["content"][:20])
    shown = browser.find_element(By.CSS_SELECTOR, "#messages .msg.assistant.interrupted")
    assert "Interrupted" in shown.text and shown.find_element(By.CSS_SELECTOR, ".content").text
    assert not streaming(browser) and by_id(browser, "send").is_displayed()
    wait(browser, lambda _: server.health()["sequences_busy"] == 0, message="sequence still busy after the reload")


def test_http_errors_are_shown_in_openai_terms(browser):
    new_chat(browser)
    reset_settings(browser)
    set_setting(browser, "set-temperature", "7")
    send(browser, "Hello")
    answer = wait_answer_done(browser)
    error = answer.find_element(By.CSS_SELECTOR, ".error").text
    assert error.startswith("Error 400 (invalid_request_error, param temperature"), error
    reset_settings(browser)


REQUESTS_MADE = ("return performance.getEntriesByType('resource')"
                 ".filter((e) => e.name.endsWith('/v1/chat/completions')).length")


def test_an_invalid_schema_blocks_sending(browser):
    new_chat(browser)
    reset_settings(browser)
    count = len(stored(browser))
    requests = browser.execute_script(REQUESTS_MADE)
    set_setting(browser, "set-schema", '{"type": "object", "properties": {')
    assert "not valid JSON" in by_id(browser, "set-schema-error").text
    assert "bad" in by_id(browser, "set-schema").get_attribute("class")
    send(browser, "Name a city.")
    wait(browser, lambda d: "Not sent" in by_id(d, "notice").text)
    notice = by_id(browser, "notice")
    assert "JSON Schema" in notice.text and "not valid JSON" in notice.text, notice.text
    assert "error" in notice.get_attribute("class")
    assert by_id(browser, "prompt").get_attribute("value") == "Name a city."
    assert len(stored(browser)) == count and not browser.find_elements(By.CSS_SELECTOR, "#messages .msg")
    # A schema that is JSON but not an object is refused too.
    set_setting(browser, "set-schema", "[1, 2]")
    by_id(browser, "send").click()
    wait(browser, lambda d: "must be a JSON object" in by_id(d, "notice").text)
    assert len(stored(browser)) == count
    assert browser.execute_script(REQUESTS_MADE) == requests
    set_setting(browser, "set-schema", "")
    by_id(browser, "prompt").clear()
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
    # A whole message is copied as its Markdown source.
    whole = answer.find_element(By.CSS_SELECTOR, "button.copy-message")
    whole.click()
    wait(browser, lambda _: whole.text == "Copied")
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


TABLE = """Planets:

| Planet | Moons | Note |
|:-------|------:|:----:|
| Earth | 1 | **home** |
| Mars | 2 | `a \\| b` |
| <img src=x onerror="window.__injected = 'cell'"> | <script>window.__injected = 'cell2'</script> | [x](javascript:alert(1)) |

After the table.
"""


def test_markdown_tables_render_as_tables_of_text(browser):
    import_file(browser, [{"id": "imported-table", "title": "<img src=x onerror=\"window.__injected = 'title'\">",
                           "messages": [{"role": "user", "content": "A table, please."},
                                        {"role": "assistant", "content": TABLE}]}])
    content = assistants(browser)[-1].find_element(By.CSS_SELECTOR, ".content")
    table = content.find_element(By.CSS_SELECTOR, ".table-wrap table")
    assert [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")] == ["Planet", "Moons", "Note"]
    rows = [[td.text for td in tr.find_elements(By.CSS_SELECTOR, "td")] for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert rows == [["Earth", "1", "home"], ["Mars", "2", "a | b"],
                    ["<img src=x onerror=\"window.__injected = 'cell'\">", "<script>window.__injected = 'cell2'</script>",
                     "[x](javascript:alert(1))"]], rows
    assert table.find_element(By.CSS_SELECTOR, "tbody tr td strong").text == "home"
    assert table.find_element(By.CSS_SELECTOR, "tbody tr:nth-child(2) td code").text == "a | b"
    aligned = [td.get_attribute("class") for td in table.find_elements(By.CSS_SELECTOR, "tbody tr:first-child td")]
    assert aligned == ["", "al-right", "al-center"], aligned
    assert [p.text for p in content.find_elements(By.CSS_SELECTOR, "p")] == ["Planets:", "After the table."]
    assert not table.find_elements(By.CSS_SELECTOR, "a")
    assert not made_from_text(browser)
    assert browser.execute_script("return window.__injected === undefined")
    titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#conversations li .title")]
    assert "<img src=x onerror=\"window.__injected = 'title'\">" in titles


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


def log_line(server, request_id):
    line = next((line for line in server.log_text().splitlines() if request_id in line and "tokens_per_second=" in line),
                None)
    assert line, server.log_text()[-2000:]
    return {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)(?:ms)?(?=\s|$)", line)}


def test_a_tool_call_is_answered_with_the_typed_mock_result(browser, server):
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
    # The figures of a tool-call turn are the server's: its token count and rate, and a first
    # token once the prompt is read (not when the finished call arrives).
    meta = current_conversation(browser)["messages"][1]["meta"]
    logged = log_line(server, meta["id"])
    assert meta["completionTokens"] == logged["completion"], (meta, logged)
    assert 0.5 < meta["tokensPerSecond"] / logged["tokens_per_second"] < 2, (meta, logged)
    read = logged["queued"] + logged["prompt_time"]
    assert meta["ttftMs"] < read + max(300, 0.5 * logged["generation_time"]), (meta, logged)
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


def test_settings_belong_to_each_chat(browser, downloads):
    new_chat(browser)
    reset_settings(browser)
    pirate_schema = '{"type": "object", "properties": {"word": {"type": "string", "maxLength": 8}}, "required": ["word"]}'
    set_setting(browser, "set-system", "You are a pirate.")
    set_setting(browser, "set-schema", pirate_schema)
    set_setting(browser, "set-max-tokens", "20")
    send(browser, "Say one word.")
    wait_answer_done(browser)
    pirate = current_id(browser)
    # A new chat starts from the last used settings, and changing them leaves the first chat's alone.
    new_chat(browser)
    assert by_id(browser, "set-system").get_attribute("value") == "You are a pirate."
    set_setting(browser, "set-system", "Be brief.")
    set_setting(browser, "set-schema", "")
    set_setting(browser, "set-temperature", "0.3")
    send(browser, "Say two words.")
    wait_answer_done(browser)
    brief = current_id(browser)
    chat_item(browser, pirate).click()
    wait(browser, lambda d: by_id(d, "set-system").get_attribute("value") == "You are a pirate.")
    assert by_id(browser, "set-schema").get_attribute("value") == pirate_schema
    assert by_id(browser, "set-temperature").get_attribute("value") == ""
    chat_item(browser, brief).click()
    wait(browser, lambda d: by_id(d, "set-system").get_attribute("value") == "Be brief.")
    assert by_id(browser, "set-schema").get_attribute("value") == ""
    assert by_id(browser, "set-temperature").get_attribute("value") == "0.3"
    settings = {c["id"]: c["settings"] for c in stored(browser)}
    assert settings[pirate]["system"] == "You are a pirate." and settings[pirate]["schema"] == pirate_schema
    assert settings[brief]["system"] == "Be brief." and settings[brief]["temperature"] == "0.3"
    # The settings are exported with the chat (the API key is not), and come back with it.
    path = export_file(browser, downloads)
    assert API_KEY not in path.read_text()
    exported = {c["id"]: c for c in json.loads(path.read_text())["conversations"]}
    assert exported[pirate]["settings"]["system"] == "You are a pirate."
    chat_item(browser, pirate).find_element(By.CSS_SELECTOR, "button.delete").click()
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, f'#conversations li[data-id="{pirate}"]'))
    notice = import_path(browser, path)
    assert notice.startswith("Imported 1 conversation;") and "skipped" in notice, notice
    assert current_id(browser) == pirate
    assert by_id(browser, "set-system").get_attribute("value") == "You are a pirate."
    assert by_id(browser, "set-schema").get_attribute("value") == pirate_schema
    reset_settings(browser)


def test_import_of_an_export_twice_adds_nothing_and_delete_can_be_undone(browser, downloads):
    before = stored(browser)
    path = export_file(browser, downloads)
    for _ in range(2):
        notice = import_path(browser, path)
        assert notice == f"Imported nothing new: {len(before)} already here were skipped.", notice
        assert len(stored(browser)) == len(before)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#conversations li")) == len(before)
    # Good news is not shown in the error colour.
    shown = by_id(browser, "notice")
    assert "ok" in shown.get_attribute("class")
    colour = shown.value_of_css_property("color")
    assert colour != "rgba(179, 38, 30, 1)", colour
    # The same chat under another id is the same chat; a known id with other messages is a new chat.
    data = json.loads(path.read_text())
    same = dict(data["conversations"][0], id="another-id")
    changed = dict(data["conversations"][0], messages=[{"role": "user", "content": "Something else entirely."}])
    notice = import_file(browser, [same, changed])
    assert notice.startswith("Imported 1 conversation; 1 already here was skipped"), notice
    assert len(stored(browser)) == len(before) + 1
    assert len({c["id"] for c in stored(browser)}) == len(before) + 1
    # Delete asks nothing but offers Undo.
    victim = current_id(browser)
    chat_item(browser, victim).find_element(By.CSS_SELECTOR, "button.delete").click()
    wait(browser, lambda d: len(stored(d)) == len(before))
    toast = by_id(browser, "toast")
    assert toast.is_displayed() and "Deleted" in toast.text
    by_id(browser, "undo").click()
    wait(browser, lambda d: len(stored(d)) == len(before) + 1 and current_id(d) == victim)
    assert not toast.is_displayed()
    chat_item(browser, victim).find_element(By.CSS_SELECTOR, "button.delete").click()
    wait(browser, lambda d: len(stored(d)) == len(before))


def test_chats_can_be_searched_and_renamed(browser):
    search = by_id(browser, "search")
    search.send_keys("lighthouse keeper")
    wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#conversations li[data-id]")) == 1)
    item = browser.find_element(By.CSS_SELECTOR, "#conversations li[data-id]")
    target = item.get_attribute("data-id")
    item.find_element(By.CSS_SELECTOR, "button.rename").click()
    field = item.find_element(By.CSS_SELECTOR, "input.rename-input")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("The keeper's tale <b>bold</b>", Keys.ENTER)
    wait(browser, lambda d: chat_item(d, target).find_element(By.CSS_SELECTOR, ".title").text ==
         "The keeper's tale <b>bold</b>")
    assert next(c for c in stored(browser) if c["id"] == target)["title"] == "The keeper's tale <b>bold</b>"
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys("no chat says this")
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "#conversations li[data-id]"))
    assert "No chat matches" in by_id(browser, "conversations").text
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.DELETE)
    wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#conversations li[data-id]")) == len(stored(d)))


# A stand-in for what the server's model list and a reasoning model send, installed before the
# page's own script runs: the page's requests for the scripted models never reach the server.
SCRIPTED = r"""
(() => {
  const realFetch = window.fetch.bind(window);
  const encoder = new TextEncoder();
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const HOSTILE = "<img src=x onerror=\"window.__injected = 'model'\">";
  const chunk = (delta, finish) => JSON.stringify({ id: "chatcmpl-scripted", object: "chat.completion.chunk",
    model: "scripted-thinker", choices: [{ index: 0, delta, finish_reason: finish || null }] });
  window.__requests = [];
  window.__events = (body) => {
    const last = body.messages[body.messages.length - 1].content;
    const events = [[0, chunk({ role: "assistant", content: "" })]];
    if (last.includes("tool")) {
      events.push([100, chunk({ tool_calls: [{ index: 0, id: "call_1", type: "function",
        function: { name: HOSTILE, arguments: "{\"a\": \"<script>window.__injected = 'args'</script>\"}" } }] })]);
      events.push([0, chunk({}, "tool_calls")]);
    } else {
      for (const word of "The user asks for a sum. Two and two make four. I will answer briefly.".split(" ")) {
        events.push([120, chunk({ reasoning_content: word + " " })]);
      }
      for (const piece of ["It is ", "**4**.", "\n\n```<img/src=x/onerror=window.__injected='lang'>\n", "2 + 2\n```\n"]) {
        events.push([300, chunk({ content: piece })]);
      }
      events.push([0, chunk({}, "stop")]);
    }
    events.push([0, JSON.stringify({ id: "chatcmpl-scripted", object: "chat.completion.chunk", model: "scripted-thinker",
      choices: [], usage: { prompt_tokens: 31, completion_tokens: 21, total_tokens: 52,
        prompt_tokens_details: { cached_tokens: 5 }, completion_tokens_details: { reasoning_tokens: 15 } },
      timings: { prompt_n: 26, prompt_ms: 604.4, predicted_n: 21, predicted_ms: 1312.5, predicted_per_second: 16.0 } })]);
    events.push([0, "[DONE]"]);
    return events;
  };
  window.fetch = async (url, init) => {
    const path = new URL(url, location.href).pathname;
    if (path === "/v1/models") {
      const response = await realFetch(url, init);
      if (!response.ok) return response;
      const list = await response.json();
      list.data.push({ id: "scripted-base " + HOSTILE, object: "model", meta: { chat_template: false } });
      list.data.push({ id: "scripted-thinker", object: "model", meta: { chat_template: true } });
      return new Response(JSON.stringify(list), { headers: { "Content-Type": "application/json" } });
    }
    if (path === "/v1/chat/completions" && init && JSON.parse(init.body).model.startsWith("scripted")) {
      const body = JSON.parse(init.body);
      window.__requests.push(body);
      const events = window.__events(body);
      const stream = new ReadableStream({ async start(controller) {
        for (const [delay, data] of events) {
          await sleep(delay);
          controller.enqueue(encoder.encode("data: " + data + "\n\n"));
        }
        controller.close();
      } });
      return new Response(stream, { headers: { "Content-Type": "text/event-stream" } });
    }
    return realFetch(url, init);
  };
})();
"""


def test_thinking_base_models_and_hostile_names_with_a_scripted_server(browser):
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": SCRIPTED})["identifier"]
    try:
        browser.refresh()
        wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#model option[value='scripted-thinker']"))
        models = Select(by_id(browser, "model"))
        base = browser.find_element(By.CSS_SELECTOR, "#model option[data-base][value^='scripted-base']")
        assert base.text == "scripted-base <img src=x onerror=\"window.__injected = 'model'\"> \u2014 base model (no chat template)"
        models.select_by_index([o.get_attribute("value") for o in models.options].index(base.get_attribute("value")))
        hint = by_id(browser, "model-hint")
        wait(browser, lambda _: hint.is_displayed())
        assert "base model with no chat template" in hint.text and "continues the text" in hint.text
        models.select_by_value("scripted-thinker")
        wait(browser, lambda _: not hint.is_displayed())
        new_chat(browser)
        reset_settings(browser)
        send(browser, "What is 2+2?")
        # The thinking streams first, shown open...
        wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#messages .msg.streaming details.thinking[open]"))
        summary = browser.find_element(By.CSS_SELECTOR, "#messages .msg.streaming details.thinking summary")
        assert summary.text == "Thinking\u2026"
        # ...and folds away when the answer starts.
        wait(browser, lambda d: d.execute_script(
            "const n = document.querySelector('#messages .msg.streaming');"
            "return !!n && n.querySelector('.content').textContent.length > 0 && !n.querySelector('details.thinking').open"))
        answer = wait_answer_done(browser)
        details = answer.find_element(By.CSS_SELECTOR, "details.thinking")
        assert details.get_attribute("open") is None
        assert answer.find_element(By.CSS_SELECTOR, ".content strong").text == "4"
        details.find_element(By.CSS_SELECTOR, "summary").click()
        reasoning = "The user asks for a sum. Two and two make four. I will answer briefly. "
        wait(browser, lambda _: details.find_element(By.CSS_SELECTOR, ".reasoning").text.strip() == reasoning.strip())
        saved = current_conversation(browser)["messages"][-1]
        assert saved["reasoning_content"] == reasoning and saved["content"].startswith("It is **4**.")
        # Figures from the server's usage and timings.
        stats = answer.find_element(By.CSS_SELECTOR, ".stats").text
        for part in ["prompt read in 604 ms", "16.0 tok/s", "prompt 31 tokens (5 cached)", "21 generated", "15 thinking",
                     "finish: stop"]:
            assert part in stats, stats
        sent = browser.execute_script("return window.__requests[0]")
        assert sent["max_tokens"] == 1024 and sent["stream_options"] == {"include_usage": True}, sent
        # The thinking is kept, not sent back.
        send(browser, "And a tool, please.")
        answer = wait_answer_done(browser)
        sent = browser.execute_script("return window.__requests[1]")
        assert sent["messages"][1] == {"role": "assistant", "content": saved["content"]}, sent["messages"]
        call = answer.find_element(By.CSS_SELECTOR, ".toolcall strong").text
        assert call == "Tool call: <img src=x onerror=\"window.__injected = 'model'\">", call
        assert "<script>" in answer.find_element(By.CSS_SELECTOR, ".toolcall pre").text
        assert "Result for <img" in answer.find_element(By.CSS_SELECTOR, ".toolresults").text
        language = browser.find_element(By.CSS_SELECTOR, "#messages .codeblock .bar span").text
        assert language == "<img/src=x/onerror=window.__injected='lang'>", language
        assert not made_from_text(browser)
        assert browser.execute_script("return window.__injected === undefined")
        browser.refresh()
        wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#messages details.thinking"))
        assert browser.find_element(By.CSS_SELECTOR, "#messages details.thinking").get_attribute("open") is None
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script})
        new_chat(browser)
        browser.refresh()
        wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#model option"))
        Select(by_id(browser, "model")).select_by_index(0)


def test_export_writes_every_conversation(browser, downloads):
    target = export_file(browser, downloads)
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
    open_settings(browser)
    assert by_id(browser, "set-api-key").get_attribute("value") == API_KEY
    chat_item(browser, "imported-markdown").click()
    code = browser.find_element(By.CSS_SELECTOR, "#messages .codeblock pre code")
    assert code.get_attribute("textContent").startswith("def greet(name):")


def test_desktop_layout_fits_with_settings_open(browser):
    open_settings(browser)
    assert not layout_problems(browser)
    # Every settings field is wholly inside the panel (the Seed field used to be cut off).
    panel = by_id(browser, "settings").rect
    for field in browser.find_elements(By.CSS_SELECTOR, "#settings input, #settings textarea, #settings button"):
        box = field.rect
        assert panel["x"] <= box["x"] and box["x"] + box["width"] <= panel["x"] + panel["width"], field.get_attribute("id")
    # A value that is set looks set (ink), not like a placeholder (grey).
    set_setting(browser, "set-seed", "7")
    colours = browser.execute_script(
        "const s = document.getElementById('set-seed');"
        "return [getComputedStyle(s).color, getComputedStyle(s.closest('label').querySelector('span')).color]")
    assert colours[0] == "rgb(29, 35, 48)" and colours[1] != colours[0], colours
    set_setting(browser, "set-seed", "")
    # Narrower windows: the panels turn into drawers; nothing spills over at any width.
    try:
        for width in [1100, 1024, 800, 640]:
            viewport(browser, width, 800)
            open_settings(browser)
            root = None if width >= 1100 else by_id(browser, "settings")   # a drawer over the chat below 1100 px
            problems = layout_problems(browser, root)
            assert not problems, (width, problems)
            by_id(browser, "close-settings").click()
            problems = layout_problems(browser)
            assert not problems, (width, problems)
            assert by_id(browser, "messages").rect["width"] >= min(width - 20, 500), width
    finally:
        desktop(browser)


def test_screenshot_of_a_short_conversation(browser):
    new_chat(browser)
    reset_settings(browser)
    set_setting(browser, "set-max-tokens", "120")
    set_setting(browser, "set-temperature", "0.2")
    set_setting(browser, "set-seed", "7")
    send(browser, "Write a Python function that adds two numbers, in a code block.")
    wait_answer_done(browser)
    assert not layout_problems(browser)
    browser.execute_script("document.getElementById('settings').scrollTop = 0;"
                           "document.getElementById('messages').scrollTop = 1e6")
    path = output_dir() / "web-chat.png"
    assert browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000


def test_phone_layout_has_drawers_and_every_control_in_reach(browser):
    phone(browser)
    try:
        if by_id(browser, "settings").is_displayed():
            by_id(browser, "close-settings").click()
        # The chat takes the whole width: the chat list and settings are drawers.
        assert not by_id(browser, "sidebar").is_displayed()
        assert not by_id(browser, "settings").is_displayed()
        assert by_id(browser, "messages").rect["width"] >= 380
        assert by_id(browser, "prompt").rect["width"] >= 250
        problems = layout_problems(browser)
        assert not problems, problems
        browser.execute_script("document.getElementById('messages').scrollTop = 1e6")
        assert browser.save_screenshot(str(output_dir() / "web-chat-phone.png"))
        # The chat list.
        by_id(browser, "toggle-sidebar").click()
        sidebar = by_id(browser, "sidebar")
        wait(browser, lambda _: sidebar.is_displayed())
        assert by_id(browser, "backdrop").is_displayed()
        problems = layout_problems(browser, sidebar)
        assert not problems, problems
        for name in ["new-chat", "search", "export", "import", "close-sidebar"]:
            assert by_id(browser, name).is_displayed(), name
        assert browser.save_screenshot(str(output_dir() / "web-chat-phone-chats.png"))
        # The backdrop beside it closes it.
        ActionChains(browser).move_to_element_with_offset(by_id(browser, "backdrop"), 180, 0).click().perform()
        wait(browser, lambda _: not sidebar.is_displayed())
        by_id(browser, "toggle-sidebar").click()
        wait(browser, lambda _: sidebar.is_displayed())
        # Picking a chat closes the list and shows it.
        target = browser.find_elements(By.CSS_SELECTOR, "#conversations li[data-id]")[1]
        target_id = target.get_attribute("data-id")
        target.click()
        wait(browser, lambda _: not sidebar.is_displayed() and current_id(browser) == target_id)
        assert not by_id(browser, "backdrop").is_displayed()
        # Settings.
        by_id(browser, "toggle-settings").click()
        settings = by_id(browser, "settings")
        wait(browser, lambda _: settings.is_displayed())
        assert settings.rect["width"] <= 390
        problems = layout_problems(browser, settings)
        assert not problems, problems
        browser.execute_script("document.getElementById('settings').scrollTop = 0")
        assert browser.save_screenshot(str(output_dir() / "web-chat-phone-settings.png"))
        by_id(browser, "set-system").send_keys(Keys.ESCAPE)
        wait(browser, lambda _: not settings.is_displayed())
        assert not by_id(browser, "backdrop").is_displayed()
        # New chat from the top bar, and a message sent on the phone.
        by_id(browser, "new-chat-top").click()
        wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "#messages .msg"))
        send(browser, "Hi!")
        wait_answer_done(browser)
        problems = layout_problems(browser)
        assert not problems, problems
    finally:
        desktop(browser)


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
