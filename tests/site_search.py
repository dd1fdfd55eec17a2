"""Searching the built site as a reader does, in either builder's search (Material's box or
Zensical's dialog): the docs' search tests, the calculator page's deferred search and the nginx
test share it."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit


def search(page, term: str) -> None:
    """Type into the search box as a reader does, once the search has built its index
    (Material's search box or Zensical's search dialog, whichever the page has)."""
    if page.locator("button.md-search__button").count():
        search_zensical(page, term)
    else:
        search_material(page, term)


def type_query(page, term: str) -> None:
    """Type term into Material's search box once its worker has built the index (see below).

    On a page that was searched before, the index is built: the box is emptied with keys, as
    a reader does, and the earlier results are gone before the term is typed, so they cannot
    pass for the term's."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    if box.input_value():
        box.press("Control+a")
        box.press("Backspace")
        page.wait_for_function(
            "() => !document.querySelector('.md-search-result__item')"
            " && !/没有找到/.test(document.querySelector('.md-search-result__meta')?.textContent)")
    else:
        box.press_sequentially("标准")
        for _ in range(20):
            try:
                page.wait_for_selector(".md-search-result__item", timeout=1_000)
                break
            except Exception:
                box.press("Backspace")
                box.press_sequentially("准")
    box.fill(term + " ")
    box.press("Backspace")   # a real key event: material searches on keyboard input


def search_material(page, term: str) -> None:
    """Material drops a query typed while its worker is still indexing, ignores the same query
    typed again and reacts to key events (not to text inserted by an input method), so a probe
    word is retyped until results show; then the term is entered and a key pressed.
    """
    type_query(page, term)
    page.wait_for_function(
        "q => document.querySelector('input.md-search__input').value === q"
        " && document.querySelectorAll('.md-search-result__item').length > 0"
        " && [...document.querySelectorAll('.md-search-result__item a')]"
        ".every(a => !new URL(a.href).searchParams.get('h') || "
        "q.startsWith(new URL(a.href).searchParams.get('h').split(' ')[0]))",
        arg=term, timeout=10_000)


# Zensical's search is a dialog in an open shadow root (Playwright's CSS selectors pierce it).
ZENSICAL_RESULT = "dialog a[role=option]"


def search_zensical(page, term: str) -> None:
    """Zensical renders the first results and more as the list scrolls; its status line
    ("13 results") says how many there are, so the list is scrolled until all are there.
    A dialog still open on an earlier query is emptied first, and its results are gone before
    the term is typed."""
    box = page.locator("dialog input[role=combobox]")
    if box.is_visible() and box.input_value():
        box.fill("")
        page.locator(ZENSICAL_RESULT).first.wait_for(state="detached")
    else:
        page.locator("button.md-search__button").click()
    box.press_sequentially(term)
    page.locator(f'{ZENSICAL_RESULT}[href*="h={quote(term)}"]').first.wait_for(timeout=10_000)
    total = int(re.search(r"\d+", page.locator("dialog [role=status]").text_content()).group())
    results = page.locator(ZENSICAL_RESULT)
    for _ in range(50):
        if results.count() >= total:
            break
        results.last.scroll_into_view_if_needed()
        page.wait_for_timeout(100)


def result_targets(page) -> list[str]:
    """Search results as 'page.html#anchor' (the highlight query dropped)."""
    selector = ZENSICAL_RESULT if page.locator("button.md-search__button").count() else ".md-search-result__item a"
    hrefs = page.locator(selector).evaluate_all("els => els.map(a => a.href)")
    return [urlsplit(h).path.rsplit("/", 1)[-1] + "#" + urlsplit(h).fragment for h in hrefs]
