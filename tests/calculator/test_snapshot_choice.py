"""Whether the calculator downloads its memory snapshot is decided by the visitor's connection
(calculator/web/snapshot-download.mjs): where the snapshot's extra bytes would take longer than
the boot they save, it boots the ordinary way, and the wasm is downloaded once either way. Run in
Chromium with a snapshot that really arrives slowly, and with the browser reporting a 3G link."""
from __future__ import annotations

import json
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from subsidy_rules import RULES_VERSION, evaluate_json

from conftest import CHROMIUM, CHROMIUM_ARGS, calculator_errors
from sitebuild.runtime import layout

SCENARIO = json.dumps({"application_date": "2024-06-01", "items": [
    {"type": "benchmarking", "count": 4, "unit": "丙研究院", "date": "2023-09-01"}]}, ensure_ascii=False)


def test_js_units(root):
    """The calculator's pure modules, the page's and the worker's, in Node (tests/calculator/js/*.test.mjs)."""
    out = subprocess.run(["node", "--test", str(root / "tests" / "calculator" / "js")], capture_output=True, text=True, cwd=root)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "# fail 0" in out.stdout and "# pass 0" not in out.stdout


class SlowFile(BaseHTTPRequestHandler):
    """Serves one file at about 150 KB/s (decoded): far below what the snapshot needs to pay."""
    body = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(self.body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            for at in range(0, len(self.body), 15_000):
                self.wfile.write(self.body[at:at + 15_000])
                self.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass   # the worker gave it up, as it should

    def log_message(self, *args):
        pass


class SlowStart(SlowFile):
    """Serves the wasm at about 150 KB/s for its first two seconds, then the rest at once: a slow
    link while the worker judges it, without a test that waits a minute for 9 MB."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/wasm")
        self.send_header("Content-Length", str(len(self.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        try:
            at = 0
            for at in range(0, 300_000, 15_000):
                self.wfile.write(self.body[at:at + 15_000])
                self.wfile.flush()
                time.sleep(0.1)
            self.wfile.write(self.body[at + 15_000:])
        except (BrokenPipeError, ConnectionResetError):
            pass


def serve(handler_base, body: bytes):
    handler = type("Handler", (handler_base,), {"body": body})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def slow_wasm(built_site):
    server = serve(SlowStart, (layout.runtime_dir(built_site) / layout.WASM).read_bytes())
    yield f"http://127.0.0.1:{server.server_address[1]}/{layout.WASM}"
    server.shutdown()


@pytest.fixture
def slow_snapshot(built_site):
    runtime = layout.runtime_dir(built_site)
    handler = type("Handler", (SlowFile,), {"body": (runtime / layout.SNAPSHOT).read_bytes()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/snapshot.bin"
    server.shutdown()


def boot(page, url: str) -> dict:
    page.errors, page.requests, page.console = [], [], []
    page.on("pageerror", lambda exc: page.errors.append(exc.message))
    # GETs: after 3 s a slow boot checks its files with HEAD requests (worker.mjs)
    page.on("request", lambda request: request.method == "GET" and page.requests.append(request.url))
    page.on("console", lambda message: page.console.append((message.type, message.text)))
    page.goto(url + "calculator/index.html")
    page.wait_for_function("window.subsidyCalculator !== undefined", timeout=30_000)
    info = page.evaluate("window.subsidyCalculator.ready")
    assert page.evaluate("t => window.subsidyCalculator.evaluateJSON(t)", SCENARIO) == evaluate_json(SCENARIO)
    assert calculator_errors(page.errors) == []
    assert not [text for kind, text in page.console if kind in ("error", "warning")
                and "blocked by Playwright" not in text]   # service_workers="block" says so itself
    return info


@pytest.mark.browser
def test_a_snapshot_arriving_too_slowly_is_given_up_and_the_wasm_fetched_once(browser, plain_csp_url, slow_snapshot):
    ctx = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        page = ctx.new_page()
        page.route("**/runtime-*/snapshot.bin", lambda route: route.continue_(url=slow_snapshot))
        started = time.monotonic()
        info = boot(page, plain_csp_url)
        assert info["boot"] == "wheel" and info["reason"] == "slow-download" and info["rulesVersion"] == RULES_VERSION
        # the whole snapshot would take ~60 s at this rate; it was given up after about a second
        assert time.monotonic() - started < 30
        assert len([u for u in page.requests if u.endswith("/pyodide.asm.wasm")]) == 1
        assert any(u.endswith(".whl") for u in page.requests)
    finally:
        ctx.close()


@pytest.mark.browser
def test_on_a_3g_connection_the_snapshot_is_not_downloaded(browser, plain_csp_url):
    """Chromium told its network is 3G (its own switch for the Network Information API)."""
    slow = browser.browser_type.launch(executable_path=CHROMIUM,
                                       args=[*CHROMIUM_ARGS, "--force-effective-connection-type=3G"])
    try:
        page = slow.new_page(locale="zh-CN", service_workers="block")
        info = boot(page, plain_csp_url)
        assert page.evaluate("navigator.connection.effectiveType") == "3g"
        assert info["boot"] == "wheel" and info["reason"] == "slow-connection"
        assert not [u for u in page.requests if u.endswith("/snapshot.bin")]
        assert len([u for u in page.requests if u.endswith("/pyodide.asm.wasm")]) == 1
    finally:
        slow.close()


@pytest.mark.browser
def test_a_wasm_arriving_slowly_means_the_snapshot_is_never_requested(browser, plain_csp_url, slow_wasm):
    """Judged on the wasm, which is requested first: not a byte of the snapshot is spent."""
    ctx = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        page = ctx.new_page()
        page.route("**/runtime-*/" + layout.WASM, lambda route: route.continue_(url=slow_wasm))
        info = boot(page, plain_csp_url)
        assert info["boot"] == "wheel" and info["reason"] == "slow-link" and info["rulesVersion"] == RULES_VERSION, json.dumps(info)
        # nothing fetched for it: neither the snapshot, its zip nor its reader and checker
        assert not [u for u in page.requests if u.rsplit("/", 1)[-1] in
                    (layout.SNAPSHOT, layout.SNAPSHOT_STDLIB, "snapshot-pages.mjs", "sha256.mjs")], page.requests
        assert len([u for u in page.requests if u.endswith("/" + layout.WASM)]) == 1
        assert any(u.endswith(".whl") for u in page.requests)
    finally:
        ctx.close()
