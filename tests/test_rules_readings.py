"""One test per reading in the package's rules/subsidy_rules/readings.json (each names its test here)."""

import datetime
import json
from decimal import Decimal

import pytest
from rules_cases import RULES, RULES_MODULE, one, paid, refusal, run, scenario, standard

from subsidy_rules import evaluate, load_parameters


def test_admin_and_other_units_never_count_as_local():
    # Admin at rank 1 and an outside unit at rank 2: neither is paid nor makes rank 1 "local".
    r = one(standard("政府:a 外地:o 甲:x"))
    assert paid(r) == {"甲": "150000.00"}
    r = one(standard("外地:o 政府:a"))
    assert r["status"] == "ineligible" and r["payments"] == []
    assert "行政单位和非本市单位不计" in r["status_text"]


def test_local_unit_at_rank_six_gets_nothing():
    r = one(standard("甲:x 外1:o 外2:o 外3:o 外4:o 乙:x"))
    assert paid(r) == {"甲": "500000.00"}  # rank 1 alone: 100 %, rank 6 ignored
    assert any("排名第六的乙是本市单位" in n for n in r["notes"])
    r = one(standard("外0:o 外1:o 外2:o 外3:o 外4:o 乙:x"))
    assert r["status"] == "ineligible" and r["payments"] == []


def test_admin_first_drafter_national_standard():
    r = one(standard("市局:a 甲公司:x"))
    assert r["status"] == "eligible"
    assert paid(r) == {"甲公司": "150000.00"}  # the 30 % tier, not a passed-on 100 %
    assert any("只适用于地方标准" in n for n in r["notes"])


def test_local_standard_with_non_local_first_drafter_gets_nothing():
    r = one(standard("外地:o 甲:x", level="local"))
    assert r["status"] == "ineligible"
    assert r["payments"] == []
    assert "不是本市企事业单位及社会团体" in r["status_text"]


def test_local_standard_pass_on_reaches_beyond_rank_five():
    r = one(standard("局:a 外1:o 外2:o 外3:o 外4:o 外5:o 甲:x 乙:x", level="local"))
    assert paid(r) == {"甲": "50000.00"}
    assert "排名第七的甲" in r["payments"][0]["explanation"]


def test_local_standard_admin_first_without_local_entity_gets_nothing():
    r = one(standard("局:a 外地:o 另一局:a", level="local"))
    assert r["status"] == "ineligible" and r["payments"] == []
    assert "没有可以顺延" in r["status_text"]


def test_only_lower_ranks_get_thirty_percent_and_rest_is_unpaid():
    r = one(standard("外地:o 甲:x 乙:x", level="international"))
    assert paid(r) == {"甲": "150000.00", "乙": "150000.00"}
    assert r["subtotal"] == "300000.00"  # 30 % of 1,000,000; the other 70 % goes to nobody


def test_issue_example_national_standard_ranks_one_and_three():
    r = one(standard("甲:x 外地:o 乙:x"))
    assert paid(r) == {"甲": "350000.00", "乙": "150000.00"}
    assert r["payments"][0]["explanation"] == (
        "国家标准项目资助总额度50万元；排名第一和第三的起草单位均为本市单位，按7:3分配，甲获得70%，即35万元")
    assert r["payments"][1]["explanation"].endswith("乙获得30%，即15万元")
    # Several local units at ranks 2-5 share the 30 % equally.
    r = one(standard("甲:x 乙:x 丙:x 丁:x", level="industry"))
    assert paid(r) == {"甲": "280000.00", "乙": "40000.00", "丙": "40000.00", "丁": "40000.00"}


def test_equal_split_remainder_goes_to_highest_ranked():
    data = load_parameters()
    for entry in data["parameters"]:
        if entry["id"] == "standard.total.national":
            entry["amount"] = "100000.01"  # 30 % = 30000.00 (half up from 30000.003)
        if entry["id"] == "standard.share.others_only":
            entry["amount"] = "31%"  # 31000.0031 -> 31000.00 shared by three
    r = one(standard("外:o 甲:x 乙:x 丙:x"), parameters=data)
    amounts = [p["amount"] for p in r["payments"]]
    assert amounts == ["10333.34", "10333.33", "10333.33"]
    assert r["subtotal"] == "31000.00"
    assert "尾差" in r["payments"][0]["explanation"]


@pytest.mark.parametrize("level", ["international", "national", "industry", "local"])
def test_revision_halves_every_standard_amount(level):
    for spec in ["甲:x", "外:o 甲:x 乙:x", "甲:x 乙:x 外:o 丙:x", "局:a 外:o 甲:x"]:
        new = one(standard(spec, level=level))
        revision = one(standard(spec, level=level, work="revision"))
        assert [p["unit"] for p in new["payments"]] == [p["unit"] for p in revision["payments"]]
        for a, b in zip(new["payments"], revision["payments"]):
            assert Decimal(b["amount"]) * 2 == Decimal(a["amount"])
        if revision["payments"]:
            assert "减半" in revision["payments"][0]["explanation"]


def test_validity_boundaries():
    def status(day):
        item = {"type": "leader", "unit": "甲", "date": day}
        return one(item, application_date="2026-12-31")["status"]
    assert status("2020-10-08") == "old_policy"
    assert status("2020-10-09") == "eligible"
    assert status("2025-10-08") == "eligible"
    assert status("2025-10-09") == "expired"
    policy = run()["policy"]
    assert policy["issued"] == "2020-10-09" and policy["last_day"] == "2025-10-08"
    assert policy["last_day_is_assumption"] is True


def test_event_date_decides_not_application_date():
    # Published within validity, applied after the policy's last day: still computed.
    r = one(standard("甲:x", published="2025-10-08"), application_date="2027-03-01")
    assert r["status"] == "eligible" and paid(r) == {"甲": "500000.00"}
    assert any("以主管部门的规定为准" in n for n in r["notes"])
    # Published after the last day, applied the next day: expired although applied promptly.
    r = one(standard("甲:x", published="2025-10-09"), application_date="2025-10-10")
    assert r["status"] == "expired" and r["payments"] == []


def test_event_before_issue_is_old_policy():
    r = one(standard("甲:x", published="2020-10-08"))
    assert r["status"] == "old_policy" and r["payments"] == []
    assert "厦府办〔2009〕43号" in r["status_text"]
    # The transition rule sends only projects finished at most 5 years before issue to the old policy.
    assert "本意见发布之前完成且不超过5年的项目" in r["status_text"]
    r = one({"type": "award", "award": "china", "grade": 1, "first_drafter": True, "unit": "甲",
             "date": "2030-01-01"}, application_date="2030-02-01")
    assert r["status"] == "expired"


def test_application_window_inclusive_and_leap_day():
    def status(published, applied):
        return one(standard("甲:x", published=published), application_date=applied)
    assert status("2021-01-01", "2026-01-01")["status"] == "eligible"
    closed = status("2021-01-01", "2026-01-02")
    assert closed["status"] == "window_closed" and closed["payments"] == []
    assert "2026年1月1日届满" in closed["status_text"]
    assert status("2024-02-29", "2029-02-28")["status"] == "eligible"
    assert status("2024-02-29", "2029-02-28")["application_deadline"] == "2029-02-28"
    assert status("2024-02-29", "2029-03-01")["status"] == "window_closed"


def test_no_application_window_for_other_items():
    item = {"type": "tc_role", "body": "national", "role": "tc_secretariat", "unit": "甲",
            "date": "2021-01-01"}
    r = one(item, application_date="2035-01-01")
    assert r["status"] == "eligible" and paid(r) == {"甲": "800000.00"}
    assert "application_deadline" not in r


def test_missing_event_date_is_assumed_in_force():
    r = one({"type": "leader", "unit": "甲"})
    assert r["status"] == "eligible" and r["event_date"] is None
    assert any("本计算器假定该日期在本意见有效期内" in n for n in r["notes"])
    assert r["status_text"].startswith("未填写被确定为“领跑者”的日期，假定在本意见有效期内")
    error = refusal(scenario({"type": "standard", "level": "national", "work": "new",
                              "drafters": [{"name": "甲", "kind": "xiamen_entity"}]}))
    assert error.field == "items[0].published"


def test_application_date_defaults_to_today_and_cannot_precede_events():
    result = evaluate({"items": [standard("甲:x", published="2021-01-01")]},
                      today=datetime.date(2026, 1, 2))
    assert result["application_date"] == "2026-01-02" and result["application_date_assumed"]
    assert result["items"][0]["status"] == "window_closed"
    assert any("按今天（2026-01-02）计算" in n for n in result["notes"])
    error = refusal(scenario(standard("甲:x", published="2022-05-01"),
                             application_date="2022-04-30"))
    assert error.field == "items[0].published"
    assert "早于标准发布日期" in error.message
    error = refusal({"items": [{"type": "leader", "unit": "甲", "date": "2024-06-02"}]})
    assert error.field == "items[0].date" and "按今天2024-06-01" in error.message


def test_non_standard_units_are_assumed_eligible_and_noted():
    items = [
        {"type": "award", "award": "fujian", "grade": 2, "first_drafter": True, "unit": "甲"},
        {"type": "tc_role", "body": "iso_iec", "role": "registered_expert", "unit": "乙"},
        {"type": "pilot", "tier": "national", "accepted": True, "unit": "丙"},
        {"type": "leader", "unit": "丁"},
        {"type": "benchmarking", "count": 1, "unit": "戊"},
    ]
    result = run(*items)
    for item, r in zip(items, result["items"]):
        assert r["status"] == "eligible"
        assert any(f"假定{item['unit']}是符合申报条件的本市单位" in n for n in r["notes"])
    assert not any("假定" in n for n in one(standard("甲:x"))["notes"])


def test_award_requires_first_drafter():
    base = {"type": "award", "award": "china", "grade": 1, "unit": "甲", "date": "2022-01-01"}
    assert paid(one(dict(base, first_drafter=True))) == {"甲": "500000.00"}
    r = one(dict(base, first_drafter=False))
    assert r["status"] == "ineligible" and r["payments"] == []
    assert "不是第一起草单位" in r["status_text"]


def test_iso_iec_chair_and_vice_chair_get_the_same_amount():
    def amount(role):
        return paid(one({"type": "tc_role", "body": "iso_iec", "role": role, "unit": "甲"}))["甲"]
    assert amount("chair") == amount("vice_chair") == "200000.00"


def test_national_chair_and_vice_chair():
    def amount(role):
        return paid(one({"type": "tc_role", "body": "national", "role": role, "unit": "甲"}))["甲"]
    assert amount("chair") == "60000.00"
    assert amount("vice_chair") == "30000.00"


@pytest.mark.parametrize("body,role", [
    ("iso_iec", "wg"), ("national", "wg_convenor"), ("national", "registered_expert"),
    ("provincial_municipal", "chair"), ("provincial_municipal", "sc_secretariat"),
    ("provincial_municipal", "wg"), ("provincial_municipal", "vice_chair"),
    ("provincial_municipal", "wg_convenor"), ("provincial_municipal", "registered_expert"),
])
def test_roles_the_policy_does_not_name_are_refused(body, role):
    error = refusal(scenario({"type": "tc_role", "body": body, "role": role, "unit": "甲"}))
    assert error.field == "items[0].role"
    assert "政策没有对" in error.message


def test_pilot_not_accepted_gets_nothing():
    r = one({"type": "pilot", "tier": "national", "accepted": False, "demonstration_years": 3,
             "unit": "甲"})
    assert r["status"] == "ineligible" and r["payments"] == []
    assert "通过考核验收" in r["status_text"]


def test_demonstration_tier_may_differ_and_defaults_to_pilot_tier():
    r = one({"type": "pilot", "tier": "national", "accepted": True, "demonstration_years": 2,
             "demonstration_tier": "provincial_municipal", "unit": "甲"})
    assert [p["amount"] for p in r["payments"]] == ["250000.00", "100000.00"]
    r = one({"type": "pilot", "tier": "provincial_municipal", "accepted": True,
             "demonstration_years": 3, "unit": "甲"})
    assert [p["amount"] for p in r["payments"]] == ["150000.00", "150000.00"]
    assert any("未填写推广示范级别" in n for n in r["notes"])


def test_pilot_acceptance_date_decides_for_demonstration_years():
    item = {"type": "pilot", "tier": "national", "accepted": True, "demonstration_years": 50,
            "demonstration_tier": "national", "unit": "甲", "date": "2025-10-08"}
    r = one(item, application_date="2025-12-01")
    assert r["status"] == "eligible" and r["subtotal"] == "5250000.00"
    r = one(dict(item, date="2020-10-08"), application_date="2025-12-01")
    assert r["status"] == "old_policy" and r["payments"] == []


def test_benchmarking_cap_per_enterprise_in_input_order():
    items = [{"type": "benchmarking", "count": c, "unit": u} for c, u in
             [(4, "甲"), (3, "乙"), (4, "甲"), (2, "甲"), (10, "乙")]]
    result = run(*items)
    assert [r["subtotal"] for r in result["items"]] == [
        "20000.00", "15000.00", "10000.00", "0.00", "15000.00"]
    assert [r["status"] for r in result["items"]] == [
        "eligible", "eligible", "eligible", "ineligible", "eligible"]
    assert result["by_unit"] == {"甲": "30000.00", "乙": "30000.00"}
    assert "本项只能再得1万元" in result["items"][2]["payments"][0]["explanation"]
    # Items outside the policy period do not use up the cap.
    result = run({"type": "benchmarking", "count": 6, "unit": "甲", "date": "2019-01-01"},
                 {"type": "benchmarking", "count": 6, "unit": "甲"})
    assert [r["subtotal"] for r in result["items"]] == ["0.00", "30000.00"]


def test_leader_is_not_counted_against_benchmarking_cap():
    result = run({"type": "leader", "unit": "甲"},
                 {"type": "benchmarking", "count": 10, "unit": "甲"})
    assert result["by_unit"] == {"甲": "80000.00"}


def test_leader_each_determination_is_paid():
    result = run({"type": "leader", "unit": "甲"}, {"type": "leader", "unit": "甲"})
    assert [item["status"] for item in result["items"]] == ["eligible", "eligible"]
    assert result["by_unit"] == {"甲": "100000.00"}


def test_benchmarking_zero_count_pays_nothing():
    r = one({"type": "benchmarking", "count": 0, "unit": "甲"})
    assert r["status"] == "ineligible" and r["payments"] == []
    error = refusal(scenario({"type": "benchmarking", "count": -1, "unit": "甲"}))
    assert error.field == "items[0].count"


def test_units_are_identified_by_trimmed_name():
    error = refusal(scenario(standard("甲:x 乙:o") | {"drafters": [
        {"name": "甲", "kind": "xiamen_entity"}, {"name": " 甲 ", "kind": "other"}]}))
    assert error.field == "items[0].drafters[1].name"
    assert "重复" in error.message
    result = run(standard("甲:x"), {"type": "leader", "unit": "  甲\t"})
    assert result["by_unit"] == {"甲": "550000.00"}
    assert result["items"][1]["payments"][0]["unit"] == "甲"


def test_every_reading_names_an_existing_test():
    readings = json.loads((RULES_MODULE / "readings.json").read_text("utf-8"))
    names = set(globals())
    for reading in readings["readings"]:
        path, _, name = reading["test"].partition("::")
        assert path == "tests/test_rules_readings.py"
        assert name in names and name.startswith("test_"), reading["id"]

