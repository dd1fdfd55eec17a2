"""The site in the other engines a citizen has: WebKitGTK (Safari's engine family) through its
WebDriver and Selenium, Firefox ESR over WebDriver BiDi through puppeteer-core.

Both drivers offer the same few calls (goto, run, type, click), so the checks below are written
once and tests/engines/test_engines_webkit.py and tests/engines/test_engines_firefox.py run them in each engine.

Page errors are collected the same way in both engines: the test server puts one script first
in every page's <head> (__engine_errors.js: window `error` and `unhandledrejection` listeners,
so an error during load is kept too), and gives the service worker that file and the pages'
new sha256 in its list, so the offline copy is still checked and stored as in production.
Classic WebDriver has no script that runs before a page's own, and no console log in WebKit.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
import os
import re
import subprocess
import threading
import time
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sitebuild.hosting import serve

ROOT = Path(__file__).resolve().parents[1]
SUB_PATH = "/pub/standards/"
COLLECTOR = "__engine_errors.js"
COLLECTOR_JS = b"""(function () {
  "use strict";
  var errors = window.__engineErrors = [];
  addEventListener("error", function (e) {
    errors.push(String(e.message) + " @ " + (e.filename || "") + ":" + (e.lineno || 0));
  });
  addEventListener("unhandledrejection", function (e) {
    var r = e.reason;
    errors.push("unhandledrejection: " + String(r && (r.stack || r.message) || r));
  });
})();
"""
DOCS_PAGES = ["index.html", "policy.html", "rules.html", "glossary.html", "timeline.html", "about.html"]
ALL_PAGES = DOCS_PAGES + ["calculator/index.html"]

# Scenarios whose envelopes are compared with CPython's: one of each family and the notes that
# read dates (a standard with drafters, benchmarking, a committee role without a date, an award,
# a leader left unfinished, an application after the validity, invalid input).
SCENARIOS = [
    {"application_date": "2024-06-01", "items": [
        {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
         "drafters": [{"name": "甲公司", "kind": "xiamen_entity"}, {"name": "乙大学", "kind": "other"}]},
        {"type": "benchmarking", "count": 4, "unit": "丙研究院", "date": "2023-09-01"}]},
    {"application_date": "2024-06-01", "label": "打印示例", "items": [
        {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
         "drafters": [{"name": "甲公司", "kind": "xiamen_entity"}, {"name": "乙大学", "kind": "other"},
                      {"name": "丙研究院", "kind": "xiamen_entity"}]},
        {"type": "tc_role", "body": "national", "role": "sc_secretariat", "unit": "甲公司", "date": "2022-01-01"}]},
    {"application_date": "2026-01-15", "items": [
        {"type": "tc_role", "body": "national", "role": "chair", "unit": "丁公司"},
        {"type": "award", "award": "china", "grade": 2, "first_drafter": True, "unit": "戊公司", "date": "2025-12-01"},
        {"type": "leader", "unit": ""}]},
    {"application_date": "2024-06-01", "items": [{"type": "leader", "unit": "甲公司", "date": "2024-05-01"}]},
    {"items": [{"type": "standard", "level": "galactic"}]},
]
# query: a section that must be among the results ("page#anchor"; 领跑者: 五（三）5, the leader
# clause; 50万: the policy's 五（三）, which states 50 万元 for national standards)
CONTROLLED = "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)"
PAGE_WASM_ENTRIES = "() => performance.getEntriesByType('resource').map(e => e.name).filter(u => u.endsWith('.wasm'))"

CAN_TRANSFER_STREAMS = """() => {
  try {
    const stream = new ReadableStream();
    new MessageChannel().port1.postMessage(stream, [stream]);
    return true;
  } catch (e) {
    return false;
  }
}"""
SEARCHES = {"领跑者": "rules.html#c5-3-5", "50万": "policy.html#c5-3"}


# ---------------------------------------------------------------- the served site


def injected(html: bytes, base: str) -> bytes:
    tag = f'<script src="{base}{COLLECTOR}"></script>'.encode()
    head = re.search(rb"<head[^>]*>", html)
    assert head, "a page without <head>"
    return html[:head.end()] + tag + html[head.end():]


class EngineHandler(serve.SiteHandler):
    """The site as sitebuild/hosting/serve.py serves it, with the error collector in every page;
    without_snapshot: snapshot.bin answers 404 (the calculator must boot the ordinary way)."""

    def __init__(self, *args, without_snapshot: bool, sw_body: bytes, **kwargs):
        self.without_snapshot = without_snapshot
        self.sw_body = sw_body
        super().__init__(*args, **kwargs)

    def send_body(self, body: bytes, content_type: str):
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def send_head(self):
        path = unquote(urlsplit(self.path).path)
        if self.without_snapshot and path.endswith("/snapshot.bin"):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        if path == self.base + COLLECTOR:
            return self.send_body(COLLECTOR_JS, "text/javascript; charset=utf-8")
        if path == self.base + "sw.js":
            return self.send_body(self.sw_body, "text/javascript; charset=utf-8")
        if path.startswith(self.base) and (path.endswith("/") or path.endswith(".html")):
            file = Path(self.translate_path(self.path))
            file = file / "index.html" if file.is_dir() else file
            if file.is_file():
                return self.send_body(injected(file.read_bytes(), self.base), "text/html; charset=utf-8")
        return super().send_head()


def service_worker(site: Path, base: str) -> bytes:
    """sw.js with the injected pages' sha256 and the collector in its list of files."""
    text = (site / "sw.js").read_text("utf-8")
    for page in site.rglob("*.html"):
        body = page.read_bytes()
        text = text.replace(hashlib.sha256(body).hexdigest(), hashlib.sha256(injected(body, base)).hexdigest())
    entry = json.dumps([COLLECTOR, hashlib.sha256(COLLECTOR_JS).hexdigest()])
    text, count = re.subn(r"const PRECACHE = \[", lambda m: m[0] + entry + ", ", text, count=1)
    assert count == 1, "sw.js has no PRECACHE list: update tests/engines.py"
    return text.encode("utf-8")


def make_server(site: Path, *, without_snapshot: bool = False):
    handler = functools.partial(EngineHandler, directory=str(site), base=SUB_PATH, csp=None,
                                without_snapshot=without_snapshot, sw_body=service_worker(site, SUB_PATH))
    server = serve.SiteServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"


class Servers:
    """The servers of one engine's run, each its own origin (own HTTP cache, service worker)."""

    def __init__(self, site: Path):
        self.site = site
        self.running = []

    def start(self, **kwargs) -> str:
        server, url = make_server(self.site, **kwargs)
        self.running.append(server)
        return url

    def stop(self, url: str | None = None) -> None:
        for server in list(self.running):
            if url is None or url.startswith(f"http://127.0.0.1:{server.server_address[1]}/"):
                server.shutdown()
                server.server_close()
                self.running.remove(server)


# ---------------------------------------------------------------- drivers


ASYNC_WRAPPER = """
const done = arguments[arguments.length - 1];
const args = Array.prototype.slice.call(arguments, 0, -1);
Promise.resolve().then(() => (%s)(...args)).then(
  v => done({value: v === undefined ? null : v}),
  e => done({error: String(e && (e.stack || e.message) || e)}));
"""


class EngineError(AssertionError):
    pass


class SeleniumDriver:
    """WebKitGTK: WebKitWebDriver (classic WebDriver) through Selenium."""

    def __init__(self, driver):
        self.driver = driver
        driver.set_script_timeout(120)
        driver.set_page_load_timeout(60)
        driver.set_window_size(1280, 900)

    def goto(self, url: str) -> None:
        self.driver.get(url)

    def run(self, fn: str, *args):
        answer = self.driver.execute_async_script(ASYNC_WRAPPER % fn, *args)
        if "error" in answer:
            raise EngineError(answer["error"])
        return answer["value"]

    def type(self, selector: str, text: str) -> None:
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.CSS_SELECTOR, selector).send_keys(text)

    def click(self, selector: str) -> None:
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.CSS_SELECTOR, selector).click()

    def pdf(self) -> bytes | None:
        return None   # WebKitWebDriver has no Print command (it answers "Unknown command")

    def close(self) -> None:
        self.driver.quit()


class BidiDriver:
    """Firefox ESR: tests/engines_firefox.mjs (puppeteer-core, WebDriver BiDi) over a pipe."""

    def __init__(self, firefox: str, profile: Path, prefs: dict | None = None):
        self.process = subprocess.Popen(
            ["node", str(ROOT / "tests" / "engines_firefox.mjs"), firefox, str(profile), json.dumps(prefs or {})],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
            start_new_session=True)
        self.next_id = 0
        assert self.receive(0) == "ready"

    def receive(self, wanted: int):
        line = self.process.stdout.readline()
        if not line:
            raise EngineError(f"the Firefox driver ended (exit {self.process.poll()})")
        answer = json.loads(line)
        assert answer["id"] == wanted, answer
        if "error" in answer:
            raise EngineError(answer["error"])
        return answer["value"]

    def call(self, op: str, *args):
        self.next_id += 1
        self.process.stdin.write(json.dumps({"id": self.next_id, "op": op, "args": args}) + "\n")
        self.process.stdin.flush()
        return self.receive(self.next_id)

    def goto(self, url: str) -> None:
        self.call("goto", url)

    def run(self, fn: str, *args):
        return self.call("run", fn, list(args))

    def type(self, selector: str, text: str) -> None:
        self.call("type", selector, text)

    def click(self, selector: str) -> None:
        self.call("click", selector)

    def pdf(self) -> bytes:
        return base64.b64decode(self.call("pdf"))

    def version(self) -> str:
        return self.call("version")

    def close(self) -> None:
        try:
            self.process.stdin.write(json.dumps({"id": -1, "op": "close"}) + "\n")
            self.process.stdin.close()
            self.process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, 9)


class Xvfb:
    """A virtual display for WebKitGTK's MiniBrowser (it opens a window even when automated)."""

    def __init__(self):
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


# ---------------------------------------------------------------- the checks



# The two servers every engine's checks use (the site, and the same site with its snapshot
# answering 404), one pair per engine's test module. Imported by each engine's test file.
@pytest.fixture(scope="module")
def servers(built_site):
    servers = Servers(built_site)
    yield servers
    servers.stop()


@pytest.fixture(scope="module")
def site(servers):
    return servers.start()

def wait_for(driver, predicate: str, timeout: float = 30, what: str = ""):
    """Poll predicate (a JS function source, may be async) in the page until it returns a truthy value."""
    return driver.run(f"""async () => {{
        const end = Date.now() + {int(timeout * 1000)};
        for (;;) {{
            let value; try {{ value = await ({predicate})(); }} catch (e) {{ value = null; }}
            if (value) return value;
            if (Date.now() > end) throw new Error("timed out: " + {json.dumps(what or predicate)});
            await new Promise(r => setTimeout(r, 100));
        }}
    }}""")


def page_errors(driver) -> list[str]:
    errors = driver.run("() => window.__engineErrors || null")
    assert errors is not None, "the error collector did not run in this page"
    return errors


def visit(driver, url: str) -> list[str]:
    """Open a page, let it settle (its scripts, the idle work of offline.js), return its errors."""
    driver.goto(url)
    wait_for(driver, "() => document.readyState === 'complete' && document.querySelector('article, .md-content')",
             what="page loaded")
    driver.run("() => new Promise(r => setTimeout(r, 700))")
    return page_errors(driver)


def search(driver, query: str) -> list[dict]:
    """Type the query into Material's search box with the engine's key events; the results.

    The search worker may still be building its index when the first keys arrive: as a reader
    would, the query is typed again (emptied first) until results show."""
    box = "input.md-search__input"
    wait_for(driver, "() => document.querySelector('input.md-search__input')", what="search box")
    driver.click(box)
    for attempt in range(15):
        driver.run("() => { const b = document.querySelector('input.md-search__input');"
                   " b.value = ''; b.dispatchEvent(new Event('input', {bubbles: true})); }")
        driver.type(box, query)
        try:
            return wait_for(driver, f"""() => {{
                const links = [...document.querySelectorAll('.md-search-result__item a')];
                return document.querySelector('input.md-search__input').value === {json.dumps(query)}
                    && links.length && links.map(a => {{
                        const u = new URL(a.href);
                        return {{section: u.pathname.split('/').pop() + u.hash, text: a.textContent.slice(0, 40)}};
                    }});
            }}""", timeout=2, what=f"results for {query}")
        except EngineError:
            continue
    raise EngineError(f"no search results for {query}")


def boot_calculator(driver, url: str) -> dict:
    driver.goto(url + "calculator/index.html")
    wait_for(driver, "() => window.subsidyCalculator !== undefined", timeout=30, what="window.subsidyCalculator")
    return driver.run("() => window.subsidyCalculator.ready")


def envelopes(driver, scenarios=SCENARIOS) -> list[tuple[str, str]]:
    """(the engine's envelope, CPython's) for each scenario, as evaluate_json texts."""
    from subsidy_rules import evaluate_json

    out = []
    for scenario in scenarios:
        text = json.dumps(scenario, ensure_ascii=False)
        got = driver.run("t => window.subsidyCalculator.evaluateJSON(t)", text)
        out.append((got, evaluate_json(text)))
    return out


def shown_total(driver, scenario: dict) -> str:
    """Open the scenario as a share link does; the total the page shows (data-amount)."""
    from subsidy_rules import scenario_fragment

    before = driver.run("() => Number(document.getElementById('calculator').dataset.rendered || 0)")
    driver.run("f => { history.replaceState(null, '', '#'); location.hash = f; }", scenario_fragment(scenario))
    wait_for(driver, f"""() => {{ const el = document.getElementById('calculator');
        return Number(el.dataset.rendered || 0) > {before} && el.dataset.busy === 'false'; }}""",
             timeout=15, what="results rendered")
    return driver.run("() => document.querySelector('.calc-total__amount').dataset.amount")


# Print media, the same way in every engine: each style rule's media list is rewritten so that
# `print` matches on screen and `screen` does not (no engine's WebDriver emulates media here:
# classic WebDriver has no such command, and puppeteer's emulateMediaType needs CDP).
EMULATE_PRINT = """() => {
    const swap = list => {
        const text = list.mediaText;
        if (!text || text === 'all') return;
        const parts = text.split(',').map(q => q.trim()).map(q =>
            /\\bprint\\b/.test(q) ? q.replace(/\\bprint\\b/, 'all') : /\\bscreen\\b/.test(q) ? 'not all' : q);
        list.mediaText = parts.join(', ');
    };
    const walk = rules => { for (const rule of rules) {
        if (rule.media) swap(rule.media);
        if (rule.cssRules) walk(rule.cssRules);
    } };
    let rewritten = 0;
    for (const sheet of document.styleSheets) {
        if (sheet.media.mediaText) swap(sheet.media);
        walk(sheet.cssRules);
        rewritten++;
    }
    return rewritten;
}"""

SHEET_STATE = """() => {
    const visible = sel => { const e = document.querySelector(sel);
        return !!e && getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0; };
    return {sheet: visible('.calc-sheet'), layout: visible('.calc-layout'), header: visible('.md-header'),
            text: (document.querySelector('.calc-sheet') || {}).innerText || ''};
}"""


def print_sheet(driver) -> dict:
    """The sheet as print media shows it (then the page is loaded again by the caller)."""
    assert driver.run(EMULATE_PRINT) > 0
    return driver.run(SHEET_STATE)


def offline_ready(driver, url: str, timeout: float = 90) -> bool:
    """A first visit to the calculator; wait until the service worker keeps the site and the
    runtime (html[data-offline=ready], offline.js). False where the engine has no service worker."""
    boot_calculator(driver, url)
    if not driver.run("() => 'serviceWorker' in navigator && window.isSecureContext"):
        return False
    wait_for(driver, "() => navigator.serviceWorker.ready.then(() => true)", timeout=30, what="service worker ready")
    wait_for(driver, "() => document.documentElement.dataset.offline", timeout=timeout, what="html[data-offline]")
    state = driver.run("() => document.documentElement.dataset.offline")
    assert state == "ready", f"html[data-offline={state}]"
    return True


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF, counting inside compressed object streams too (Firefox writes them so)."""
    import zlib

    parts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream[1]))
        except zlib.error:
            pass
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", b"\n".join(parts)))


def cpython_total(scenario: dict) -> str:
    from subsidy_rules import evaluate_json

    return json.loads(evaluate_json(json.dumps(scenario, ensure_ascii=False)))["result"]["total"]


def yuan(amount: str) -> str:
    whole, _, cents = amount.partition(".")
    return f"{int(whole):,}.{cents or '00'} 元"


def timed(label: str, times: dict):
    """with timed('boot', times): ... records seconds, for the run's own record."""
    class _T:
        def __enter__(self):
            self.start = time.monotonic()

        def __exit__(self, *exc):
            times[label] = round(time.monotonic() - self.start, 1)
    return _T()


# ---------------------------------------------------------------- the tests, once for both engines


class EngineChecks:
    """Subclassed by each engine's test file, with the fixtures `driver` (module-scoped) and
    `servers` (engines.Servers of the built site) and the class attribute OFFLINE."""

    OFFLINE = True   # the engine keeps the site offline (service worker); else what it does instead

    def test_a_first_visit_hands_the_page_s_wasm_request_to_the_worker(self, driver, site):
        """Run first (a fresh browser): no service worker controls the calculator page yet."""
        info = boot_calculator(driver, site)
        assert info["boot"] == "snapshot", info
        # The page requests the wasm for the worker and hands it the body: as a stream where it
        # can (Chromium, Firefox); WebKit cannot, and gets it chunk by chunk.
        assert info["wasm"] == ("page" if driver.run(CAN_TRANSFER_STREAMS) else "page-relay"), info
        # ... and the wasm is downloaded once: by the page (its own entries), not again by the
        # worker (whose "wasm" would then end in -fetched-again)
        assert len(driver.run(PAGE_WASM_ENTRIES)) == 1
        got, expected = envelopes(driver, SCENARIOS[:1])[0]
        assert json.loads(got) == json.loads(expected)

    def test_every_page_loads_without_an_error(self, driver, site):
        errors = {page: visit(driver, site + page) for page in ALL_PAGES}
        assert errors == {page: [] for page in ALL_PAGES}

    def test_search_finds_the_leader_and_an_amount(self, driver, site):
        visit(driver, site + "index.html")
        for query, expected in SEARCHES.items():
            results = search(driver, query)
            assert expected in [r["section"] for r in results], (query, results)
        assert page_errors(driver) == []

    def test_calculator_boots_from_the_snapshot_and_answers_as_cpython(self, driver, site):
        from subsidy_rules import RULES_VERSION

        if self.OFFLINE and offline_ready(driver, site):
            # Controlled by the service worker, the worker requests the wasm itself (compiled
            # from the response, whose compiled code the browser may keep), answered from its cache.
            info = boot_calculator(driver, site)
            assert driver.run(CONTROLLED) and info["wasm"] == "worker", info
            assert driver.run(PAGE_WASM_ENTRIES) == []
        else:
            info = boot_calculator(driver, site)
            assert info["wasm"] in ("page", "page-relay"), info
        assert info["boot"] == "snapshot" and info["rulesVersion"] == RULES_VERSION, info
        for got, expected in envelopes(driver):
            assert json.loads(got) == json.loads(expected)
        for scenario in (SCENARIOS[0], SCENARIOS[1], SCENARIOS[3]):   # the form's total, opened as a share link
            assert shown_total(driver, scenario) == cpython_total(scenario)
        assert "已就绪" in driver.run("() => document.querySelector('.calc-status').textContent")
        assert page_errors(driver) == []

    def test_print_media_shows_the_sheet(self, driver, site):
        from subsidy_rules import RULES_VERSION

        boot_calculator(driver, site)
        scenario = SCENARIOS[1]
        total = shown_total(driver, scenario)
        assert total == cpython_total(scenario)
        state = print_sheet(driver)
        assert state["sheet"] and not state["layout"] and not state["header"], state
        text = re.sub(r"\s+", "", state["text"])
        for expected in ("估算结果，不构成资助决定", RULES_VERSION, "2024年6月1日", "甲公司", "丙研究院",
                         "打印示例", yuan(total)):
            assert re.sub(r"\s+", "", expected) in text, expected
        assert page_errors(driver) == []
        # Where the driver can print (Firefox), the printed sheet, from a page as loaded: one A4 page.
        boot_calculator(driver, site)
        shown_total(driver, scenario)
        pdf = driver.pdf()
        if pdf is not None:
            assert pdf_pages(pdf) == 1

    def test_calculator_falls_back_to_the_ordinary_boot(self, driver, servers):
        url = servers.start(without_snapshot=True)
        try:
            info = boot_calculator(driver, url)
            assert info["boot"] == "wheel" and info["reason"] == "snapshot-failed", info
            for got, expected in envelopes(driver):
                assert json.loads(got) == json.loads(expected)
            assert driver.run("() => !!document.querySelector('.calc-status--failed')") is False
            assert page_errors(driver) == []
        finally:
            servers.stop(url)

    def test_offline_after_the_first_visit(self, driver, servers):
        url = servers.start()
        try:
            ready = offline_ready(driver, url)
        except Exception:
            servers.stop(url)
            raise
        assert ready == self.OFFLINE, "the engine's service worker support is not what the README says"
        servers.stop(url)   # the network is gone
        if not ready:
            return
        info = boot_calculator(driver, url)
        assert info["boot"] == "snapshot"
        for got, expected in envelopes(driver, SCENARIOS[:1]):
            assert json.loads(got) == json.loads(expected)
        assert page_errors(driver) == []
        assert visit(driver, url + "policy.html") == []
        assert "企业标准“领跑者”" in driver.run("() => document.querySelector('article').innerText")
