"""五(三)2: one-time subsidies for work in professional standardisation technical organisations."""

from subsidy_core.money import wan
from subsidy_core.outcome import ELIGIBLE, Outcome, Payment

CLAUSE = "五(三)2"

# (body, role) -> parameter id.  The policy gives ISO/IEC chairs and vice-chairs
# one amount ("主席（或副主席）"), so both roles read the same parameter.
PARAMETER = {
    ("iso_iec", "tc_secretariat"): "tc.iso_iec.tc_secretariat",
    ("iso_iec", "sc_secretariat"): "tc.iso_iec.sc_secretariat",
    ("iso_iec", "wg_convenor"): "tc.iso_iec.wg_convenor",
    ("iso_iec", "chair"): "tc.iso_iec.chair",
    ("iso_iec", "vice_chair"): "tc.iso_iec.chair",
    ("iso_iec", "registered_expert"): "tc.iso_iec.registered_expert",
    ("national", "tc_secretariat"): "tc.national.tc_secretariat",
    ("national", "sc_secretariat"): "tc.national.sc_secretariat",
    ("national", "wg"): "tc.national.wg",
    ("national", "chair"): "tc.national.chair",
    ("national", "vice_chair"): "tc.national.vice_chair",
    ("provincial_municipal", "tc_secretariat"): "tc.provincial_municipal.tc_secretariat",
}

# Roles held by a person: the policy pays the person's employer (所在工作单位).
_PERSONAL = {"wg_convenor", "chair", "vice_chair", "registered_expert"}

_ROLE_TEXT = {
    ("iso_iec", "vice_chair"): "担任 ISO、IEC 专业标准化技术组织副主席（政策对主席或副主席给予同一额度）",
    ("iso_iec", "chair"): "担任 ISO、IEC 专业标准化技术组织主席（政策对主席或副主席给予同一额度）",
}


def evaluate(item, params, period_text):
    key = (item["body"], item["role"])
    pid = PARAMETER[key]
    amount = params.money(pid)
    what = _ROLE_TEXT.get(key, params.entry(pid)["label"])
    unit = item["unit"]
    if item["role"] in _PERSONAL:
        text = f"{unit}的工作人员{what}，一次性资助其所在工作单位{wan(amount)}"
    else:
        text = f"{unit}{what}，一次性资助{wan(amount)}"
    return Outcome(ELIGIBLE, f"{period_text}，可获资助。",
                   [Payment(unit, amount, CLAUSE, text, [pid])])
