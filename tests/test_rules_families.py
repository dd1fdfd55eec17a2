"""五(三)2 to 五(三)5: every body and role, award grade, pilot tier, leader and benchmarking."""

import pytest
from rules_cases import one, paid, run

TC = [
    ("iso_iec", "tc_secretariat", "1000000.00"), ("iso_iec", "sc_secretariat", "600000.00"),
    ("iso_iec", "wg_convenor", "300000.00"), ("iso_iec", "chair", "200000.00"),
    ("iso_iec", "vice_chair", "200000.00"), ("iso_iec", "registered_expert", "50000.00"),
    ("national", "tc_secretariat", "800000.00"), ("national", "sc_secretariat", "500000.00"),
    ("national", "wg", "150000.00"), ("national", "chair", "60000.00"),
    ("national", "vice_chair", "30000.00"), ("provincial_municipal", "tc_secretariat", "100000.00"),
]


@pytest.mark.parametrize("body,role,amount", TC)
def test_tc_role(body, role, amount):
    r = one({"type": "tc_role", "body": body, "role": role, "unit": "甲", "date": "2021-03-01"})
    assert r["status"] == "eligible" and paid(r) == {"甲": amount}
    assert (r["clause"], r["anchor"]) == ("五(三)2", "c5-3-2")
    assert r["payments"][0]["clause"] == "五(三)2" and r["payments"][0]["anchor"] == "c5-3-2"
    assert "一次性资助" in r["payments"][0]["explanation"]


def test_tc_explanations_name_the_employer_for_personal_roles():
    r = one({"type": "tc_role", "body": "iso_iec", "role": "wg_convenor", "unit": "甲"})
    assert r["payments"][0]["explanation"] == (
        "甲的工作人员担任 ISO、IEC 国际标准工作组（WG）召集人，一次性资助其所在工作单位30万元")
    r = one({"type": "tc_role", "body": "national", "role": "tc_secretariat", "unit": "甲"})
    assert r["payments"][0]["explanation"] == (
        "甲承担全国专业标准化技术委员会（TC）秘书处工作，一次性资助80万元")


AWARDS = [("china", 1, "500000.00"), ("china", 2, "200000.00"), ("china", 3, "100000.00"),
          ("fujian", 1, "300000.00"), ("fujian", 2, "100000.00"), ("fujian", 3, "50000.00")]


@pytest.mark.parametrize("award,grade,amount", AWARDS)
def test_award(award, grade, amount):
    r = one({"type": "award", "award": award, "grade": grade, "first_drafter": True, "unit": "甲",
             "date": "2021-12-01"})
    assert paid(r) == {"甲": amount}
    assert (r["clause"], r["anchor"]) == ("五(三)3", "c5-3-3")
    prize = {"china": "中国标准创新贡献奖", "fujian": "福建省标准贡献奖"}[award]
    grade_text = "一二三"[grade - 1]
    assert f"作为第一起草单位获得“{prize}”{grade_text}等奖" in r["payments"][0]["explanation"]


@pytest.mark.parametrize("tier,amount", [("national", "250000.00"),
                                         ("provincial_municipal", "150000.00")])
def test_pilot_without_demonstration(tier, amount):
    r = one({"type": "pilot", "tier": tier, "accepted": True, "unit": "甲", "date": "2022-01-01"})
    assert paid(r) == {"甲": amount} and len(r["payments"]) == 1
    assert (r["clause"], r["anchor"]) == ("五(三)4", "c5-3-4")


@pytest.mark.parametrize("tier", ["national", "provincial_municipal"])
@pytest.mark.parametrize("demo,per_year", [("national", 100000), ("provincial_municipal", 50000)])
def test_pilot_with_demonstration_years(tier, demo, per_year):
    r = one({"type": "pilot", "tier": tier, "accepted": True, "demonstration_years": 3,
             "demonstration_tier": demo, "unit": "甲"})
    assert r["payments"][1]["amount"] == f"{per_year * 3:.2f}"
    assert r["payments"][1]["parameters"] == [f"demonstration.{demo}"]
    assert "3年共" in r["payments"][1]["explanation"]


def test_pilot_zero_demonstration_years_and_null_tier():
    r = one({"type": "pilot", "tier": "national", "accepted": True, "demonstration_years": None,
             "demonstration_tier": None, "unit": "甲"})
    assert paid(r) == {"甲": "250000.00"} and len(r["payments"]) == 1


def test_leader():
    r = one({"type": "leader", "unit": "甲", "date": "2021-05-01"})
    assert paid(r) == {"甲": "50000.00"}
    assert (r["clause"], r["anchor"]) == ("五(三)5", "c5-3-5")
    assert r["payments"][0]["explanation"] == "甲被确定为企业标准“领跑者”，一次性资助5万元"


@pytest.mark.parametrize("count,amount", [(1, "5000.00"), (5, "25000.00"), (6, "30000.00"),
                                          (7, "30000.00"), (1000, "30000.00")])
def test_benchmarking(count, amount):
    r = one({"type": "benchmarking", "count": count, "unit": "甲"})
    assert paid(r) == {"甲": amount}
    assert (r["clause"], r["anchor"]) == ("五(三)5", "c5-3-5")


def test_benchmarking_over_cap_in_one_item_is_explained():
    r = one({"type": "benchmarking", "count": 7, "unit": "甲"})
    assert r["payments"][0]["explanation"] == (
        "甲开展标准对标达标工作7项，每项一次性资助0.5万元，共3.5万元；每家企业总资助不超过3万元，"
        "本项按上限资助3万元")


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


def test_mixed_scenario_totals():
    result = run(
        {"type": "tc_role", "body": "iso_iec", "role": "tc_secretariat", "unit": "甲"},
        {"type": "award", "award": "fujian", "grade": 3, "first_drafter": True, "unit": "乙"},
        {"type": "pilot", "tier": "provincial_municipal", "accepted": True,
         "demonstration_years": 2, "unit": "甲"},
        {"type": "leader", "unit": "乙"},
        {"type": "benchmarking", "count": 3, "unit": "乙"},
    )
    assert result["by_unit"] == {"甲": "1250000.00", "乙": "115000.00"}
    assert result["total"] == "1365000.00"


def test_ids_and_labels_are_echoed():
    result = run({"type": "leader", "unit": "甲", "id": "row-7", "label": "领跑者 2024"})
    item = result["items"][0]
    assert item["id"] == "row-7" and item["label"] == "领跑者 2024"
