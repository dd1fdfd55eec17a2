"""Every calculator result says it is an estimate, not a basis for payment (issue 21), on the page
and on the print sheet; and beside each item, what the policy says about applying for it, in its
own words with the clause, or that it says nothing and whom to ask. The words are the package's
(form.json texts), the quotes verbatim from the policy's text."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "policy_src" / "xiamen-2020-15"
sys.path[:0] = [str(ROOT), str(PACKAGE / "rules")]

from subsidy_rules import scenario_fragment  # noqa: E402
from subsidy_rules.parameters import load_parameters  # noqa: E402

FORM = json.loads((PACKAGE / "rules" / "subsidy_rules" / "form.json").read_text("utf-8"))
TEXTS = FORM["texts"]
APPLYING = TEXTS["applying"]
PARAMETERS = load_parameters()
VALUES = {p["id"]: p["amount"] for p in PARAMETERS["parameters"]}


def filled(text: str) -> str:
    return re.sub(r"\{([a-z0-9_.]+)\}", lambda m: VALUES[m.group(1)], text)


def test_the_disclaimer_says_estimate_and_not_a_basis_for_payment():
    assert "估算" in TEXTS["disclaimer"] and "不作为兑现依据" in TEXTS["disclaimer"]


def test_what_the_policy_says_about_applying_is_quoted_verbatim_with_its_clause():
    policy = (PACKAGE / "text" / "policy.txt").read_text("utf-8")
    clauses = {c["id"]: c["anchor"] for c in PARAMETERS["clauses"]}
    types = {t["type"] for t in FORM["items"]["types"]}
    quoted = [APPLYING["process"], *APPLYING["windows"].values()]
    assert set(APPLYING["windows"]) <= types
    for entry in quoted:
        quote = filled(entry["quote"])
        assert quote in policy, quote
        assert clauses[entry["clause"]] == entry["anchor"]
        # The quote stands in the paragraphs of the clause it names.
        lines = [line for line in policy.splitlines() if quote in line]
        assert any(line.split()[0].lstrip("@").startswith(entry["anchor"]) for line in lines), quote
    # Where the policy says nothing, the text says so and names whom to ask.
    for gap in (APPLYING["no_window"], APPLYING["process_gap"]):
        assert "没有写明" in gap and "咨询" in gap


# The page: one standard (whose window the policy states) and one award (whose it does not).
SCENARIO = {"application_date": "2024-06-01", "items": [
    {"type": "standard", "level": "national", "work": "new", "published": "2023-05-01",
     "drafters": [{"name": "甲公司", "kind": "xiamen_entity"}]},
    {"type": "award", "award": "china", "grade": 2, "first_drafter": True, "unit": "乙公司", "date": "2023-01-01"},
]}


@pytest.mark.browser
def test_the_result_and_the_print_sheet_carry_the_disclaimer_and_the_applying_texts(calculator_page):
    from test_calculator_flow import open_fragment

    page = calculator_page
    open_fragment(page, scenario_fragment(SCENARIO))
    window = filled(APPLYING["windows"]["standard"]["quote"])
    process = filled(APPLYING["process"]["quote"])
    # The disclaimer comes right after the total, before anything else of the result.
    after_total = page.evaluate("() => document.querySelector('.calc-results .calc-total').nextElementSibling.textContent")
    assert after_total == TEXTS["disclaimer"]
    applying = page.eval_on_selector_all(".calc-result-item .calc-apply", "els => els.map(e => e.textContent)")
    assert len(applying) == 2
    assert window in applying[0] and APPLYING["windows"]["standard"]["clause"] in applying[0]
    assert APPLYING["no_window"] in applying[1]
    links = page.eval_on_selector_all(".calc-result-item .calc-apply a", "els => els.map(e => e.getAttribute('href'))")
    assert links == ["../policy.html#c5-3-1"]
    general = page.text_content(".calc-apply--process")
    assert process in general and APPLYING["process_gap"] in general
    page.emulate_media(media="print")
    try:
        sheet = re.sub(r"\s+", "", page.locator(".calc-sheet").inner_text())
        for expected in (TEXTS["disclaimer"], window, APPLYING["no_window"], process, APPLYING["process_gap"]):
            assert re.sub(r"\s+", "", expected) in sheet, expected
    finally:
        page.emulate_media(media="screen")
