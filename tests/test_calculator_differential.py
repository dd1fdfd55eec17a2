"""Differential test: the browser (the wheel in Pyodide, through the page's evaluateJSON) and the
CLI on CPython (`python -m subsidy_rules batch -`) give byte-identical envelopes for the same
generated scenarios, valid and invalid, and the page's evaluate() keeps the contract."""

from __future__ import annotations

import datetime
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
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


def cli_batch(lines: list[str]) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "calculator"))
    out = subprocess.run([sys.executable, "-m", "subsidy_rules", "batch", "-"],
                         input="\n".join(lines).encode("utf-8") + b"\n",
                         capture_output=True, env=env, check=True)
    return out.stdout.decode("utf-8").split("\n")[:-1]


def test_generator_covers_valid_and_invalid():
    lines = generate()
    envelopes = cli_batch(lines)
    assert len(envelopes) == len(lines) == COUNT
    ok = sum(json.loads(e)["ok"] for e in envelopes)
    assert ok >= 200 and COUNT - ok >= 200, (ok, COUNT - ok)
    paid = [json.loads(e)["result"]["total"] for e in envelopes if json.loads(e)["ok"]]
    assert sum(t != "0.00" for t in paid) >= 100  # plenty of scenarios pay something
    fields = {json.loads(e)["error"]["field"] for e in envelopes if not json.loads(e)["ok"]}
    assert len(fields) >= 20  # refusals from many different places


def test_browser_and_cpython_envelopes_are_byte_identical(calculator_page):
    lines = generate()
    expected = cli_batch(lines)
    got = calculator_page.evaluate(
        "lines => Promise.all(lines.map(l => window.subsidyCalculator.evaluateJSON(l)))", lines)
    assert len(got) == len(expected)
    mismatches = [i for i, (a, b) in enumerate(zip(got, expected)) if a != b]
    assert not mismatches, f"{len(mismatches)} differ; first: {lines[mismatches[0]]!r}\n" \
                           f"browser: {got[mismatches[0]]}\ncpython: {expected[mismatches[0]]}"


def test_evaluate_resolves_results_and_rejects_with_the_chinese_message(calculator_page):
    page = calculator_page
    scenario = {"application_date": "2024-06-01", "items": [
        {"type": "benchmarking", "count": 7, "unit": "甲公司", "date": "2023-01-01"}]}
    (expected,) = cli_batch([json.dumps(scenario)])
    result = page.evaluate("s => window.subsidyCalculator.evaluate(s)", scenario)
    assert result == json.loads(expected)["result"]

    bad = {"items": [{"type": "standard", "level": "national", "work": "new", "published": "2023-01-01",
                      "drafters": [{"name": "甲", "kind": "xiamen_entity"}, {"name": "乙", "kind": "nope"}]}]}
    (refusal,) = cli_batch([json.dumps(bad)])
    error = page.evaluate("""s => window.subsidyCalculator.evaluate(s).then(
        () => null, e => ({isError: e instanceof Error, message: e.message, field: e.field}))""", bad)
    assert error == {"isError": True, **json.loads(refusal)["error"]}
    assert error["field"] == "items[0].drafters[1].kind"
    # not JSON text at all: evaluateJSON refuses a non-string before it reaches Python
    kind = page.evaluate("() => window.subsidyCalculator.evaluateJSON(42).then(() => 'resolved', e => e.name)")
    assert kind == "TypeError"
