"""Named cases: situations a policy's rules must compute as written down, kept as data in the
policy's package (``<module>/cases.json``) beside its parameters and readings.

A case is readable and extendable by a policy officer::

    {"id": "national-ranks-one-and-three",          stable id (readings.json names it)
     "name": "国家标准：排名第一、第三的是本市单位",     what the situation is, in Chinese
     "description": "…",                             optional: why it matters
     "clause": "五(三)1",                             the clause it illustrates
     "example": {"table": "…", "main": true},         optional: shown in the docs' worked examples (the
                                                      table it is a row of; main: the one spelled out)
     "today": "2024-06-01",                           optional: stands in for a missing application date
     "parameters": {"standard.total.national": "100000.01"},   optional: amounts changed for this case only
     "scenario": {… the calculator's input …},
     "expected": {"total": "500000.00",               optional
                  "application_date": "2026-01-02",    optional: the date it was computed for
                  "by_unit": {"甲": "350000.00", …},   optional: every unit's sum
                  "mentions": ["…"],                  optional: fragments of the result's notes
                  "items": [{"status": "eligible",
                             "payments": [{"unit": "甲", "amount": "350000.00",   in order
                                           "explanation": "…"},                 optional: the exact sentence
                                          {"unit": "乙", "amount": "150000.00"}],
                             "subtotal": "500000.00",                           optional
                             "event_date": null,                                optional
                             "application_deadline": "2027-03-01",              optional (null: none)
                             "mentions": ["…"]}]}}                              optional: fragments of the
                                                                                item's status, notes or
                                                                                explanations
    or, for input the rules refuse, "expected": {"error": {"field": "items[0].role", "mentions": ["…"]}}

The package's readings.json names, for each reading, the cases that pin it.

``check(case, rules)`` lists every difference between the expectation and what the policy's rules
module (its ``evaluate`` and ``load_parameters``) computes; an empty list means the case holds.
"""

import datetime
import json
import pkgutil

DATA_FILE = "cases.json"
_CASE_KEYS = {"id", "name", "description", "clause", "example", "today", "parameters", "scenario",
              "expected"}
_ITEM_KEYS = {"status", "payments", "subtotal", "event_date", "application_deadline", "mentions"}


def load(module):
    """The cases of a rules package (its import name), in file order."""
    data = pkgutil.get_data(module, DATA_FILE)
    return json.loads(data.decode("utf-8"))["cases"] if data is not None else []


def today(case):
    text = case.get("today")
    return datetime.date.fromisoformat(text) if text else None


def parameters(case, rules, base=None):
    """The parameters a case is computed with: ``base`` (or the package's), with the case's changes."""
    if "parameters" not in case and base is None:
        return None
    data = rules.load_parameters() if base is None else json.loads(json.dumps(base))
    changes = dict(case.get("parameters", {}))
    for entry in data["parameters"]:
        if entry["id"] in changes:
            entry["amount"] = changes.pop(entry["id"])
    if changes:
        raise KeyError(f"case {case.get('id')}: no parameters {sorted(changes)}")
    return data


def run(case, rules, base=None):
    """The result the rules compute for a case's scenario (ValidationError for refused input).

    ``base``: parameter data to compute with instead of the package's (the docs' build passes
    its own)."""
    return rules.evaluate(case["scenario"], today=today(case), parameters=parameters(case, rules, base))


def check(case, rules):
    """Differences between a case's expectation and the rules' result ([] when it holds)."""
    problems = []
    unknown = set(case) - _CASE_KEYS
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    for key in ("id", "name", "clause", "scenario", "expected"):
        if key not in case:
            problems.append(f"missing {key}")
    if problems:
        return problems
    expected = case["expected"]
    try:
        result = run(case, rules)
    except rules.ValidationError as error:
        if "error" not in expected:
            return [f"refused: {error.field}: {error.message}"]
        want = expected["error"]
        if error.field != want.get("field", error.field):
            problems.append(f"error field {error.field} != {want['field']}")
        problems += [f"error does not mention {m!r}" for m in want.get("mentions", []) if m not in error.message]
        return problems
    if "error" in expected:
        return [f"accepted, expected the error {expected['error']}"]
    if "total" in expected and result["total"] != expected["total"]:
        problems.append(f"total {result['total']} != {expected['total']}")
    if "application_date" in expected and result["application_date"] != expected["application_date"]:
        problems.append(f"application_date {result['application_date']} != {expected['application_date']}")
    if "by_unit" in expected and result["by_unit"] != expected["by_unit"]:
        problems.append(f"by_unit {result['by_unit']} != {expected['by_unit']}")
    notes = "\n".join(result["notes"])
    for fragment in expected.get("mentions", []):
        if fragment not in notes:
            problems.append(f"result notes do not mention {fragment!r}")
    items = expected.get("items", [])
    if len(items) != len(result["items"]):
        problems.append(f"{len(result['items'])} items computed, {len(items)} expected")
        return problems
    for index, (want, got) in enumerate(zip(items, result["items"])):
        problems += [f"items[{index}]: {p}" for p in _check_item(want, got)]
    return problems


def _check_item(want, got):
    problems = []
    unknown = set(want) - _ITEM_KEYS
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    if got["status"] != want["status"]:
        problems.append(f"status {got['status']} != {want['status']}")
    paid = [(p["unit"], p["amount"]) for p in got["payments"]]
    wanted = [(p["unit"], p["amount"]) for p in want["payments"]]
    if paid != wanted:
        problems.append(f"payments {paid} != {wanted}")
    else:
        for p, w in zip(got["payments"], want["payments"]):
            if "explanation" in w and p["explanation"] != w["explanation"]:
                problems.append(f"explanation for {p['unit']}: {p['explanation']!r} != {w['explanation']!r}")
    if "event_date" in want and got.get("event_date") != want["event_date"]:
        problems.append(f"event_date {got.get('event_date')} != {want['event_date']}")
    if "application_deadline" in want and (want["application_deadline"] is None) == ("application_deadline" in got):
        problems.append(f"application_deadline {got.get('application_deadline')} != {want['application_deadline']}")
    elif "application_deadline" in want and got.get("application_deadline") != want["application_deadline"]:
        problems.append(f"application_deadline {got.get('application_deadline')} != {want['application_deadline']}")
    if "subtotal" in want and got["subtotal"] != want["subtotal"]:
        problems.append(f"subtotal {got['subtotal']} != {want['subtotal']}")
    text = "\n".join([got["status_text"], *got["notes"], *(p["explanation"] for p in got["payments"])])
    for fragment in want.get("mentions", []):
        if fragment not in text:
            problems.append(f"does not mention {fragment!r}")
    return problems


def expectation(result, mentions=()):
    """The expectation that pins a result as computed now (to write a new case down)."""
    items = []
    for item in result["items"]:
        items.append({"status": item["status"],
                      "payments": [{"unit": p["unit"], "amount": p["amount"]} for p in item["payments"]],
                      "subtotal": item["subtotal"]})
    out = {"total": result["total"], "items": items}
    if mentions:
        out["mentions"] = list(mentions)
    return out
