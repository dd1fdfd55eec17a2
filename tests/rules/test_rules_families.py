"""五(三)2 to 五(三)5: what the named cases (subsidy_rules/cases.json: every body and role, award
grade, pilot tier, leader and benchmarking, as the docs' examples show them) do not state."""

import pytest
from rules_cases import one, standard

CLAUSES = [
    (standard("甲:x"), "五(三)1", "c5-3-1"),
    ({"type": "tc_role", "body": "national", "role": "wg", "unit": "甲"}, "五(三)2", "c5-3-2"),
    ({"type": "award", "award": "china", "grade": 2, "first_drafter": True, "unit": "甲"}, "五(三)3", "c5-3-3"),
    ({"type": "pilot", "tier": "national", "accepted": True, "unit": "甲"}, "五(三)4", "c5-3-4"),
    ({"type": "leader", "unit": "甲"}, "五(三)5", "c5-3-5"),
    ({"type": "benchmarking", "count": 2, "unit": "甲"}, "五(三)5", "c5-3-5"),
]


@pytest.mark.parametrize("item,clause,anchor", CLAUSES, ids=[c[0]["type"] for c in CLAUSES])
def test_each_item_type_names_its_clause(item, clause, anchor):
    r = one(item)
    assert (r["clause"], r["anchor"]) == (clause, anchor)
    assert r["payments"] and all((p["clause"], p["anchor"]) == (clause, anchor) for p in r["payments"])


@pytest.mark.parametrize("tier", ["national", "provincial_municipal"])
@pytest.mark.parametrize("demo,per_year", [("national", 100000), ("provincial_municipal", 50000)])
def test_pilot_with_demonstration_years(tier, demo, per_year):
    r = one({"type": "pilot", "tier": tier, "accepted": True, "demonstration_years": 3,
             "demonstration_tier": demo, "unit": "甲"})
    assert r["payments"][1]["amount"] == f"{per_year * 3:.2f}"
    assert r["payments"][1]["parameters"] == [f"demonstration.{demo}"]
    assert "3年共" in r["payments"][1]["explanation"]


@pytest.mark.parametrize("item", [
    {"type": "tc_role", "body": "national", "role": "wg", "unit": "甲"},
    {"type": "award", "award": "china", "grade": 2, "first_drafter": True, "unit": "甲"},
    {"type": "pilot", "tier": "national", "accepted": True, "unit": "甲"},
    {"type": "leader", "unit": "甲"},
    {"type": "benchmarking", "count": 2, "unit": "甲"},
])
@pytest.mark.parametrize("date,status", [("2020-10-08", "old_policy"), ("2020-10-09", "eligible"),
                                         ("2025-10-08", "eligible"), ("2025-10-09", "expired")])
def test_every_family_follows_the_validity_period(item, date, status):
    r = one(dict(item, date=date), application_date="2026-01-01")
    assert r["status"] == status
    assert (r["payments"] != []) == (status == "eligible")
    assert r["event_date"] == date


def test_ids_and_labels_are_echoed():
    from rules_cases import run
    result = run({"type": "leader", "unit": "甲", "id": "row-7", "label": "领跑者 2024"})
    item = result["items"][0]
    assert item["id"] == "row-7" and item["label"] == "领跑者 2024"
