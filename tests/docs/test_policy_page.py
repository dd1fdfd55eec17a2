"""The built policy page: every sentence of the source, every clause addressable, notes and links in place."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "policy_src" / "xiamen-2020-15" / "rules")]

from subsidy_rules import evaluate, parse_fragment  # noqa: E402

from sitebuild.docs.glossary import load as load_glossary  # noqa: E402
from sitebuild.docs.policy_text import is_clause, load  # noqa: E402

SOURCE = ROOT / "policy_src" / "xiamen-2020-15" / "text" / "source" / "xiamen-2020-15.txt"
TERMINAL = "。；;：:）)"
CLAUSE_TYPES = {"c5-3-1": {"standard"}, "c5-3-2": {"tc_role"}, "c5-3-3": {"award"},
                "c5-3-4": {"pilot"}, "c5-3-5": {"leader", "benchmarking"}}


def squash(text: str) -> str:
    """NFKC, no whitespace: the comparison the issue asks for."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class Blocks(HTMLParser):
    """Top-level blocks of the page's article: (tag, id, classes, text, links).

    Text skips permalinks ("¶"); links are (href, text) of every <a> in the block.
    """

    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "col", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict] = []
        self.depth = 0           # depth inside the article
        self.in_article = False
        self.skip = 0            # inside a.headerlink
        self.link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if not self.in_article:
            if tag == "article":
                self.in_article, self.depth = True, 0
            return
        if tag in self.VOID:
            if tag == "hr" and self.depth == 0:
                self.blocks.append({"tag": "hr", "id": None, "classes": [], "text": "", "links": []})
            return
        self.depth += 1
        if self.depth == 1:
            self.blocks.append({"tag": tag, "id": attrs.get("id"), "classes": classes, "text": "",
                                "links": [], "ids": []})
        block = self.blocks[-1] if self.blocks else None
        if block is not None and attrs.get("id"):
            block["ids"].append(attrs["id"])
        if self.skip:
            self.skip += 1
        elif tag == "a" and "headerlink" in classes:
            self.skip = 1
            block["permalinks"] = block.get("permalinks", []) + [attrs.get("href")]
        elif tag == "a":
            self.link = [attrs.get("href"), ""]
            block["links"].append(self.link)

    def handle_endtag(self, tag):
        if not self.in_article or tag in self.VOID:
            return
        if tag == "article" and self.depth == 0:
            self.in_article = False
            return
        if self.skip:
            self.skip -= 1
        if tag == "a":
            self.link = None
        self.depth -= 1

    def handle_data(self, data):
        if self.in_article and self.depth >= 1 and not self.skip:
            self.blocks[-1]["text"] += data
            if self.link is not None:
                self.link[1] += data


@pytest.fixture(scope="module")
def html(built_site) -> str:
    return (built_site / "policy.html").read_text("utf-8")


@pytest.fixture(scope="module")
def blocks(html) -> list[dict]:
    parser = Blocks()
    parser.feed(html)
    return parser.blocks


def source_sentences() -> list[str]:
    """Sentences of the received text: headings whole, paragraphs continued across page breaks."""
    raw = SOURCE.read_text("utf-8")
    units, carry = [], ""
    for para in re.split(r"\n(?:[ \t]*\n)+", raw.strip()):
        para = para.strip()
        if para == "---":
            continue
        if para.startswith("#"):
            units.append(re.sub(r"^#+\s*", "", para))
            continue
        carry += para
        if carry[-1] in TERMINAL or para in ("厦府办规〔2020〕15号",):
            units.append(carry)
            carry = ""
    if carry:
        units.append(carry)
    sentences = []
    for unit in units:
        sentences += [s for s in re.split(r"(?<=[。；;！？])", unit) if s.strip()]
    return sentences


def page_text(blocks: list[dict]) -> str:
    """The policy as the page shows it: notes, examples and annotation lists are not policy text."""
    text = []
    for i, block in enumerate(blocks):
        classes = set(block["classes"])
        if block["tag"] in ("details",) or classes & {"admonition", "try-links", "search-terms"}:
            continue
        if block["tag"] == "ol" and i and "annotate" in blocks[i - 1]["classes"]:
            continue
        body = block["text"]
        if "annotate" in classes:
            body = re.sub(r"\(\d+\)", "", body)       # ASCII markers material turns into buttons
        text.append(body)
    return squash("".join(text))


@pytest.mark.builders
def test_every_sentence_of_the_source_is_on_the_page_in_order(blocks):
    text = page_text(blocks)
    sentences = source_sentences()
    assert len(sentences) > 100
    position = 0
    for sentence in sentences:
        found = text.find(squash(sentence), position)
        assert found >= 0, f"not found (in order): {sentence}"
        position = found + len(squash(sentence))


def test_the_page_has_no_policy_text_the_source_lacks(blocks):
    """Nothing added inside the policy text itself: its length is the source's, markup aside."""
    raw = SOURCE.read_text("utf-8")
    raw = re.sub(r"^#+ |^---$", "", raw, flags=re.M)
    assert len(page_text(blocks)) == len(squash(raw))


def test_every_block_has_its_anchor_and_permalink(blocks):
    by_id = {}
    for block in blocks:
        for block_id in block.get("ids", []):
            by_id.setdefault(block_id, block)
    for source_block in load(ROOT):
        block = by_id.get(source_block.id)
        assert block is not None, f"no element with id {source_block.id}"
        assert f"#{source_block.id}" in block.get("permalinks", []), f"no permalink for {source_block.id}"


def test_clause_numbers_are_text_not_list_markers(blocks):
    for i, block in enumerate(blocks):
        if block["tag"] == "ol":
            assert i and "annotate" in blocks[i - 1]["classes"], "a list that is not an annotation list"
    numbered = {b["id"]: b for b in blocks if b["id"] and re.fullmatch(r"c\d-\d-\d", b["id"])}
    assert len(numbered) == 17
    for block_id, block in numbered.items():
        assert squash(block["text"]).startswith(block_id.split("-")[2] + ".")


def test_every_annotation_marker_has_its_note(blocks):
    expected = {}
    for entry in load_glossary(ROOT):
        for clause, _ in entry.marks:
            expected.setdefault(clause, set()).add(entry.id)
    for i, block in enumerate(blocks):
        if block["id"] in expected:
            assert "annotate" in block["classes"]
            markers = re.findall(r"\((\d+)\)", block["text"])
            notes = blocks[i + 1]
            assert notes["tag"] == "ol"
            targets = {href.split("#")[1] for href, _ in notes["links"] if href.startswith("glossary.html#")}
            assert targets == expected.pop(block["id"])
            assert markers == [str(n) for n in range(1, len(targets) + 1)]
    assert not expected, f"annotated clauses missing: {expected}"


def test_every_reading_follows_its_sentence(blocks):
    readings = json.loads((ROOT / "policy_src" / "xiamen-2020-15" / "rules" / "subsidy_rules" / "readings.json").read_text("utf-8"))["readings"]
    for reading in readings:
        where = [i for i, b in enumerate(blocks) if b["tag"] == "p" and squash(reading["sentence"]) in squash(
            re.sub(r"\(\d+\)", "", b["text"]))]
        assert where, f"sentence of reading {reading['id']} not on the page"
        start = where[0] + 1
        while blocks[start]["tag"] == "ol":          # its annotations come first
            start += 1
        note = blocks[start]
        assert note["tag"] == "details" and "本计算器的理解" in note["text"], reading["id"]
        assert squash(reading["reading"]) in squash(note["text"])
        assert not any(case in note["text"] for case in reading["cases"]) and "tests/" not in note["text"]  # developer text stays out


def try_links(blocks) -> dict[str, list[str]]:
    """Clause -> hrefs of its "在计算器中试算" links (a link belongs to the clause above it)."""
    current, links = None, {}
    for block in blocks:
        if block["id"] and re.fullmatch(r"c\d-\d(-\d)?(-p\d+)?", block["id"]):
            current = re.match(r"c\d-\d-\d|c\d-\d", block["id"]).group()
        for href, text in block["links"]:
            if text.strip() == "在计算器中试算":
                links.setdefault(current, []).append(href)
    return links


def test_every_subsidy_clause_links_to_the_calculator_with_a_valid_scenario(blocks, built_site):
    links = try_links(blocks)
    assert set(links) == set(CLAUSE_TYPES)
    for clause, hrefs in links.items():
        assert len(hrefs) == 1
        parts = urlsplit(hrefs[0])
        assert parts.path == "calculator/index.html" and not parts.netloc
        assert (built_site / unquote(parts.path)).exists()
        scenario = parse_fragment("#" + parts.fragment)
        assert {item["type"] for item in scenario["items"]} <= CLAUSE_TYPES[clause]
        result = evaluate(scenario)
        assert result["items"][0]["anchor"] == clause
        assert any(item["payments"] for item in result["items"]), clause


def test_document_header_and_closing_lines_are_there(blocks):
    ids = {b["id"]: squash(b["text"]) for b in blocks if b["id"]}
    assert ids["header"] == "厦门市人民政府办公厅文件"
    assert ids["docno"] == squash("厦府办规〔2020〕15号")
    assert ids["addressees"].startswith("各区人民政府")
    assert ids["cc"] == squash("有关单位：厦门海关、厦门大学、集美大学、华侨大学、理工学院。")
    assert ids["public"] == squash("（此件主动公开）")
    imprint = next(b for b in blocks if "doc-imprint" in b["classes"])
    assert squash(imprint["text"]) == squash("厦门市人民政府办公厅2020 年 10 月 9 日印发")
    assert [b["tag"] for b in blocks[-4:]].count("hr") >= 2   # the 版记 between rules


def test_every_numbered_clause_is_followed_by_its_hidden_search_terms(blocks):
    """Hidden (never shown or read aloud), after the clause's last paragraph and its notes."""
    from sitebuild.docs.search_terms import clause_terms

    hidden = [b for b in blocks if "search-terms" in b["classes"]]
    words = " ".join(b["text"] for b in hidden).split()
    for block in load(ROOT):
        if re.fullmatch(r"c\d-\d(-\d+)?", block.id):
            assert set(clause_terms(block.id)) <= set(words), block.id
    assert {"50万元", "500000元", "五十万元", "0.5万元"} <= set(words)


def test_ids_of_clauses_are_unique(html):
    ids = re.findall(r'\sid="([^"]+)"', html)
    clause_ids = [i for i in ids if is_clause(i) or i in ("header", "preamble", "closing", "cc")]
    assert len(clause_ids) == len(set(clause_ids))


@pytest.mark.browser
@pytest.mark.builders
def test_visible_text_in_the_browser_has_every_sentence(page, site_url):
    page.goto(site_url + "policy.html")
    page.wait_for_selector(".md-annotation")        # material has turned markers into buttons
    text = page.evaluate("""() => {
        const article = document.querySelector('article').cloneNode(true);
        for (const el of article.querySelectorAll(
            '.headerlink, .md-annotation, .md-annotation-list, details, .admonition, .try-links, .search-terms'))
            el.remove();
        return article.innerText;
    }""")
    text = squash(text)
    position = 0
    for sentence in source_sentences():
        found = text.find(squash(sentence), position)
        assert found >= 0, f"not visible (in order): {sentence}"
        position = found + len(squash(sentence))


@pytest.mark.browser
@pytest.mark.builders
def test_try_links_open_the_calculator_with_the_example_filled_in(blocks, calculator_page):
    """The calculator, given each clause's link, computes the total the docs' example shows."""
    for clause, (href,) in try_links(blocks).items():
        fragment = "#" + urlsplit(href).fragment
        expected = evaluate(parse_fragment(fragment))["total"]
        calculator_page.evaluate("f => { location.hash = f; }", fragment)
        calculator_page.wait_for_function(
            "t => document.querySelector('.calc-total__amount')?.dataset.amount === t",
            arg=expected, timeout=20_000)
