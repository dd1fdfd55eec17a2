"""The readings of the package's rules/subsidy_rules/readings.json are pinned by named cases
(subsidy_rules/cases.json, run by tests/rules/test_cases.py). What a case cannot state stays here: a
relation between two results, the policy block, a refusal, a note that must be absent."""

from decimal import Decimal

import pytest
from rules_cases import one, refusal, run, scenario, standard


@pytest.mark.parametrize("level", ["international", "national", "industry", "local"])
def test_revision_halves_every_standard_amount(level):
    """Reading revision-halves-everything, for every level and several rank patterns."""
    for spec in ["甲:x", "外:o 甲:x 乙:x", "甲:x 乙:x 外:o 丙:x", "局:a 外:o 甲:x"]:
        new = one(standard(spec, level=level))
        revision = one(standard(spec, level=level, work="revision"))
        assert [p["unit"] for p in new["payments"]] == [p["unit"] for p in revision["payments"]]
        for a, b in zip(new["payments"], revision["payments"]):
            assert Decimal(b["amount"]) * 2 == Decimal(a["amount"])
        if revision["payments"]:
            assert "减半" in revision["payments"][0]["explanation"]


def test_the_result_states_the_validity_it_assumes():
    """Reading validity-period: the result's policy block (the cases pin the boundary days)."""
    policy = run()["policy"]
    assert policy["issued"] == "2020-10-09" and policy["last_day"] == "2025-10-08"
    assert policy["last_day_is_assumption"] is True


def test_a_standard_needs_its_publication_date():
    """Reading missing-event-date: other items may omit their date, a standard may not."""
    error = refusal(scenario({"type": "standard", "level": "national", "work": "new",
                              "drafters": [{"name": "甲", "kind": "xiamen_entity"}]}))
    assert error.field == "items[0].published"


def test_no_assumed_applicant_note_for_standards():
    """Reading applicant-assumed-eligible: a standard's drafters are checked, not assumed."""
    assert not any("假定" in n for n in one(standard("甲:x"))["notes"])


@pytest.mark.parametrize("body,role", [
    ("iso_iec", "wg"), ("national", "wg_convenor"), ("national", "registered_expert"),
    ("provincial_municipal", "chair"), ("provincial_municipal", "sc_secretariat"),
    ("provincial_municipal", "wg"), ("provincial_municipal", "vice_chair"),
    ("provincial_municipal", "wg_convenor"), ("provincial_municipal", "registered_expert"),
])
def test_roles_the_policy_does_not_name_are_refused(body, role):
    """Reading roles-as-named, for every role the policy does not name for a body."""
    error = refusal(scenario({"type": "tc_role", "body": body, "role": role, "unit": "甲"}))
    assert error.field == "items[0].role"
    assert "政策没有对" in error.message
