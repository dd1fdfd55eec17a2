"""Shared helpers for the rules tests: build scenarios tersely, run them, read results."""

import datetime
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The Xiamen policy package (policy_src/xiamen-2020-15/): its rules distribution and module.
XIAMEN = REPO / "policy_src" / "xiamen-2020-15"
RULES = XIAMEN / "rules"
RULES_MODULE = RULES / "subsidy_rules"
CORE = REPO / "rules_core"   # the rules core the rules import (subsidy_core)
for _path in (CORE, RULES):  # the documented run sets PYTHONPATH to the rules (build.py test)
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

# The policy as received, kept in the package (text/source/, sha256 in SHA256SUMS).
POLICY_TEXT = XIAMEN / "text" / "source" / "xiamen-2020-15.txt"
TODAY = datetime.date(2024, 6, 1)
KIND = {"x": "xiamen_entity", "a": "admin", "o": "other"}

from subsidy_rules import ValidationError, evaluate  # noqa: E402


def drafters(spec):
    """'甲:x 乙:o 丙:a' -> drafter dicts in rank order (x local, a admin, o other)."""
    out = []
    for part in spec.split():
        name, kind = part.split(":")
        out.append({"name": name, "kind": KIND[kind]})
    return out


def standard(spec, level="national", work="new", published="2021-06-01"):
    return {"type": "standard", "level": level, "work": work, "published": published,
            "drafters": drafters(spec)}


def scenario(*items, application_date="2022-01-01"):
    out = {"items": list(items)}
    if application_date is not None:
        out["application_date"] = application_date
    return out


def run(*items, application_date="2022-01-01", today=TODAY, parameters=None):
    return evaluate(scenario(*items, application_date=application_date), today=today,
                    parameters=parameters)


def one(item, **kw):
    """Result of a single item."""
    return run(item, **kw)["items"][0]


def paid(item_result):
    """{unit: amount string} of one item result."""
    out = {}
    for p in item_result["payments"]:
        out[p["unit"]] = p["amount"]
    return out


def refusal(scenario_value, today=TODAY):
    """The ValidationError a scenario raises (fails if it does not)."""
    try:
        evaluate(scenario_value, today=today)
    except ValidationError as error:
        return error
    raise AssertionError("scenario was accepted but should be refused")


# Hypothesis strategies, shared by the property tests and benchmarks/fuzz_rules.py.
try:
    from hypothesis import strategies as st
except ImportError:  # the plain examples above do not need hypothesis
    st = None

if st is not None:
    NAMES = st.sampled_from(["甲", "乙", "丙", "丁", "戊", " 甲 ", "Xiamen Co.", "己"])
    EVENT_DAYS = st.dates(min_value=datetime.date(2019, 1, 1), max_value=datetime.date(2027, 12, 31))
    KINDS = st.sampled_from(["xiamen_entity", "admin", "other"])

    def _unique_drafters(min_size=1, max_size=9):
        return st.lists(st.fixed_dictionaries({"name": NAMES, "kind": KINDS}),
                        min_size=min_size, max_size=max_size,
                        unique_by=lambda d: d["name"].strip())

    def _dated(base):
        day = EVENT_DAYS.map(datetime.date.isoformat)
        return st.fixed_dictionaries(base, optional={"date": day | st.none()})

    STANDARD_ITEMS = st.fixed_dictionaries({
        "type": st.just("standard"),
        "level": st.sampled_from(["international", "national", "industry", "local"]),
        "work": st.sampled_from(["new", "revision"]),
        "published": EVENT_DAYS.map(datetime.date.isoformat),
        "drafters": _unique_drafters(),
    })
    _ROLES = {"iso_iec": ["tc_secretariat", "sc_secretariat", "wg_convenor", "chair", "vice_chair",
                          "registered_expert"],
              "national": ["tc_secretariat", "sc_secretariat", "wg", "chair", "vice_chair"],
              "provincial_municipal": ["tc_secretariat"]}
    TC_ITEMS = st.sampled_from(sorted(_ROLES)).flatmap(lambda body: _dated({
        "type": st.just("tc_role"), "body": st.just(body), "role": st.sampled_from(_ROLES[body]),
        "unit": NAMES}))
    AWARD_ITEMS = _dated({"type": st.just("award"), "award": st.sampled_from(["china", "fujian"]),
                          "grade": st.integers(1, 3), "first_drafter": st.booleans(), "unit": NAMES})
    TIERS = st.sampled_from(["national", "provincial_municipal"])
    PILOT_ITEMS = st.fixed_dictionaries(
        {"type": st.just("pilot"), "tier": TIERS, "accepted": st.booleans(), "unit": NAMES},
        optional={"demonstration_years": st.integers(0, 50), "demonstration_tier": TIERS,
                  "date": EVENT_DAYS.map(datetime.date.isoformat)})
    LEADER_ITEMS = _dated({"type": st.just("leader"), "unit": NAMES})
    BENCHMARKING_ITEMS = _dated({"type": st.just("benchmarking"), "count": st.integers(0, 1000),
                                 "unit": NAMES})
    ITEMS = st.one_of(STANDARD_ITEMS, TC_ITEMS, AWARD_ITEMS, PILOT_ITEMS, LEADER_ITEMS,
                      BENCHMARKING_ITEMS)

    @st.composite
    def valid_scenarios(draw, items=ITEMS, max_items=8):
        """Scenarios the validator accepts: the application date follows every event."""
        chosen = draw(st.lists(items, max_size=max_items))
        events = [datetime.date.fromisoformat(i.get("published") or i.get("date"))
                  for i in chosen if i.get("published") or i.get("date")]
        start = max(events, default=datetime.date(2020, 1, 1))
        applied = start + datetime.timedelta(days=draw(st.integers(0, 2500)))
        return {"application_date": applied.isoformat(), "items": chosen}

    JSON_VALUES = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
        lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner,
                                                                    max_size=5),
        max_leaves=25)

    def _paths(value, prefix=()):
        yield prefix
        if isinstance(value, dict):
            for key, sub in value.items():
                yield from _paths(sub, prefix + (key,))
        elif isinstance(value, list):
            for index, sub in enumerate(value):
                yield from _paths(sub, prefix + (index,))

    FIELD_NAMES = st.sampled_from(["type", "level", "work", "published", "drafters", "name", "kind",
                                   "body", "role", "unit", "date", "award", "grade", "first_drafter",
                                   "tier", "accepted", "demonstration_years", "demonstration_tier",
                                   "count", "items", "application_date", "label", "id", "extra"])

    @st.composite
    def near_valid_scenarios(draw):
        """A valid scenario with one to three random edits: replaced, removed or added values."""
        import copy
        data = copy.deepcopy(draw(valid_scenarios(max_items=4)))
        for _ in range(draw(st.integers(1, 3))):
            path = draw(st.sampled_from(list(_paths(data))))
            if not path:
                if draw(st.booleans()):
                    return draw(JSON_VALUES)
                continue
            parent = data
            for key in path[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                parent[path[-1]] = draw(JSON_VALUES | ITEMS | st.sampled_from(
                    [True, False, 0, -1, 1.5, "", " ", "2021-02-29", "national", None]))
            elif action == "delete":
                del parent[path[-1]]
            elif isinstance(parent[path[-1]], dict):
                parent[path[-1]][draw(FIELD_NAMES)] = draw(JSON_VALUES)
            elif isinstance(parent[path[-1]], list):
                parent[path[-1]].append(draw(JSON_VALUES | ITEMS))
        return data
