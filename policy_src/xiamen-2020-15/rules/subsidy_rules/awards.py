"""五(三)3: rewards for standard prizes won as first drafter."""

from subsidy_core.money import wan
from subsidy_core.outcome import ELIGIBLE, INELIGIBLE, Outcome, Payment
from .validation import AWARDS, GRADES

CLAUSE = "五(三)3"


def evaluate(item, params, period_text):
    prize = f"“{AWARDS[item['award']]}”{GRADES[item['grade']]}"
    unit = item["unit"]
    if not item["first_drafter"]:
        return Outcome(INELIGIBLE,
                       f"{period_text}，但奖励只给予作为第一起草单位获奖的本市企事业单位及社会团体；"
                       f"{unit}不是第一起草单位，不予奖励。")
    pid = f"award.{item['award']}.{item['grade']}"
    amount = params.money(pid)
    return Outcome(ELIGIBLE, f"{period_text}，可获奖励。",
                   [Payment(unit, amount, CLAUSE,
                            f"{unit}作为第一起草单位获得{prize}，一次性奖励{wan(amount)}", [pid])])
