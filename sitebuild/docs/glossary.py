"""Glossary entries (the package's annotations/glossary.yml): the glossary page and the policy's annotations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from sitebuild.docs.markdown import GENERATED
from sitebuild.docs.policy_text import Block, clause_label, is_clause


@dataclass(frozen=True)
class Entry:
    id: str
    term: str
    note: str
    text: str
    source: str
    aliases: tuple[str, ...] = ()
    marks: tuple[tuple[str, str], ...] = ()  # (block id, text the marker follows)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


@dataclass
class Annotation:
    after: str
    entry: Entry


def load(root: Path) -> list[Entry]:
    from sitebuild import packages

    data = yaml.safe_load(packages.main(root).glossary.read_text("utf-8"))
    entries = []
    for item in data:
        entries.append(Entry(
            id=item["id"], term=item["term"], note=item["note"].strip(),
            text="".join(line.strip() for line in item["text"].splitlines()), source=item["source"].strip(),
            aliases=tuple(item.get("aliases", ())),
            marks=tuple((m["clause"], m["after"]) for m in item.get("marks", ())),
        ))
    return entries


def marks_by_block(entries: list[Entry], blocks: list[Block]) -> dict[str, list[Annotation]]:
    """Block id -> its annotations, ordered by where they sit in the text."""
    text = {b.id: b.text for b in blocks}
    found: dict[str, list[tuple[int, Annotation]]] = {}
    for entry in entries:
        for block_id, after in entry.marks:
            if block_id not in text or after not in text[block_id]:
                raise ValueError(f"glossary {entry.id}: {after!r} not found in block {block_id}")
            position = text[block_id].index(after) + len(after)
            found.setdefault(block_id, []).append((position, Annotation(after, entry)))
    return {k: [a for _, a in sorted(v, key=lambda pair: pair[0])] for k, v in found.items()}


def occurrences(entry: Entry, blocks: list[Block]) -> list[Block]:
    """Numbered clauses whose text uses the term (for "在政策中"); header blocks left out."""
    return [b for b in blocks if is_clause(b.id) and any(name in b.text for name in entry.names)]


def _clause_links(blocks: list[Block]) -> str:
    seen, links = set(), []
    for block in blocks:
        label = clause_label(block.id)
        if label in seen:
            continue
        seen.add(label)
        links.append(f"[{label}](policy.md#{block.id})")
    return "、".join(links)


def render_page(entries: list[Entry], blocks: list[Block], policy: dict) -> str:
    parts = [
        GENERATED,
        "# 术语表",
        "",
        "本页收录政策原文中读者可能不熟悉的词，每条说明它是什么、出自哪里，以及政策在哪些条款用到它。"
        f"这些说明是背景知识，不是对政策的解释；政策由{policy['interpreter']}负责解释。",
        "",
        "在[政策原文](policy.md)里，这些词后面有一个小圆形标记，点开即可看到简短说明。",
    ]
    for entry in entries:
        parts += ["", f"## {entry.term} {{ #{entry.id} }}", "", f"**简言之：** {entry.note}", "", entry.text, ""]
        if entry.aliases:
            parts += [f"**相关说法：** {'、'.join(entry.aliases)}", ""]
        parts += [f"**来源：** {entry.source}", ""]
        used = occurrences(entry, blocks)
        if used:
            parts += [f"**在政策中：** {_clause_links(used)}", ""]
    return "\n".join(parts).rstrip() + "\n"


def annotation_list(annotations: list[Annotation]) -> str:
    """The ordered list that material turns into the annotations of the paragraph before it."""
    lines = []
    for number, item in enumerate(annotations, 1):
        lines.append(f"{number}.  **{item.entry.term}**：{item.entry.note} [详见术语表](glossary.md#{item.entry.id})")
    return "\n".join(lines)
