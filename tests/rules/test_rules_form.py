"""form.json, the calculator form's data, agrees with schema.json and the rules.

The page draws its form from form.json alone; the validator takes its labels from it. These
checks keep the two descriptions of the contract (form.json: what to ask and how to word it;
schema.json: what is accepted) from drifting apart.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from pathlib import Path

import pytest

import subsidy_rules
from subsidy_core import outcome
from subsidy_rules import form, load_parameters, validation

PACKAGE = Path(subsidy_rules.__file__).parent
FORM = json.loads((PACKAGE / "form.json").read_text("utf-8"))
SCHEMA = json.loads((PACKAGE / "schema.json").read_text("utf-8"))
DEFS = SCHEMA["$defs"]
TYPES = FORM["items"]["types"]
ENVELOPE = {"type", "id", "label"}  # every item's discriminator and the caller's bookkeeping
TODAY = datetime.date(2024, 6, 1)


def resolve(node):
    while "$ref" in node:
        node = DEFS[node["$ref"].rsplit("/", 1)[1]]
    return node


def allowed(node):
    """The values a schema property accepts, when it is a closed list (enum or integer range)."""
    node = resolve(node)
    if "anyOf" in node:  # an optional field: the values besides null
        (node,) = [n for n in node["anyOf"] if n.get("type") != "null"]
    if "enum" in node:
        return node["enum"]
    if node.get("type") == "integer" and "minimum" in node and "maximum" in node:
        return list(range(node["minimum"], node["maximum"] + 1))
    return None


def enums(node, path=""):
    """Every enum in the schema, with where it is."""
    if isinstance(node, dict):
        if "enum" in node:
            yield path, node["enum"]
        for key, value in node.items():
            yield from enums(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from enums(value, f"{path}/{i}")


def fields(spec):
    shared = FORM["shared_fields"]
    return [{**shared.get(f["key"], {}), **f} for f in spec["fields"]]


def choice_values(name):
    return [c["value"] for c in FORM["choices"][name]]


def test_the_item_types_are_the_schemas():
    assert [t["type"] for t in TYPES] == [r["$ref"].rsplit("/", 1)[1] for r in DEFS["item"]["oneOf"]]
    for spec in TYPES:
        assert DEFS[spec["type"]]["properties"]["type"] == {"const": spec["type"]}


@pytest.mark.parametrize("spec", TYPES, ids=[t["type"] for t in TYPES])
def test_every_field_the_form_draws_exists_and_every_one_is_drawn(spec):
    props = DEFS[spec["type"]]["properties"]
    drawn = [f["key"] for f in fields(spec)]
    assert len(drawn) == len(set(drawn))
    assert set(drawn) == set(props) - ENVELOPE
    required = set(DEFS[spec["type"]]["required"]) - ENVELOPE
    for f in fields(spec):
        assert f.get("control") in {"select", "radios", "text", "date", "number", "check", "list"}, f
        assert f["label"].strip()
        assert bool(f.get("optional")) == (f["key"] not in required), f["key"]


@pytest.mark.parametrize("spec", TYPES, ids=[t["type"] for t in TYPES])
def test_choices_are_exactly_what_the_schema_accepts(spec):
    props = DEFS[spec["type"]]["properties"]
    for f in fields(spec):
        prop = props[f["key"]]
        if f["control"] in ("select", "radios"):
            assert choice_values(f["choices"]) == allowed(prop), f["key"]
        if f["control"] == "check":
            assert resolve(prop)["type"] == "boolean" and set(f["sheet"]) == {"true", "false"}
        if f["control"] == "list":
            row = resolve(prop["items"])
            assert [r["key"] for r in f["fields"]] == list(row["properties"])
            for r in f["fields"]:
                if r["control"] == "select":
                    assert choice_values(r["choices"]) == allowed(row["properties"][r["key"]])
            assert 1 <= f["max"] <= prop["maxItems"]
            assert set(f["new_row"]) == set(row["properties"])
            assert "{n}" in f["rank"] and "{n}" in f["row_label"] and "{max}" in f["full_hint"]
            assert "{given}" in f["too_many"] and "{max}" in f["too_many"]


def test_every_enum_in_the_schema_has_a_label():
    lists = {tuple(choice_values(name)) for name in FORM["choices"]}
    labelled = {v for name in FORM["choices"] for v in choice_values(name)}
    for path, values in enums(SCHEMA):
        # the lists of the form, or (an allOf narrowing) values that have labels
        assert tuple(values) in lists or set(values) <= labelled, path
    for name, choices in FORM["choices"].items():
        assert all(c["label"].strip() for c in choices), name
        assert len({c["value"] for c in choices}) == len(choices), name


def test_dependent_choices_come_from_the_schema_and_are_offered():
    for spec in TYPES:
        for rule in DEFS[spec["type"]].get("allOf", []):
            ((on, cond),) = rule["if"]["properties"].items()
            by_key = {f["key"]: f for f in fields(spec)}
            assert cond["const"] in choice_values(by_key[on]["choices"])
            for key, then in rule["then"]["properties"].items():
                assert set(then["enum"]) <= set(choice_values(by_key[key]["choices"]))


def test_general_fields_are_the_scenarios():
    general = FORM["general"]["fields"]
    assert {f["key"] for f in general} == set(SCHEMA["properties"]) - {"items"}
    for f in general:
        if "maxlength" in f:
            assert f["maxlength"] == max(n.get("maxLength", 0) for n in SCHEMA["properties"][f["key"]]["anyOf"])
    assert [f for f in general if f.get("default") == "today"] and [f for f in general if f.get("names_scenario")]


@pytest.mark.parametrize("spec", TYPES, ids=[t["type"] for t in TYPES])
def test_a_template_filled_in_is_accepted(spec):
    """A new item, once the applicant and the event date are entered, is a valid item."""
    item = {"type": spec["type"], **copy.deepcopy(spec["template"])}
    keys = {f["key"] for f in fields(spec)}
    assert set(spec["template"]) <= keys
    for what, path in spec["carry_over"].items():
        assert path.split(".")[0] in keys, path
        target = item
        parts = path.split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        target[parts[-1]] = "甲公司" if what == "applicant" else "2023-05-01"
    assert set(spec["carry_over"]) == {"applicant", "event_date"}
    validation.validate({"items": [item]}, TODAY)


def test_the_validator_takes_its_labels_from_the_form():
    assert validation.TYPES == {t["type"]: t["label"] for t in TYPES}
    for table, name in [(validation.LEVELS, "levels"), (validation.WORKS, "works"), (validation.KINDS, "kinds"),
                        (validation.BODIES, "bodies"), (validation.ROLES, "roles"), (validation.AWARDS, "awards"),
                        (validation.GRADES, "grades"), (validation.TIERS, "tiers")]:
        assert table == form.choices(name)
    assert set(validation.EVENT_DATE_LABELS) == set(validation.TYPES)
    assert validation.BODY_ROLES == {
        rule["if"]["properties"]["body"]["const"]: tuple(rule["then"]["properties"]["role"]["enum"])
        for rule in DEFS["tc_role"]["allOf"]}


def test_statuses_texts_and_quoted_parameters_are_known():
    codes = {v for k, v in vars(outcome).items() if k.isupper() and isinstance(v, str)}
    assert set(FORM["statuses"]) == codes
    ids = {p["id"] for p in load_parameters()["parameters"]}
    quoted = set()
    for text in FORM["texts"].values():
        for placeholder in re.findall(r"\{([\w.]+)\}", json.dumps(text, ensure_ascii=False)):
            # a parameter, by the id it has in parameters.json, or the message's own field/choice
            assert placeholder in ids or placeholder in ("field", "choice"), placeholder
            quoted.add(placeholder)
    assert "standard.application_window" in quoted
    for part in FORM["texts"]["meanwhile"]:
        assert "link" not in part or re.fullmatch(r"[A-Za-z0-9_./#-]+", part["link"])
