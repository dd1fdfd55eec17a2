"""On the calculator page the theme's search worker starts only once the calculator is ready, or
at once when the reader turns to search (calculator/web/defer-search.js): building the search
index would otherwise take processor time from the Python runtime's start. Both builders' sites."""

from __future__ import annotations

import re

import pytest

from site_search import result_targets, search

pytestmark = [pytest.mark.browser, pytest.mark.builders]

SEARCH_WORKER = re.compile(r"/assets/javascripts/workers/search\.[^/]*\.js$")

STARTS = """() => ({
  ready: performance.getEntriesByName('calculator-ready').map((m) => m.startTime)[0],
  search: performance.getEntriesByType('resource')
    .filter((r) => /\\/workers\\/search\\.[^/]*\\.js$/.test(r.name)).map((r) => r.startTime)[0],
  index: performance.getEntriesByType('resource')
    .filter((r) => /\\/search\\/search_index\\.json$/.test(r.name)).map((r) => r.startTime),
})"""


def search_worker_started(page) -> bool:
    return any(SEARCH_WORKER.search(w.url) for w in page.workers)


def test_the_search_worker_starts_after_the_calculator_is_ready(page, site_url, builder):
    page.goto(site_url + "calculator/index.html")
    page.evaluate("() => window.subsidyCalculator.ready")
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some((r) => /\\/workers\\/search\\./.test(r.name))", timeout=10_000)
    starts = page.evaluate(STARTS)
    assert starts["ready"] is not None
    assert starts["search"] >= starts["ready"], starts
    # Material's index too, once (Zensical's search box needs its index to open: not held back)
    if builder != "zensical":
        assert len(starts["index"]) == 1 and starts["index"][0] >= starts["ready"], starts
    # and search works as on every other page
    search(page, "对标达标")
    assert "policy.html#c4-1" in result_targets(page)


@pytest.mark.parametrize("opened_by", ["key", "click"])
def test_search_works_while_the_calculator_is_still_starting(page, site_url, opened_by):
    # The runtime's wasm never arrives: the calculator stays in its loading state.
    page.route(re.compile(r"pyodide\.asm\.wasm$"), lambda route: None)
    page.goto(site_url + "calculator/index.html")
    page.wait_for_selector(".calc-status", timeout=10_000)
    assert not search_worker_started(page)
    if opened_by == "key":
        page.keyboard.press("/")          # both themes open their search with it
        page.wait_for_function("() => performance.getEntriesByType('resource')"
                               ".some((r) => /\\/workers\\/search\\./.test(r.name))", timeout=10_000)
        page.keyboard.press("Escape")     # closed again: search() opens it as a reader does
    search(page, "对标达标")                # clicks the search box or button
    assert "policy.html#c4-1" in result_targets(page)
    assert page.evaluate("() => performance.getEntriesByName('calculator-ready').length") == 0
