"""五(三)1: what the named cases (subsidy_rules/cases.json: every level, the rank patterns, new
and revision, local standards' pass-on) do not state: parameter ids, the item's fields, many drafters."""

import pytest
from rules_cases import one, standard


@pytest.mark.parametrize("level", ["international", "national", "industry"])
def test_revision_payments_name_their_parameters(level):
    r = one(standard("甲:x 乙:x", level=level, work="revision"))
    assert r["payments"][0]["parameters"] == [
        f"standard.total.{level}", "standard.revision_factor", "standard.share.split"]


def test_item_and_payment_carry_clause_and_anchor():
    r = one(standard("甲:x 乙:x"))
    assert (r["clause"], r["anchor"], r["type"], r["index"]) == ("五(三)1", "c5-3-1", "standard", 0)
    for p in r["payments"]:
        assert (p["clause"], p["anchor"]) == ("五(三)1", "c5-3-1")
    assert r["status_text"].endswith("可获资助。")
    assert r["event_date"] == "2021-06-01" and r["application_deadline"] == "2026-06-01"


def test_many_drafters():
    spec = " ".join(f"单位{i}:x" for i in range(50))
    r = one(standard(spec))
    assert len(r["payments"]) == 5 and r["subtotal"] == "500000.00"
    assert len([n for n in r["notes"] if "只有排名前五" in n]) == 45
