"""Served over plain http under a host name other than localhost (an office intranet), the page is
not a secure context: no service worker, no SubtleCrypto. The calculator still starts from its
snapshot (checked by calculator/web/sha256.mjs), answers as the rules do on CPython, and says
plainly that keeping it for offline use needs https; nothing is logged as an error."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from subsidy_rules import evaluate_json

from conftest import CHROMIUM, CHROMIUM_ARGS

HOST = "standards.intranet.example"
SCENARIOS = [
    {"application_date": "2024-06-01", "items": [
        {"type": "benchmarking", "count": 4, "unit": "丙研究院", "date": "2023-09-01"}]},
    {"application_date": "2024-06-01", "items": [
        {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
         "drafters": [{"name": "甲公司", "kind": "xiamen_entity"}, {"name": "乙大学", "kind": "other"}]}]},
]


@pytest.fixture
def intranet(browser, site_url):
    """A page of a Chromium that finds HOST at this machine, and the site's URL under HOST."""
    parts = urlsplit(site_url)
    other = browser.browser_type.launch(executable_path=CHROMIUM,
                                        args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1"])
    page = other.new_page(locale="zh-CN")
    page.errors, page.console = [], []
    page.on("pageerror", lambda exc: page.errors.append(exc.message))
    page.on("console", lambda message: page.console.append((message.type, message.text)))
    yield page, f"http://{HOST}:{parts.port}{parts.path}"
    other.close()


@pytest.mark.browser
def test_the_calculator_boots_from_its_snapshot_without_a_secure_context(intranet):
    page, url = intranet
    page.goto(url + "calculator/index.html")
    assert page.evaluate("window.isSecureContext") is False
    assert page.evaluate("!(window.crypto && window.crypto.subtle) && !('serviceWorker' in navigator)")
    info = page.evaluate("window.subsidyCalculator.ready")
    assert info["boot"] == "snapshot"
    for scenario in SCENARIOS:
        text = json.dumps(scenario, ensure_ascii=False)
        assert page.evaluate("t => window.subsidyCalculator.evaluateJSON(t)", text) == evaluate_json(text)
    note = page.locator(".calc-offline-note")
    note.wait_for()
    assert "https" in note.inner_text() and "计算器照常可用" in note.inner_text()
    assert page.errors == []
    assert not [text for kind, text in page.console if kind in ("error", "warning")]


@pytest.mark.browser
def test_a_docs_page_fetches_the_runtime_ahead_into_the_http_cache(intranet):
    page, url = intranet
    page.goto(url + "policy.html")
    page.wait_for_function("() => document.documentElement.dataset.calculatorWarm === 'done'", timeout=60_000)
    assert page.locator(".calc-offline-note").count() == 0
    assert page.errors == []
    assert not [text for kind, text in page.console if kind in ("error", "warning")]
