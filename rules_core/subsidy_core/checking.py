"""Strict checking of JSON values, with plain Chinese messages naming the field.

The pieces every policy's validation is built from: a safe description of a received value,
allowed keys, choices, names, dates, integers, yes/no. Each raises ValidationError(message,
field path) for anything that is not exactly what the contract allows.
"""

import re

from .dates import parse_iso_date
from .errors import ValidationError

MAX_NAME = 200  # characters of a name (a unit, a label) after trimming

# Control characters (C0, DEL, C1) and lone surrogates: never part of a name. One regex search
# instead of a Python test per character: names are checked on every evaluation.
BAD_CHAR = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


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
        if len(value) <= 40 and not BAD_CHAR.search(value):
            return "“" + value + "”"
        return f"一段文字（{len(value)}个字符）"
    if isinstance(value, (list, tuple)):
        return "一个列表"
    if isinstance(value, dict):
        return "一个对象"
    return "一个无法识别的值"


def choices_text(options):
    """{'new': '制定'} -> 'new（制定）', the choices listed for a message."""
    return "、".join(f"{code}（{label}）" for code, label in options.items())


def path(base, key):
    """The field path of ``key`` inside ``base`` ('items[0]' + 'unit' -> 'items[0].unit')."""
    return f"{base}.{key}" if base else key


def check_keys(obj, where, required, optional):
    """Refuse unknown keys (usually typos) and missing required ones."""
    for key in obj:
        if not isinstance(key, str):
            raise ValidationError(f"字段名必须是文字，收到{show(key)}", where)
        if key not in required and key not in optional:
            allowed = "、".join(list(required) + list(optional))
            if len(key) > 40 or BAD_CHAR.search(key):
                raise ValidationError(f"含有一个过长或含无效字符的字段名；这里允许的字段是：{allowed}",
                                      where)
            raise ValidationError(f"不认识的字段“{key}”；这里允许的字段是：{allowed}",
                                  path(where, key))
    for key in required:
        if key not in obj:
            raise ValidationError(f"缺少必填字段 {key}", path(where, key))


def enum(value, where, options, what):
    if isinstance(value, str) and value in options:
        return value
    raise ValidationError(f"{what}必须是以下之一：{choices_text(options)}；收到{show(value)}", where)


def text(value, where, what, allow_empty=False, max_length=MAX_NAME):
    if not isinstance(value, str):
        raise ValidationError(f"{what}必须是文字，收到{show(value)}", where)
    stripped = value.strip()  # surrounding whitespace (tabs, newlines from pasting) is not part of a name
    if not stripped and not allow_empty:
        raise ValidationError(f"{what}不能为空", where)
    if len(stripped) > max_length:
        raise ValidationError(f"{what}最多{max_length}个字符，收到{len(stripped)}个", where)
    if BAD_CHAR.search(stripped):
        raise ValidationError(f"{what}含有控制字符或无效字符", where)
    return stripped


def date(value, where, what):
    day = parse_iso_date(value)
    if day is None:
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-" \
                and value.replace("-", "").isascii() and value.replace("-", "").isdigit():
            raise ValidationError(f"{what}{value}不是日历上存在的日期", where)
        raise ValidationError(f"{what}必须写成 YYYY-MM-DD 格式的日期（例如 2021-01-01），"
                              f"收到{show(value)}", where)
    return day


def integer(value, where, what, low, high):
    # bool is an int subclass in Python; JSON true is not a number.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{what}必须是整数，收到{show(value)}", where)
    if value < low or value > high:
        raise ValidationError(f"{what}必须在{low}到{high}之间，收到{show(value)}", where)
    return value


def boolean(value, where, what):
    if value is True or value is False:
        return value
    raise ValidationError(f"{what}必须是 true 或 false，收到{show(value)}", where)


def given(obj, key):
    """True when ``key`` is present and not null (optional fields may be either)."""
    return key in obj and obj[key] is not None
