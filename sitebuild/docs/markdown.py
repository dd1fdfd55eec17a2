"""Small Markdown helpers shared by the generated pages."""

from __future__ import annotations

import re
from decimal import Decimal

GENERATED = "<!-- generated from policy_src by build.py (sitebuild/docs/pages.py): edit policy_src, not this file -->"


def cn_date(day) -> str:
    """date -> '2021年1月1日', as Chinese documents write dates."""
    return f"{day.year}年{day.month}月{day.day}日"

_SPECIAL = re.compile(r"([\\`*_\[\]{}])")


def escape(text: str) -> str:
    """Policy text as Markdown that renders to exactly that text.

    Clause numbers such as "1. " must stay text, not become list markers.
    """
    text = _SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"^(\d+)\.", r"\1\\.", text)
    return re.sub(r"^([#+\-=])", r"\\\1", text)


def yuan(amount: str | Decimal) -> str:
    """'350000.00' -> '350,000'; '116666.67' -> '116,666.67' (yuan, exact as the rules give it)."""
    value = Decimal(amount)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    align = align or ["left"] * len(header)
    marks = {"left": ":--", "right": "--:", "center": ":-:"}
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())
