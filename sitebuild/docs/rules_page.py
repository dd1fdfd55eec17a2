"""The "how amounts are computed" page (docs/rules.md) and the notes it shares with the policy page.

Quotes and amounts come from parameters.json, readings from readings.json, examples from
the package's site/examples.py (computed by its rules). This module only lays them out; the
package's own prose (pages/policy-intro.md, pages/rules-intro.md) comes in as text.
"""

from __future__ import annotations

from collections import OrderedDict

from sitebuild.docs.examples import ClauseExamples, render_main, render_table, try_link
from sitebuild.docs.markdown import GENERATED, escape, indent, table, yuan
from sitebuild.docs.policy_text import Block, clause_anchor, clause_label
from sitebuild.docs.search_terms import clause_amounts, clause_terms, hidden_block
from sitebuild.docs.validity import successor_sentences



def _label(clause: str) -> str:
    return clause_label(clause_anchor(clause))


def reading_item(reading: dict) -> str:
    """One reading as the public reads it; the test that pins it stays in readings.json."""
    return f"- {escape(reading['reading'])}"


def readings_note(readings: list[dict], collapsed: bool) -> str:
    """An admonition with the calculator's readings of the paragraph just above it."""
    marker = "???" if collapsed else "!!!"
    title = f"本计算器的理解（{len(readings)} 条）" if len(readings) > 1 else "本计算器的理解"
    body = "\n".join(reading_item(r) for r in readings)
    return f'{marker} note "{title}"\n\n{indent(body)}'


def try_paragraph(example: ClauseExamples, rules_link: bool) -> str:
    links = [try_link(example.href, "在计算器中试算")]
    if rules_link:
        links.append(f"[金额怎么算](rules.md#{example.anchor})")
    else:
        links.append(f"[政策原文](policy.md#{example.anchor})")
    return "　·　".join(links) + "\n{ .try-links }"


def policy_examples(example: ClauseExamples) -> str:
    """Collapsed worked examples under a clause of the policy page, and the calculator link."""
    body = "\n\n".join([render_main(example), *(render_table(t) for t in example.tables)])
    label = clause_label(example.anchor)
    return "\n\n".join([
        f'??? example "{label}的算例（{len(example.tables)} 张表）"\n\n{indent(body)}',
        try_paragraph(example, rules_link=True),
    ])


def _quotes(data: dict, clause: str) -> list[str]:
    seen: OrderedDict[str, None] = OrderedDict()
    for entry in data["parameters"]:
        if entry["clause"] == clause:
            seen[entry["quote"]] = None
    return list(seen)


def _value(entry: dict) -> str:
    if entry["kind"] == "money":
        return f"{yuan(entry['amount'])} 元"
    return entry["amount"]


def parameters_table(data: dict, clause: str) -> str:
    rows = [[escape(e["label"]), escape(e["as_written"]), _value(e)]
            for e in data["parameters"] if e["clause"] == clause]
    return table(["规定", "原文写法", "计算用值"], rows, ["left", "left", "right"])


def render_page(data: dict, readings: list[dict], examples: list[ClauseExamples], blocks: list[Block],
                intro: str) -> str:
    """intro: the package's own opening (pages/rules-intro.md, placeholders filled)."""
    policy = data["policy"]
    by_clause: dict[str, list[dict]] = {}
    for reading in readings:
        by_clause.setdefault(reading["clause"], []).append(reading)
    titles = {c["anchor"]: c for c in data["clauses"]}
    parts = [
        GENERATED,
        "# 资助金额怎么算",
        intro.strip(),
        "## 什么时候适用本政策 { #validity }",
        f"> {escape(policy['validity_quote'])}{escape(policy['transition_quote'])}\n>\n"
        f"> —— [政策{policy['validity_clause']}](policy.md#{clause_anchor(policy['validity_clause'])})",
        f"{escape(policy['last_day_note'])}",
        escape("".join(successor_sentences(policy))),
    ]
    # Readings of the whole policy (validity, dates) come first; each clause's under its heading.
    sections = {titles[e.anchor]["id"] for e in examples}
    common = [r for clause, rs in by_clause.items() if clause not in sections for r in rs]
    if common:
        parts.append(readings_note(common, collapsed=False))
    for example in examples:
        clause = titles[example.anchor]
        label = clause_label(example.anchor)
        parts.append(f"## {label} {clause['title']} {{ #{example.anchor} }}")
        parts.append("**政策原文**（[查看上下文](policy.md#" + example.anchor + ")）")
        parts.append("\n>\n".join(f"> {escape(q)}" for q in _quotes(data, clause["id"])))
        parts.append("**金额和比例**（来自计算规则的参数）")
        parts.append(parameters_table(data, clause["id"]))
        clause_readings = by_clause.get(clause["id"], [])
        if clause_readings:
            parts.append(readings_note(clause_readings, collapsed=False))
        parts.append("**算例**")
        parts.append(render_main(example))
        parts.extend(render_table(t) for t in example.tables)
        parts.append(try_paragraph(example, rules_link=False))
        parts.append(hidden_block(clause_terms(example.anchor) + clause_amounts(data, clause["id"])))
    return "\n\n".join(parts).rstrip() + "\n"

