"""五(三)1: drafting and revising international, national, industry and local standards."""

from subsidy_core import wording
from subsidy_core.dates import cn_date, window_end
from subsidy_core.money import percent, share, split_by_ratio, split_equally, wan
from subsidy_core.outcome import ELIGIBLE, INELIGIBLE, WINDOW_CLOSED, Outcome, Payment
from .validation import LEVELS

CLAUSE = "五(三)1"
LOCAL_UNIT = "xiamen_entity"  # 本市企事业单位及社会团体; admin and other units never count


def _pool(item, params, total_id):
    """The amount for this project and the sentence that states it.

    A revision gets half of what drafting the same standard gets.
    """
    total = params.money(total_id)
    level = LEVELS[item["level"]]
    if item["work"] == "revision":
        pool = share(total, params.fraction("standard.revision_factor"))
        half = params.as_written("standard.revision_factor")
        text = (f"{level}修订项目按照制定项目的标准{half}资助，资助额度由{wan(total)}"
                f"{half}为{wan(pool)}")
        return pool, text, [total_id, "standard.revision_factor"]
    if item["level"] == "local":
        return total, f"{level}制定项目一次性资助{wan(total)}", [total_id]
    return total, f"{level}项目资助总额度{wan(total)}", [total_id]


def _pay(unit, amount, explanation, param_ids):
    return Payment(unit, amount, CLAUSE, explanation, list(param_ids))


def _split_note(parts):
    if len(set(parts)) > 1:
        return "（不能均分的尾差按排名先后计入，每家最多多得0.01元）"
    return ""


def _ranked(item, params):
    """International, national and industry standards: the top five drafters share a pool."""
    max_rank = params.rank("standard.max_rank")
    pool, pool_text, ids = _pool(item, params, f"standard.total.{item['level']}")
    drafters = item["drafters"]
    top = [d for d in drafters if d["rank"] <= max_rank]
    first = top[0] if top[0]["kind"] == LOCAL_UNIT else None
    lower = [d for d in top[1:] if d["kind"] == LOCAL_UNIT]
    notes = []
    top_name = f"排名前{wording.cn_number(max_rank)}"
    lower_name = f"排名第二至第{wording.cn_number(max_rank)}"
    for d in drafters:
        if d["rank"] > max_rank and d["kind"] == LOCAL_UNIT:
            notes.append(f"排名{wording.rank(d['rank'])}的{d['name']}是本市单位，但只有{top_name}的"
                         f"起草单位可获资助。")
    if drafters[0]["kind"] == "admin" and lower:
        notes.append(f"排名第一的{drafters[0]['name']}是行政单位，不算本市企事业单位及社会团体；"
                     f"第一起草单位为行政单位时资助对象顺延的规定只适用于地方标准，"
                     f"因此本项目按“只有{lower_name}的起草单位为本市单位”的情形计算。")
    payments = []
    if first and not lower:
        fraction = params.percent("standard.share.first_only")
        amount = share(pool, fraction)
        payments.append(_pay(first["name"], amount,
                             f"{pool_text}；{top_name}的起草单位中只有排名第一的{first['name']}"
                             f"为本市单位，按总额度{percent(fraction)}资助，即{wan(amount)}",
                             ids + ["standard.share.first_only"]))
    elif lower and not first:
        fraction = params.percent("standard.share.others_only")
        sub = share(pool, fraction)
        parts = split_equally(sub, len(lower))
        head = f"{pool_text}；排名第一的起草单位不是本市单位，"
        for d, amount in zip(lower, parts):
            if len(lower) == 1:
                text = (f"{head}{lower_name}的起草单位中只有排名{wording.rank(d['rank'])}的{d['name']}"
                        f"为本市单位，按总额度{percent(fraction)}资助，即{wan(amount)}")
            else:
                text = (f"{head}{lower_name}的起草单位中有{len(lower)}家本市单位"
                        f"（{wording.names(x['name'] for x in lower)}），按总额度{percent(fraction)}"
                        f"资助共{wan(sub)}，平均分配，排名{wording.rank(d['rank'])}的{d['name']}"
                        f"获得{wan(amount)}{_split_note(parts)}")
            payments.append(_pay(d["name"], amount, text, ids + ["standard.share.others_only"]))
    elif first and lower:
        a, b = params.ratio("standard.share.split")
        ratio = params.as_written("standard.share.split")
        first_amount, rest = split_by_ratio(pool, a, b)
        head = (f"{pool_text}；排名第一和{wording.ranks(d['rank'] for d in lower)}的起草单位"
                f"均为本市单位，按{ratio}分配")
        split_ids = ids + ["standard.share.split"]
        payments.append(_pay(first["name"], first_amount,
                             f"{head}，{first['name']}获得{percent(a / (a + b))}，即{wan(first_amount)}",
                             split_ids))
        parts = split_equally(rest, len(lower))
        for d, amount in zip(lower, parts):
            if len(lower) == 1:
                text = f"{head}，{d['name']}获得{percent(b / (a + b))}，即{wan(amount)}"
            else:
                text = (f"{head}，{percent(b / (a + b))}即{wan(rest)}由{lower_name}的{len(lower)}家"
                        f"本市单位（{wording.names(x['name'] for x in lower)}）平均分配，"
                        f"{d['name']}获得{wan(amount)}{_split_note(parts)}")
            payments.append(_pay(d["name"], amount, text, split_ids))
    else:
        return Outcome(INELIGIBLE,
                       f"{top_name}的起草单位中没有本市企事业单位及社会团体（行政单位和非本市单位"
                       f"不计），不予资助。", [], notes)
    return Outcome(ELIGIBLE, "", payments, notes)


def _local(item, params):
    """Local standards: a fixed amount to the first drafter, passed on past an administrative one."""
    amount, pool_text, ids = _pool(item, params, "standard.total.local")
    first = item["drafters"][0]
    if first["kind"] == LOCAL_UNIT:
        return Outcome(ELIGIBLE, "", [_pay(first["name"], amount,
                                            f"{pool_text}；第一起草单位{first['name']}为本市单位，"
                                            f"获得{wan(amount)}", ids)])
    if first["kind"] == "admin":
        successor = next((d for d in item["drafters"] if d["kind"] == LOCAL_UNIT), None)
        if successor is None:
            return Outcome(INELIGIBLE,
                           f"第一起草单位{first['name']}为行政单位，起草单位中没有可以顺延的本市"
                           f"企事业单位及社会团体，不予资助。")
        return Outcome(ELIGIBLE, "", [_pay(
            successor["name"], amount,
            f"{pool_text}；第一起草单位{first['name']}为行政单位，资助对象顺延至排名最靠前的本市"
            f"单位，即排名{wording.rank(successor['rank'])}的{successor['name']}，获得{wan(amount)}",
            ids)])
    return Outcome(INELIGIBLE,
                   f"地方标准的第一起草单位{first['name']}不是本市企事业单位及社会团体，也不是行政"
                   f"单位（只有第一起草单位为行政单位时资助对象才顺延），不予资助。")


def evaluate(item, params, application_date, period_text):
    """Outcome of one standard item whose publication date is within the policy's validity."""
    years = params.years("standard.application_window")
    published = item["date"]
    end = window_end(published, years)
    if application_date > end:
        return Outcome(WINDOW_CLOSED,
                       f"项目资助申请期限为标准发布之日起{years}年内：标准于{cn_date(published)}发布，"
                       f"申请期限已于{cn_date(end)}届满，申请日期{cn_date(application_date)}"
                       f"已超过期限，不予资助。")
    outcome = _local(item, params) if item["level"] == "local" else _ranked(item, params)
    window = (f"{period_text}；申请日期{cn_date(application_date)}在标准发布之日起{years}年内"
              f"（申请期限最后一天为{cn_date(end)}）")
    if outcome.status == ELIGIBLE:
        outcome.status_text = f"{window}，可获资助。"
    else:
        outcome.status_text = f"{window}，但{outcome.status_text}"
    return outcome

