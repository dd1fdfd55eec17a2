"""Offline after the first visit, and no stale rules after a new deployment."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from sitebuild import serve

pytestmark = pytest.mark.browser

SCENARIO = {
    "application_date": "2024-06-01",
    "items": [{"type": "leader", "unit": "甲公司", "date": "2024-05-01"}],
}


def wait_until_controlled(page):
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    page.wait_for_function("!!navigator.serviceWorker.controller", timeout=60_000)


def boot_calculator(page):
    page.wait_for_function("window.subsidyCalculator !== undefined", timeout=30_000)
    page.evaluate("window.subsidyCalculator.ready")


def evaluate(page, scenario):
    return page.evaluate("s => window.subsidyCalculator.evaluate(s)", scenario)


def test_docs_page_does_not_cache_the_calculator_runtime(page, site_url):
    page.goto(site_url + "policy.html")
    wait_until_controlled(page)
    cached = page.evaluate("async () => { const c = await caches.open((await caches.keys())[0]);"
                           " return (await c.keys()).map(r => r.url); }")
    assert any(url.endswith("/glossary.html") for url in cached)
    assert not [url for url in cached if "/calculator/pyodide/" in url]
    assert not [url for url in page.request_log.urls if "/calculator/pyodide/" in url]


def test_docs_and_calculator_work_offline_after_first_visit(context, site_url):
    page = context.new_page()
    page.goto(site_url + "calculator/index.html")
    wait_until_controlled(page)
    boot_calculator(page)
    page.wait_for_selector("html[data-offline=ready]", state="attached", timeout=60_000)
    online = evaluate(page, SCENARIO)

    context.set_offline(True)
    try:
        page.reload()
        boot_calculator(page)
        assert evaluate(page, SCENARIO) == online
        assert online["total"] == "50000.00"
        page.goto(site_url + "policy.html#c5-3-5")
        assert "企业标准“领跑者”" in page.inner_text("article")
        page.goto(site_url)
        assert page.title()
    finally:
        context.set_offline(False)


def copy_repo_with_rules_version(root: Path, dest: Path, version: str) -> Path:
    """A checkout as a new deployment would have it, differing only in rules_version."""
    ignore = shutil.ignore_patterns("site", ".venv", "node_modules", ".git", "__pycache__", ".pytest_cache", ".hypothesis")
    shutil.copytree(root, dest, ignore=ignore)
    os.symlink(root / "node_modules", dest / "node_modules")
    params_path = dest / "calculator" / "subsidy_rules" / "parameters.json"
    params = json.loads(params_path.read_text("utf-8"))
    params["rules_version"] = version
    params_path.write_text(json.dumps(params, ensure_ascii=False, indent=2), "utf-8")
    return dest


def test_new_deployment_replaces_cached_rules(browser, root, built_site, tmp_path):
    from sitebuild import site

    new_root = copy_repo_with_rules_version(root, tmp_path / "repo", "9999.1.1")
    new_site = site.build(new_root)

    live = tmp_path / "live"  # what the host serves: first the old build, then the new one
    os.symlink(built_site, live)
    server, url = serve.make_server(live, base="/pub/standards/")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url + "calculator/index.html")
        wait_until_controlled(page)
        boot_calculator(page)
        old_version = evaluate(page, SCENARIO)["policy"]["rules_version"]
        assert old_version != "9999.1.1"
        old_cache = page.evaluate("caches.keys()")

        os.unlink(live)
        os.symlink(new_site, live)
        page.close()
        page = context.new_page()
        page.goto(url + "calculator/index.html")
        boot_calculator(page)
        assert evaluate(page, SCENARIO)["policy"]["rules_version"] == "9999.1.1"
        # The new worker takes over and drops the old build's cache.
        page.wait_for_function(
            "async old => { const k = await caches.keys(); return k.length === 1 && !old.includes(k[0]); }",
            arg=old_cache, timeout=60_000,
        )
    finally:
        context.close()
        server.shutdown()
