"""The site's timeline of policies (docs/timeline.md): each shipped package, and the neighbours
it names by metadata only (predecessor, successor), in the order they apply.

A package's rules give an event in a neighbour's period a status naming that document, never
an amount; this page says the same for the reader, from the same metadata (parameters.json).
"""

from __future__ import annotations

from datetime import date, timedelta

from sitebuild.docs.markdown import GENERATED, cn_date, escape

ANCHOR = "policies"


def _day(iso: str) -> str:
    return cn_date(date.fromisoformat(iso))


def entries(packages: list) -> list[dict]:
    """Every policy the site knows, oldest first: {kind, number, title, anchor, period, where}; a
    neighbour's anchor names the package that knows it (xiamen-2020-15-successor)."""
    found: dict[str, dict] = {}
    for package in packages:
        policy = package.policy
        issued = date.fromisoformat(policy["issued"])
        if policy.get("predecessor"):
            found.setdefault(policy["predecessor"], {
                "kind": "neighbour", "number": policy["predecessor"], "title": policy["predecessor_title"],
                "anchor": f"{package.id}-predecessor",
                "sort": issued - timedelta(days=1),
                "period": f"{cn_date(issued)}以前完成的事项（按{policy['document_number']}的衔接规定）",
                "where": f"本站未收录这份文件的文本，也不按它计算；请向{policy['predecessor_contact']}咨询。",
            })
        found[policy["document_number"]] = {
            "kind": "package", "number": policy["document_number"], "title": policy["title"], "sort": issued,
            "anchor": package.id,
            "period": f"{cn_date(issued)}至{_day(policy['last_day'])}完成的事项"
                      + ("（有效期截止日为本站推算）" if policy.get("last_day_is_assumption") else ""),
            "where": f"{policy['issuer']}{cn_date(issued)}印发。本站收录全文并按它计算：",
        }
        successor = policy.get("successor")
        if successor:
            found.setdefault(successor["title"], {
                "kind": "neighbour", "number": "", "title": successor["title"], "anchor": f"{package.id}-successor",
                "sort": date.fromisoformat(successor["issued"]),
                "period": f"{_day(policy['last_day'])}以后完成的事项，可能适用",
                "where": (f"{'、'.join(successor['issuers'])}{_day(successor['issued'])}印发，"
                          f"{_day(successor['published'])}在{successor['published_by']}网站公布。"
                          f"本站未收录这份文件的文本，也不按它计算；请向{successor['contact']}咨询。"),
            })
    return sorted(found.values(), key=lambda e: e["sort"])


def render_page(packages: list, today: date) -> str:
    lines = [GENERATED, f"# 政策沿革 {{ #{ANCHOR} }}",
             "本站知道的政策文件，按适用的先后排列。计算器按每一项事项发生的日期"
             "判断适用哪一份文件：只有本站收录了全文的文件才计算金额；落在其他文件期间的事项，计算器会说明"
             "可能适用哪份文件、向谁咨询，但不给出金额。", ""]
    for entry in entries(packages):
        name = f"《{escape(entry['title'])}》" + (f"（{escape(entry['number'])}）" if entry["number"] else "")
        lines.append(f"## {name} {{ #{entry['anchor']} }}")
        lines.append(f"**适用于**：{escape(entry['period'])}")
        lines.append("")
        if entry["kind"] == "package":
            lines.append(f"{escape(entry['where'])}[政策原文](policy.md) · [金额怎么算](rules.md) · "
                         f"[资助计算器](calculator/index.md)")
        else:
            lines.append(escape(entry["where"]))
        lines.append("")
    lines.append(f"本页生成于{cn_date(today)}。")
    return "\n".join(lines).rstrip() + "\n"
