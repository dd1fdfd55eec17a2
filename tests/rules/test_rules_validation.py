"""Every refusal names its field; nothing invalid produces a partial result."""

import copy
import datetime

import pytest
from rules_cases import refusal, scenario, standard

from subsidy_rules import ValidationError, evaluate

GOOD = {
    "application_date": "2022-01-01",
    "items": [
        standard("甲:x 乙:o"),
        {"type": "tc_role", "body": "national", "role": "wg", "unit": "丙", "date": "2021-01-01"},
        {"type": "award", "award": "china", "grade": 1, "first_drafter": True, "unit": "丁"},
        {"type": "pilot", "tier": "national", "accepted": True, "demonstration_years": 1,
         "demonstration_tier": "national", "unit": "戊"},
        {"type": "leader", "unit": "己"},
        {"type": "benchmarking", "count": 2, "unit": "庚"},
    ],
}


def changed(path, value, delete=False):
    """GOOD with one value replaced (or deleted) at a path like ('items', 0, 'level')."""
    data = copy.deepcopy(GOOD)
    target = data
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


def test_good_scenario_is_accepted():
    assert evaluate(GOOD)["total"] == "1560000.00"  # 50+15+50+25+10+5+1 万元


CASES = [
    # (path, value, expected field, words in the message)
    (("application_date",), "2022-02-30", "application_date", "不是日历上存在的日期"),
    (("application_date",), "2022/01/01", "application_date", "YYYY-MM-DD"),
    (("application_date",), "２０２２-01-01", "application_date", "YYYY-MM-DD"),
    (("application_date",), 20220101, "application_date", "YYYY-MM-DD"),
    (("application_date",), "2022-1-1", "application_date", "YYYY-MM-DD"),
    (("application_date",), "2022-01-01T00:00", "application_date", "YYYY-MM-DD"),
    (("application_date",), "0000-01-01", "application_date", "不是日历上存在的日期"),
    (("items",), {}, "items", "列表"),
    (("items",), None, "items", "列表"),
    (("items", 0), "standard", "items[0]", "对象"),
    (("items", 0, "type"), "patent", "items[0].type", "项目类型"),
    (("items", 0, "type"), None, "items[0].type", "项目类型"),
    (("items", 0, "level"), "provincial", "items[0].level", "标准级别"),
    (("items", 0, "work"), "amend", "items[0].work", "制定或修订"),
    (("items", 0, "published"), "2021-02-29", "items[0].published", "不是日历上存在的日期"),
    (("items", 0, "published"), "2022-01-02", "items[0].published", "早于标准发布日期"),
    (("items", 0, "drafters"), [], "items[0].drafters", "至少需要一个起草单位"),
    (("items", 0, "drafters"), "甲", "items[0].drafters", "列表"),
    (("items", 0, "drafters"), [{"name": f"单位{i}", "kind": "other"} for i in range(51)],
     "items[0].drafters", "最多50个"),
    (("items", 0, "drafters", 1), "乙", "items[0].drafters[1]", "对象"),
    (("items", 0, "drafters", 1, "kind"), "local", "items[0].drafters[1].kind", "起草单位类型"),
    (("items", 0, "drafters", 1, "kind"), True, "items[0].drafters[1].kind", "收到true"),
    (("items", 0, "drafters", 1, "name"), "   ", "items[0].drafters[1].name", "不能为空"),
    (("items", 0, "drafters", 1, "name"), "x" * 201, "items[0].drafters[1].name", "最多200个字符"),
    (("items", 0, "drafters", 1, "name"), "甲\x00乙", "items[0].drafters[1].name", "控制字符"),
    (("items", 0, "drafters", 1, "name"), "甲\ud800", "items[0].drafters[1].name", "无效字符"),
    (("items", 0, "drafters", 1, "name"), 7, "items[0].drafters[1].name", "必须是文字"),
    (("items", 0, "drafters", 1, "name"), "甲", "items[0].drafters[1].name", "重复"),
    (("items", 0, "drafters", 1, "rank"), 2, "items[0].drafters[1].rank", "不认识的字段"),
    (("items", 0, "publised"), "2021-01-01", "items[0].publised", "不认识的字段“publised”"),
    (("items", 1, "body"), "iso", "items[1].body", "技术组织类别"),
    (("items", 1, "role"), "member", "items[1].role", "职务或工作"),
    (("items", 1, "role"), "wg_convenor", "items[1].role", "政策没有对全国专业标准化技术组织"),
    (("items", 1, "date"), "2021-13-01", "items[1].date", "不是日历上存在的日期"),
    (("items", 1, "unit"), "", "items[1].unit", "不能为空"),
    (("items", 1, "unit"), ["丙"], "items[1].unit", "必须是文字"),
    (("items", 2, "award"), "national", "items[2].award", "奖项"),
    (("items", 2, "grade"), 0, "items[2].grade", "1到3"),
    (("items", 2, "grade"), 4, "items[2].grade", "1到3"),
    (("items", 2, "grade"), True, "items[2].grade", "整数"),
    (("items", 2, "grade"), 1.0, "items[2].grade", "整数"),
    (("items", 2, "grade"), "1", "items[2].grade", "整数"),
    (("items", 2, "first_drafter"), 1, "items[2].first_drafter", "true 或 false"),
    (("items", 2, "first_drafter"), "true", "items[2].first_drafter", "true 或 false"),
    (("items", 3, "tier"), "city", "items[3].tier", "级别"),
    (("items", 3, "accepted"), None, "items[3].accepted", "true 或 false"),
    (("items", 3, "demonstration_years"), -1, "items[3].demonstration_years", "0到50"),
    (("items", 3, "demonstration_years"), 51, "items[3].demonstration_years", "0到50"),
    (("items", 3, "demonstration_years"), False, "items[3].demonstration_years", "整数"),
    (("items", 3, "demonstration_tier"), "county", "items[3].demonstration_tier", "推广示范级别"),
    (("items", 5, "count"), -1, "items[5].count", "0到1000"),
    (("items", 5, "count"), 1001, "items[5].count", "0到1000"),
    (("items", 5, "count"), 2.5, "items[5].count", "整数"),
    (("items", 5, "count"), float("nan"), "items[5].count", "整数"),
    (("items", 5, "count"), 10**30, "items[5].count", "0到1000"),
    (("items", 4, "id"), 7, "items[4].id", "必须是文字"),
    (("label",), 3, "label", "必须是文字"),
    (("extra",), 1, "extra", "不认识的字段"),
]


@pytest.mark.parametrize("path,value,field,words", CASES, ids=[f"{c[2]}={c[1]!r}"[:60] for c in CASES])
def test_refusal_names_the_field(path, value, field, words):
    error = refusal(changed(path, value))
    assert error.field == field
    assert words in error.message, error.message
    assert str(error) == f"{field}：{error.message}"


@pytest.mark.parametrize("path,field", [
    (("items",), "items"), (("items", 0, "type"), "items[0].type"),
    (("items", 0, "level"), "items[0].level"), (("items", 0, "work"), "items[0].work"),
    (("items", 0, "published"), "items[0].published"), (("items", 0, "drafters"), "items[0].drafters"),
    (("items", 0, "drafters", 0, "kind"), "items[0].drafters[0].kind"),
    (("items", 1, "role"), "items[1].role"), (("items", 2, "first_drafter"), "items[2].first_drafter"),
    (("items", 2, "grade"), "items[2].grade"), (("items", 3, "accepted"), "items[3].accepted"),
    (("items", 4, "unit"), "items[4].unit"), (("items", 5, "count"), "items[5].count"),
])
def test_missing_required_field(path, field):
    error = refusal(changed(path, None, delete=True))
    assert error.field == field and "缺少必填字段" in error.message


@pytest.mark.parametrize("value", [None, [], "text", 3, 2.5, True, [GOOD]])
def test_whole_document_must_be_an_object(value):
    error = refusal(value)
    assert error.field == "" and "必须是一个对象" in error.message


def test_too_many_items():
    error = refusal({"items": [{"type": "leader", "unit": "甲"}] * 201})
    assert error.field == "items" and "最多200个" in error.message
    assert len(evaluate({"items": [{"type": "leader", "unit": "甲"}] * 200},
                        today=datetime.date(2024, 1, 1))["items"]) == 200


def test_optional_fields_may_be_null_or_absent():
    result = evaluate({"application_date": None, "label": None, "items": [
        {"type": "leader", "unit": "甲", "date": None, "id": None, "label": None}]},
        today=datetime.date(2024, 1, 1))
    assert result["application_date"] == "2024-01-01" and result["application_date_assumed"]
    assert "label" not in result and "id" not in result["items"][0]


def test_empty_items_gives_zero():
    result = evaluate({"items": [], "application_date": "2024-01-01"})
    assert result["total"] == "0.00" and result["items"] == [] and result["by_unit"] == {}


def test_non_string_keys_from_python_callers():
    error = refusal({"items": [], 1: 2})
    assert error.field == "" and "字段名必须是文字" in error.message
    error = refusal({"items": [], "x" * 100: 1})
    assert error.field == "" and "过长或含无效字符" in error.message


def test_first_error_wins_and_nothing_partial_is_returned():
    data = changed(("items", 5, "count"), -5)
    data["items"][0]["level"] = "bad"
    with pytest.raises(ValidationError) as info:
        evaluate(data)
    assert info.value.field == "items[0].level"


def test_today_may_be_a_datetime():
    result = evaluate({"items": []}, today=datetime.datetime(2024, 5, 6, 7, 8))
    assert result["application_date"] == "2024-05-06"


def test_input_is_not_modified():
    data = copy.deepcopy(GOOD)
    evaluate(data)
    assert data == GOOD


def test_scenario_helper_round_trip():
    assert evaluate(scenario(standard("甲:x")))["total"] == "500000.00"
