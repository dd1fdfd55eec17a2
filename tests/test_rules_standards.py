"""五(三)1: standards, every level, every combination of local ranks, new and revision."""

import pytest
from rules_cases import one, paid, run, standard

TOTALS = {"international": 1000000, "national": 500000, "industry": 400000}


def yuan(value):
    return f"{value:.2f}"


@pytest.mark.parametrize("level,total", TOTALS.items())
def test_only_first_local_gets_everything(level, total):
    r = one(standard("甲:x 外:o 局:a", level=level))
    assert r["status"] == "eligible"
    assert paid(r) == {"甲": yuan(total)}
    assert "按总额度100%资助" in r["payments"][0]["explanation"]


@pytest.mark.parametrize("level,total", TOTALS.items())
def test_only_lower_ranks_share_thirty_percent(level, total):
    r = one(standard("外:o 乙:x 丙:x 丁:x 戊:x", level=level))
    assert paid(r) == {n: yuan(total * 3 // 10 // 4) for n in "乙丙丁戊"}
    assert "平均分配" in r["payments"][0]["explanation"]


@pytest.mark.parametrize("level,total", TOTALS.items())
def test_first_and_lower_split_seven_three(level, total):
    r = one(standard("甲:x 乙:x 外:o 丙:x", level=level))
    assert paid(r) == {"甲": yuan(total * 7 // 10), "乙": yuan(total * 3 // 20),
                       "丙": yuan(total * 3 // 20)}
    assert "排名第一和第二、第四的起草单位均为本市单位，按7:3分配" in r["payments"][0]["explanation"]


@pytest.mark.parametrize("level", TOTALS)
def test_no_local_in_top_five_gets_nothing(level):
    r = one(standard("外:o 局:a", level=level))
    assert r["status"] == "ineligible" and r["payments"] == [] and r["subtotal"] == "0.00"


@pytest.mark.parametrize("level,total", TOTALS.items())
def test_revision_of_each_level(level, total):
    r = one(standard("甲:x 乙:x", level=level, work="revision"))
    assert paid(r) == {"甲": yuan(total * 7 // 20), "乙": yuan(total * 3 // 20)}
    assert r["payments"][0]["parameters"] == [
        f"standard.total.{level}", "standard.revision_factor", "standard.share.split"]


def test_issue_example_revision_halves():
    r = one(standard("甲:x 外:o 乙:x", work="revision"))
    assert paid(r) == {"甲": "175000.00", "乙": "75000.00"}
    assert r["payments"][0]["explanation"].startswith(
        "国家标准修订项目按照制定项目的标准减半资助，资助额度由50万元减半为25万元；")


def test_local_standard_first_drafter_local():
    r = one(standard("甲:x 乙:x", level="local"))
    assert paid(r) == {"甲": "50000.00"}
    assert r["payments"][0]["explanation"] == "地方标准制定项目一次性资助5万元；第一起草单位甲为本市单位，获得5万元"


def test_local_standard_admin_first_passes_on():
    r = one(standard("市局:a 外:o 乙:x 丙:x", level="local"))
    assert paid(r) == {"乙": "50000.00"}
    assert "资助对象顺延至排名最靠前的本市单位，即排名第三的乙" in r["payments"][0]["explanation"]


def test_local_standard_revision():
    assert paid(one(standard("甲:x", level="local", work="revision"))) == {"甲": "25000.00"}
    assert paid(one(standard("局:a 甲:x", level="local", work="revision"))) == {"甲": "25000.00"}


def test_item_and_payment_carry_clause_and_anchor():
    r = one(standard("甲:x 乙:x"))
    assert (r["clause"], r["anchor"], r["type"], r["index"]) == ("五(三)1", "c5-3-1", "standard", 0)
    for p in r["payments"]:
        assert (p["clause"], p["anchor"]) == ("五(三)1", "c5-3-1")
    assert r["status_text"].endswith("可获资助。")
    assert r["event_date"] == "2021-06-01" and r["application_deadline"] == "2026-06-01"


def test_single_drafter_and_many_drafters():
    assert paid(one(standard("甲:x"))) == {"甲": "500000.00"}
    spec = " ".join(f"单位{i}:x" for i in range(50))
    r = one(standard(spec))
    assert len(r["payments"]) == 5 and r["subtotal"] == "500000.00"
    assert len([n for n in r["notes"] if "只有排名前五" in n]) == 45


def test_totals_and_by_unit_across_items():
    result = run(standard("甲:x 外:o 乙:x"), standard("外:o 甲:x", level="industry"),
                 standard("甲:x", level="local", work="revision"))
    assert result["by_unit"] == {"甲": "495000.00", "乙": "150000.00"}
    assert result["total"] == "645000.00"
    assert [i["subtotal"] for i in result["items"]] == ["500000.00", "120000.00", "25000.00"]
