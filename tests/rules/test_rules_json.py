"""The text contract: evaluate_json envelopes, share fragments and the input schema."""

import base64
import datetime
import decimal
import json

import pytest
from rules_cases import RULES, RULES_MODULE, TODAY, scenario, standard

import subsidy_rules.engine
from subsidy_rules import evaluate, evaluate_json, parse_fragment, scenario_fragment, ValidationError
from subsidy_rules import validation

EXAMPLE = scenario(standard("甲:x 外:o 乙:x"), {"type": "leader", "unit": "乙"})
SCHEMA = json.loads((RULES_MODULE / "schema.json").read_text("utf-8"))


def canonical(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def test_ok_envelope_is_canonical_and_matches_evaluate():
    out = evaluate_json(json.dumps(EXAMPLE), today=TODAY)
    assert out == canonical({"ok": True, "result": evaluate(EXAMPLE, today=TODAY)})
    assert out.startswith('{"ok":true,"result":{"total":"550000.00"')
    assert "甲" in out and "\\u" not in out  # not ASCII-escaped
    assert canonical(json.loads(out)) == out


def test_error_envelope():
    bad = json.dumps(scenario(standard("甲:x") | {"level": "city"}))
    out = evaluate_json(bad, today=TODAY)
    data = json.loads(out)
    assert data["ok"] is False and data["error"]["field"] == "items[0].level"
    assert out == canonical(data) and list(data["error"]) == ["message", "field"]


@pytest.mark.parametrize("text,words", [
    ("", "不是有效的 JSON"), ("{", "不是有效的 JSON"), ("{'items': []}", "不是有效的 JSON"),
    ('{"items": [],}', "不是有效的 JSON"), ("[1] [2]", "不是有效的 JSON"),
    ('{"items": [], "items": []}', "重复的字段名"), ('{"items": [NaN]}', "NaN"),
    ('{"items": [Infinity]}', "NaN"), ("[" * 100000, "嵌套层数过多"),
    ('{"a":' * 30 + "1" + "}" * 30, "嵌套层数过多"), ("1" * 5000, "不是有效的 JSON"),
    (" " * (2**20 + 1), "输入过大"), ('"\\ud800"', "必须是一个对象"), ("null", "必须是一个对象"),
])
def test_malformed_text_is_an_error_envelope(text, words):
    data = json.loads(evaluate_json(text, today=TODAY))
    assert data["ok"] is False and data["error"]["field"] == ""
    assert words in data["error"]["message"]


def test_brackets_inside_strings_do_not_count_as_depth():
    name = "[" * 30 + "{" * 30
    text = json.dumps(scenario({"type": "leader", "unit": name}), ensure_ascii=False)
    assert json.loads(evaluate_json(text, today=TODAY))["ok"] is True


@pytest.mark.parametrize("value", [None, b"{}", 3, ["{}"]])
def test_non_text_input_is_an_error_envelope(value):
    data = json.loads(evaluate_json(value))
    assert data == {"ok": False, "error": {"message": "输入必须是 JSON 文本", "field": ""}}


def test_internal_errors_become_an_envelope(monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError
    monkeypatch.setattr(subsidy_rules.engine, "evaluate", broken)
    data = json.loads(evaluate_json("{}"))
    assert data["ok"] is False and "内部错误" in data["error"]["message"]


def test_result_does_not_depend_on_the_callers_decimal_context():
    expected = evaluate_json(json.dumps(EXAMPLE), today=TODAY)
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_FLOOR
        assert evaluate_json(json.dumps(EXAMPLE), today=TODAY) == expected


def test_envelope_holds_no_floats():
    def walk(value):
        assert not isinstance(value, float)
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
    walk(json.loads(evaluate_json(json.dumps(EXAMPLE), today=TODAY)))


def test_fragment_round_trip_and_format():
    fragment = scenario_fragment(EXAMPLE)
    assert fragment.startswith("#v1=") and "=" not in fragment[4:]
    payload = fragment[4:]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode("utf-8")
    assert raw == canonical(EXAMPLE)
    assert parse_fragment(fragment) == EXAMPLE
    assert parse_fragment(fragment[1:]) == EXAMPLE


@pytest.mark.parametrize("fragment", [
    "", "#", "#v2=e30", "#v1=@@@", "#v1=e", "#v1=_w", "#v1=" + "A" * (4 * 2**20 + 4),
    "#v1=" + base64.urlsafe_b64encode(b"[1]").decode().rstrip("="),
    "#v1=" + base64.urlsafe_b64encode(b"{bad").decode().rstrip("="),
    "#v1=" + base64.urlsafe_b64encode("{\"a\":1,\"a\":2}".encode()).decode().rstrip("="),
    None, 5,
])
def test_malformed_fragments_are_refused(fragment):
    with pytest.raises(ValidationError):
        parse_fragment(fragment)


@pytest.mark.parametrize("value", [[], "x", {"items": {1, 2}}, {"a": float("nan")}])
def test_fragment_of_non_json_is_refused(value):
    with pytest.raises(ValidationError):
        scenario_fragment(value)


def test_schema_enums_agree_with_the_validator():
    defs = SCHEMA["$defs"]
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert [ref["$ref"].split("/")[-1] for ref in defs["item"]["oneOf"]] == list(validation.TYPES)
    assert defs["standard"]["properties"]["level"]["enum"] == list(validation.LEVELS)
    assert defs["standard"]["properties"]["work"]["enum"] == list(validation.WORKS)
    assert defs["drafter"]["properties"]["kind"]["enum"] == list(validation.KINDS)
    assert defs["tc_role"]["properties"]["body"]["enum"] == list(validation.BODIES)
    assert defs["tc_role"]["properties"]["role"]["enum"] == list(validation.ROLES)
    for rule in defs["tc_role"]["allOf"]:
        body = rule["if"]["properties"]["body"]["const"]
        assert rule["then"]["properties"]["role"]["enum"] == list(validation.BODY_ROLES[body])
    assert defs["award"]["properties"]["award"]["enum"] == list(validation.AWARDS)
    assert defs["pilot"]["properties"]["tier"]["enum"] == list(validation.TIERS)
    assert SCHEMA["properties"]["items"]["maxItems"] == validation.MAX_ITEMS
    assert defs["standard"]["properties"]["drafters"]["maxItems"] == validation.MAX_DRAFTERS
    assert defs["benchmarking"]["properties"]["count"]["maximum"] == validation.MAX_BENCHMARKING_COUNT
    for name in validation.TYPES:
        required = set(defs[name]["required"])
        allowed = set(defs[name]["properties"])
        req, opt = validation._ITEM_KEYS[name]
        assert required == set(req) and allowed == set(req) | set(opt) | {"id", "label"}


def test_examples_validate_against_the_schema():
    import jsonschema  # pinned in requirements.txt: a missing install must fail, not skip
    from test_rules_validation import GOOD
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    nulls = {"application_date": None, "label": None, "items": [
        {"type": "leader", "unit": "甲", "date": None, "id": None, "label": None},
        {"type": "pilot", "tier": "national", "accepted": True, "unit": "乙",
         "demonstration_years": None, "demonstration_tier": None}]}
    evaluate(nulls, today=TODAY)  # the validator accepts nulls for optional fields; so must the schema
    for example in (GOOD, EXAMPLE, {"items": []}, nulls):
        validator.validate(example)
    bad = json.loads(json.dumps(GOOD))
    bad["items"][1]["role"] = "wg_convenor"
    assert not validator.is_valid(bad)


def test_today_default_is_todays_date():
    result = json.loads(evaluate_json('{"items": []}'))["result"]
    assert result["application_date"] == datetime.date.today().isoformat()


def test_hostile_text_is_refused_quickly():
    import time
    for text in ('\\"' * 400000, '"' + "a" * 1000000, "[" * 1000000, '{"items":' * 100000):
        start = time.perf_counter()
        data = json.loads(evaluate_json(text))
        assert data["ok"] is False and time.perf_counter() - start < 30  # guards a quadratic scan (hours), not speed
        assert "内部错误" not in data["error"]["message"]
