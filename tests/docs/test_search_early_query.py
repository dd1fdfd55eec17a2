"""Every query gets the results of its final text, however and whenever it was entered (issue 20).

Material reads the search box on key release only (and once when its index is ready), so text
that arrives without a key event (a paste from the menu, a word an input method commits) went
unsearched whenever the index was ready first: "键入以开始搜索" stayed, or the results were those
of the text before it. Playwright types a character that is not on its US keyboard (every Hanzi)
as an input method commits it: an input event, no key event.

Each trial is a fresh page in a fresh context (nothing cached, no service worker): the search box
is clicked and the query entered at once, or after a delay that walks across the time the index
takes to build, so some queries arrive before the index is ready and some after. The results
must equal those the same query gives once the index is ready (reference, found as the tests in
test_search_citizen.py do: typed after the index is built, then a key released)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

QUERIES = ["领跑者", "秘书处", "50万"]
TRIALS = 12            # fresh pages per way of entering the query, the pages and queries in turn
# The calculator page starts the search worker when the box takes focus (defer-search.js), the
# others as the page loads.
PAGES = ["index.html", "calculator/index.html"]
PLACEHOLDER = "键入以开始搜索"

STATE = """() => ({
  value: document.querySelector('input.md-search__input').value,
  meta: document.querySelector('.md-search-result__meta').textContent.trim(),
  links: [...document.querySelectorAll('.md-search-result__item a')].map(a => a.getAttribute('href')),
})"""

# The state equals the expected one (value, result line and rendered results).
REACHED = """want => {
  const s = (%s)();
  return s.value === want.value && s.meta === want.meta
    && s.links.length === want.links.length && s.links.every((l, i) => l === want.links[i]);
}""" % STATE

# A paste from the context menu: the text is in the box and one input event says so, no key event.
PASTE = """(box, text) => {
  box.value = text;
  box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
}"""


def new_page(browser):
    # No service worker: it would only cache the site in the background, taking the cores.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    return context, context.new_page()


@pytest.fixture(scope="module")
def reference(browser, site_url):
    """query -> the search box's state for it once the index is ready."""
    context, page = new_page(browser)
    page.goto(site_url + "index.html", wait_until="networkidle")
    page.locator(".md-search__input").click()
    box = page.locator("input.md-search__input")
    found = {}
    for query in QUERIES:
        for _ in range(30):   # until the index is ready: a key release then searches the box
            box.fill(query)
            box.press("End")
            try:
                page.wait_for_function(
                    f"() => ({STATE})().meta !== {PLACEHOLDER!r} && ({STATE})().links.length > 0", timeout=500)
                break
            except Exception:
                box.fill("")
                box.press("End")
        page.wait_for_timeout(300)   # nothing else is coming
        found[query] = page.evaluate(STATE)
        assert found[query]["value"] == query and found[query]["links"], found[query]
        box.fill("")
        box.press("End")
        page.wait_for_function(f"() => ({STATE})().links.length === 0")
    context.close()
    return found


def open_fresh(browser, site_url, name: str):
    context, page = new_page(browser)
    if name.startswith("calculator/"):
        # The runtime's wasm never arrives: the calculator stays loading, so the search worker
        # starts only when the box takes focus (calculator/web/defer-search.js), as on a phone.
        page.route(re.compile(r"pyodide\.asm\.wasm$"), lambda route: None)
    page.goto(site_url + name, wait_until="domcontentloaded")
    return context, page


@pytest.mark.parametrize("how", ["typed", "pasted"])
def test_a_query_entered_on_a_fresh_page_gets_its_results(browser, site_url, reference, how):
    failures = []
    for trial in range(TRIALS):
        name, query = PAGES[trial % len(PAGES)], QUERIES[trial % len(QUERIES)]
        delay = trial * 75           # entered 0 to 0.8 s after the box took focus
        context, page = open_fresh(browser, site_url, name)
        try:
            page.locator(".md-search__input").click()
            box = page.locator("input.md-search__input")
            if delay:
                page.wait_for_timeout(delay)
            if how == "typed":
                box.press_sequentially(query)
            else:
                box.evaluate(PASTE, query)
            want = reference[query]
            try:
                page.wait_for_function(REACHED, arg=want, timeout=5_000)
                page.wait_for_timeout(100)   # and no late result replaces it
                assert page.evaluate(REACHED, want)
            except Exception:
                got = page.evaluate(STATE)
                failures.append(f"{name}, {query} after {delay} ms: {got['meta']!r}, {len(got['links'])} shown"
                                f" (want {want['meta']!r}, {len(want['links'])} shown)")
        finally:
            context.close()
    assert not failures, f"{len(failures)} of {TRIALS} fresh pages ({how}):\n" + "\n".join(failures)


def test_the_reference_results_are_the_queries_own(reference):
    """The reference is the query's own result, not the placeholder or an empty list."""
    for query, state in reference.items():
        assert re.fullmatch(r"(找到 )?\d+ 个符合条件的结果", state["meta"]), (query, state)
