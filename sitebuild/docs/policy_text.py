"""The policy text of a package's text/policy.txt as blocks with ids, and clause numbering.

Clause ids follow what people cite: 三（二）4 is `c3-2-4` (see the package's README.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

NUMERALS = "一二三四五六七八九十"
KINDS = {"=": "chapter", "==": "section", "@": "para"}


@dataclass(frozen=True)
class Block:
    id: str
    kind: str  # chapter | section | para
    text: str


def parse(source: str) -> list[Block]:
    blocks = []
    for number, line in enumerate(source.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = re.fullmatch(r"(==?|@)\s*([a-z0-9-]+) (.+)", line)
        if not match:
            raise ValueError(f"policy.txt line {number}: not a block: {line!r}")
        marker, block_id, text = match.groups()
        blocks.append(Block(block_id, KINDS[marker], text))
    ids = [b.id for b in blocks]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"policy.txt: duplicate ids {sorted(duplicates)}")
    return blocks


def load(root: Path) -> list[Block]:
    """The text of the site's main policy package (sitebuild/packages.py)."""
    from sitebuild import packages

    return parse(packages.main(root).text.read_text("utf-8"))


# Unnumbered passages the rules cite, with their block ids (the closing paragraph holds
# the validity and the transition from the old policy).
NAMED_CLAUSES = {"末段": "closing"}


def clause_anchor(clause: str) -> str:
    """'三(二)4' or '三（二）4' -> 'c3-2-4'; '二(一)' -> 'c2-1'; '一' -> 'c1'; '末段' -> 'closing'."""
    if clause in NAMED_CLAUSES:
        return NAMED_CLAUSES[clause]
    match = re.fullmatch(r"([一二三四五六七八九十])(?:[(（]([一二三四五六七八九十])[)）])?(\d+)?", clause.strip())
    if not match:
        raise ValueError(f"not a clause number: {clause!r}")
    chapter, section, item = match.groups()
    parts = [str(NUMERALS.index(chapter) + 1)]
    if section:
        parts.append(str(NUMERALS.index(section) + 1))
    if item:
        parts.append(item)
    return "c" + "-".join(parts)


def is_clause(block_id: str) -> bool:
    """Numbered clause ids (c1, c3-2-4-p2) as opposed to header/closing blocks (cc, closing)."""
    return re.match(r"c\d", block_id) is not None


def clause_label(anchor: str) -> str:
    """'c3-2-4' -> '三（二）4', the way the policy numbers it (paragraph suffixes dropped)."""
    for name, block_id in NAMED_CLAUSES.items():
        if anchor == block_id:
            return name
    numbers = [p for p in anchor[1:].split("-") if p.isdigit()]
    label = NUMERALS[int(numbers[0]) - 1]
    if len(numbers) > 1:
        label += f"（{NUMERALS[int(numbers[1]) - 1]}）"
    if len(numbers) > 2:
        label += numbers[2]
    return label


def item_blocks(blocks: list[Block], anchor: str) -> list[Block]:
    """The paragraphs of one clause: 'c3-2-4' gives c3-2-4 and its paragraphs c3-2-4-p2, c3-2-4-p3 …."""
    return [b for b in blocks if b.kind == "para" and (b.id == anchor or b.id.startswith(anchor + "-p"))]
