"""A reader on the docs gets the calculator's runtime downloaded in the background
(docs/assets/javascripts/offline.js), so the calculator's first visit downloads nothing of it:
kept by the service worker, or, where there is none (iOS in-app browsers, plain http), by the
browser's HTTP cache. Never on a connection the calculator would not download its snapshot on."""
from __future__ import annotations

import functools
import json

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, SUB_PATH
from sitebuild.hosting import serve


@pytest.fixture
def logged_site(built_site):
    """The site served as by the other tests, recording each path the server was asked for."""
    asked: list[str] = []

    class Logged(serve.SiteHandler):
        def send_head(self):
            asked.append(self.path.split("?")[0])
            return super().send_head()

    server, url = serve.make_server(built_site, base=SUB_PATH)
    server.RequestHandlerClass = functools.partial(Logged, directory=str(built_site), base=SUB_PATH, csp=None)
    yield url, asked
    server.shutdown()


def runtime_files(built_site) -> list[str]:
    warm = json.loads((built_site / "calculator" / "warm.json").read_text("utf-8"))
    return [warm["runtime"] + name for name in warm["files"]]


def read_docs_then_calculator(ctx, url: str, asked: list[str]) -> dict:
    page = ctx.pages[0] if ctx.pages else ctx.new_page()
    page.goto(url + "policy.html")
    page.wait_for_function("() => document.documentElement.dataset.calculatorWarm === 'done'", timeout=60_000)
    asked.clear()
    page.goto(url + "calculator/index.html")
    info = page.evaluate("window.subsidyCalculator.ready")
    assert page.evaluate("window.subsidyCalculator.evaluate({items: []})")["total"] is not None
    # the calculator page asks the service worker to keep its runtime once it has booted: that
    # must not download it again either
    page.wait_for_function("() => document.documentElement.dataset.offline !== undefined || !navigator.serviceWorker.controller",
                           timeout=30_000)
    return info


@pytest.mark.browser
@pytest.mark.parametrize("workers", ["allow", "block"])
def test_the_calculator_after_the_docs_downloads_none_of_its_runtime(browser, built_site, logged_site, workers, tmp_path):
    """In a browser profile as a visitor has one (a disk cache: an incognito context keeps no
    large file in its memory cache)."""
    url, asked = logged_site
    ctx = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, locale="zh-CN", service_workers=workers)
    try:
        info = read_docs_then_calculator(ctx, url, asked)
        assert info["boot"] == "snapshot"
        fetched = [path for path in asked if "/calculator/runtime-" in path]
        assert fetched == [], f"fetched again from the server: {fetched}"
        assert all(any(path.endswith(name) for path in asked) is False for name in runtime_files(built_site))
    finally:
        ctx.close()


@pytest.mark.browser
def test_nothing_is_fetched_ahead_on_a_3g_connection(browser, built_site, logged_site):
    url, asked = logged_site
    slow = browser.browser_type.launch(executable_path=CHROMIUM,
                                       args=[*CHROMIUM_ARGS, "--force-effective-connection-type=3G"])
    try:
        page = slow.new_page(locale="zh-CN", service_workers="block")
        page.goto(url + "policy.html")
        page.wait_for_function("() => document.documentElement.dataset.calculatorWarm !== undefined", timeout=30_000)
        assert page.evaluate("document.documentElement.dataset.calculatorWarm") == "skipped-slow-connection"
        assert not [path for path in asked if path.endswith(("pyodide.asm.wasm", "snapshot.bin"))]
    finally:
        slow.close()
