"""The "how amounts are computed" page (docs/rules.md) and the notes it shares with the policy page.

Quotes and amounts come from parameters.json, readings from readings.json, examples from
docs_examples (computed by the rules package). This module only lays them out.
"""

from __future__ import annotations

from collections import OrderedDict

from sitebuild.docs_examples import DATES_TEXT, ClauseExamples, render_main, render_table, try_link
from sitebuild.docs_markdown import GENERATED, escape, indent, table, yuan
from sitebuild.policy_text import Block, clause_anchor, clause_label
from sitebuild.search_terms import clause_amounts, clause_terms, hidden_block
from sitebuild.validity import successor_sentences



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
    links = [try_link(example.main.scenario, "在计算器中试算")]
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


def policy_intro(data: dict) -> str:
    return (
        '!!! info "怎样阅读本页"\n'
        "    以下是政策全文，文字照录原文（只修复了转换造成的版式问题，见[关于本站](about.md)）。"
        "带圆形标记的词有注释，点开即可查看；每一条末尾的“¶”是这一条的链接。"
        "五（三）各条下附有本站计算器对有歧义之处的理解、按规则算出的算例和“在计算器中试算”的链接，"
        "它们不是政策原文。"
    )


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


def render_page(data: dict, readings: list[dict], examples: list[ClauseExamples], blocks: list[Block]) -> str:
    policy = data["policy"]
    by_clause: dict[str, list[dict]] = {}
    for reading in readings:
        by_clause.setdefault(reading["clause"], []).append(reading)
    titles = {c["anchor"]: c for c in data["clauses"]}
    parts = [
        GENERATED,
        "# 资助金额怎么算",
        "政策[五（三）](policy.md#c5-3)规定了市级实施标准化战略专项资金的资助与奖励项目和额度。"
        "本页逐条列出：政策怎么写（原文）、每个金额和比例、本站计算器对有歧义之处的理解，以及按这些规则算出的示例。",
        f"本页所有金额都来自计算规则（版本 {data['rules_version']}）的参数，示例由同一套规则在构建本站时算出，"
        f"与[计算器](calculator/index.md)的结果一致。{DATES_TEXT.replace('按', '示例按', 1)}。",
        '!!! warning "估算，不是决定"\n'
        "    计算结果只是按政策文字所作的估算。能否获得资助、获得多少，以市标准化行政主管部门的审核为准；"
        "具体申报流程及要求由市标准化行政主管部门另行制定。",
        "## 什么时候适用本政策 { #validity }",
        f"> {escape(policy['validity_quote'])}{escape(policy['transition_quote'])}\n>\n"
        f"> —— [政策末段](policy.md#closing)",
        f"{escape(policy['last_day_note'])}",
        escape("".join(successor_sentences(policy))),
    ]
    common = [r for clause, rs in by_clause.items() if not clause.startswith("五(三)") for r in rs]
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

