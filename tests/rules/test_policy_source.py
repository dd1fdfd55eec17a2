"""The package's text/policy.txt is the source text with only the layout repairs its README.md lists.

The repairs are re-applied here, independently of the build code, to the file the team
received; the result must equal policy.txt block for block, character for character.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "policy_src" / "xiamen-2020-15" / "rules")]

from sitebuild.docs.policy_text import clause_anchor, clause_label, is_clause, load  # noqa: E402

SOURCE = ROOT / "policy_src" / "xiamen-2020-15" / "text" / "source" / "xiamen-2020-15.txt"

# README repair 1: the seven paragraphs split by a page break (end of first part, start of second).
PAGE_BREAKS = [
    ("全面贯彻党", "的十九大"),
    ("支持社会团体", "聚焦新技术"),
    ("开展服务业标准化", "试点建设"),
    ("第三方标", "准化服务机构"),
    ("给予奖", "励。"),
    ("分别一次", "性给予"),
    ("质量", "月等群众性"),
]
BRACKET_PAIRS = 36          # README repair 4
TERMINAL = "。；;：:）)"    # a paragraph ending otherwise continues on the next page


@pytest.fixture(scope="module")
def source() -> str:
    return SOURCE.read_text("utf-8")


def source_paragraphs(source: str) -> list[tuple[bool, str]]:
    """(is_heading, text) per paragraph; README repairs 2 and 3 (line wraps, markup)."""
    out = []
    for para in re.split(r"\n(?:[ \t]*\n)+", source.strip()):
        if para.strip() == "---":               # 版记 rules: not text
            continue
        lines = para.split("\n")
        for line in lines[:-1]:                 # every inner break is a print-width wrap
            assert line.endswith("  "), f"undocumented line break after {line[-10:]!r}"
        text = "".join(line[:-2] if line.endswith("  ") else line for line in lines[:-1]) + lines[-1]
        heading = re.match(r"#{1,6} ", text)
        out.append((bool(heading), text[heading.end():] if heading else text))
    return out


def repaired(source: str) -> list[str]:
    paragraphs = source_paragraphs(source)
    joined: list[tuple[bool, str]] = []
    joins = 0
    for heading, text in paragraphs:
        if joined and not heading and any(
                joined[-1][1].endswith(end) and text.startswith(start) for end, start in PAGE_BREAKS):
            joined[-1] = (False, joined[-1][1] + text)
            joins += 1
        else:
            joined.append((heading, text))
    assert joins == len(PAGE_BREAKS), "every documented page break is in the source"

    texts = []
    for heading, text in joined:
        if heading and text.startswith("厦门市人民政府办公厅关于"):
            text = text.replace(" ", "")                         # repair 5: the title's line breaks
        if heading:
            text = re.sub(r"^(\([一二三四五]\)|（[一二三四五]）) ", r"\1", text)  # repair 5: （四） （五）
        texts.append(text.replace("(", "（").replace(")", "）"))  # repair 4
    return texts


def test_policy_txt_is_the_source_with_only_the_documented_repairs(source):
    blocks = load(ROOT)
    assert [b.text for b in blocks] == repaired(source)


def test_documented_counts_hold(source):
    assert source.count("(") == source.count(")") == BRACKET_PAIRS
    text = "".join(b.text for b in load(ROOT))
    assert "(" not in text and ")" not in text
    # Spaces: the source's in-line spaces, less the 2 in the title and the 2 after （四）（五）.
    inline_spaces = sum(len(re.findall(r"(?<=\S) (?=\S)", line)) for line in source.splitlines()
                        if not line.startswith("#"))
    heading_spaces = sum(line.count(" ") - 1 for line in source.splitlines() if line.startswith("#"))
    assert text.count(" ") == inline_spaces + heading_spaces - 4


def test_no_other_paragraph_ends_mid_sentence(source):
    """The page-break list is complete: every other body paragraph ends a sentence."""
    for block in load(ROOT):
        if block.kind == "para" and is_clause(block.id) or block.id in ("preamble", "closing", "addressees", "cc"):
            assert block.text[-1] in TERMINAL, block.id


def test_spaces_around_numbers_are_kept():
    text = "\n".join(b.text for b in load(ROOT))
    for kept in ("国际标准 100 万元", "按总额度 7:3 比例分配", "0.5 万元/项", "2020 年 10 月 9 日印发",
                 "（TC 或 SC）", "对担任 ISO、IEC 专业标准化技术组织", "地方标准 500 项以上"):
        assert kept in text


def test_every_clause_has_an_id_that_follows_its_number():
    blocks = load(ROOT)
    numerals = "一二三四五"
    for block in blocks:
        if block.kind == "chapter":
            assert block.text[0] == numerals[int(block.id[1:]) - 1] and block.text[1] == "、"
        elif block.kind == "section" or re.fullmatch(r"c[23]-\d", block.id):
            assert block.text.startswith(f"（{numerals[int(block.id.split('-')[1]) - 1]}）"), block.id
        elif re.fullmatch(r"c\d-\d-\d", block.id):
            assert block.text.startswith(f"{block.id.split('-')[2]}. "), block.id
    ids = {b.id for b in blocks}
    for required in ("header", "docno", "title", "addressees", "preamble", "c1", "c1-p1", "c2-1", "c4-2-3",
                     "c5-3", "c5-3-1", "c5-3-5", "closing", "public", "cc", "issuer", "issued"):
        assert required in ids


@pytest.mark.parametrize("clause, anchor", [
    ("一", "c1"), ("二(一)", "c2-1"), ("五（三）", "c5-3"), ("五(三)1", "c5-3-1"), ("四(二)3", "c4-2-3"),
])
def test_clause_numbers_map_to_anchors(clause, anchor):
    assert clause_anchor(clause) == anchor
    assert clause_label(anchor) == clause.replace("(", "（").replace(")", "）")


def test_not_a_clause_number_is_refused():
    with pytest.raises(ValueError):
        clause_anchor("六(一)x")
