"""Accessibility: axe-core on the main pages in both palettes, and the reading mode."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = ["index.html", "policy.html", "rules.html", "glossary.html", "about.html", "calculator/index.html"]
SCHEMES = ["default", "slate"]


@pytest.fixture(scope="module")
def axe_context(browser):
    # bypass_csp only so the test can inject axe-core; the pages themselves are unchanged.
    ctx = browser.new_context(locale="zh-CN", bypass_csp=True, viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def axe_source(root):
    return (root / "node_modules" / "axe-core" / "axe.min.js").read_text("utf-8")


def serious_violations(page, axe_source):
    if page.evaluate("typeof axe === 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def loaded(axe_context, site_url):
    """loaded(path): that page, loaded, with no colour transitions; kept while the tests of the
    same page run (one per palette, switched on the loaded page), then closed."""
    kept = {}

    def load(path):
        url = site_url + path
        if url not in kept:
            for page in kept.values():
                page.close()
            kept.clear()
            page = axe_context.new_page()
            page.goto(url)
            if path.startswith("calculator"):
                page.wait_for_function("window.subsidyCalculator !== undefined", timeout=30_000)
                page.evaluate("window.subsidyCalculator.ready")
            # No colour transitions: axe must measure the final colours of the scheme.
            page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
            kept[url] = page
        return kept[url]

    yield load
    for page in kept.values():
        page.close()


@pytest.mark.builders
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_axe_violations(loaded, axe_source, path, scheme):
    page = loaded(path)
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert serious_violations(page, axe_source) == []


def test_reading_mode_persists_across_pages(page, site_url):
    page.goto(site_url + "index.html")
    normal = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    toggle = page.get_by_role("button", name="大字模式")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"

    page.goto(site_url + "policy.html")
    assert page.evaluate("document.documentElement.dataset.reading") == "large"
    large = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    assert large >= normal * 1.15
    color = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).color")
    assert color == "rgb(0, 0, 0)"

    page.get_by_role("button", name="大字模式").click()
    page.goto(site_url + "glossary.html")
    assert page.evaluate("document.documentElement.dataset.reading") is None


def test_no_serious_axe_violations_in_reading_mode_with_a_field_error(axe_context, axe_source, site_url):
    from subsidy_rules import scenario_fragment

    # Applying before publication: refused, with the message beside the field.
    fragment = scenario_fragment({"application_date": "2022-01-01", "items": [
        {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
         "drafters": [{"name": "甲公司", "kind": "xiamen_entity"}]}]})
    page = axe_context.new_page()
    try:
        page.add_init_script("localStorage.setItem('xm-reading-mode', 'large')")
        page.goto(site_url + "calculator/index.html" + fragment)
        page.wait_for_function("window.subsidyCalculator !== undefined", timeout=30_000)
        page.evaluate("window.subsidyCalculator.ready")
        page.wait_for_selector("[aria-invalid=true]", timeout=30_000)
        assert page.evaluate("document.documentElement.dataset.reading") == "large"
        assert serious_violations(page, axe_source) == []
    finally:
        page.close()
