"""Strict checking of a scenario, turning raw JSON values into clean items.

Everything that is not exactly what the contract allows is refused as a whole
with a ValidationError naming the field.  Unknown keys are refused too (they
are usually typos, e.g. ``publised``); items and the scenario may carry an
optional string ``label`` and items an optional string ``id`` for the caller's
own bookkeeping.  Optional fields may be omitted or given as null.
"""

import datetime
import re

from . import form
from .dates import parse_iso_date
from .errors import ValidationError
from .tc_roles import PARAMETER as TC_PARAMETER

MAX_ITEMS = 200
MAX_DRAFTERS = 50
MAX_NAME = 200
MAX_DEMONSTRATION_YEARS = 50
MAX_BENCHMARKING_COUNT = 1000

# Labels of the item types and of every choice live once, in form.json (the page draws its
# form from the same file).
TYPES = form.type_labels()
LEVELS = form.choices("levels")
WORKS = form.choices("works")
KINDS = form.choices("kinds")
BODIES = form.choices("bodies")
ROLES = form.choices("roles")
# The roles the policy names for each body (五(三)2), read from the one table that maps
# them to their amounts; anything else is refused.
BODY_ROLES = {body: tuple(role for b, role in TC_PARAMETER if b == body) for body in BODIES}
AWARDS = form.choices("awards")
GRADES = form.choices("grades")
TIERS = form.choices("tiers")

EVENT_DATE_LABELS = form.event_date_labels()


class Scenario:
    """A checked scenario: application date and clean item dicts."""

    def __init__(self, application_date, application_date_given, items, label):
        self.application_date = application_date
        self.application_date_given = application_date_given
        self.items = items
        self.label = label


# Control characters (C0, DEL, C1) and lone surrogates: never part of a name. One regex search
# instead of a Python test per character: names are checked on every evaluation.
_BAD_CHAR = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def show(value):
    """A short, safe description of a received value for messages."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        text = str(value) if -10**12 < value < 10**12 else "一个很大的整数"
        return text
    if isinstance(value, float):
        return "小数 " + repr(value) if value == value and abs(value) < 1e12 else "一个非常规数值"
    if isinstance(value, str):
        if len(value) <= 40 and not _BAD_CHAR.search(value):
            return "“" + value + "”"
        return f"一段文字（{len(value)}个字符）"
    if isinstance(value, (list, tuple)):
        return "一个列表"
    if isinstance(value, dict):
        return "一个对象"
    return "一个无法识别的值"


def _choices(options):
    return "、".join(f"{code}（{label}）" for code, label in options.items())


def _path(base, key):
    return f"{base}.{key}" if base else key


def _check_keys(obj, path, required, optional):
    for key in obj:
        if not isinstance(key, str):
            raise ValidationError(f"字段名必须是文字，收到{show(key)}", path)
        if key not in required and key not in optional:
            allowed = "、".join(list(required) + list(optional))
            if len(key) > 40 or _BAD_CHAR.search(key):
                raise ValidationError(f"含有一个过长或含无效字符的字段名；这里允许的字段是：{allowed}",
                                      path)
            raise ValidationError(f"不认识的字段“{key}”；这里允许的字段是：{allowed}",
                                  _path(path, key))
    for key in required:
        if key not in obj:
            raise ValidationError(f"缺少必填字段 {key}", _path(path, key))


def _enum(value, path, options, what):
    if isinstance(value, str) and value in options:
        return value
    raise ValidationError(f"{what}必须是以下之一：{_choices(options)}；收到{show(value)}", path)


def _text(value, path, what, allow_empty=False):
    if not isinstance(value, str):
        raise ValidationError(f"{what}必须是文字，收到{show(value)}", path)
    text = value.strip()  # surrounding whitespace (tabs, newlines from pasting) is not part of a name
    if not text and not allow_empty:
        raise ValidationError(f"{what}不能为空", path)
    if len(text) > MAX_NAME:
        raise ValidationError(f"{what}最多{MAX_NAME}个字符，收到{len(text)}个", path)
    if _BAD_CHAR.search(text):
        raise ValidationError(f"{what}含有控制字符或无效字符", path)
    return text


def _date(value, path, what):
    day = parse_iso_date(value)
    if day is None:
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-" \
                and value.replace("-", "").isascii() and value.replace("-", "").isdigit():
            raise ValidationError(f"{what}{value}不是日历上存在的日期", path)
        raise ValidationError(f"{what}必须写成 YYYY-MM-DD 格式的日期（例如 2021-01-01），"
                              f"收到{show(value)}", path)
    return day


def _integer(value, path, what, low, high):
    # bool is an int subclass in Python; JSON true is not a number.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{what}必须是整数，收到{show(value)}", path)
    if value < low or value > high:
        raise ValidationError(f"{what}必须在{low}到{high}之间，收到{show(value)}", path)
    return value


def _boolean(value, path, what):
    if value is True or value is False:
        return value
    raise ValidationError(f"{what}必须是 true 或 false，收到{show(value)}", path)


def _given(obj, key):
    return key in obj and obj[key] is not None


# Keys every item may carry for the caller's bookkeeping.
_ITEM_EXTRAS = ("id", "label")
_EXTRA_NAMES = {"id": "项目编号（id）", "label": "项目说明（label）"}

_ITEM_KEYS = {
    "standard": (("type", "level", "work", "published", "drafters"), ()),
    "tc_role": (("type", "body", "role", "unit"), ("date",)),
    "award": (("type", "award", "grade", "first_drafter", "unit"), ("date",)),
    "pilot": (("type", "tier", "accepted", "unit"),
              ("demonstration_years", "demonstration_tier", "date")),
    "leader": (("type", "unit"), ("date",)),
    "benchmarking": (("type", "count", "unit"), ("date",)),
}


def _drafters(value, path):
    if not isinstance(value, list):
        raise ValidationError(f"起草单位必须是列表（按排名顺序，第一个为排名第一），收到{show(value)}", path)
    if not value:
        raise ValidationError("至少需要一个起草单位", path)
    if len(value) > MAX_DRAFTERS:
        raise ValidationError(f"起草单位最多{MAX_DRAFTERS}个，收到{len(value)}个", path)
    drafters = []
    seen = {}
    for j, raw in enumerate(value):
        dpath = f"{path}[{j}]"
        if not isinstance(raw, dict):
            raise ValidationError(f"每个起草单位必须是对象，例如 {{\"name\": \"甲公司\", \"kind\": "
                                  f"\"xiamen_entity\"}}，收到{show(raw)}", dpath)
        _check_keys(raw, dpath, ("name", "kind"), ())
        name = _text(raw["name"], f"{dpath}.name", "起草单位名称")
        kind = _enum(raw["kind"], f"{dpath}.kind", KINDS, "起草单位类型")
        if name in seen:
            raise ValidationError(f"起草单位“{name}”重复出现（已排在第{seen[name] + 1}位）；"
                                  f"同一单位在一项标准中只能有一个排名", f"{dpath}.name")
        seen[name] = j
        drafters.append({"rank": j + 1, "name": name, "kind": kind})
    return drafters


def _item(raw, path):
    if not isinstance(raw, dict):
        raise ValidationError(f"每个项目必须是一个对象，收到{show(raw)}", path)
    if "type" not in raw:
        raise ValidationError("缺少必填字段 type（项目类型）", _path(path, "type"))
    kind = _enum(raw["type"], _path(path, "type"), TYPES, "项目类型")
    required, optional = _ITEM_KEYS[kind]
    _check_keys(raw, path, required, optional + _ITEM_EXTRAS)
    item = {"type": kind}
    for extra in _ITEM_EXTRAS:
        if _given(raw, extra):
            item[extra] = _text(raw[extra], _path(path, extra), _EXTRA_NAMES[extra], allow_empty=True)

    def field(key):
        return _path(path, key)

    if kind == "standard":
        item["level"] = _enum(raw["level"], field("level"), LEVELS, "标准级别")
        item["work"] = _enum(raw["work"], field("work"), WORKS, "项目性质（制定或修订）")
        item["date"] = _date(raw["published"], field("published"), "标准发布日期")
        item["date_field"] = field("published")
        item["drafters"] = _drafters(raw["drafters"], field("drafters"))
    else:
        item["unit"] = _text(raw["unit"], field("unit"), "单位名称")
        item["date"] = (_date(raw["date"], field("date"), EVENT_DATE_LABELS[kind])
                        if _given(raw, "date") else None)
        item["date_field"] = field("date")
    if kind == "tc_role":
        body = _enum(raw["body"], field("body"), BODIES, "技术组织类别")
        role = _enum(raw["role"], field("role"), ROLES, "职务或工作")
        allowed = BODY_ROLES[body]
        if role not in allowed:
            listed = {r: ROLES[r] for r in allowed}
            raise ValidationError(f"政策没有对{BODIES[body]}的“{ROLES[role]}”规定资助；"
                                  f"该类别可选：{_choices(listed)}", field("role"))
        item["body"], item["role"] = body, role
    elif kind == "award":
        item["award"] = _enum(raw["award"], field("award"), AWARDS, "奖项")
        item["grade"] = _integer(raw["grade"], field("grade"), "奖项等级", min(GRADES), max(GRADES))
        item["first_drafter"] = _boolean(raw["first_drafter"], field("first_drafter"),
                                         "是否为第一起草单位")
    elif kind == "pilot":
        item["tier"] = _enum(raw["tier"], field("tier"), TIERS, "试点（示范）项目级别")
        item["accepted"] = _boolean(raw["accepted"], field("accepted"), "是否已通过考核验收")
        item["demonstration_years"] = (
            _integer(raw["demonstration_years"], field("demonstration_years"), "推广示范年数",
                     0, MAX_DEMONSTRATION_YEARS)
            if _given(raw, "demonstration_years") else 0)
        item["demonstration_tier_given"] = _given(raw, "demonstration_tier")
        item["demonstration_tier"] = (
            _enum(raw["demonstration_tier"], field("demonstration_tier"), TIERS, "推广示范级别")
            if item["demonstration_tier_given"] else item["tier"])
    elif kind == "benchmarking":
        item["count"] = _integer(raw["count"], field("count"), "对标达标项数", 0,
                                 MAX_BENCHMARKING_COUNT)
    return item


def validate(scenario, today):
    """Check a raw scenario; return a Scenario or raise ValidationError.

    ``today`` (a date) stands in for a missing application date; None means the machine's
    today, looked up only then: in the browser it is a call into JavaScript's clock, a tenth
    of an evaluation's time.
    """
    if not isinstance(scenario, dict):
        raise ValidationError(f"输入必须是一个对象，例如 {{\"items\": [...]}}，收到{show(scenario)}", "")
    _check_keys(scenario, "", ("items",), ("application_date", "label"))
    given = _given(scenario, "application_date")
    if given:
        application_date = _date(scenario["application_date"], "application_date", "申请日期")
    else:
        application_date = today if today is not None else datetime.date.today()
    label = _text(scenario["label"], "label", "情景名称", allow_empty=True) \
        if _given(scenario, "label") else None
    raw_items = scenario["items"]
    if not isinstance(raw_items, list):
        raise ValidationError(f"items 必须是项目列表，收到{show(raw_items)}", "items")
    if len(raw_items) > MAX_ITEMS:
        raise ValidationError(f"项目最多{MAX_ITEMS}个，收到{len(raw_items)}个", "items")
    items = [_item(raw, f"items[{i}]") for i, raw in enumerate(raw_items)]
    for item in items:
        event = item["date"]
        if event is not None and application_date < event:
            when = (f"申请日期{application_date.isoformat()}" if given
                    else f"申请日期（未填写，按今天{application_date.isoformat()}）")
            what = EVENT_DATE_LABELS[item["type"]]
            raise ValidationError(f"{when}早于{what}{event.isoformat()}；申请日期不能早于该日期，请核对",
                                  item["date_field"])
    return Scenario(application_date, given, items, label)
