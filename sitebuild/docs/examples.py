"""Worked examples as the docs lay them out; a package computes them (site/examples.py).

A package's examples module provides

    DATES_TEXT                         the dates every example assumes, in words
    all_examples(parameters) -> [ClauseExamples]   one per clause of the schedule, in order

Each row keeps its scenario and the rules' result, so the docs show exactly what the rules
computed and link to the calculator with that scenario prefilled (Row.href).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape as html_escape

from sitebuild.docs.markdown import table, yuan

CALCULATOR = "calculator/index.html"


@dataclass
class Row:
    cells: list[str]
    scenario: dict
    result: dict


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[Row]


@dataclass
class ClauseExamples:
    main: Row
    tables: list[Table] = field(default_factory=list)
    dates_text: str = ""     # what the main example assumes (its dates), shown beside it
    href: str = ""           # the calculator with the main example's scenario

    @property
    def anchor(self) -> str:
        """The clause's anchor, as the rules report it for the main example."""
        return self.main.result["items"][0]["anchor"]


def try_link(href: str, text: str = "试算") -> str:
    """A link into the calculator (href: CALCULATOR + the scenario's fragment)."""
    return f'<a class="try-link" href="{html_escape(href)}">{text}</a>'


def amounts_cell(result: dict) -> str:
    payments = result["items"][0]["payments"]
    if not payments:
        return "不资助"
    if len(payments) == 1:
        return yuan(payments[0]["amount"])
    return " + ".join(yuan(p["amount"]) for p in payments) + f" = {yuan(result['total'])}"


def render_table(t: Table) -> str:
    align = ["left"] * (len(t.header) - 1) + ["center"]
    body = table(t.header, [r.cells for r in t.rows], align)
    return f"**{t.caption}**\n{{ .example-caption }}\n\n{body}"


def render_main(example: ClauseExamples) -> str:
    """One example spelled out: each payment with its explanation, as the calculator shows it."""
    result = example.main.result
    lines = [f"例：{example.main.scenario['label']}（{example.dates_text}）", ""]
    for item in result["items"]:
        for p in item["payments"]:
            lines.append(f"- **{p['unit']}**：{yuan(p['amount'])} 元。{p['explanation']}。")
        if not item["payments"]:
            lines.append(f"- {item['status_text']}")
    lines += ["", f"合计 {yuan(result['total'])} 元。"]
    return "\n".join(lines)
