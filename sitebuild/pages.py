"""Render policy_src and the rules package's data into the Markdown pages under docs/.

    generate(root, parameters=None) -> list of written paths

`parameters=None` uses the rules package's own parameters.json; a dict of the same shape
(e.g. with one amount changed) renders the pages for those parameters instead, so a test
can prove that no amount in the docs is typed by hand.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date, datetime, timezone
from importlib import resources
from pathlib import Path
from string import Template

from subsidy_rules import load_parameters
from subsidy_rules.dates import cn_date

from sitebuild import docs_examples, docs_glossary, docs_policy, docs_rules, search_terms, validity
from sitebuild.docs_markdown import GENERATED
from sitebuild.policy_text import Block, clause_anchor, clause_label, item_blocks, load as load_blocks

SHIM_SOURCE = Path("node_modules/iframe-worker/shim/index.js")
SHIM_TARGET = Path("docs/assets/javascripts/iframe-worker/shim.js")  # listed in mkdocs.yml extra.polyfills
CALCULATOR_PAGE = Path("docs/calculator/index.md")


def build_date() -> date:
    """Today, or SOURCE_DATE_EPOCH's day for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), timezone.utc).date()
    return date.today()


def load_readings() -> list[dict]:
    text = resources.files("subsidy_rules").joinpath("readings.json").read_text("utf-8")
    return json.loads(text)["readings"]


def reading_block(readings: list[dict], blocks: list[Block]) -> dict[str, list[dict]]:
    """Block id -> the readings whose sentence is in that block (a reading names its sentence)."""
    placed: dict[str, list[dict]] = {}
    for reading in readings:
        anchor = clause_anchor(reading["clause"])
        candidates = [b for b in blocks if b.kind == "para" and reading["sentence"] in b.text]
        within = [b for b in candidates if b.id == anchor or b.id.startswith(anchor + "-")]
        chosen = (within or candidates)
        if not chosen:
            raise ValueError(f"reading {reading['id']}: sentence not found in the policy: {reading['sentence']!r}")
        placed.setdefault(chosen[0].id, []).append(reading)
    return placed


def _write(path: Path, text: str, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text("utf-8") != text:  # keep mtimes for mkdocs serve
        path.write_text(text, "utf-8")
    written.append(path)


def _template(root: Path, name: str, **values: str) -> str:
    source = (root / "policy_src" / "pages" / name).read_text("utf-8")
    return GENERATED + "\n" + Template(source).substitute(values)


def policy_search_terms(data: dict, blocks: list[Block]) -> dict[str, list[str]]:
    """Block id -> hidden search terms placed after it: every numbered section and item gets its
    clause number as people type it, and the items of 五（三） the amounts they state."""
    clause_ids = {c["anchor"]: c["id"] for c in data["clauses"]}
    placed: dict[str, list[str]] = {}
    for block in blocks:
        if not re.fullmatch(r"c\d-\d(-\d+)?", block.id):
            continue
        terms = search_terms.clause_terms(block.id)
        if block.id in clause_ids:
            terms += search_terms.clause_amounts(data, clause_ids[block.id])
        paragraphs = item_blocks(blocks, block.id) if block.kind == "para" else [block]
        placed[paragraphs[-1].id] = terms
    return placed


def clauses_table(data: dict) -> str:
    rows = ["| 条款 | 资助或奖励什么 | 计算方法 |", "| :-- | :-- | :-- |"]
    for clause in data["clauses"]:
        if not clause["anchor"].startswith("c5-3-"):
            continue
        anchor = clause["anchor"]
        rows.append(f"| [{clause_label(anchor)}](policy.md#{anchor}) "
                    f"| {clause['title']} | [怎么算](rules.md#{anchor}) |")
    return "\n".join(rows)


def generate(root: Path, parameters: dict | None = None, today: date | None = None) -> list[Path]:
    root = Path(root)
    data = parameters if parameters is not None else load_parameters()
    today = today or build_date()
    policy = data["policy"]
    blocks = load_blocks(root)
    glossary = docs_glossary.load(root)
    readings = load_readings()
    examples = docs_examples.all_examples(data)
    written: list[Path] = []
    docs = root / "docs"

    after: dict[str, list[str]] = {}
    for block_id, items in reading_block(readings, blocks).items():
        after.setdefault(block_id, []).append(docs_rules.readings_note(items, collapsed=True))
    for example in examples:
        last = [b for b in blocks if b.id == example.anchor or b.id.startswith(example.anchor + "-p")][-1]
        after.setdefault(last.id, []).append(docs_rules.policy_examples(example))
    for block_id, terms in policy_search_terms(data, blocks).items():
        after.setdefault(block_id, []).append(search_terms.hidden_block(terms))
    intro = docs_rules.policy_intro(data)
    policy_md = docs_policy.render_page(blocks, docs_glossary.marks_by_block(glossary, blocks), after, intro)
    _write(docs / "policy.md", policy_md, written)
    _write(docs / "rules.md", docs_rules.render_page(data, readings, examples, blocks), written)
    _write(docs / "glossary.md", docs_glossary.render_page(glossary, blocks), written)

    _write(root / validity.BANNER_PARTIAL, validity.banner_html(data, today), written)
    common = {
        "doc_number": policy["document_number"], "title": policy["title"], "issuer": policy["issuer"],
        "issued_cn": cn_date(date.fromisoformat(policy["issued"])),
        "rules_version": data["rules_version"], "build_date_cn": cn_date(today),
    }
    _write(docs / "index.md", _template(root, "index.md", validity_banner=validity.home_banner(policy, today),
                                        validity_text=validity.home_text(data, today),
                                        clauses_table=clauses_table(data), **common), written)
    _write(docs / "about.md", _template(root, "about.md", **common), written)

    shim = root / SHIM_TARGET
    shim.parent.mkdir(parents=True, exist_ok=True)
    source = (root / SHIM_SOURCE).read_text("utf-8")
    _write(shim, f"/* generated: copied from {SHIM_SOURCE} by build.py (sitebuild/pages.py) */\n{source}", written)

    # The calculator page belongs to the calculator; a placeholder only keeps the nav valid.
    if not (root / CALCULATOR_PAGE).exists():
        _write(root / CALCULATOR_PAGE, f"{GENERATED}\n# 资助计算器\n\n计算器页面尚未加入。\n", written)
    return written
