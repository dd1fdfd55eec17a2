"""Search as citizens type: amounts without the document's spaces, in Chinese numerals or in yuan,
and clause numbers with half- or full-width brackets or dots, all reach the clause.

The policy text stays verbatim; hidden terms computed from parameters.json carry the other
spellings (sitebuild/docs/search_terms.py). These tests type into the site's search box."""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "policy_src" / "xiamen-2020-15" / "rules")]

from subsidy_rules import load_parameters  # noqa: E402

from sitebuild.docs import search_terms  # noqa: E402
from site_search import type_query  # noqa: E402
from sitebuild.docs.policy_text import clause_anchor  # noqa: E402

PARAMETERS = load_parameters()


def clauses_stating(amount: str) -> set[str]:
    """Rules-page sections of the clauses whose parameters state this amount of money."""
    return {f"rules.html#{clause_anchor(e['clause'])}" for e in PARAMETERS["parameters"]
            if e["kind"] == "money" and Decimal(e["amount"]) == Decimal(amount)}


def search(page, term: str) -> list[str]:
    """Type `term` into the search box as a reader does; the results as 'page.html#anchor'.

    Material drops a query typed while its worker is still indexing, so a probe word is
    typed until results show (on a page searched before, the box is emptied instead); then
    the term is entered, a key pressed (material searches on keyboard input, not on text an
    input method inserts) and the results read once they are the term's.
    """
    type_query(page, term)
    # Results carry the matched query terms in ?h=; they are this term's once those are a part of it.
    page.wait_for_function(
        """q => {
            const box = document.querySelector('input.md-search__input');
            const links = [...document.querySelectorAll('.md-search-result__item a')];
            const meta = document.querySelector('.md-search-result__meta');
            if (box.value !== q || !meta) return false;
            if (!links.length) return /没有找到/.test(meta.textContent);
            const squash = s => s.replace(/\\s+/g, '');
            return links.every(a => {
                const h = new URL(a.href).searchParams.get('h');
                return !h || h.split(' ').every(part => squash(q).includes(part));
            });
        }""", arg=term, timeout=10_000)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(a => a.href)")
    return [urlsplit(h).path.rsplit("/", 1)[-1] + "#" + urlsplit(h).fragment for h in hrefs]


@pytest.fixture(scope="module")
def opened(browser, site_url):
    """opened(name): a tab on that page with its search index built, kept for the module. Each
    query is typed into the same box in turn (search() empties it first): a new tab per query
    would load the page and build the index again each time. One context per page, so each
    is a first visit, as in a tab of its own."""
    contexts, pages = [], {}

    def open_page(name: str):
        if name not in pages:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            contexts.append(context)
            pages[name] = context.new_page()
            pages[name].goto(site_url + name, wait_until="networkidle")
        return pages[name]

    yield open_page
    for context in contexts:
        context.close()


# Each form the issue names for 50 万元, and the same for other amounts.
AMOUNT_QUERIES = [
    ("50万", "500000.00"), ("50万元", "500000.00"), ("五十万", "500000.00"), ("50 万", "500000.00"),
    ("500000", "500000.00"), ("100万", "1000000.00"), ("一百万", "1000000.00"), ("5万", "50000.00"),
    ("50000", "50000.00"), ("15万元", "150000.00"), ("十五万", "150000.00"), ("二十五万", "250000.00"),
    ("0.5万", "5000.00"), ("5000元", "5000.00"), ("3万", "30000.00"),
]


@pytest.mark.browser
@pytest.mark.parametrize("query, amount", AMOUNT_QUERIES)
def test_amounts_as_people_type_them_reach_the_clauses(opened, query, amount):
    expected = clauses_stating(amount)
    assert expected, amount
    found = search(opened("rules.html"), query)
    assert expected <= set(found), f"{query}: {sorted(expected - set(found))} missing from {found}"
    assert "policy.html#c5-3" in found, f"{query}: the policy's 五（三） not found in {found}"


@pytest.mark.browser
@pytest.mark.parametrize("query, expected", [
    ("五(三)2", ["rules.html#c5-3-2", "policy.html#c5-3"]),
    ("五（三）2", ["rules.html#c5-3-2", "policy.html#c5-3"]),
    ("5.3.2", ["rules.html#c5-3-2", "policy.html#c5-3"]),
    ("五（三）5", ["rules.html#c5-3-5", "policy.html#c5-3"]),
    ("四(二)3", ["policy.html#c4-2"]),
    ("4.2.3", ["policy.html#c4-2"]),
])
def test_clause_numbers_as_people_type_them_reach_the_clause(opened, query, expected):
    found = search(opened("index.html"), query)
    assert set(expected) <= set(found), f"{query}: {found}"
    sections = [f for f in found if not f.endswith("#")]      # each page's own entry aside
    assert sections[0] in expected, f"{query}: first section {sections[0]}, not one of {expected}"


@pytest.mark.browser
def test_a_result_opens_the_clause(page, site_url):
    page.goto(site_url + "index.html", wait_until="networkidle")
    search(page, "5.3.2")
    page.locator(".md-search-result__item a[href*='rules.html'][href$='#c5-3-2']").first.click()
    page.wait_for_url(re.compile(r"rules\.html.*#c5-3-2$"))
    heading = page.locator("#c5-3-2")
    assert "参加国内外专业标准化技术组织活动资助" in heading.inner_text()
    assert heading.bounding_box()["y"] < 300       # scrolled to the clause


@pytest.mark.browser
def test_hidden_terms_are_not_shown_read_aloud_or_listed_under_results(page, site_url):
    page.goto(site_url + "rules.html", wait_until="networkidle")
    terms = page.locator(f".{search_terms.CLASS}")
    assert terms.count() == 5
    for i in range(terms.count()):
        assert not terms.nth(i).is_visible()
        assert terms.nth(i).evaluate("e => getComputedStyle(e).display") == "none"
    article = page.locator("article")
    for word in ("五十万元", "500000元", "5.3.2"):
        assert word not in article.inner_text()
        assert word not in article.aria_snapshot()      # what a screen reader is given
    search(page, "50万")
    shown = page.locator(".md-search-result").inner_text()
    assert "500000元" not in shown and "五十万元" not in shown


def test_every_amount_and_numbered_clause_has_its_terms_in_the_index(built_site):
    """Material's index: each section that states an amount carries its spellings, unsplit and not shown."""
    index = json.loads((built_site / "search/search_index.json").read_text("utf-8"))
    assert search_terms.FIELD in index["config"]["fields"]
    docs = {d["location"]: d for d in index["docs"]}
    for entry in PARAMETERS["parameters"]:
        if entry["kind"] != "money":
            continue
        anchor = clause_anchor(entry["clause"])
        for location in (f"rules.html#{anchor}", "policy.html#c5-3"):
            words = docs[location][search_terms.FIELD].split()
            assert set(search_terms.amount_terms(entry["amount"])) <= set(words), (entry["id"], location)
    for doc in index["docs"]:
        plain = doc["text"].replace("\u200b", "")
        assert "五十万元" not in plain and "5.3.2" not in plain, doc["location"]
    policy_words = " ".join(d.get(search_terms.FIELD, "") for d in index["docs"]
                            if d["location"].startswith("policy.html")).split()
    for anchor in ("c2-1", "c4-2-3", "c5-3-1", "c5-3-5", "c5-4"):
        assert set(search_terms.clause_terms(anchor)) <= set(policy_words), anchor


def test_spellings_of_amounts_and_clause_numbers():
    assert search_terms.amount_terms("500000.00") == ["50万元", "500000元", "五十", "五十万元"]
    assert search_terms.amount_terms("1000000.00") == ["100万元", "1000000元", "一百", "一百万元"]
    assert search_terms.amount_terms("150000.00") == ["15万元", "150000元", "十五", "十五万元"]
    assert search_terms.amount_terms("50000.00") == ["5万元", "50000元", "五万元"]
    assert search_terms.amount_terms("5000.00") == ["0.5万元", "5000元", "五千元"]
    assert [search_terms.cn_number(n) for n in (10, 25, 100, 105, 1010, 30000)] == [
        "十", "二十五", "一百", "一百零五", "一千零一十", "三万"]
    assert search_terms.clause_terms("c5-3-2") == ["五(三)2", "五（三）2", "5.3.2"]
    assert search_terms.clause_terms("c4-2") == ["四(二)", "四（二）", "4.2"]
    assert search_terms.clause_terms("c5") == []
