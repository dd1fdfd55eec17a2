"""evaluate(): a checked scenario in, the JSON contract's result out."""

import datetime
from decimal import localcontext

from . import awards, enterprise, pilots, standards, tc_roles
from subsidy_core.dates import EXPIRED, OLD_POLICY, cn_date, policy_period, window_end
from subsidy_core.money import CONTEXT, ZERO, fmt
from subsidy_core.outcome import ELIGIBLE, Outcome
from subsidy_core.outcome import EXPIRED as S_EXPIRED
from subsidy_core.outcome import OLD_POLICY as S_OLD_POLICY
from .parameters import as_parameters
from .validation import EVENT_DATE_LABELS, validate

CLAUSES = {
    "standard": standards.CLAUSE,
    "tc_role": tc_roles.CLAUSE,
    "award": awards.CLAUSE,
    "pilot": pilots.CLAUSE,
    "leader": enterprise.CLAUSE,
    "benchmarking": enterprise.CLAUSE,
}


def _as_date(today):
    # A datetime is a date too, but cannot be compared with one.
    return datetime.date(today.year, today.month, today.day)


def _period(item, params):
    """(outcome or None, period_text, notes) for an item's event date."""
    label = EVENT_DATE_LABELS[item["type"]]
    span = f"本意见有效期内（{cn_date(params.issued)}至{cn_date(params.last_day)}）"
    event = item["date"]
    if event is None:
        return None, f"未填写{label}，假定在{span}", [
            f"未填写{label}，本计算器假定该日期在{span}；实际日期早于或晚于这一期间的，不适用本意见。"]
    period = policy_period(event, params.issued, params.last_day)
    if period == OLD_POLICY:
        policy = params.policy
        return Outcome(S_OLD_POLICY,
                       f"{label}{cn_date(event)}早于本意见发布之日{cn_date(params.issued)}。"
                       f"按本意见的衔接规定，本意见发布之前完成且不超过{policy['transition_years']}年"
                       f"的项目，按原有政策《{policy['predecessor_title']}》（{policy['predecessor']}）"
                       f"执行；本计算器只计算适用本意见的项目，不计算这一项，"
                       f"请向{policy['predecessor_contact']}咨询。"), "", []
    if period == EXPIRED:
        return Outcome(S_EXPIRED,
                       f"{label}{cn_date(event)}晚于本意见有效期的最后一天{cn_date(params.last_day)}"
                       f"（按发布之日起{params.valid_years}年推算，这是本计算器的假定），"
                       f"不适用本意见，本计算器不计算。{_successor_text(params.policy['successor'])}"), "", []
    return None, f"{label}{cn_date(event)}在{span}", []


def _successor_text(successor):
    """Where an event after the validity may belong: the successor, known by its metadata only."""
    issued = datetime.date.fromisoformat(successor["issued"])
    published = datetime.date.fromisoformat(successor["published"])
    return (f"这一日期的事项可能适用《{successor['title']}》（{'、'.join(successor['issuers'])}"
            f"{cn_date(issued)}印发，{cn_date(published)}在{successor['published_by']}网站公布），"
            f"本计算器未收录、也不计算该办法，请向{successor['contact']}咨询。")


def _unit_note(item):
    return (f"本计算器假定{item['unit']}是符合申报条件的本市单位（本市企事业单位及社会团体），"
            f"不核对单位身份。")


def _outcomes(checked, params):
    outcomes = [None] * len(checked.items)
    benchmarking = []
    for index, item in enumerate(checked.items):
        decided, period_text, notes = _period(item, params)
        kind = item["type"]
        if decided is not None:
            outcomes[index] = decided
            continue
        if kind == "standard":
            outcome = standards.evaluate(item, params, checked.application_date, period_text)
        elif kind == "tc_role":
            outcome = tc_roles.evaluate(item, params, period_text)
        elif kind == "award":
            outcome = awards.evaluate(item, params, period_text)
        elif kind == "pilot":
            outcome = pilots.evaluate(item, params, period_text)
        elif kind == "leader":
            outcome = enterprise.leader(item, params, period_text)
        else:
            benchmarking.append((index, item, period_text, notes))
            continue
        outcome.notes[:0] = notes
        outcomes[index] = outcome
    results = enterprise.benchmarking([(item, text) for _, item, text, _ in benchmarking], params)
    for (index, _, _, notes), outcome in zip(benchmarking, results):
        outcome.notes[:0] = notes
        outcomes[index] = outcome
    for item, outcome in zip(checked.items, outcomes):
        if item["type"] != "standard" and outcome.status not in (S_OLD_POLICY, S_EXPIRED):
            outcome.notes.append(_unit_note(item))
        if outcome.status == ELIGIBLE and checked.application_date > params.last_day:
            outcome.notes.append(
                f"申请日期晚于本意见有效期的最后一天{cn_date(params.last_day)}；本计算器按"
                f"{EVENT_DATE_LABELS[item['type']]}判断适用哪一政策，能否受理以主管部门的规定为准。")
    return outcomes


def _item_json(index, item, outcome, params):
    clause = CLAUSES[item["type"]]
    out = {"index": index, "type": item["type"]}
    for extra in ("id", "label"):
        if extra in item:
            out[extra] = item[extra]
    out["clause"] = clause
    out["anchor"] = params.anchor(clause)
    out["status"] = outcome.status
    out["status_text"] = outcome.status_text
    out["event_date"] = item["date"].isoformat() if item["date"] is not None else None
    if item["type"] == "standard":
        end = window_end(item["date"], params.years("standard.application_window"))
        out["application_deadline"] = end.isoformat()
    out["payments"] = [
        {
            "unit": p.unit,
            "amount": fmt(p.amount),
            "clause": p.clause,
            "anchor": params.anchor(p.clause),
            "explanation": p.explanation,
            "parameters": list(p.parameters),
        }
        for p in outcome.payments
    ]
    out["subtotal"] = fmt(sum((p.amount for p in outcome.payments), ZERO))
    out["notes"] = list(outcome.notes)
    return out


def _policy_json(params):
    policy = params.policy
    return {
        "document_number": policy["document_number"],
        "title": policy["title"],
        "issued": params.issued.isoformat(),
        "valid_years": params.valid_years,
        "last_day": params.last_day.isoformat(),
        "last_day_is_assumption": bool(policy["last_day_is_assumption"]),
        "last_day_note": policy["last_day_note"],
        "predecessor": policy["predecessor"],
        "rules_version": params.rules_version,
    }


def evaluate(scenario: object, *, today: datetime.date | None = None, parameters=None) -> dict:
    """Evaluate one scenario (a JSON object as a dict) and return the result dict.

    ``today`` stands in for the application date when the scenario has none.
    ``parameters`` replaces the packaged parameters (raw data dict or
    Parameters), e.g. to show that changing an amount changes the result.
    Raises ValidationError, and only that, for any invalid scenario.
    """
    checked = validate(scenario, None if today is None else _as_date(today))
    with localcontext(CONTEXT):  # exact, and the same whatever the caller's decimal settings
        return _result(checked, as_parameters(parameters))


def _result(checked, params):
    outcomes = _outcomes(checked, params)
    by_unit = {}
    total = ZERO
    for outcome in outcomes:
        for p in outcome.payments:
            by_unit[p.unit] = by_unit.get(p.unit, ZERO) + p.amount
            total += p.amount
    notes = []
    if not checked.application_date_given:
        notes.append(f"未填写申请日期，按今天（{checked.application_date.isoformat()}）计算。")
    if not checked.items:
        notes.append("没有填写任何项目。")
    result = {
        "total": fmt(total),
        "by_unit": {unit: fmt(amount) for unit, amount in by_unit.items()},
        "items": [_item_json(i, item, outcome, params)
                  for i, (item, outcome) in enumerate(zip(checked.items, outcomes))],
        "application_date": checked.application_date.isoformat(),
        "application_date_assumed": not checked.application_date_given,
    }
    if checked.label is not None:
        result["label"] = checked.label
    result["notes"] = notes
    result["policy"] = _policy_json(params)
    return result
