"""大字模式 (适老化) to the published figures, measured in the browser on every page of the built
site at 390 and 1280 px (tests/docs/elder_measure.js does the measuring):

- text at least 20 px (the specification asks 18 pt equivalent of main text; we keep all text at 20 px);
- every control a hit area of at least 60 × 60 CSS px. Links inside a sentence are exempt, as in
  WCAG 2.5.8's inline exception (their size is that of the line they are in), and must then be
  underlined so they are not told apart by colour alone;
- contrast, computed here for every visible text (colour composited over the backgrounds of its
  ancestors, opacity included): at least 4.5:1, 3:1 for large text (24 px, or 18.66 px bold);
- line height at least 1.3 × the font size;
- nothing said by colour alone: the current page in the navigation, status in the calculator's
  results and field errors carry text or weight, links in text are underlined;
- axe-core: nothing serious or critical;
- in the dark palette as well (a page and the calculator's results);
- the mode is kept across pages, set before the first paint, and reached and switched with the
  keyboard through a real button whose state a screen reader hears (aria-pressed).

Besides each page as it opens: the search dialog open, the navigation drawer open at 390 px, an
annotation open, the back-to-top button shown, the calculator with a full result and with a field
error. The pages are measured on both builders' sites (marker `builders`); the states on the
run's builder's, Material's by default (Zensical's search dialog is a component of its own that
the site's stylesheets do not reach). Screenshots of the calculator at 390 px go to .shots/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "policy_src" / "xiamen-2020-15" / "rules")]

from sitebuild.hosting import serve  # noqa: E402
from subsidy_rules import scenario_fragment  # noqa: E402
from test_calculator_citizen import EVERY_TYPE  # noqa: E402

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
KEY = "xm-reading-mode"
MEASURE = (ROOT / "tests" / "docs" / "elder_measure.js").read_text("utf-8")
FIGURES = {
    "small": "text under 20 px",
    "targets": "controls under 60 × 60 px",
    "contrast": "contrast under 4.5:1 (3:1 large)",
    "lines": "line height under 1.3",
    "colourOnly": "said by colour alone",
}


def site_pages(site: Path) -> list[str]:
    """Every page of the built site (the hosting kit's examples are not pages)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] != "hosting")


PAGES = site_pages(ROOT / "site") if (ROOT / "site" / "index.html").exists() else [
    "404.html", "about.html", "calculator/index.html", "glossary.html", "index.html", "policy.html",
    "privacy.html", "rules.html", "timeline.html"]


@pytest.fixture(scope="module")
def root_url(built_site):
    """404.html names its files from the server's root (it answers for any missing path): served at /."""
    server, url = serve.make_server(built_site, base="/")
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def elder(browser):
    """elder(width): a page in 大字模式 at that width; one context per width, kept for the module.
    bypass_csp only so that axe-core and the measuring script can be injected."""
    contexts = {}

    def make(width):
        if width not in contexts:
            ctx = browser.new_context(locale="zh-CN", bypass_csp=True, viewport={"width": width, "height": 900})
            ctx.add_init_script(f"localStorage.setItem('{KEY}', 'large')")
            contexts[width] = ctx
        return contexts[width].new_page()

    yield make
    for ctx in contexts.values():
        ctx.close()


@pytest.fixture(scope="module")
def axe_source(root):
    return (root / "node_modules" / "axe-core" / "axe.min.js").read_text("utf-8")


def open_page(page, url: str) -> None:
    page.goto(url, wait_until="load")
    if "/calculator/" in url:
        page.wait_for_function("window.subsidyCalculator !== undefined", timeout=30_000)
        page.evaluate("window.subsidyCalculator.ready")
    # Colours measured as they end up, not halfway through a transition.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.evaluate("() => document.querySelectorAll('article details').forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.dataset.reading") == "large"


def problems(page, axe_source) -> tuple[dict, dict]:
    """The figures that fail, each with its offending elements; and the smallest figures met."""
    page.evaluate("() => document.fonts.ready")
    page.evaluate(MEASURE)
    found = page.evaluate("elderMeasure()")
    assert found["counted"]["text"] > 5 and found["counted"]["targets"] > 3, found["counted"]   # it measured something
    bad = {FIGURES[k]: found[k][:15] + ([f"... {len(found[k]) - 15} more"] if len(found[k]) > 15 else [])
           for k in FIGURES if found[k]}
    if page.evaluate("typeof axe === 'undefined'"):
        page.evaluate(axe_source)
    serious = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', '))")
    if serious:
        bad["axe serious/critical"] = serious
    return bad, found["min"]


def report(bad: dict) -> str:
    return "\n".join(f"{what}:\n    " + "\n    ".join(items) for what, items in bad.items())


MEASURED = {}   # the smallest figures met, printed at the end (pytest -s) for the README


@pytest.fixture(scope="module", autouse=True)
def print_smallest():
    yield
    for builder in sorted({b for b, _ in MEASURED}):
        for figure in ("target", "contrast", "contrastNormal", "line"):
            worst = min((m[figure][0], where, m[figure][1]) for (b, where), m in MEASURED.items() if b == builder and m[figure])
            print(f"\n{builder}: smallest {figure} {worst[0]} ({worst[1]}: {worst[2]})")


def check(page, axe_source, builder: str, where: str) -> None:
    bad, smallest = problems(page, axe_source)
    MEASURED[builder, where] = smallest
    assert not bad, f"{where} in 大字模式 ({builder}):\n{report(bad)}"


# --- every page ------------------------------------------------------------------------------------

@pytest.mark.builders
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_meets_the_figures(elder, site_url, root_url, axe_source, builder, name, width):
    page = elder(width)
    try:
        open_page(page, (root_url if name == "404.html" else site_url) + name)
        check(page, axe_source, builder, f"{name} at {width} px")
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_search_dialog_meets_the_figures(elder, site_url, axe_source, builder, width):
    if builder == "zensical":
        pytest.skip("Zensical's search dialog is its own component (shadow DOM, English labels): not restyled here")
    page = elder(width)
    try:
        open_page(page, site_url + "policy.html")
        # On a phone the header's button opens the dialog; on a desktop the box is in the header.
        opener = page.locator("label.md-header__button[for=__search]")
        (opener if opener.is_visible() else page.locator("input.md-search__input")).click()
        box = page.locator("input.md-search__input")
        for _ in range(20):   # the theme drops what is typed while its index is being built
            box.fill("")
            box.press_sequentially("秘书处")
            try:
                page.wait_for_selector(".md-search-result__item", timeout=1_000)
                break
            except Exception:
                pass
        assert page.locator(".md-search-result__item").count() > 0
        check(page, axe_source, builder, f"search results at {width} px")
    finally:
        page.close()


def test_navigation_drawer_meets_the_figures_on_a_phone(elder, site_url, axe_source, builder):
    page = elder(390)
    try:
        open_page(page, site_url + "rules.html")
        page.locator("label.md-header__button[for=__drawer]").click()
        page.wait_for_function("document.getElementById('__drawer').checked")
        check(page, axe_source, builder, "drawer open at 390 px")
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_open_annotation_and_back_to_top_meet_the_figures(elder, site_url, axe_source, builder, width):
    page = elder(width)
    try:
        open_page(page, site_url + "policy.html#c5-3-1")
        page.locator("#c5-3-1 aside.md-annotation").first.focus()      # as a tap or Tab opens it
        page.locator(".md-tooltip--active .md-tooltip__inner").first.wait_for(state="visible")
        check(page, axe_source, builder, f"annotation open at {width} px")
        page.keyboard.press("Escape")
        page.mouse.wheel(0, 3000)
        page.mouse.wheel(0, -300)                                     # scrolling back up shows the button
        page.wait_for_selector(".md-top:not([hidden])")
        check(page, axe_source, builder, f"back-to-top shown at {width} px")
    finally:
        page.close()


FIELD_ERROR = {"application_date": "2022-01-01", "items": [
    {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
     "drafters": [{"name": "甲公司", "kind": "xiamen_entity"}]}]}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("state", ["results", "field-error"])
def test_calculator_states_meet_the_figures(elder, site_url, axe_source, shots_dir, builder, state, width):
    page = elder(width)
    scenario = EVERY_TYPE if state == "results" else FIELD_ERROR
    try:
        open_page(page, site_url + "calculator/index.html" + scenario_fragment(scenario))
        if state == "results":
            page.wait_for_function("document.querySelectorAll('.calc-result-item').length >= 6", timeout=30_000)
            # status by badge text, not by the colour of the item's border alone
            assert page.eval_on_selector_all(
                ".calc-result-item", "els => els.filter(e => !e.querySelector('.calc-badge')?.textContent.trim()).length") == 0
        else:
            page.wait_for_selector("[aria-invalid=true]", timeout=30_000)
        check(page, axe_source, builder, f"calculator {state} at {width} px")
        if width == 390:
            page.screenshot(path=str(shots_dir / f"elder-calculator-{state}-390.png"), full_page=True)
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["policy.html", "calculator"])
def test_dark_palette_meets_the_figures(elder, site_url, axe_source, builder, name, width):
    """The dark palette (slate), with the calculator's results: their status colours are the
    palette's own."""
    page = elder(width)
    try:
        if name == "calculator":
            open_page(page, site_url + "calculator/index.html" + scenario_fragment(EVERY_TYPE))
            page.wait_for_function("document.querySelectorAll('.calc-result-item').length >= 6", timeout=30_000)
        else:
            open_page(page, site_url + name)
        page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'slate')")
        check(page, axe_source, builder, f"{name} (dark) at {width} px")
    finally:
        page.close()


# --- the mode itself -------------------------------------------------------------------------------

def test_mode_is_set_before_the_first_paint_and_kept_across_pages(browser, site_url):
    """The page's body is parsed (nothing can be drawn before it) with 大字模式 already on: no
    flash of normal text. Switched off, the next page opens normal."""
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    # Records the mode at the moment <body> appears, before any of the page's own scripts in it run.
    ctx.add_init_script("""
        new MutationObserver((records, observer) => {
            if (document.body) { window.__readingAtBody = document.documentElement.dataset.reading || 'normal'; observer.disconnect(); }
        }).observe(document, {childList: true, subtree: true});""")
    try:
        page = ctx.new_page()
        page.goto(site_url + "index.html")
        assert page.evaluate("window.__readingAtBody") == "normal"
        page.get_by_role("button", name="大字模式").click()
        assert page.evaluate(f"localStorage.getItem('{KEY}')") == "large"
        for name in ("policy.html", "calculator/index.html"):
            page.goto(site_url + name)
            assert page.evaluate("window.__readingAtBody") == "large", name
            assert page.get_by_role("button", name="大字模式").get_attribute("aria-pressed") == "true"
        page.get_by_role("button", name="大字模式").click()
        page.goto(site_url + "glossary.html")
        assert page.evaluate("window.__readingAtBody") == "normal"
        assert page.evaluate("document.documentElement.dataset.reading") is None
    finally:
        ctx.close()


def test_mode_is_reached_and_switched_by_keyboard_and_heard_by_a_screen_reader(browser, site_url):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(site_url + "policy.html")
        # A screen reader finds a toggle button by its name, and hears its state.
        assert page.get_by_role("button", name="大字模式", pressed=False).count() == 1
        # Tab from the top of the page reaches it (after the skip link, the banner's link, the logo).
        for presses in range(1, 9):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "reading-mode-toggle":
                break
        else:
            pytest.fail("8 presses of Tab never reached the 大字模式 button")
        toggle = page.locator("#reading-mode-toggle")
        # Its focus is shown: an outline of at least 2 px, visible on the red header.
        outline = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
        assert outline[0] != "none" and outline[1] >= 2, outline
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-pressed") == "true"
        assert page.evaluate("document.documentElement.dataset.reading") == "large"
        assert page.get_by_role("button", name="大字模式", pressed=True).count() == 1
        page.keyboard.press("Space")
        assert toggle.get_attribute("aria-pressed") == "false"
        assert page.evaluate("document.documentElement.dataset.reading") is None
        assert page.evaluate(f"localStorage.getItem('{KEY}')") == "normal"
        assert presses <= 8
    finally:
        ctx.close()
