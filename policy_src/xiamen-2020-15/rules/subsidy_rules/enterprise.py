"""五(三)5: enterprise standard leaders and benchmarking work."""

from subsidy_core.money import ZERO, wan
from subsidy_core.outcome import ELIGIBLE, INELIGIBLE, Outcome, Payment

CLAUSE = "五(三)5"


def leader(item, params, period_text):
    pid = "enterprise.leader"
    amount = params.money(pid)
    unit = item["unit"]
    return Outcome(ELIGIBLE, f"{period_text}，可获资助。",
                   [Payment(unit, amount, CLAUSE,
                            f"{unit}被确定为企业标准“领跑者”，一次性资助{wan(amount)}", [pid])])


def benchmarking(requests, params):
    """Outcomes for benchmarking items, in input order.

    ``requests`` is a list of (item, period_text).  The cap is per enterprise
    (same unit name) across all its benchmarking items in the scenario; the
    items use it up in the order they are given.
    """
    per_item = params.money("enterprise.benchmarking.per_item")
    cap = params.money("enterprise.benchmarking.cap")
    ids = ["enterprise.benchmarking.per_item", "enterprise.benchmarking.cap"]
    used = {}
    outcomes = []
    for item, period_text in requests:
        unit, count = item["unit"], item["count"]
        if count == 0:
            outcomes.append(Outcome(INELIGIBLE, f"{period_text}，但对标达标项数为0，没有可资助的项目。"))
            continue
        asked = per_item * count
        before = used.get(unit, ZERO)
        amount = min(asked, cap - before)
        base = f"{unit}开展标准对标达标工作{count}项，每项一次性资助{wan(per_item)}，共{wan(asked)}"
        if amount <= 0:
            outcomes.append(Outcome(
                INELIGIBLE,
                f"{period_text}，但每家企业对标达标总资助不超过{wan(cap)}，{unit}在本次计算中前面的"
                f"对标达标项目已用满这一上限，本项不再资助。"))
            continue
        used[unit] = before + amount
        if amount < asked:
            if before:
                text = (f"{base}；每家企业总资助不超过{wan(cap)}，前面的对标达标项目已计"
                        f"{wan(before)}，本项只能再得{wan(amount)}")
            else:
                text = f"{base}；每家企业总资助不超过{wan(cap)}，本项按上限资助{wan(amount)}"
        else:
            text = base
        outcomes.append(Outcome(ELIGIBLE, f"{period_text}，可获资助。",
                                [Payment(unit, amount, CLAUSE, text, ids)]))
    return outcomes
