"""Generated scenarios for the calculator: valid ones and ones that break the JSON contract in
one place each, as JSON text lines. The differential test compares the browser with CPython on
them, and the build compares the runtime restored from its snapshot with an ordinary boot."""

from __future__ import annotations

import datetime
import json
import random

SEED = 20201009
COUNT = 600

NAMES = ["甲公司", "乙研究院", "丙协会", "厦门丁科技有限公司", "Xiamen E Ltd.", "己 大学",
         "<img src=x onerror=alert(1)>", "O'Brien & \"Sons\"", "反斜杠\\单位", "表情🙂单位",
         "  前后空格  ", "\u202e右向左", "庚" * 199]
KINDS = ["xiamen_entity", "xiamen_entity", "admin", "other"]
LEVELS = ["international", "national", "industry", "local"]
BODY_ROLES = {
    "iso_iec": ["tc_secretariat", "sc_secretariat", "wg_convenor", "chair", "vice_chair", "registered_expert"],
    "national": ["tc_secretariat", "sc_secretariat", "wg", "chair", "vice_chair"],
    "provincial_municipal": ["tc_secretariat"],
}
TIERS = ["national", "provincial_municipal"]


def a_date(rng: random.Random, start=datetime.date(2018, 1, 1), days=365 * 10) -> str:
    if rng.random() < 0.02:
        return rng.choice(["2020-02-29", "2024-02-29", "2020-10-08", "2020-10-09", "2025-10-08", "2025-10-09"])
    return (start + datetime.timedelta(days=rng.randrange(days))).isoformat()


def an_item(rng: random.Random) -> dict:
    kind = rng.choice(["standard", "standard", "standard", "tc_role", "award", "pilot", "leader", "benchmarking"])
    if kind == "standard":
        names = rng.sample(NAMES, rng.randint(1, 7))
        return {"type": "standard", "level": rng.choice(LEVELS), "work": rng.choice(["new", "revision"]),
                "published": a_date(rng),
                "drafters": [{"name": n, "kind": rng.choice(KINDS)} for n in names]}
    item: dict = {"type": kind}
    if kind == "tc_role":
        body = rng.choice(list(BODY_ROLES))
        item.update(body=body, role=rng.choice(BODY_ROLES[body]))
    elif kind == "award":
        item.update(award=rng.choice(["china", "fujian"]), grade=rng.randint(1, 3), first_drafter=rng.random() < 0.8)
    elif kind == "pilot":
        item.update(tier=rng.choice(TIERS), accepted=rng.random() < 0.8)
        if rng.random() < 0.7:
            item["demonstration_years"] = rng.randint(0, 6)
        if rng.random() < 0.5:
            item["demonstration_tier"] = rng.choice(TIERS)
    elif kind == "benchmarking":
        item["count"] = rng.randint(0, 12)
    item["unit"] = rng.choice(NAMES[:6])
    if rng.random() < 0.85:
        item["date"] = a_date(rng)
    return item


def a_scenario(rng: random.Random) -> dict:
    scenario: dict = {"items": [an_item(rng) for _ in range(rng.randint(0, 6))]}
    events = [datetime.date.fromisoformat(i.get("published") or i.get("date") or "2018-01-01")
              for i in scenario["items"]]
    if rng.random() < 0.97:  # a few rely on "today" (the same day on both sides)
        # after every event (else refused), up to 7 years on: open and closed windows
        scenario["application_date"] = a_date(rng, max(events, default=datetime.date(2020, 1, 1)), 365 * 7)
    if rng.random() < 0.1:
        scenario["label"] = rng.choice(NAMES)
    return scenario


def mutate(rng: random.Random, scenario: dict) -> dict:
    """One contract violation somewhere in an otherwise plausible scenario."""
    s = json.loads(json.dumps(scenario))
    if not s["items"]:
        s["items"].append(an_item(rng))
    item = rng.choice(s["items"])
    choice = rng.randrange(16)
    if choice == 0:
        item["type"] = rng.choice(["patent", "", None, 3, "Standard"])
    elif choice == 1 and item["type"] == "standard":
        rng.choice(item["drafters"])["kind"] = rng.choice(["local", "xiamen", None, 1, ""])
    elif choice == 2 and item["type"] == "standard":
        item["drafters"] = rng.choice([[], {}, "甲公司", [None], [["甲", "xiamen_entity"]]])
    elif choice == 3 and item["type"] == "tc_role":
        body = item["body"]
        item["role"] = rng.choice([r for r in ("wg", "wg_convenor", "registered_expert", "chair")
                                   if r not in BODY_ROLES[body]] or ["secretary"])
    elif choice == 4:
        key = "published" if item["type"] == "standard" else "date"
        item[key] = rng.choice(["2021-02-30", "2021-13-01", "2021/01/01", "20210101", "2021-1-1", 20210101, "", "２０２１-01-01"])
    elif choice == 5:
        s["application_date"] = rng.choice(["2019-02-29", "tomorrow", 2024, [], "2024-06-31"])
    elif choice == 6 and item["type"] == "award":
        item["grade"] = rng.choice([0, 4, "1", 1.5, True, -1])
    elif choice == 7 and item["type"] == "benchmarking":
        item["count"] = rng.choice([-1, 1.0, "3", None, 10**20, False])
    elif choice == 8 and item["type"] == "pilot":
        item["demonstration_years"] = rng.choice([-2, "2", 2.5, 51])
    elif choice == 9:
        item[rng.choice(["publised", "units", "note", "__proto__"])] = "x"
    elif choice == 10:
        s["application_date"] = "2018-01-01"  # before every event date: refused
        key = "published" if item["type"] == "standard" else "date"
        item[key] = "2022-05-05"
    elif choice == 11:
        s["items"] = rng.choice([{}, "items", None, 5])
    elif choice == 12 and "unit" in item:
        item["unit"] = rng.choice(["", "   ", "控制\u0007字符", 12, None, "名" * 201])
    elif choice == 13:
        return rng.choice([[], "scenario", 42, None, [s]])
    elif choice == 14:
        s["extra"] = {"nested": [1, 2, 3]}
    else:
        del s["items"]
    return s


def raw_lines(rng: random.Random, valid_text: str) -> list[str]:
    """Invalid JSON text, not just invalid scenarios: the parser's refusals must match too."""
    cut = valid_text[: rng.randrange(1, max(2, len(valid_text)))]
    return [
        cut,
        valid_text.replace(":", "=", 1),
        '{"items": [], "items": []}',
        '{"items": [NaN]}',
        '{"items": [], "application_date": Infinity}',
        "[" * 50 + "]" * 50,
        '{"items": [{"type": "leader", "unit": "\\ud800"}]}',
        "",
        "   ",
        "null",
        '"text"',
        "{'items': []}",
        '{"items": [{"type": "leader", "unit": "甲"}]} trailing',
    ]


def generate(seed: int = SEED, count: int = COUNT) -> list[str]:
    rng = random.Random(seed)
    lines: list[str] = []
    while len(lines) < count:
        scenario = a_scenario(rng)
        value = scenario if rng.random() < 0.55 else mutate(rng, scenario)
        lines.append(json.dumps(value, ensure_ascii=rng.random() < 0.1,
                                separators=rng.choice([(",", ":"), (", ", ": ")])))
        if rng.random() < 0.02:
            lines.extend(raw_lines(rng, lines[-1]))
    lines = lines[:count]
    if not lines[-1].strip():  # the CLI drops blank lines at the end of its input
        lines[-1] = "{}"
    return lines
