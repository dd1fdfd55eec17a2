"""A second policy package proves the generator: the fixture policy under tests/fixtures/policies/
(made up, never shipped) builds into a complete site through the same build, and its calculator,
whose form comes from the fixture's form.json, computes in Chromium. Its rules' named cases
(demo_rules/cases.json) run in tests/rules/test_cases.py with every package's.

The build runs on a copy of the checkout (it writes docs/), with SUBSIDY_POLICY naming the
fixture, as policy_src/README.md ("Adding a policy") describes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sitebuild import packages  # noqa: E402
from sitebuild.hosting import serve  # noqa: E402
from sitebuild.runtime import layout  # noqa: E402

from conftest import FIXTURE_POLICY, SUB_PATH, start_fixture_policy  # noqa: E402

FIXTURE = ROOT / FIXTURE_POLICY


@pytest.fixture(scope="module")
def fixture_site(copy_builds):
    """The fixture policy's whole site, built by the generator from a copy of the checkout
    (tests/conftest.py: started when the run starts)."""
    start_fixture_policy(copy_builds)
    return copy_builds.site("fixture-policy")


def test_the_fixture_site_has_every_page_and_none_of_the_shipped_policy(fixture_site):
    pages = {p.relative_to(fixture_site).as_posix() for p in fixture_site.rglob("*.html")}
    assert {"index.html", "policy.html", "rules.html", "glossary.html", "timeline.html", "about.html",
            "calculator/index.html"} <= pages
    policy = (fixture_site / "policy.html").read_text("utf-8")
    assert "示例市人民政府办公室关于鼓励企业参与标准化工作的办法" in policy
    assert 'id="c1-2"' in policy and "主导制定" in policy
    rules = (fixture_site / "rules.html").read_text("utf-8")
    assert "200,000" in rules and "20,000" in rules          # the examples, computed by the fixture's rules
    assert "每一项培训单独计算" in rules                      # its reading
    timeline = (fixture_site / "timeline.html").read_text("utf-8")
    assert "示府办〔2019〕9号" in timeline and "示府办〔2024〕1号" in timeline
    runtime = layout.runtime_dir(fixture_site)
    assert sorted(w.name for w in runtime.glob("*.whl")) == ["demo_rules-0.1.0-py3-none-any.whl",   # with the rules core
                                                              "subsidy_core-1.0.0-py3-none-any.whl"]
    for path in fixture_site.rglob("*"):
        if path.suffix in {".html", ".js", ".json", ".mjs"}:
            text = path.read_text("utf-8", errors="replace")
            assert "厦府办规" not in text and "subsidy_rules" not in text, path


@pytest.mark.browser
def test_the_fixture_calculator_computes_in_the_browser(fixture_site, browser, shots_dir):
    server, url = serve.make_server(fixture_site, base=SUB_PATH)
    try:
        ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(exc.message))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(url + "calculator/index.html")
        page.wait_for_function("window.subsidyCalculator !== undefined", timeout=30_000)
        info = page.evaluate("window.subsidyCalculator.ready")
        assert info["rulesVersion"] == "0.1.0" and info["boot"] == "snapshot"
        # The form offers the fixture's two types, from its form.json.
        types = page.eval_on_selector_all("#calc-f-items-0-type option", "els => els.map(e => e.textContent)")
        assert types == ["主导制定标准", "标准化培训"]
        page.select_option("#calc-f-items-0-type", label="标准化培训")
        page.fill("#calc-f-items-0-count", "150")
        page.fill("#calc-f-items-0-unit", "示例企业")
        page.wait_for_selector('.calc-total__amount[data-amount="20000.00"]', timeout=30_000)
        page.screenshot(path=str(shots_dir / "fixture-calculator-390.png"), full_page=True)
        envelope = json.loads(page.evaluate("t => window.subsidyCalculator.evaluateJSON(t)", json.dumps(
            {"application_date": "2025-01-01", "items": [{"type": "standard", "level": "local", "unit": "甲"}]})))
        assert envelope["result"]["total"] == "80000.00"
        assert not errors, errors
        ctx.close()
    finally:
        server.shutdown()
