"""Strict checking of a scenario, turning raw JSON values into clean items.

Everything that is not exactly what the contract allows is refused as a whole
with a ValidationError naming the field.  Unknown keys are refused too (they
are usually typos, e.g. ``publised``); items and the scenario may carry an
optional string ``label`` and items an optional string ``id`` for the caller's
own bookkeeping.  Optional fields may be omitted or given as null.
"""

import datetime

from subsidy_core.checking import MAX_NAME, boolean as _boolean, check_keys as _check_keys
from subsidy_core.checking import choices_text as _choices, date as _date, enum as _enum, given as _given
from subsidy_core.checking import integer as _integer, path as _path, show, text as _text
from subsidy_core.errors import ValidationError

from . import form
from .tc_roles import PARAMETER as TC_PARAMETER

MAX_ITEMS = 200
MAX_DRAFTERS = 50
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
