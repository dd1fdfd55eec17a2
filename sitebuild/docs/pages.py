"""Render the site's policy package (sitebuild/packages.py) into the Markdown pages under build/docs/
(composed with the checked-in docs/ and overrides/ by sitebuild/docs/staging.py).

    generate(root, parameters=None) -> list of written paths

`parameters=None` uses the package's own parameters.json; a dict of the same shape
(e.g. with one amount changed) renders the pages for those parameters instead, so a test
can prove that no amount in the docs is typed by hand.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timezone
from pathlib import Path

from sitebuild import packages
from sitebuild.docs import glossary, identity, policy_page, rules_page, search_terms, staging, timeline, validity
from sitebuild.docs.markdown import GENERATED, cn_date
from sitebuild.docs.policy_text import Block, clause_anchor, clause_label, item_blocks, load as load_blocks
from sitebuild.templating import TEMPLATES, fill

SHIM_SOURCE = Path("node_modules/iframe-worker/shim/index.js")
SHIM_TARGET = staging.DOCS / "assets/javascripts/iframe-worker/shim.js"  # listed in mkdocs.yml extra.polyfills
CALCULATOR_PAGE = staging.DOCS / "calculator/index.md"
CALCULATOR_FRAME = "calculator-frame.md"


def build_date() -> date:
    """Today, or SOURCE_DATE_EPOCH's day for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), timezone.utc).date()
    return date.today()


def load_readings(package: packages.Package) -> list[dict]:
    return package.data("readings.json")["readings"]


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


def _fill(package: packages.Package, name: str, **values: str) -> str:
    """One of the package's prose templates (pages/<name>) with its $placeholders filled."""
    return fill((package.pages / name).read_text("utf-8"), **values)


def _template(package: packages.Package, name: str, **values: str) -> str:
    return GENERATED + "\n" + _fill(package, name, **values)


def policy_search_terms(data: dict, blocks: list[Block]) -> dict[str, list[str]]:
    """Block id -> hidden search terms placed after it: every numbered section and item gets its
    clause number as people type it, and the clauses of the rules the amounts they state."""
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


def clauses_table(data: dict, anchors: list[str]) -> str:
    """The clauses that pay (those with worked examples), each with its two links."""
    titles = {c["anchor"]: c for c in data["clauses"]}
    rows = ["| 条款 | 资助或奖励什么 | 计算方法 |", "| :-- | :-- | :-- |"]
    for anchor in anchors:
        clause = titles[anchor]
        rows.append(f"| [{clause_label(anchor)}](policy.md#{anchor}) "
                    f"| {clause['title']} | [怎么算](rules.md#{anchor}) |")
    return "\n".join(rows)


def generate(root: Path, parameters: dict | None = None, today: date | None = None) -> list[Path]:
    root = Path(root)
    package = packages.main(root)
    data = parameters if parameters is not None else package.rules().load_parameters()
    today = today or build_date()
    policy = data["policy"]
    blocks = load_blocks(root)
    entries = glossary.load(root)
    readings = load_readings(package)
    examples = package.site_module("examples").all_examples(data)
    # The builder reads build/docs and build/overrides: the checked-in sources and what follows.
    written: list[Path] = staging.stage(root)
    docs = root / staging.DOCS

    after: dict[str, list[str]] = {}
    for block_id, items in reading_block(readings, blocks).items():
        after.setdefault(block_id, []).append(rules_page.readings_note(items, collapsed=True))
    for example in examples:
        last = [b for b in blocks if b.id == example.anchor or b.id.startswith(example.anchor + "-p")][-1]
        after.setdefault(last.id, []).append(rules_page.policy_examples(example))
    for block_id, terms in policy_search_terms(data, blocks).items():
        after.setdefault(block_id, []).append(search_terms.hidden_block(terms))
    intro = _fill(package, "policy-intro.md").strip()
    policy_md = policy_page.render_page(blocks, glossary.marks_by_block(entries, blocks), after, intro)
    staging.write(docs / "policy.md", policy_md, written)
    dates = examples[0].dates_text if examples else ""
    rules_intro = _fill(package, "rules-intro.md", rules_version=data["rules_version"],
                        examples_dates=dates.replace("按", "示例按", 1))
    staging.write(docs / "rules.md", rules_page.render_page(data, readings, examples, blocks, rules_intro), written)
    staging.write(docs / "glossary.md", glossary.render_page(entries, blocks, policy), written)

    staging.write(root / validity.BANNER_PARTIAL, validity.banner_html(data, today), written)
    site = identity.generate(root, written)   # the footer and the privacy page, from policy_src/site.toml
    common = {
        "site_host": identity.host_sentence(site),
        "doc_number": policy["document_number"], "title": policy["title"], "issuer": policy["issuer"],
        "issued_cn": cn_date(date.fromisoformat(policy["issued"])),
        "rules_version": data["rules_version"], "build_date_cn": cn_date(today),
    }
    anchors = [e.anchor for e in examples]
    home = _template(package, "index.md", validity_banner=validity.home_banner(policy, today),
                     validity_text=validity.home_text(data, today),
                     clauses_table=clauses_table(data, anchors), **common)
    staging.write(docs / "index.md", home, written)
    staging.write(docs / "about.md", _template(package, "about.md", **common), written)
    staging.write(docs / "timeline.md", timeline.render_page(packages.shipped(root), today), written)

    shim = root / SHIM_TARGET
    shim.parent.mkdir(parents=True, exist_ok=True)
    source = (root / SHIM_SOURCE).read_text("utf-8")
    staging.write(shim, f"/* generated: copied from {SHIM_SOURCE} by build.py (sitebuild/docs/pages.py) */\n{source}", written)

    # The package's words around the calculator's frame, which is the same for every package (the
    # form is drawn into it from the package's form.json). The generated-file mark goes inside the
    # front matter, which must come first, as a YAML comment (never shown).
    frame = (TEMPLATES / CALCULATOR_FRAME).read_text("utf-8").rstrip("\n")
    page = _fill(package, "calculator.md", calculator=frame)
    if page.startswith("---\n"):
        page = "---\n# " + GENERATED.strip("<!-> ").replace("edit policy_src", "edit the package's pages/calculator.md") + "\n" + page[4:]
    staging.write(root / CALCULATOR_PAGE, page, written)
    staging.prune(root, written)
    return written
