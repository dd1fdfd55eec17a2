"""Hosting: what the build ships for the calculator, and how the page behaves on a good host
(sub-path, plain CSP, nothing from other origins) and on broken ones (wasm blocked, files missing,
wrong MIME type, CSP without 'wasm-unsafe-eval', file://)."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
import subsidy_core
from subsidy_rules import RULES_VERSION
from sitebuild.hosting import serve
from sitebuild.runtime import assets
from conftest import calculator_errors

pytestmark = pytest.mark.browser

FAILED = ".calc-status--failed"


# ---------------------------------------------------------------- the build output

def runtime_dir(built_site: Path) -> Path:
    (runtime,) = (built_site / "calculator").glob("runtime-*")
    return runtime


def test_only_the_needed_runtime_is_shipped(built_site):
    runtime = runtime_dir(built_site)
    wheels = sorted(p.name for p in runtime.glob("*.whl"))
    assert wheels == [f"subsidy_core-{subsidy_core.__version__}-py3-none-any.whl",   # the rules core, beside
                      f"subsidy_rules-{RULES_VERSION}-py3-none-any.whl"]
    shipped = [*assets.PYODIDE_FILES, "python_stdlib.zip", "snapshot.bin", "snapshot_stdlib.zip", "worker.mjs",
               *assets.WORKER_MODULES, "pyodide-lock.json", *wheels]
    # each with its precompressed copies where compressing pays (sitebuild/postbuild/precompress.py)
    assert sorted(p.name for p in runtime.iterdir() if p.suffix not in (".gz", ".br")) == sorted(shipped)


def test_runtime_folder_is_named_by_its_content(built_site):
    runtime = runtime_dir(built_site)
    originals = [p for p in runtime.iterdir() if p.suffix not in (".gz", ".br")]
    h = hashlib.sha256()
    for path in sorted(originals):
        h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    assert runtime.name == "runtime-" + h.hexdigest()[:16]
    # the page names exactly this folder, once, and no other place does
    html = (built_site / "calculator" / "index.html").read_text("utf-8")
    assert html.count(f'data-calculator-runtime="{runtime.name}/"') == 1
    assert not (built_site / "calculator" / "worker.mjs").exists()
    assert not (built_site / "calculator" / "pyodide").exists()


def test_lock_lists_the_wheel_with_its_sha256(built_site, root):
    runtime = runtime_dir(built_site)
    lock = json.loads((runtime / "pyodide-lock.json").read_text("utf-8"))
    upstream = json.loads((root / "node_modules" / "pyodide" / "pyodide-lock.json").read_text("utf-8"))
    assert lock["info"] == upstream["info"]
    assert set(lock["packages"]) == {"subsidy-rules", "subsidy-core"}
    entry, core = lock["packages"]["subsidy-rules"], lock["packages"]["subsidy-core"]
    assert entry["imports"] == ["subsidy_rules"] and core["imports"] == ["subsidy_core"]
    assert entry["depends"] == ["subsidy-core"] and core["depends"] == []   # loadPackage of the rules brings the core
    for item in (entry, core):
        assert item["sha256"] == hashlib.sha256((runtime / item["file_name"]).read_bytes()).hexdigest()
    with zipfile.ZipFile(runtime / entry["file_name"]) as zf:  # the data files travel with the code
        names = set(zf.namelist())
    assert {"subsidy_rules/parameters.json", "subsidy_rules/engine.py"} <= names
    with zipfile.ZipFile(runtime / core["file_name"]) as zf:
        assert "subsidy_core/jsonio.py" in zf.namelist()


def test_wheel_is_reproducible(root, tmp_path):
    from sitebuild import packages

    package = packages.main(root)
    first = assets.build_wheel(package, tmp_path / "a")
    second = assets.build_wheel(package, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    first = assets.build_core_wheel(tmp_path / "c")
    second = assets.build_core_wheel(tmp_path / "d")
    assert first.read_bytes() == second.read_bytes()


def test_page_carries_rules_version_and_the_contract_choices(built_site):
    html = (built_site / "calculator" / "index.html").read_text("utf-8")
    assert f'data-rules-version="{RULES_VERSION}">{RULES_VERSION}<' in html
    assert 'id="calc-options">{' in html
    assert "<noscript>" in html and 'href="../rules.html"' in html and 'href="../policy.html#c5-3"' in html
    assert 'src="calculator.js"' in html


def test_other_pages_load_none_of_the_calculator_until_idle(page, site_url):
    """A docs page loads nothing of the calculator for itself; once it is idle it fetches the
    runtime ahead (offline.js, tests/calculator/test_calculator_warm.py), and only that."""
    page.goto(site_url + "index.html")
    page.wait_for_load_state("load")
    assert not [u for u in page.request_log.urls if "/calculator/" in u]
    page.wait_for_function("() => document.documentElement.dataset.calculatorWarm === 'done'", timeout=60_000)
    fetched = {u.split("/calculator/")[1] for u in page.request_log.urls if "/calculator/" in u}
    assert not [u for u in fetched if not u.startswith("runtime-") and u != "warm.json"], fetched   # no page script


# ---------------------------------------------------------------- a good host

@pytest.mark.builders
def test_sub_path_plain_csp_no_foreign_requests(calculator_page, plain_csp_url, built_site):
    page = calculator_page
    page.evaluate("() => window.subsidyCalculator.evaluate({items: []})")
    assert page.request_log.foreign(plain_csp_url) == []
    # the log does see the worker's own requests, all under the sub-path
    fetched = [u for u in page.request_log.urls if u.startswith(plain_csp_url + "calculator/")]
    runtime = plain_csp_url + "calculator/" + runtime_dir(built_site).name + "/"
    # booted from the snapshot: neither the wheel nor the 3 MB trimmed zip is needed, only the
    # snapshot's own zip (the fallback's path, tested below)
    for name in ("worker.mjs", "pyodide.mjs", "pyodide.asm.wasm", "snapshot_stdlib.zip", "pyodide-lock.json", "snapshot.bin"):
        assert runtime + name in fetched
    assert runtime + "python_stdlib.zip" not in fetched
    assert page.text_content("[data-runtime-rules-version]") == RULES_VERSION
    own = calculator_errors(page.console_errors)
    assert own == []


def test_site_header_also_works(page, site_url):
    page.goto(site_url + "calculator/index.html")
    info = page.evaluate("() => window.subsidyCalculator.ready")
    assert info["rulesVersion"] == RULES_VERSION
    assert page.request_log.foreign(site_url) == []


# ---------------------------------------------------------------- broken hosts: a clear message

@pytest.fixture
def routed_page(browser):
    """A fresh page whose requests all meet the test's routes: the site's service worker
    (sitebuild/postbuild/service_worker.py) would otherwise fetch the calculator's files itself, unrouted."""
    ctx = browser.new_context(locale="zh-CN", service_workers="block")
    yield ctx.new_page()
    ctx.close()


def failure_text(page) -> str:
    page.wait_for_selector(FAILED, timeout=60_000)
    page.wait_for_function("() => !document.querySelector('.calc-status--failed').textContent.includes('正在检查')")
    rejected = page.evaluate("() => window.subsidyCalculator.ready.then(() => null, e => e.message)")
    assert rejected, "ready must reject when the engine cannot start"
    return page.text_content(FAILED)


def test_blocked_wasm_explains_the_fix(routed_page, plain_csp_url):
    page = routed_page
    page.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page.goto(plain_csp_url + "calculator/index.html")
    text = failure_text(page)
    assert "pyodide.asm.wasm" in text and "无法获取" in text
    assert "application/wasm" in text and "Content-Security-Policy" in text
    assert page.locator(f"{FAILED} a[href='../rules.html']").count() == 1


def test_missing_worker_file(routed_page, plain_csp_url):
    page = routed_page
    page.route("**/runtime-*/worker.mjs", lambda route: route.fulfill(status=404, body="not found"))
    page.goto(plain_csp_url + "calculator/index.html")
    text = failure_text(page)
    assert "/worker.mjs 无法获取（HTTP 404）" in text


def test_wrong_mjs_mime_type(routed_page, plain_csp_url, built_site):
    page = routed_page
    body = (runtime_dir(built_site) / "pyodide.mjs").read_bytes()
    page.route("**/runtime-*/pyodide.mjs", lambda route: route.fulfill(
        status=200, body=body, headers={"Content-Type": "application/octet-stream"}))
    page.goto(plain_csp_url + "calculator/index.html")
    text = failure_text(page)
    assert f"{runtime_dir(built_site).name}/pyodide.mjs 的 MIME 类型是“application/octet-stream”，应为 text/javascript" in text


def test_csp_without_wasm_eval(routed_page, built_site):
    page = routed_page
    policy = "default-src 'self'; script-src 'self'; worker-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'"
    server, url = serve.make_server(built_site, base="/strict/", csp=policy)
    try:
        page.goto(url + "calculator/index.html")
        text = failure_text(page)
        assert "script-src" in text and "'wasm-unsafe-eval'" in text
    finally:
        server.shutdown()


def test_file_url_says_it_needs_http(routed_page, built_site):
    page = routed_page
    page.goto((built_site / "calculator" / "index.html").resolve().as_uri())
    text = page.text_content(FAILED)
    assert "file://" in text and "http" in text
    assert page.evaluate("() => window.subsidyCalculator.ready.then(() => 'ok', e => e.message)") != "ok"


def test_tampered_wheel_is_refused(routed_page, plain_csp_url, built_site):
    """Without the snapshot, loadPackage checks the wheel against the sha256 in the lock file."""
    page = routed_page
    wheel = next(runtime_dir(built_site).glob("subsidy_rules-*.whl"))
    tampered = bytearray(wheel.read_bytes())
    tampered[-100] ^= 0xFF
    page.route("**/runtime-*/snapshot.bin", lambda route: route.fulfill(status=404, body="not found"))
    page.route("**/runtime-*/*.whl", lambda route: route.fulfill(
        status=200, body=bytes(tampered), headers={"Content-Type": "application/zip"}))
    page.goto(plain_csp_url + "calculator/index.html")
    text = failure_text(page)
    assert "subsidy-rules" in text and "sha256" in text


def test_without_javascript_the_page_says_so_and_links_the_tables(browser, plain_csp_url):
    ctx = browser.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(plain_csp_url + "calculator/index.html")
        note = page.locator(".calc-noscript")
        assert note.is_visible() and "JavaScript" in note.text_content()
        hrefs = note.locator("a").evaluate_all("as => as.map(a => a.href)")
        assert hrefs == [plain_csp_url + "rules.html", plain_csp_url + "policy.html#c5-3"]
        for href in hrefs:  # both targets exist in the build
            assert page.request.get(href).ok
    finally:
        ctx.close()


def test_page_is_usable_while_the_engine_boots(routed_page, plain_csp_url, built_site):
    page = routed_page
    # Hold the snapshot until the form has been used, so the boot cannot win the race.
    held = []
    page.route("**/snapshot.bin", lambda route: held.append(route))
    page.goto(plain_csp_url + "calculator/index.html")
    status = page.locator(".calc-status")
    assert "正在" in status.text_content()  # the progress indicator says what is loading
    # ... and how much, as the build measured it (gzip, as the hosting kit serves it)
    build = json.loads(re.search(r"const BUILD = (\{.*\});", (runtime_dir(built_site) / "worker.mjs").read_text("utf-8"))[1])
    page.wait_for_function("() => document.querySelector('.calc-status').textContent.includes('MB')")
    assert f"约 {build['download']['snapshot'] / 1e6:.1f} MB" in status.text_content()
    assert page.locator(".calc-status progress").count() == 1
    page.fill("#calc-f-items-0-drafters-0-name", "早填的单位")  # the main thread is free
    booted = page.evaluate("() => document.getElementById('calculator').dataset.state")
    assert booted == "loading", "the engine booted before the form was used: nothing was shown"
    assert page.input_value("#calc-f-items-0-drafters-0-name") == "早填的单位"
    for _ in range(600):  # the snapshot is requested during the boot; wait for it (30 s at most)
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the snapshot was never requested"
    for route in held:
        route.continue_()
    page.unroute("**/snapshot.bin")
    page.fill("#calc-f-items-0-published", "2023-05-01")
    page.wait_for_selector(".calc-payment__unit")
    assert page.text_content(".calc-payment__unit") == "早填的单位"
    assert "已就绪" in status.text_content()
