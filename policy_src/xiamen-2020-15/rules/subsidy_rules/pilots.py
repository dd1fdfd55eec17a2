"""五(三)4: standardisation pilot (demonstration) projects and promotion demonstration years."""

from subsidy_core.money import wan
from subsidy_core.outcome import ELIGIBLE, INELIGIBLE, Outcome, Payment
from .validation import TIERS

CLAUSE = "五(三)4"


def evaluate(item, params, period_text):
    unit = item["unit"]
    if not item["accepted"]:
        return Outcome(INELIGIBLE,
                       f"{period_text}，但试点（示范）项目要在通过考核验收后才给予资助，推广示范资助"
                       f"也以验收为前提；项目尚未通过验收，暂不资助。")
    pid = f"pilot.{item['tier']}"
    amount = params.money(pid)
    payments = [Payment(unit, amount, CLAUSE,
                        f"{unit}承担的{TIERS[item['tier']]}标准化试点（示范）项目通过考核验收，"
                        f"一次性资助{wan(amount)}", [pid])]
    notes = []
    years = item["demonstration_years"]
    if years:
        tier = item["demonstration_tier"]
        did = f"demonstration.{tier}"
        per_year = params.money(did)
        total = per_year * years
        payments.append(Payment(unit, total, CLAUSE,
                                f"项目验收后被确定为{TIERS[tier]}推广示范，按示范年度每年{wan(per_year)}，"
                                f"{years}年共{wan(total)}", [did]))
        if not item["demonstration_tier_given"]:
            notes.append(f"未填写推广示范级别，按试点项目的级别（{TIERS[tier]}）计算。")
    return Outcome(ELIGIBLE, f"{period_text}，可获资助。", payments, notes)
