"""Hypothesis properties: exact shares, exact halves, consistent sums, nothing but ValidationError."""

import json
import os
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules_cases import (JSON_VALUES, STANDARD_ITEMS, TODAY, near_valid_scenarios, one,
                         valid_scenarios)

from subsidy_rules import (ValidationError, evaluate, evaluate_json, load_parameters,
                           parse_fragment, scenario_fragment)

# benchmarks/fuzz_rules.py raises this for long runs; the test suite stays fast.
SCALE = float(os.environ.get("RULES_PROPERTY_SCALE", "1"))


def examples(n):
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


PARAMS = {p["id"]: p["amount"] for p in load_parameters()["parameters"]}
CENT = Decimal("0.01")
LOCAL = "xiamen_entity"


def expected_total(item, national_total=None):
    """What the whole project pays, computed independently of the engine."""
    level = item["level"]
    total = Decimal(national_total or PARAMS[f"standard.total.{level}"])
    if item["work"] == "revision":
        total = (total / 2).quantize(CENT, ROUND_HALF_UP)
    drafters = item["drafters"]
    if level == "local":
        first = drafters[0]["kind"]
        anyone = any(d["kind"] == LOCAL for d in drafters)
        return total if first == LOCAL or (first == "admin" and anyone) else Decimal(0)
    top = drafters[:5]
    first = top[0]["kind"] == LOCAL
    lower = any(d["kind"] == LOCAL for d in top[1:])
    if first:
        return total
    if lower:
        return (total * Decimal("0.3")).quantize(CENT, ROUND_HALF_UP)
    return Decimal(0)


@examples(600)
@given(STANDARD_ITEMS)
def test_shares_sum_to_the_pool(item):
    r = one(item, application_date=item["published"])
    assert r["status"] in ("eligible", "ineligible", "old_policy", "expired")
    if r["status"] in ("old_policy", "expired"):
        return
    paid = sum(Decimal(p["amount"]) for p in r["payments"])
    assert paid == Decimal(r["subtotal"]) == expected_total(item)
    assert (r["status"] == "eligible") == bool(r["payments"])
    amounts = [Decimal(p["amount"]) for p in r["payments"]]
    lower = amounts[1:] if item["drafters"][0]["kind"] == LOCAL else amounts
    if item["level"] != "local" and lower:
        assert max(lower) - min(lower) <= CENT  # an equal split, to the fen
        assert lower == sorted(lower, reverse=True)  # leftover fen to the highest ranked


@examples(400)
@given(STANDARD_ITEMS.filter(lambda i: i["level"] != "local"),
       st.integers(1, 10**8).map(lambda cents: f"{Decimal(cents) / 100:.2f}"))
def test_shares_sum_to_the_pool_for_any_amount(item, amount):
    item = dict(item, level="national")
    data = load_parameters()
    for entry in data["parameters"]:
        if entry["id"] == "standard.total.national":
            entry["amount"] = amount
    r = one(item, application_date=item["published"], parameters=data)
    if r["status"] in ("eligible", "ineligible"):
        paid = sum(Decimal(p["amount"]) for p in r["payments"])
        assert paid == expected_total(item, amount)


@examples(500)
@given(STANDARD_ITEMS)
def test_revision_is_exactly_half(item):
    new = one(dict(item, work="new"), application_date=item["published"])
    revision = one(dict(item, work="revision"), application_date=item["published"])
    assert new["status"] == revision["status"]
    assert [p["unit"] for p in new["payments"]] == [p["unit"] for p in revision["payments"]]
    for a, b in zip(new["payments"], revision["payments"]):
        assert Decimal(b["amount"]) * 2 == Decimal(a["amount"])


@examples(600)
@given(valid_scenarios())
def test_sums_are_consistent_and_never_negative(scenario):
    result = evaluate(scenario, today=TODAY)
    assert len(result["items"]) == len(scenario["items"])
    payments = [p for item in result["items"] for p in item["payments"]]
    for p in payments:
        assert Decimal(p["amount"]) > 0 and p["amount"] == f"{Decimal(p['amount']):.2f}"
        assert p["anchor"] == "c5-3-" + p["clause"][-1] and p["explanation"]
    total = Decimal(result["total"])
    assert total == sum((Decimal(p["amount"]) for p in payments), Decimal(0))
    assert total == sum((Decimal(v) for v in result["by_unit"].values()), Decimal(0))
    for item in result["items"]:
        assert Decimal(item["subtotal"]) == sum((Decimal(p["amount"]) for p in item["payments"]),
                                                Decimal(0))
        assert item["status_text"] and (item["status"] == "eligible") == bool(item["payments"])
    caps = {}
    for item, raw in zip(result["items"], scenario["items"]):
        if raw["type"] == "benchmarking":
            unit = raw["unit"].strip()
            caps[unit] = caps.get(unit, Decimal(0)) + Decimal(item["subtotal"])
    assert all(v <= Decimal(PARAMS["enterprise.benchmarking.cap"]) for v in caps.values())


@examples(300)
@given(valid_scenarios())
def test_envelope_and_fragment_round_trip(scenario):
    text = json.dumps(scenario, ensure_ascii=False)
    out = evaluate_json(text, today=TODAY)
    assert out == evaluate_json(text, today=TODAY)
    assert json.loads(out) == {"ok": True, "result": evaluate(scenario, today=TODAY)}
    assert parse_fragment(scenario_fragment(scenario)) == scenario


def _only_validation_error(value):
    try:
        evaluate(value, today=TODAY)
    except ValidationError as error:
        assert isinstance(error.message, str) and error.message
        assert isinstance(error.field, str)
        error.message.encode("utf-8")  # no lone surrogates echoed back
        error.field.encode("utf-8")


@examples(1000)
@given(JSON_VALUES)
def test_random_json_raises_nothing_but_validation_error(value):
    _only_validation_error(value)
    _only_validation_error({"items": value})
    _only_validation_error({"items": [value]})


@examples(1500)
@given(near_valid_scenarios())
def test_near_valid_scenarios_raise_nothing_but_validation_error(value):
    _only_validation_error(value)


@examples(800)
@given(st.one_of(st.text(max_size=200), JSON_VALUES.map(lambda v: json.dumps(v)),
                 near_valid_scenarios().map(json.dumps)))
def test_evaluate_json_never_raises(text):
    out = evaluate_json(text, today=TODAY)
    data = json.loads(out)
    assert set(data) in ({"ok", "result"}, {"ok", "error"})
    if not data["ok"]:  # evaluate_json turns a bug into an envelope: it must not be one
        assert "内部错误" not in data["error"]["message"]
    assert json.dumps(data, ensure_ascii=False, separators=(",", ":")) == out
    out.encode("utf-8")
