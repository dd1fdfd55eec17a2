"""Worked examples of 五(三): the cases of subsidy_rules/cases.json flagged "example", computed at
build time by the rules package and laid out here (sitebuild/docs/examples.py renders them).

Every amount shown in the docs comes from subsidy_rules.evaluate() on a case's scenario; nothing
is typed by hand, and each example is a tested case (tests/rules/test_cases.py). Each row keeps its
scenario, so it can link to the calculator with that scenario prefilled.

Drafting (五(三)1): the 32 patterns of local / non-local units in ranks 1-5 are all
evaluated; they collapse into classes (is rank 1 local, how many of ranks 2-5 are),
and the build fails if any pattern disagrees with its class. Each class's row shows its first
pattern, which must be an example case.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import subsidy_rules
from subsidy_rules import evaluate, scenario_fragment
from subsidy_core.dates import cn_date
from subsidy_rules.validation import AWARDS, BODIES, GRADES, LEVELS, ROLES, TIERS, WORKS

from sitebuild.docs.examples import CALCULATOR, ClauseExamples, ExampleCases, Row, Table, amounts_cell as _amounts_cell
from sitebuild.docs.examples import try_link as _link
from sitebuild.docs.markdown import yuan

# Dates inside the policy's validity (tests check they stay inside), stated in every caption.
APPLICATION_DATE = date(2023, 6, 1)
EVENT_DATE = date(2022, 3, 1)
DATES_TEXT = f"按事项发生于{cn_date(EVENT_DATE)}、申请日期{cn_date(APPLICATION_DATE)}计算（均在有效期内）"
CAPTION_DATES = f"单位：元；申请日期{cn_date(APPLICATION_DATE)}，事项日期{cn_date(EVENT_DATE)}"

RANK_NAMES = ("甲", "乙", "丙", "丁", "戊")
RANKS = len(RANK_NAMES)


def run(scenario: dict, parameters) -> dict:
    return evaluate(scenario, today=APPLICATION_DATE, parameters=parameters)


def _outcome(result: dict) -> list:
    return [(r["status"], [(p["unit"], p["amount"]) for p in r["payments"]]) for r in result["items"]]


def link_scenario(scenario: dict, today: date | None = None) -> dict:
    """The scenario an example's "试算" link opens.

    Without an application date, so the calculator applies today, as its form says (默认今天),
    and a reader's own changes are judged by today's date. Only where applying today would not
    give the example's result (a standard's five-year window has closed since) does the example
    keep its own date, and its name says why, on the calculator page.
    """
    today = today or date.today()
    undated = {key: value for key, value in scenario.items() if key != "application_date"}
    as_documented = evaluate(scenario, today=APPLICATION_DATE)
    applying_today = evaluate(undated, today=today)
    if _outcome(applying_today) == _outcome(as_documented):
        return undated
    why = next(r["status_text"] for r in applying_today["items"] if r["status"] != "eligible")
    dated = dict(scenario)
    dated["label"] = f"{scenario['label']}（示例按申请日期{cn_date(APPLICATION_DATE)}计算；今天申请：{why}）"
    return dated


def try_href(scenario: dict) -> str:
    return CALCULATOR + scenario_fragment(link_scenario(scenario))


def try_link(scenario: dict, text: str = "试算") -> str:
    return _link(try_href(scenario), text)


def _scenario(label: str, item: dict) -> dict:
    return {"label": label, "application_date": APPLICATION_DATE.isoformat(), "items": [item]}


def _book(parameters, book: ExampleCases | None) -> ExampleCases:
    return book if book is not None else ExampleCases(subsidy_rules, parameters)


def _item(row: Row) -> dict:
    return row.scenario["items"][0]


def _paid(result: dict) -> dict[str, str]:
    return {p["unit"]: p["amount"] for p in result["items"][0]["payments"]}


# ---------------------------------------------------------------- 五(三)1 drafting


def drafters(pattern: tuple[str, ...]) -> list[dict]:
    return [{"name": RANK_NAMES[i], "kind": kind} for i, kind in enumerate(pattern)]


def local_patterns() -> list[tuple[bool, ...]]:
    """All 32 patterns: is the unit at rank 1..5 a local entity (else a non-local unit)."""
    return list(itertools.product((True, False), repeat=RANKS))


def pattern_kinds(pattern: tuple[bool, ...]) -> tuple[str, ...]:
    return tuple("xiamen_entity" if local else "other" for local in pattern)


def ranks_text(ranks: list[int]) -> str:
    return "第" + "、".join(str(r) for r in ranks) + "名" if ranks else "无"


def standard_scenario(level: str, work: str, kinds: tuple[str, ...]) -> dict:
    local = [i + 1 for i, k in enumerate(kinds) if k == "xiamen_entity"]
    label = f"{LEVELS[level]}{WORKS[work]}：本市单位排名 {'、'.join(map(str, local)) or '无'}"
    return _scenario(label, {
        "type": "standard", "level": level, "work": work,
        "published": EVENT_DATE.isoformat(), "drafters": drafters(kinds),
    })


@dataclass
class DraftingClass:
    first_local: bool
    others: int                       # local units among ranks 2-5
    patterns: list[tuple[bool, ...]]  # every pattern of the class
    first: dict[str, str]             # work -> amount to rank 1 ("0.00" when none)
    each: dict[str, str]              # work -> amount to each local unit of ranks 2-5
    total: dict[str, str]
    example: dict[str, Row]           # work -> the first pattern's scenario and result

    def describe(self, level: str) -> str:
        if level == "local":
            return ("第一起草单位是本市单位（第二至第五名是否为本市单位不影响金额）" if self.first_local
                    else "第一起草单位不是本市单位（也不是行政单位）")
        if self.first_local:
            rest = "第二至第五名没有本市单位" if not self.others else f"第二至第五名中另有 {self.others} 家本市单位"
            return f"第一名是本市单位，{rest}"
        if not self.others:
            return "前五名都不是本市单位"
        return f"第一名不是本市单位，第二至第五名中有 {self.others} 家本市单位"


def drafting_classes(level: str, parameters) -> list[DraftingClass]:
    """Evaluate all 32 patterns for new and revision work and group them into classes."""
    classes: dict[tuple, DraftingClass] = {}
    for pattern in local_patterns():
        key = (pattern[0], sum(pattern[1:])) if level != "local" else (pattern[0], None)
        for work in WORKS:
            scenario = standard_scenario(level, work, pattern_kinds(pattern))
            result = run(scenario, parameters)
            paid = _paid(result)
            paid_outside = [RANK_NAMES[i] for i, local in enumerate(pattern) if not local and RANK_NAMES[i] in paid]
            if paid_outside:
                raise RuntimeError(f"{level} {pattern}: a non-local unit is paid: {paid_outside}")
            first = paid.get(RANK_NAMES[0], "0.00")
            rest = {paid[RANK_NAMES[i]] for i in range(1, RANKS) if pattern[i] and RANK_NAMES[i] in paid}
            if level != "local" and len(rest) > 1:
                raise RuntimeError(f"{level} {pattern}: ranks 2-5 not paid alike: {rest}")
            each = rest.pop() if rest else "0.00"
            cls = classes.get(key)
            if cls is None:
                cls = classes[key] = DraftingClass(pattern[0], key[1] or 0, [], {}, {}, {}, {})
            if work in cls.first and (cls.first[work], cls.each[work], cls.total[work]) != (first, each, result["total"]):
                raise RuntimeError(f"{level} {work} {pattern}: differs from its class {key}")
            cls.first[work], cls.each[work], cls.total[work] = first, each, result["total"]
            cls.example.setdefault(work, Row([], scenario, result))
        classes[key].patterns.append(pattern)
    return sorted(classes.values(), key=lambda c: (not c.first_local, c.others))


def _amount(label: str, amount: str) -> str:
    return f'<span class="amount">{label} {yuan(amount)}</span>'


def _drafting_cell(cls: DraftingClass, work: str, level: str) -> str:
    if cls.total[work] == "0.00":
        return "不资助"
    lines = []
    if cls.first[work] != "0.00":
        lines.append(_amount("第一名", cls.first[work]))
    if cls.each[work] != "0.00" and level != "local":
        lines.append(_amount("其余每家", cls.each[work]))
    if len(lines) > 1 or cls.first[work] == "0.00":
        lines.append(_amount("合计", cls.total[work]))
    return "<br>".join(lines)


def _combos_cell(cls: DraftingClass, level: str) -> str:
    combos = [ranks_text([i + 1 for i, local in enumerate(p) if local]) for p in cls.patterns]
    if level == "local" or len(combos) > 6:
        return f"{len(combos)} 种"
    return f"{'；'.join(combos)}（{len(combos)} 种）"


def drafting_table(level: str, parameters, book: ExampleCases | None = None) -> Table:
    book = _book(parameters, book)
    classes = drafting_classes(level, parameters)
    rows = []
    for cls in classes:
        example, _ = book.find(cls.example["new"].scenario), book.find(cls.example["revision"].scenario)
        cells = [cls.describe(level), _combos_cell(cls, level), _drafting_cell(cls, "new", level),
                 _drafting_cell(cls, "revision", level), try_link(example.scenario)]
        rows.append(Row(cells, example.scenario, example.result, example.case))
    count = sum(len(c.patterns) for c in classes)
    caption = (f"{LEVELS[level]}：前五名起草单位中本市单位的全部 {count} 种排名组合，按金额归为 "
               f"{len(classes)} 类（{CAPTION_DATES}）")
    return Table(caption, ["情形", "本市单位所在排名", "制定项目", "修订项目", "试算"], rows)


# Local standards whose first drafter is an administrative unit: the subsidy moves down
# to the best-ranked local entity (顺延). A few orders (the cases of table drafting-local-admin,
# each order new and revision) show how far it moves.
KIND_SHORT = {"xiamen_entity": "本市单位", "admin": "行政单位", "other": "非本市单位"}


def local_admin_table(parameters, book: ExampleCases | None = None) -> Table:
    by_order: dict[tuple, dict[str, Row]] = {}
    for row in _book(parameters, book).table("drafting-local-admin"):
        kinds = tuple(d["kind"] for d in _item(row)["drafters"])
        by_order.setdefault(kinds, {})[_item(row)["work"]] = row
    rows = []
    for kinds, works in by_order.items():
        cells_by_work = {}
        for work in WORKS:
            paid = _paid(works[work].result)
            cells_by_work[work] = "；".join(
                f"第{RANK_NAMES.index(u) + 1}名 {yuan(a)}" for u, a in paid.items()) or "不资助"
        new = works["new"]
        order = "、".join(f"第{i + 1}名{KIND_SHORT[k]}" for i, k in enumerate(kinds))
        rows.append(Row([order, cells_by_work["new"], cells_by_work["revision"], try_link(new.scenario)],
                        new.scenario, new.result, new.case))
    return Table(f"地方标准：第一起草单位不是本市企事业单位及社会团体时（{CAPTION_DATES}）",
                 ["起草单位排名", "制定项目", "修订项目", "试算"], rows)


def drafting_examples(parameters, book: ExampleCases | None = None) -> ClauseExamples:
    book = _book(parameters, book)
    tables = [drafting_table(level, parameters, book) for level in LEVELS]
    tables.append(local_admin_table(parameters, book))
    return ClauseExamples(book.main("drafting-main"), tables)


# ---------------------------------------------------------------- 五(三)2 to 五(三)5


def _cells(row: Row, cells: list[str]) -> Row:
    return Row(cells, row.scenario, row.result, row.case)


def _main(rows: list[Row]) -> Row:
    (main,) = [r for r in rows if r.case["example"].get("main")]
    return main


def tc_examples(parameters, book: ExampleCases | None = None) -> ClauseExamples:
    rows = []
    for row in _book(parameters, book).table("tc-roles"):
        body, role = _item(row)["body"], _item(row)["role"]
        rows.append(_cells(row, [BODIES[body], ROLES[role], _amounts_cell(row.result), try_link(row.scenario)]))
    table_ = Table(f"每种技术组织和职务的一次性资助（{CAPTION_DATES}）", ["技术组织", "职务或工作", "资助", "试算"], rows)
    return ClauseExamples(_main(rows), [table_])


def award_examples(parameters, book: ExampleCases | None = None) -> ClauseExamples:
    rows = []
    for row in _book(parameters, book).table("awards"):
        award, grade, first = _item(row)["award"], _item(row)["grade"], _item(row)["first_drafter"]
        rows.append(_cells(row, [AWARDS[award], GRADES[grade], "是" if first else "否",
                                 _amounts_cell(row.result), try_link(row.scenario)]))
    table_ = Table(f"每个奖项和等级的一次性奖励（{CAPTION_DATES}）",
                   ["奖项", "等级", "本市单位是第一起草单位", "奖励", "试算"], rows)
    return ClauseExamples(_main(rows), [table_])


def pilot_examples(parameters, book: ExampleCases | None = None) -> ClauseExamples:
    rows = []
    for row in _book(parameters, book).table("pilots"):
        item = _item(row)
        years = item.get("demonstration_years")
        demo = f"{TIERS[item['demonstration_tier']]}，{years} 年" if years else "无"
        rows.append(_cells(row, [TIERS[item["tier"]], "已通过" if item["accepted"] else "未通过", demo,
                                 _amounts_cell(row.result), try_link(row.scenario)]))
    table_ = Table(f"试点（示范）项目和推广示范（{CAPTION_DATES}）",
                   ["试点（示范）项目", "考核验收", "推广示范", "资助", "试算"], rows)
    return ClauseExamples(_main(rows), [table_])


def enterprise_examples(parameters, book: ExampleCases | None = None) -> ClauseExamples:
    rows = []
    for row in _book(parameters, book).table("enterprise"):
        item = _item(row)
        what = "被确定为企业标准“领跑者”" if item["type"] == "leader" else f"开展对标达标 {item['count']} 项"
        rows.append(_cells(row, [what, _amounts_cell(row.result), try_link(row.scenario)]))
    table_ = Table(f"企业标准“领跑者”和对标达标（同一企业；{CAPTION_DATES}）", ["事项", "资助", "试算"], rows)
    return ClauseExamples(_main(rows), [table_])


def all_examples(parameters) -> list[ClauseExamples]:
    book = ExampleCases(subsidy_rules, parameters)
    examples = [drafting_examples(parameters, book), tc_examples(parameters, book), award_examples(parameters, book),
                pilot_examples(parameters, book), enterprise_examples(parameters, book)]
    book.check_all_shown()
    for example in examples:
        example.dates_text = DATES_TEXT
        example.href = try_href(example.main.scenario)
    return examples
