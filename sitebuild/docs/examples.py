"""Worked examples as the docs lay them out; a package lays out its own (site/examples.py).

Every example is a named case of the package's rules (cases.json, flagged "example": the table
it is a row of, "main" for the one spelled out), so an example shown to readers is a case that
is tested (tests/rules/test_cases.py). A package's examples module provides

    DATES_TEXT                         the dates every example assumes, in words
    all_examples(parameters) -> [ClauseExamples]   one per clause of the schedule, in order

and takes its rows from ExampleCases, which computes each case with the parameters the docs are
built with and fails the build if a shown row is not an example case or an example case is not
shown. Each row keeps its scenario and the rules' result, so the docs show exactly what the rules
computed and link to the calculator with that scenario prefilled.
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
    case: dict | None = None   # the named case it shows


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


class ExampleCases:
    """The cases of a package's rules flagged "example", computed with the docs' parameters."""

    def __init__(self, rules, parameters=None):
        from subsidy_core import cases

        self.rows = [Row([], case["scenario"], cases.run(case, rules, parameters), case)
                     for case in cases.load(rules.__name__) if "example" in case]
        self.shown: set[str] = set()

    def _use(self, row: Row) -> Row:
        self.shown.add(row.case["id"])
        return row

    def table(self, name: str) -> list[Row]:
        """The rows of one table, in the order of cases.json."""
        rows = [self._use(r) for r in self.rows if r.case["example"].get("table") == name]
        if not rows:
            raise RuntimeError(f"no example cases for the table {name!r}")
        return rows

    def main(self, name: str) -> Row:
        """The example of a table spelled out in full ("main": true)."""
        (row,) = [r for r in self.rows if r.case["example"].get("table") == name and r.case["example"].get("main")]
        return self._use(row)

    def find(self, scenario: dict) -> Row:
        """The example case of this scenario (a row computed by the layout must be a case)."""
        for row in self.rows:
            if row.scenario == scenario:
                return self._use(row)
        raise RuntimeError(f"an example shown in the docs is not an example case in cases.json: {scenario}")

    def check_all_shown(self) -> None:
        unused = [r.case["id"] for r in self.rows if r.case["id"] not in self.shown]
        if unused:
            raise RuntimeError(f"example cases the docs do not show: {unused}")


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
