"""Every named case of every policy package (its rules' cases.json: scenario in, expected payments
out, subsidy_core/cases.py) computed by that package's rules; readings name cases that exist.

The packages: those under policy_src/ and the fixture under tests/fixtures/policies/. The docs'
worked examples are cases too (flagged "example"), so an example shown to readers is tested here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sitebuild import packages  # noqa: E402
from subsidy_core import cases as case_data  # noqa: E402

PACKAGES = [packages.Package(p.parent) for p in sorted((ROOT / "policy_src").glob("*/policy.toml"))] + \
           [packages.Package(p.parent) for p in sorted((ROOT / "tests" / "fixtures" / "policies").glob("*/policy.toml"))]


def package_cases(package):
    return case_data.load(package.rules().__name__)


ALL = [(package, case) for package in PACKAGES for case in package_cases(package)]


def test_every_package_has_cases_and_examples():
    assert len(PACKAGES) >= 2
    for package in PACKAGES:
        found = package_cases(package)
        ids = [c["id"] for c in found]
        assert ids and len(ids) == len(set(ids)), package.id
        assert any("example" in c for c in found), package.id   # the docs show some of them
        clauses = {c["id"] for c in package.data("parameters.json")["clauses"]}
        for case in found:
            assert case["clause"] in clauses and case["name"].strip(), case["id"]


@pytest.mark.parametrize("package,case", ALL, ids=[f"{p.id}:{c['id']}" for p, c in ALL])
def test_case(package, case):
    rules = package.rules()
    assert case_data.check(case, rules) == []
    if "error" in case["expected"]:
        return
    # Each item and payment names its clause with that clause's anchor.
    anchors = {c["id"]: c["anchor"] for c in rules.load_parameters()["clauses"]}
    for item in case_data.run(case, rules)["items"]:
        assert item["anchor"] == anchors[item["clause"]]
        for payment in item["payments"]:
            assert (payment["clause"], payment["anchor"]) == (item["clause"], item["anchor"])


@pytest.mark.parametrize("package", PACKAGES, ids=[p.id for p in PACKAGES])
def test_every_reading_names_cases_that_exist(package):
    ids = {c["id"] for c in package_cases(package)}
    readings = package.data("readings.json")["readings"]
    assert readings
    for reading in readings:
        assert reading["cases"] and set(reading["cases"]) <= ids, reading["id"]


def test_a_wrong_expectation_is_reported():
    """The check itself: a changed amount, status or error is named, not passed over."""
    package = PACKAGES[0]
    rules = package.rules()
    case = next(c for c in package_cases(package) if "items" in c["expected"] and c["expected"]["items"][0]["payments"])
    wrong = json.loads(json.dumps(case))
    wrong["expected"]["items"][0]["payments"][0]["amount"] = "0.01"
    wrong["expected"]["items"][0]["status"] = "expired"
    problems = case_data.check(wrong, rules)
    assert any("payments" in p for p in problems) and any("status" in p for p in problems)
    refused = next(c for c in package_cases(package) if "error" in c["expected"])
    wrong = json.loads(json.dumps(refused))
    wrong["expected"] = {"total": "0.00", "items": []}
    assert case_data.check(wrong, rules)[0].startswith("refused")
