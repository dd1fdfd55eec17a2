"""Strict JSON in, canonical JSON out: the text contract of the browser worker and the CLI.

Every policy's rules speak it: ``evaluate_json(evaluate, text)`` wraps the policy's own
``evaluate(scenario, today=…, parameters=…)`` into the envelope contract.

Output must be byte-identical on CPython and in Pyodide, so it holds only
strings, integers, booleans, null, lists and dicts built in a fixed order.
"""

import datetime
import json
import re

from .errors import ValidationError

MAX_TEXT = 2**20  # characters (about a million); far above any real scenario
MAX_DEPTH = 20  # a scenario is 5 levels deep; deeper input is refused before parsing
_TOKEN = re.compile(r'["\[\]{}]')
_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL)


class _Refused(Exception):
    pass


def _no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise _Refused(key)
        obj[key] = value
    return obj


def _no_constants(name):
    raise _Refused(name)


def _too_deep(text):
    """True when brackets nest deeper than MAX_DEPTH; one linear pass, strings skipped.

    The parser's own recursion limit differs between builds; this limit does not.
    """
    # Nesting cannot exceed the number of opening brackets: a real scenario has about ten, and
    # counting them (in C) spares it the scan, a third of an evaluation's time in the browser.
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    depth = 0
    pos = 0
    while True:
        match = _TOKEN.search(text, pos)
        if match is None:
            return False
        if match.group() == '"':
            rest = _STRING_REST.match(text, match.end())
            if rest is None:  # unterminated string: the parser refuses the text anyway
                return False
            pos = rest.end()
            continue
        pos = match.end()
        if match.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        else:
            depth -= 1


def parse_json(text):
    """Parse JSON text strictly; any problem is a ValidationError for the whole input."""
    if not isinstance(text, str):
        raise ValidationError("输入必须是 JSON 文本", "")
    if len(text) > MAX_TEXT:
        raise ValidationError(f"输入过大（超过{MAX_TEXT}个字符）", "")
    if _too_deep(text):
        raise ValidationError(f"输入的嵌套层数过多（超过{MAX_DEPTH}层）", "")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except _Refused:
        raise ValidationError("输入中有重复的字段名或 NaN、Infinity 等非标准数值", "") from None
    except (ValueError, RecursionError):
        raise ValidationError("输入不是有效的 JSON 文本", "") from None


def dumps(obj):
    """The canonical compact form used for envelopes and share links."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def error_envelope(error):
    """The envelope of refused input, as the browser and the CLI batch modes print it."""
    return dumps({"ok": False, "error": {"message": error.message, "field": error.field}})


def evaluate_json(evaluate, text: str, *, today: datetime.date | None = None, parameters=None) -> str:
    """JSON text in, JSON envelope out; never raises.

    ``evaluate`` is the policy's rules (a dict in, a result dict out, ValidationError for bad
    input). ``{"ok":true,"result":{...}}`` or ``{"ok":false,"error":{"message":"…","field":"…"}}``.
    """
    try:
        result = evaluate(parse_json(text), today=today, parameters=parameters)
        return dumps({"ok": True, "result": result})
    except ValidationError as error:
        return error_envelope(error)
    except Exception:  # a bug must not break the caller's page; report it plainly
        return dumps({"ok": False, "error": {"message": "计算器内部错误，请把输入发给维护人员。",
                                             "field": ""}})
