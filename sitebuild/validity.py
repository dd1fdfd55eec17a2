"""The policy's validity on the build date, and what applies after it: the site-wide banner,
the home page's validity section and the successor paragraph, all from parameters.json.

The banner is a template partial (overrides/partials/validity-banner.html) that
overrides/main.html puts in the theme's announcement bar, so every page, the calculator's
included, shows it as plain HTML: no JavaScript involved. It is empty while the policy is
in force on the build date.
"""

from __future__ import annotations

from datetime import date
from html import escape

from subsidy_rules.dates import cn_date

EXPIRED, IN_FORCE, NOT_YET = "expired", "in_force", "not_yet"
BANNER_PARTIAL = "overrides/partials/validity-banner.html"
DETAILS_PAGE = "index.html"
DETAILS_ANCHOR = "validity"


def state(policy: dict, today: date) -> str:
    if today > date.fromisoformat(policy["last_day"]):
        return EXPIRED
    if today < date.fromisoformat(policy["issued"]):
        return NOT_YET
    return IN_FORCE


def _years(data: dict, parameter: str) -> str:
    return next(e["amount"] for e in data["parameters"] if e["id"] == parameter)


def successor_sentences(policy: dict) -> list[str]:
    """What may apply after this policy: the successor document, not part of this site."""
    s = policy["successor"]
    return [
        f"{'、'.join(s['issuers'])}于{cn_date(date.fromisoformat(s['issued']))}印发了《{s['title']}》"
        f"（{cn_date(date.fromisoformat(s['published']))}在{s['published_by']}网站公布）。",
        f"本政策有效期届满后完成的事项，可能适用这份办法。本站不包含这份办法，也不按它计算；"
        f"具体适用哪份文件、怎样申报，请向{s['contact']}咨询。",
    ]


def covered_sentence(data: dict, late_applications: bool = True) -> str:
    """Which events this policy still covers, as the rules read it."""
    policy = data["policy"]
    last = cn_date(date.fromisoformat(policy["last_day"]))
    window = _years(data, "standard.application_window")
    return (f"按本站推算，本政策的有效期最后一天是{last}。按本站的理解，这一天及以前完成的事项"
            f"（如标准发布、获奖、通过考核验收）仍适用本政策，标准项目可在标准发布之日起{window}年内申请"
            + ("（有效期届满后才提出的申请能否受理，以主管部门的规定为准）。" if late_applications else "。"))


def banner_html(data: dict, today: date) -> str:
    """The announcement bar's content (Jinja partial), or "" while the policy is in force."""
    policy = data["policy"]
    current = state(policy, today)
    link = (f'<a href="{{{{ \'{DETAILS_PAGE}\' | url }}}}#{DETAILS_ANCHOR}">'
            f"有效期和新办法的详细说明</a>")
    if current == EXPIRED:
        s = policy["successor"]
        successor = (f"此后完成的事项不适用本政策，可能适用{'、'.join(s['issuers'])}"
                     f"{cn_date(date.fromisoformat(s['issued']))}印发的《{s['title']}》；"
                     f"本站不包含这份办法，也不按它计算，请向{s['contact']}咨询。")
        title, body = "本政策已过有效期", covered_sentence(data, late_applications=False) + successor
    elif current == NOT_YET:
        title = "本政策尚未施行"
        body = (f"本政策自发布之日起施行，本站以印发日期{cn_date(date.fromisoformat(policy['issued']))}"
                f"为发布之日；本站生成于{cn_date(today)}，当时尚未施行。")
    else:
        return ""
    return (f'<div class="validity-banner" role="note" aria-label="{escape(title)}">'
            f'<p><strong class="validity-banner__title">{escape(title)}</strong> '
            f"{escape(body)} {link}</p></div>")


def home_banner(policy: dict, today: date) -> str:
    """The home page's own admonition: only while in force (otherwise the site banner says it)."""
    if state(policy, today) != IN_FORCE:
        return ""
    issued = date.fromisoformat(policy["issued"])
    last = date.fromisoformat(policy["last_day"])
    return (f'!!! success "本政策在有效期内"\n'
            f"    按本站推算，本政策的有效期为{cn_date(issued)}至{cn_date(last)}；"
            f"本站生成于{cn_date(today)}，当时仍在有效期内。")


def home_text(data: dict, today: date) -> str:
    """The home page's validity section after the quoted sentence: the reading, the state, the successor."""
    policy = data["policy"]
    issued = date.fromisoformat(policy["issued"])
    last = date.fromisoformat(policy["last_day"])
    reading = (policy["last_day_note"] if policy.get("last_day_is_assumption")
               else f"本站据此推算的有效期为{cn_date(issued)}至{cn_date(last)}。")
    current = state(policy, today)
    if current == EXPIRED:
        now = f"本站生成于{cn_date(today)}，当时本政策已过有效期 {(today - last).days} 天。"
    elif current == NOT_YET:
        now = f"本站生成于{cn_date(today)}，当时本政策尚未施行。"
    else:
        now = f"本站生成于{cn_date(today)}，当时本政策仍在有效期内。"
    return "\n\n".join([reading + now, covered_sentence(data), "".join(successor_sentences(policy))])
