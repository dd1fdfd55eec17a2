"""The documentation pages as the public meets them: the expired state on every page (without
JavaScript too), no developer text, 大字模式 that enlarges everything, phone-sized tap targets,
wide tables that say they scroll, no text over a border; screenshots into .shots/."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "policy_src" / "xiamen-2020-15" / "rules")]

from subsidy_rules import load_parameters  # noqa: E402
from subsidy_core.dates import cn_date  # noqa: E402

from sitebuild.postbuild import public_text  # noqa: E402
from test_search_citizen import search  # noqa: E402

DOC_PAGES = ["index.html", "policy.html", "rules.html", "glossary.html", "about.html"]
ALL_PAGES = DOC_PAGES + ["calculator/index.html"]
POLICY = load_parameters()["policy"]
SUCCESSOR = POLICY["successor"]
MIN_LARGE_PX = 20
MIN_TAP_PX = 44


def banner_facts() -> list[str]:
    """What the banner must say, each read from parameters.json."""
    return [
        "本政策已过有效期",
        cn_date(date.fromisoformat(POLICY["last_day"])),
        f"《{SUCCESSOR['title']}》",
        cn_date(date.fromisoformat(SUCCESSOR["issued"])),
        *SUCCESSOR["issuers"],
        f"请向{SUCCESSOR['contact']}咨询",
        "本站不包含这份办法",
    ]


@pytest.fixture
def large(browser):
    """A page in 大字模式 at 1280 px; `large(width)` for another width."""
    contexts = []

    def make(width=1280, **options):
        ctx = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, **options)
        contexts.append(ctx)
        page = ctx.new_page()
        page.add_init_script("localStorage.setItem('xm-reading-mode', 'large')")
        return page

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield ctx.new_page()
    ctx.close()


# --- the expired state ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ALL_PAGES)
def test_every_page_says_the_policy_has_expired_and_what_may_apply_now(built_site, name):
    html = (built_site / name).read_text("utf-8")
    start = html.index('<div class="validity-banner"')
    banner = html[start:html.index("</div>", start)]
    for fact in banner_facts():
        assert fact in banner, (name, fact)


@pytest.mark.browser
@pytest.mark.parametrize("name", ["policy.html", "rules.html", "calculator/index.html"])
def test_banner_is_there_without_javascript(browser, site_url, shots_dir, name):
    ctx = browser.new_context(locale="zh-CN", java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        page.goto(site_url + name)
        banner = page.locator(".validity-banner")
        assert banner.is_visible()
        text = banner.inner_text()
        for fact in banner_facts():
            assert fact in text, fact
        page.get_by_role("link", name="有效期和新办法的详细说明").click()
        page.wait_for_url("**/index.html#validity")
        assert SUCCESSOR["title"] in page.locator("#validity ~ p").all_inner_texts().__str__()
        if name == "policy.html":
            page.go_back()
            page.screenshot(path=str(shots_dir / "docsux-banner-nojs-390.png"))
    finally:
        ctx.close()


@pytest.mark.browser
def test_header_keeps_the_site_colours_without_javascript(browser, site_url):
    colours = []
    for js in (True, False):
        ctx = browser.new_context(locale="zh-CN", java_script_enabled=js)
        try:
            page = ctx.new_page()
            page.goto(site_url + "policy.html")
            colours.append(page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor"))
        finally:
            ctx.close()
    assert colours[0] == colours[1] == "rgb(166, 27, 27)"     # --md-primary-fg-color in extra.css


# --- no developer text ----------------------------------------------------------------------------

def test_no_test_ids_in_pages_or_search_index(built_site):
    assert public_text.problems(built_site) == []
    assert public_text.check(built_site) >= len(ALL_PAGES)


# --- 大字模式 ----------------------------------------------------------------------------------------

SMALL_TEXT = """min => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < min) small.push(`${size}px ${el.tagName.toLowerCase()}.${el.className}: ${node.textContent.trim().slice(0, 20)}`);
  }
  for (const el of document.querySelectorAll('.md-typeset__scrollwrap.is-scrollable')) {
    const size = parseFloat(getComputedStyle(el, '::before').fontSize);
    if (size < min) small.push(`${size}px table scroll hint`);
  }
  return small;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", DOC_PAGES)
def test_large_text_mode_enlarges_everything(large, site_url, shots_dir, name, width):
    page = large(width)
    page.goto(site_url + name)
    assert page.evaluate("document.documentElement.dataset.reading") == "large"
    page.evaluate("() => document.querySelectorAll('article details').forEach(d => d.open = true)")
    # Code: the site's pages have none today; any that appears must be large too.
    page.evaluate("""() => {
        const p = document.querySelector('article .admonition p:not(.admonition-title)') || document.querySelector('article p');
        const code = document.createElement('code'); code.textContent = 'xm-probe'; p.append(code);
    }""")
    assert page.evaluate(SMALL_TEXT, MIN_LARGE_PX) == []
    if width == 390 and name in ("index.html", "rules.html"):
        page.screenshot(path=str(shots_dir / f"docsux-{name.replace('.html', '')}-large-390.png"))


@pytest.mark.browser
def test_large_text_mode_enlarges_annotations_and_search_results(large, site_url):
    page = large()
    page.goto(site_url + "policy.html#c5-3-1")
    page.locator("#c5-3-1 aside.md-annotation").first.focus()      # as a tap or Tab opens it
    tooltip = page.locator(".md-tooltip--active .md-tooltip__inner").first
    tooltip.wait_for(state="visible")
    assert "国际标准" in tooltip.inner_text()
    assert page.evaluate(SMALL_TEXT, MIN_LARGE_PX) == []
    page.keyboard.press("Escape")
    search(page, "秘书处")
    assert page.evaluate(SMALL_TEXT, MIN_LARGE_PX) == []


@pytest.mark.browser
@pytest.mark.parametrize("name", DOC_PAGES)
def test_no_serious_axe_violations_in_large_text_mode(large, root, site_url, name):
    page = large(bypass_csp=True)
    page.goto(site_url + name)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate((root / "node_modules" / "axe-core" / "axe.min.js").read_text("utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []


# --- phones -----------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("name", ["rules.html", "policy.html"])
def test_calculator_links_are_44_px_tap_targets_on_a_phone(phone, site_url, name):
    phone.goto(site_url + name)
    phone.evaluate("() => document.querySelectorAll('article details').forEach(d => d.open = true)")
    boxes = phone.eval_on_selector_all(
        "article a.try-link, article .try-links a",
        "els => els.map(a => { const r = a.getBoundingClientRect(); return [a.textContent, r.width, r.height]; })")
    assert len(boxes) >= 20
    small = [b for b in boxes if b[1] < MIN_TAP_PX or b[2] < MIN_TAP_PX]
    assert small == [], small[:5]


@pytest.mark.browser
def test_wide_tables_say_they_scroll_on_a_phone(phone, site_url, shots_dir):
    phone.goto(site_url + "rules.html", wait_until="load")
    tables = phone.evaluate("""() => [...document.querySelectorAll('article .md-typeset__scrollwrap')].map(w => ({
        wide: w.scrollWidth > w.clientWidth + 1,
        marked: w.classList.contains('is-scrollable'),
        hint: getComputedStyle(w, '::before').content,
        hintShown: getComputedStyle(w, '::before').display !== 'none',
        shadow: getComputedStyle(w).backgroundImage,
        focusable: w.tabIndex === 0,
        head: w.querySelector('tr').innerText.replace(/\\s+/g, ' '),
    }))""")
    wide = [t for t in tables if t["wide"]]
    assert any("修订项目" in t["head"] for t in wide)      # the column the issue found cut off
    for t in wide:
        assert t["marked"] and t["hintShown"] and "滑动" in t["hint"], t
        assert "gradient" in t["shadow"] and t["focusable"], t
    for t in tables:
        if not t["wide"]:
            assert not t["marked"], t
    phone.evaluate("""() => {
        const wrap = document.querySelector('article .md-typeset__scrollwrap.is-scrollable');
        window.scrollBy(0, wrap.getBoundingClientRect().top - 80);
    }""")
    phone.wait_for_timeout(400)                      # the header's title swap settles
    phone.screenshot(path=str(shots_dir / "docsux-rules-table-390.png"))


@pytest.mark.browser
def test_wide_tables_show_the_edge_shadow_without_javascript(browser, site_url):
    ctx = browser.new_context(locale="zh-CN", java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        page.goto(site_url + "rules.html")
        # Without JavaScript the theme does not wrap tables: the table itself scrolls.
        tables = page.eval_on_selector_all("article table", """ts => ts.map(t => ({
            wide: t.scrollWidth > t.clientWidth + 1, shadow: getComputedStyle(t).backgroundImage}))""")
        wide = [t for t in tables if t["wide"]]
        assert wide and all("radial-gradient" in t["shadow"] for t in wide), tables
    finally:
        ctx.close()


OVER_BORDER = """() => {
  const bordered = el => {
    const s = getComputedStyle(el);
    return ['Top', 'Right', 'Bottom', 'Left'].some(side => parseFloat(s[`border${side}Width`]) > 0
        && s[`border${side}Style`] !== 'none');
  };
  const bad = [];
  for (const root of document.querySelectorAll('article, .md-banner')) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || !node.parentElement.checkVisibility()) continue;
    let box = node.parentElement;
    while (box && !bordered(box)) box = box.parentElement;
    if (!box || box === document.body) continue;
    const s = getComputedStyle(box), r = box.getBoundingClientRect();
    const inner = {left: r.left + parseFloat(s.borderLeftWidth), right: r.right - parseFloat(s.borderRightWidth),
                   top: r.top + parseFloat(s.borderTopWidth), bottom: r.bottom - parseFloat(s.borderBottomWidth)};
    const range = document.createRange(); range.selectNodeContents(node);
    for (const t of range.getClientRects()) {
      if (!t.width || !t.height) continue;
      if (t.left < inner.left - 1 || t.right > inner.right + 1 || t.top < inner.top - 1 || t.bottom > inner.bottom + 1) {
        bad.push(`${box.tagName.toLowerCase()}.${box.className}: ${node.textContent.trim().slice(0, 20)}`);
        break;
      }
    }
  }
  }
  return bad;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["normal", "large"])
@pytest.mark.parametrize("name", DOC_PAGES)
def test_no_text_crosses_a_border_on_a_phone(browser, site_url, name, mode):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        if mode == "large":
            page.add_init_script("localStorage.setItem('xm-reading-mode', 'large')")
        page.goto(site_url + name, wait_until="load")
        page.evaluate("() => document.querySelectorAll('article details').forEach(d => d.open = true)")
        assert page.evaluate(OVER_BORDER) == []
    finally:
        ctx.close()


# --- screenshots to look at ---------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", ["index.html", "policy.html", "rules.html"])
def test_screenshots(browser, site_url, shots_dir, name, width):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(site_url + name, wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(shots_dir / f"docsux-{name.replace('.html', '')}-{width}.png"))
    finally:
        ctx.close()
