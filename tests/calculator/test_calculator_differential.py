"""Differential test: the browser (the wheel in Pyodide, through the page's evaluateJSON) and the
CLI on CPython (`python -m subsidy_rules batch -`) give byte-identical envelopes for the same
generated scenarios, valid and invalid, and the page's evaluate() keeps the contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import packages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
_scenarios = packages.main(ROOT).site_module("scenarios")  # the package's random scenarios
COUNT, generate = _scenarios.COUNT, _scenarios.generate


def cli_batch(lines: list[str]) -> list[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "policy_src" / "xiamen-2020-15" / "rules"),
                                                    str(ROOT / "rules_core")]))
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
